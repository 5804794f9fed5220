// One scale measurement in a process of its own (bench/scale.ts runs it, under a chosen `ulimit -n`):
// cold start of a 3-broker cluster, creating `partitions` partitions (RF 3), RSS and open descriptors, idle
// CPU over a few seconds once the cluster has settled (every replica's log open, then 10 s untouched), then a restart (cold start with those partitions on disk). Prints one JSON line.
//
//   node --import tsx bench/scale-child.ts <dataDir> <partitions> [idleSeconds]

import fs from 'node:fs';
import { Cluster, TopicAdmin } from '../engine/index.ts';

const [dataDir, partitionsArg, idleArg] = process.argv.slice(2);
const partitions = Number(partitionsArg);
const idleSeconds = Number(idleArg ?? 5);
const PER_TOPIC = 100;

const fds = () => {
  try {
    return fs.readdirSync('/proc/self/fd').length;
  } catch {
    return NaN;
  }
};
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let t = performance.now();
let cluster = await Cluster.start({ dataDir, brokers: 3, basePort: 0 });
const coldStartEmpty = (performance.now() - t) / 1000;
const rssEmpty = rssMB();
const fdsEmpty = fds();
const admin = new TopicAdmin(() => cluster.status().filter((b) => b.state === 'running'));
t = performance.now();
for (let made = 0, i = 0; made < partitions; i++, made += PER_TOPIC) {
  await admin.create({ name: `scale-${i}`, numPartitions: Math.min(PER_TOPIC, partitions - made), replicationFactor: 3 });
}
const createSeconds = (performance.now() - t) / 1000;
await sleep(1000);
const rssLoaded = rssMB();
const fdsLoaded = fds();
// Idle is measured once the cluster has settled: every replica's log open (followers open theirs a bounded
// number per fetch round, leaders on the first fetch) and a second more for the last round's answers.
const settleStart = performance.now();
const allOpened = async () => {
  for (const b of cluster.status()) {
    if (b.state !== 'running') continue;
    const stats = await cluster.brokerStats(b.id);
    if (stats.partitions.some((p) => p.opened === false)) return false;
  }
  return true;
};
while (!(await allOpened()) && performance.now() - settleStart < 120_000) await sleep(500);
// Creating partitions leaves work behind for some seconds more (checkpoints, the followers' sessions filling,
// high watermarks reaching followers): a cluster nobody touched for 10 s is what a laptop sees when idle.
await sleep(10_000);
const settleSeconds = (performance.now() - settleStart) / 1000;
const u0 = process.cpuUsage();
const w0 = performance.now();
await sleep(idleSeconds * 1000);
const u = process.cpuUsage(u0);
const idleWallSeconds = (performance.now() - w0) / 1000;
const idleCpuPct = ((u.user + u.system) / 1e6 / idleWallSeconds) * 100;
await cluster.stop();
t = performance.now();
cluster = await Cluster.start({ dataDir, brokers: 3, basePort: 0 });
const coldStartLoaded = (performance.now() - t) / 1000;
const back = cluster.partitions().length;
await cluster.stop();
console.log(JSON.stringify({
  partitions, coldStartEmpty, rssEmpty, fdsEmpty, createSeconds, partitionsPerSecond: partitions / Math.max(createSeconds, 1e-9),
  rssLoaded, fdsLoaded, settleSeconds, idleCpuSeconds: (u.user + u.system) / 1e6, idleWallSeconds, idleCpuPct, coldStartLoaded, partitionsBack: back,
}));
process.exit(0);
