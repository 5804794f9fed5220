// Profiles one benchmark scenario with every broker in this thread (isolation 'in-process'), so one V8 CPU
// profile sees the brokers, the controller and nothing of kcat (a separate process). The profiler starts
// after the cluster is up and the topic exists, so module loading and startup are not in it. Positions are
// mapped back to the TypeScript sources (tsx emits one-line modules with source maps) and the profile is
// written with those positions, ready for Chrome DevTools or speedscope.
//
//   npx tsx bench/profile.ts <produce|produce6|consume|consume6|replicated|latency|latency-batched> [--out DIR] [--top N]
//     [--kcat key=value,...]
// (default DIR: <tmpdir>/streamlab-profiles). bench/profile-summary.ts prints the same summary for any profile.
// --kcat replaces the consume scenarios' kcat settings (default fetch.message.max.bytes=4194304, as the
// throughput bench's first row); `--kcat ''` runs kcat with its defaults.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Session } from 'node:inspector/promises';
import { findSourceMap } from 'node:module';
import { parseArgs } from 'node:util';
import { fork } from 'node:child_process';
import { benchCluster, createTopic, kcat, kcatSettings, messageFile, type BenchCluster } from './cluster-support.ts';
import { PRODUCE_SETTINGS } from './kafka-throughput.ts';
import { summarise } from './profile-summary.ts';
import { connect, fetch } from './clients/mini-client.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { out: { type: 'string', default: path.join(os.tmpdir(), 'streamlab-profiles') }, top: { type: 'string', default: '25' }, kcat: { type: 'string', default: 'fetch.message.max.bytes=4194304' } } });
const scenario = positionals[0] ?? 'produce';

interface Scenario {
  brokers: number;
  prepare(c: BenchCluster): Promise<void>;
  run(c: BenchCluster): Promise<string>;
}

const file = messageFile(1_000_000, 100);
const consumeArgs = values.kcat.split(',').filter((kv) => kv.includes('=')).flatMap((kv) => ['-X', kv.trim()]);
const kcatProduce = async (c: BenchCluster, topic: string, extra: Record<string, string | number> = {}) => {
  const r = await kcat(['-b', c.bootstrap, '-t', topic, '-P', '-q', ...kcatSettings({ ...PRODUCE_SETTINGS, ...extra }).args], { stdinFile: file });
  if (r.code !== 0) throw new Error(r.stderr);
  return `1M records in ${r.seconds.toFixed(2)} s (${Math.round(1e6 / r.seconds)}/s), cluster cpu ${r.clusterCpuSeconds.toFixed(2)} s`;
};

/** The latency benchmark's producer (child process) at 10,000/s for 5 s, and a Fetch long-poll consumer here. */
const latencyRun = (batchPerTick: boolean) => async (c: BenchCluster): Promise<string> => {
  const hostPort = c.bootstrap.split(',')[0];
  const child = fork(path.join(import.meta.dirname, 'clients', 'latency-producer.ts'), [hostPort, 'latency', '10000', '5000', batchPerTick ? '1' : '0'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let done: { sent: number; acked: number } | undefined;
  child.on('message', (m: { type: string }) => {
    if (m.type === 'ready') child.send('start');
    if (m.type === 'done') done = m as unknown as typeof done;
  });
  const conn = await connect(hostPort, 'latency-consumer');
  let offset = 0;
  while (!done || offset < done.acked) offset = Math.max(offset, (await fetch(conn, 'latency', 0, offset, 500)).highWatermark);
  await conn.close();
  return `${done.sent} records produced and consumed`;
};

const scenarios: Record<string, Scenario> = {
  produce: { brokers: 1, prepare: (c) => createTopic(c.cluster, 't', 1, 1), run: (c) => kcatProduce(c, 't') },
  produce6: { brokers: 1, prepare: (c) => createTopic(c.cluster, 't', 6, 1), run: (c) => kcatProduce(c, 't') },
  consume: {
    brokers: 1,
    prepare: async (c) => {
      await createTopic(c.cluster, 't', 1, 1);
      await kcatProduce(c, 't');
    },
    run: async (c) => {
      const r = await kcat(['-b', c.bootstrap, '-t', 't', '-C', '-o', 'beginning', '-c', '1000000', '-q', ...consumeArgs]);
      return `1M records in ${r.seconds.toFixed(2)} s (${Math.round(1e6 / r.seconds)}/s), cluster cpu ${r.clusterCpuSeconds.toFixed(2)} s`;
    },
  },
  consume6: {
    brokers: 1,
    prepare: async (c) => {
      await createTopic(c.cluster, 't', 6, 1);
      await kcatProduce(c, 't');
    },
    run: async (c) => {
      const r = await kcat(['-b', c.bootstrap, '-t', 't', '-C', '-o', 'beginning', '-c', '1000000', '-q', ...consumeArgs]);
      return `1M records over 6 partitions in ${r.seconds.toFixed(2)} s (${Math.round(1e6 / r.seconds)}/s), cluster cpu ${r.clusterCpuSeconds.toFixed(2)} s`;
    },
  },
  replicated: { brokers: 3, prepare: (c) => createTopic(c.cluster, 't', 1, 3, { 'min.insync.replicas': '2' }), run: (c) => kcatProduce(c, 't', { acks: 'all' }) },
  latency: { brokers: 1, prepare: (c) => createTopic(c.cluster, 'latency', 1, 1), run: latencyRun(false) },
  'latency-batched': { brokers: 1, prepare: (c) => createTopic(c.cluster, 'latency', 1, 1), run: latencyRun(true) },
};

const s = scenarios[scenario];
if (!s) throw new Error(`unknown scenario ${scenario}; one of ${Object.keys(scenarios).join(', ')}`);
const c = await benchCluster(s.brokers, { isolation: 'in-process' });
const session = new Session();
session.connect();
let profile: { nodes: { callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[] };
let what: string;
try {
  await s.prepare(c);
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  what = await s.run(c);
  ({ profile } = (await session.post('Profiler.stop')) as unknown as { profile: typeof profile });
} finally {
  session.disconnect();
  await c.close();
}

// Map generated (one-line) positions to the TypeScript source; anonymous functions get their position as name.
for (const n of profile.nodes) {
  const cf = n.callFrame;
  if (!cf.url.startsWith('file://') || cf.lineNumber < 0) continue;
  const entry = findSourceMap(cf.url)?.findEntry(cf.lineNumber, cf.columnNumber) as { originalSource?: string; originalLine?: number; originalColumn?: number } | undefined;
  if (!entry?.originalSource) continue;
  cf.url = entry.originalSource.startsWith('file://') ? entry.originalSource : `file://${entry.originalSource}`;
  cf.lineNumber = entry.originalLine ?? 0;
  cf.columnNumber = entry.originalColumn ?? 0;
}
fs.mkdirSync(values.out, { recursive: true });
const out = path.join(values.out, `${scenario}.cpuprofile`);
fs.writeFileSync(out, JSON.stringify(profile));
const sum = summarise(out, Number(values.top));
console.log(`${scenario}: ${what}`);
console.log(`profile ${out}: ${sum.totalMs.toFixed(0)} ms sampled, ${sum.idlePct.toFixed(1)}% idle; self time as % of busy time`);
for (const f of sum.functions) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}  ${f.where}`);
console.log('  by file:');
for (const f of sum.files.slice(0, 15)) console.log(`  ${f.pct.toFixed(1).padStart(5)}%  ${f.fn}`);
