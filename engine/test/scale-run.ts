// A many-partition run in a process of its own, so its caller can give it a low open-file limit
// (`bash -c 'ulimit -n 256; exec node --import tsx engine/test/scale-run.ts ...'`). Used by scale.test.ts and
// the scale benchmark.
//
//   scale-run.ts <dataDir> create <topics> <partitionsPerTopic>   create (RF 3), produce one batch to every partition
//   scale-run.ts <dataDir> verify <topics> <partitionsPerTopic>   start again, read every partition back
//
// Prints one JSON line: what it did, its timings, the descriptor limit and the most descriptors it held.

import fs from 'node:fs';
import { ApiKey, Cluster, KafkaConnection, TopicAdmin, buildBatch, decodeBatchRecords, iterateBatches } from '../index.ts';

const [dataDir, mode, topicsArg, perTopicArg] = process.argv.slice(2);
const topics = Number(topicsArg);
const perTopic = Number(perTopicArg);
const RECORDS = 3;

let maxFds = 0;
function sampleFds(): number {
  try {
    maxFds = Math.max(maxFds, fs.readdirSync('/proc/self/fd').length);
  } catch {
    // not Linux: no figure
  }
  return maxFds;
}
const sampler = setInterval(sampleFds, 20);
const logs: string[] = [];

function topicName(i: number): string {
  return `scale-${String(i).padStart(4, '0')}`;
}

function valueOf(topic: string, partition: number, i: number): string {
  return `${topic}/${partition}/${i}`;
}

/** One connection per broker, reused for all requests to it. */
async function connections(cluster: Cluster): Promise<Map<number, KafkaConnection>> {
  const conns = new Map<number, KafkaConnection>();
  for (const b of cluster.status()) {
    const c = await KafkaConnection.connect(b.host, b.port, { clientId: 'scale-run', timeoutMs: 60_000 });
    await c.negotiateVersions();
    conns.set(b.id, c);
  }
  return conns;
}

/** Partitions grouped by their leader, as [topic, partition[]] per leader. */
function byLeader(cluster: Cluster): Map<number, Map<string, number[]>> {
  const m = new Map<number, Map<string, number[]>>();
  for (const p of cluster.partitions()) {
    if (!p.topic.startsWith('scale-')) continue;
    let t = m.get(p.leader);
    if (!t) m.set(p.leader, (t = new Map()));
    let ps = t.get(p.topic);
    if (!ps) t.set(p.topic, (ps = []));
    ps.push(p.partition);
  }
  return m;
}

async function create(cluster: Cluster): Promise<Record<string, number>> {
  const admin = new TopicAdmin(() => cluster.status().filter((b) => b.state === 'running'));
  const t0 = performance.now();
  for (let i = 0; i < topics; i++) await admin.create({ name: topicName(i), numPartitions: perTopic, replicationFactor: 3 });
  const createSeconds = (performance.now() - t0) / 1000;
  const conns = await connections(cluster);
  let produced = 0;
  const t1 = performance.now();
  for (const [leader, byTopic] of byLeader(cluster)) {
    const conn = conns.get(leader)!;
    const names = [...byTopic.keys()];
    // A few topics per request keep each request small.
    for (let i = 0; i < names.length; i += 10) {
      const topicData = names.slice(i, i + 10).map((name) => ({
        name,
        partitionData: byTopic.get(name)!.map((index) => ({
          index,
          records: buildBatch(Array.from({ length: RECORDS }, (_, r) => ({ key: null, value: valueOf(name, index, r) }))),
        })),
      }));
      // By topic name: Produce v13 addresses topics by id only.
      const res = (await conn.request(ApiKey.Produce, Math.min(12, conn.versionFor(ApiKey.Produce)), { transactionalId: null, acks: -1, timeoutMs: 60_000, topicData })) as {
        responses: { name: string; partitionResponses: { index: number; errorCode: number }[] }[];
      };
      for (const t of res.responses) {
        for (const p of t.partitionResponses) {
          if (p.errorCode !== 0) throw new Error(`produce to ${t.name}-${p.index} failed with error ${p.errorCode}`);
          produced++;
        }
      }
    }
  }
  const produceSeconds = (performance.now() - t1) / 1000;
  for (const c of conns.values()) await c.close();
  return { partitions: topics * perTopic, produced, createSeconds, produceSeconds };
}

async function verify(cluster: Cluster): Promise<Record<string, number>> {
  const conns = await connections(cluster);
  let partitions = 0;
  let records = 0;
  for (const [leader, byTopic] of byLeader(cluster)) {
    const conn = conns.get(leader);
    if (!conn) throw new Error(`no connection to leader ${leader}`);
    const names = [...byTopic.keys()];
    for (let i = 0; i < names.length; i += 10) {
      const res = (await conn.request(ApiKey.Fetch, 11, {
        replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 64 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: names.slice(i, i + 10).map((topic) => ({
          topic,
          partitions: byTopic.get(topic)!.map((partition) => ({ partition, currentLeaderEpoch: -1, fetchOffset: 0, logStartOffset: -1, partitionMaxBytes: 1 << 20 })),
        })),
        forgottenTopicsData: [], rackId: '',
      })) as { responses: { topic: string; partitions: { partitionIndex: number; errorCode: number; records: Buffer | null }[] }[] };
      for (const t of res.responses) {
        for (const p of t.partitions) {
          if (p.errorCode !== 0) throw new Error(`fetch of ${t.topic}-${p.partitionIndex} failed with error ${p.errorCode}`);
          const values: string[] = [];
          for (const b of iterateBatches(p.records ?? Buffer.alloc(0))) {
            for (const r of decodeBatchRecords(p.records!, b.position)) values.push(r.value?.toString() ?? '');
          }
          const want = Array.from({ length: RECORDS }, (_, r) => valueOf(t.topic, p.partitionIndex, r));
          if (values.join('|') !== want.join('|')) throw new Error(`${t.topic}-${p.partitionIndex} read back ${JSON.stringify(values)}`);
          partitions++;
          records += values.length;
        }
      }
    }
  }
  for (const c of conns.values()) await c.close();
  return { partitions, records };
}

const t0 = performance.now();
const cluster = await Cluster.start({ dataDir, brokers: 3, basePort: 0, log: (m) => logs.push(m) });
const startSeconds = (performance.now() - t0) / 1000;
let result: Record<string, number>;
let error: string | undefined;
try {
  result = mode === 'create' ? await create(cluster) : await verify(cluster);
} catch (e) {
  result = {};
  error = (e as Error).stack ?? String(e);
}
const failed = cluster.status().filter((b) => b.state !== 'running');
await cluster.stop();
clearInterval(sampler);
const limitLine = logs.find((l) => l.startsWith('open file limit')) ?? '';
const problems = logs.filter((l) => /EMFILE|offline|failed/.test(l)).slice(0, 5);
console.log(JSON.stringify({ mode, ...result, startSeconds, maxFds: sampleFds(), limit: limitLine, failedBrokers: failed.length, problems, error }));
process.exit(error ? 1 : 0);
