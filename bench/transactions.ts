// Transactions with librdkafka 2.15 (rdk-driver) on a one-broker cluster: the same producer writing the same
// records plainly (idempotent, acks=all), in transactions committed every 1,000 records, and in transactions
// committed every 100 ms, taking turns over three rounds — the ratio of each transactional rate to the plain
// one is measured in the same run.
// And an exactly-once read-process-write pipeline (read_committed in, produce out, input offsets committed in
// the same transaction) over records seeded beforehand. Rates are records per second of the client's wall time.

import type { BenchResult } from './report.ts';
import { benchCluster, createTopic, machineLoad } from './cluster-support.ts';
import { rdk } from '../engine/testing.ts';

const RECORDS = 500_000;
const REPS = 3;
const PIPELINE_RECORDS = 50_000;
const PIPELINE_IDLE_MS = 1500;
const SETTINGS = ['-X', 'linger.ms=5', '-X', 'batch.num.messages=10000', '-X', 'queue.buffering.max.messages=1000000'];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed(args: string[]): Promise<{ seconds: number; done: Record<string, unknown> }> {
  const t0 = performance.now();
  const r = await rdk(args, { timeoutMs: 600_000 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.code !== 0) throw new Error(`rdk-driver ${args[0]} exited ${r.code}: ${r.stderr.slice(0, 500)} ${JSON.stringify(r.of('error').slice(0, 3))}`);
  return { seconds, done: r.of('done')[0] ?? {} };
}

export async function transactionsBench(): Promise<BenchResult[]> {
  const c = await benchCluster(1);
  try {
    const b = c.bootstrap;
    for (const t of ['tx-warmup', 'tx-pipe-in', 'tx-pipe-out']) await createTopic(c.cluster, t, 3, 1);
    // Warm the broker (its worker's JIT, the transaction path) so that the first measured run pays no more than
    // the others.
    await timed(['produce', '-b', b, '-t', 'tx-warmup', '-n', String(RECORDS / 4), '--txn-id', 'bench-warmup', '--per-txn', '1000', ...SETTINGS]);
    // The three producers take turns, REPS rounds, each on a fresh topic; a row is the median round. Turns
    // spread the shared machine's load over all three alike.
    const variants = {
      plain: ['-X', 'enable.idempotence=true'],
      per1000: ['--txn-id', 'bench-1000', '--per-txn', '1000'],
      per100ms: ['--txn-id', 'bench-100ms', '--txn-ms', '100'],
    } as const;
    const rates: Record<keyof typeof variants, number[]> = { plain: [], per1000: [], per100ms: [] };
    for (let rep = 0; rep < REPS; rep++) {
      for (const [name, args] of Object.entries(variants) as [keyof typeof variants, readonly string[]][]) {
        const topic = `tx-${name}-${rep}`;
        await createTopic(c.cluster, topic, 3, 1);
        const r = await timed(['produce', '-b', b, '-t', topic, '-n', String(RECORDS), ...args, ...SETTINGS]);
        rates[name].push(RECORDS / r.seconds);
      }
    }
    const plainRate = median(rates.plain);
    const rate1000 = median(rates.per1000);
    const rate100ms = median(rates.per100ms);

    await timed(['produce', '-b', b, '-t', 'tx-pipe-in', '-n', String(PIPELINE_RECORDS), ...SETTINGS]);
    const pipe = await timed(['pipeline', '-b', b, '--in', 'tx-pipe-in', '--out', 'tx-pipe-out', '-G', 'bench-pipe', '--txn-id', 'bench-pipe',
      '--idle-ms', String(PIPELINE_IDLE_MS), '-X', 'group.protocol=classic', ...SETTINGS]);
    const copied = Number(pipe.done.committed ?? 0);
    if (copied !== PIPELINE_RECORDS) throw new Error(`the pipeline copied ${copied} of ${PIPELINE_RECORDS} records`);
    // The pipeline ends after PIPELINE_IDLE_MS without input: that wait is not work.
    const pipeRate = copied / Math.max(0.001, pipe.seconds - PIPELINE_IDLE_MS / 1000);
    const load = machineLoad();
    return [
      { name: 'produce, idempotent, no transactions (librdkafka)', value: plainRate, unit: 'rec/s', extra: { records: RECORDS, rounds: rates.plain.map(Math.round).join('/'), load } },
      { name: 'produce, a transaction per 1,000 records', value: rate1000, unit: 'rec/s', extra: { ratioToPlain: rate1000 / plainRate, rounds: rates.per1000.map(Math.round).join('/') } },
      { name: 'produce, a transaction every 100 ms', value: rate100ms, unit: 'rec/s', extra: { ratioToPlain: rate100ms / plainRate, rounds: rates.per100ms.map(Math.round).join('/') } },
      { name: 'exactly-once pipeline (read_committed -> produce + offsets in one txn)', value: pipeRate, unit: 'rec/s', extra: { records: copied, transactions: Number(pipe.done.transactions ?? 0) } },
    ];
  } finally {
    await c.close();
  }
}
