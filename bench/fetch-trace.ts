// Traces one kcat consume against a one-broker cluster in this thread: for each consumer Fetch, the
// partitions and offsets asked, the bytes answered per partition and the time the broker took; then the
// gaps in which no fetch was at the broker (the consumer was not asking), and what kcat's own fetch log
// (-d fetch) says about why it did not ask (librdkafka's queue thresholds).
//
//   npx tsx bench/fetch-trace.ts [--partitions 6] [--out DIR] [-- <kcat args, e.g. -X queued.min.messages=1000000>]
// (default DIR: <tmpdir>/streamlab-fetch-trace: fetches.log, one line per Fetch, and kcat.log).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
// A diagnostic that wraps the broker's own Fetch handler, which engine/index.ts rightly does not offer.
// eslint-disable-next-line no-restricted-imports
import { HANDLERS } from '../engine/broker/handlers/index.ts';
// eslint-disable-next-line no-restricted-imports
import type { Handler } from '../engine/broker/handlers/context.ts';
import { benchCluster, createTopic, kcat, kcatSettings, messageFile } from './cluster-support.ts';
import { PRODUCE_SETTINGS } from './kafka-throughput.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { partitions: { type: 'string', default: '6' }, out: { type: 'string', default: path.join(os.tmpdir(), 'streamlab-fetch-trace') } } });
const partitions = Number(values.partitions);
const GAP_MS = 100;

interface Traced { start: number; end: number; line: string }
const traced: Traced[] = [];

// The brokers run in this thread and build their handler table when they start: wrapping Fetch here
// sees every request they serve. Only consumer fetches are traced (followers have replica ids >= 0).
const fetchHandler = HANDLERS.Fetch;
const tracing: Handler<'Fetch'> = async (body, req, broker) => {
  const start = performance.now();
  const res = await fetchHandler(body, req, broker);
  const end = performance.now();
  const replicaId = req.apiVersion >= 15 ? body.replicaState.replicaId : body.replicaId;
  if (replicaId < 0) {
    const asked = body.topics.flatMap((t) => t.partitions.map((p) => `${p.partition}@${p.fetchOffset}`)).join(' ');
    const answered = (res.responses ?? []).flatMap((t) => (t.partitions ?? []).map((p) => `${p.partitionIndex}:${p.records?.length ?? 0}`)).join(' ');
    const pmax = body.topics[0]?.partitions[0]?.partitionMaxBytes ?? 0;
    traced.push({ start, end, line: `${start.toFixed(1)} v${req.apiVersion} session ${body.sessionId}/${body.sessionEpoch} wait=${body.maxWaitMs} min=${body.minBytes} max=${body.maxBytes} partition max=${pmax} asked [${asked}] answered [${answered}] in ${(end - start).toFixed(1)} ms` });
  }
  return res;
};
(HANDLERS as { Fetch: Handler<'Fetch'> }).Fetch = tracing;

fs.mkdirSync(values.out, { recursive: true });
const c = await benchCluster(1, { isolation: 'in-process' });
try {
  await createTopic(c.cluster, 't', partitions, 1);
  const p = await kcat(['-b', c.bootstrap, '-t', 't', '-P', '-q', ...kcatSettings(PRODUCE_SETTINGS).args], { stdinFile: messageFile(1_000_000, 100) });
  if (p.code !== 0) throw new Error(`kcat -P exited ${p.code}: ${p.stderr.slice(0, 500)}`);
  traced.length = 0;
  const kcatLog = path.join(values.out, 'kcat.log');
  const args = ['-b', c.bootstrap, '-t', 't', '-C', '-o', 'beginning', '-c', '1000000', '-q', '-d', 'fetch', ...positionals];
  const t0 = performance.now();
  // Not spawnSync: the broker answering kcat runs in this thread.
  const code = await new Promise<number | null>((resolve, reject) => {
    const k = spawn('kcat', args, { stdio: ['ignore', 'ignore', fs.openSync(kcatLog, 'w')] });
    k.on('error', reject);
    k.on('exit', resolve);
  });
  const seconds = (performance.now() - t0) / 1000;
  let idleMs = 0;
  let gaps = 0;
  for (let i = 1; i < traced.length; i++) {
    const gap = traced[i].start - traced[i - 1].end;
    if (gap > GAP_MS) {
      idleMs += gap;
      gaps++;
    }
  }
  const log = fs.readFileSync(kcatLog, 'utf8');
  const count = (re: RegExp) => (log.match(re) ?? []).length;
  const held = heldBack(log);
  fs.writeFileSync(path.join(values.out, 'fetches.log'), traced.map((t) => t.line).join('\n') + '\n');
  console.log(`kcat ${args.slice(4).join(' ')} over ${partitions} partition(s): exit ${code}, ${seconds.toFixed(2)} s, ${Math.round(1e6 / seconds)} records/s`);
  console.log(`${traced.length} consumer fetches; ${gaps} gaps over ${GAP_MS} ms with no fetch at the broker (kcat reading a response, or holding back), ${idleMs.toFixed(0)} ms in all`);
  console.log(`kcat held partitions back: ${count(/queued\.min\.messages exceeded/g)} × queued.min.messages, ${count(/queued\.max\.messages\.kbytes exceeded/g)} × queued.max.messages.kbytes (a line per partition); partition 0 held ${held.times} time(s), ${held.ms.toFixed(0)} ms in all`);
  console.log(`per-fetch trace ${path.join(values.out, 'fetches.log')}, kcat's log ${kcatLog}`);
} finally {
  await c.close();
}

/**
 * From kcat's fetch log: how often and how long partition 0 was held back by a queue threshold (from "is not
 * fetchable: queued..." to its next "is fetchable"). Lines look like
 * `%7|<epoch seconds>|FETCH|...: Topic t [0] in state active at ... is not fetchable: queued.min.messages exceeded`.
 */
function heldBack(log: string): { times: number; ms: number } {
  let since: number | undefined;
  let times = 0;
  let ms = 0;
  for (const line of log.split('\n')) {
    if (!line.includes('Topic t [0] in state')) continue;
    const at = Number(line.split('|')[1]) * 1000;
    if (/not fetchable: queued/.test(line)) {
      since ??= at;
    } else if (/is fetchable/.test(line) && since !== undefined) {
      times++;
      ms += at - since;
      since = undefined;
    }
  }
  return { times, ms };
}
