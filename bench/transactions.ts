// Transactions with librdkafka 2.15 (rdk-driver) on a one-broker cluster: the same producer writing the same
// records plainly (idempotent, acks=all), in transactions committed every 1,000 records, and in transactions
// committed every 100 ms — the ratio of each transactional rate to the plain one is measured in the same run.
// And an exactly-once read-process-write pipeline (read_committed in, produce out, input offsets committed in
// the same transaction) over records seeded beforehand. Rates are records per second of the client's wall time.

import type { BenchResult } from './report.ts';
import { benchCluster, createTopic, machineLoad } from './cluster-support.ts';
import { rdk } from '../engine/testing.ts';

const RECORDS = 1_000_000;
const PIPELINE_RECORDS = 50_000;
const PIPELINE_IDLE_MS = 1500;
const SETTINGS = ['-X', 'linger.ms=5', '-X', 'batch.num.messages=10000', '-X', 'queue.buffering.max.messages=1000000'];

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
    for (const t of ['tx-plain', 'tx-1000', 'tx-100ms', 'tx-pipe-in', 'tx-pipe-out']) await createTopic(c.cluster, t, 3, 1);
    const plain = await timed(['produce', '-b', b, '-t', 'tx-plain', '-n', String(RECORDS), '-X', 'enable.idempotence=true', ...SETTINGS]);
    const per1000 = await timed(['produce', '-b', b, '-t', 'tx-1000', '-n', String(RECORDS), '--txn-id', 'bench-1000', '--per-txn', '1000', ...SETTINGS]);
    const per100ms = await timed(['produce', '-b', b, '-t', 'tx-100ms', '-n', String(RECORDS), '--txn-id', 'bench-100ms', '--txn-ms', '100', ...SETTINGS]);
    const plainRate = RECORDS / plain.seconds;
    const rate1000 = RECORDS / per1000.seconds;
    const rate100ms = RECORDS / per100ms.seconds;

    await timed(['produce', '-b', b, '-t', 'tx-pipe-in', '-n', String(PIPELINE_RECORDS), ...SETTINGS]);
    const pipe = await timed(['pipeline', '-b', b, '--in', 'tx-pipe-in', '--out', 'tx-pipe-out', '-G', 'bench-pipe', '--txn-id', 'bench-pipe',
      '--idle-ms', String(PIPELINE_IDLE_MS), '-X', 'group.protocol=classic', ...SETTINGS]);
    const copied = Number(pipe.done.committed ?? 0);
    if (copied !== PIPELINE_RECORDS) throw new Error(`the pipeline copied ${copied} of ${PIPELINE_RECORDS} records`);
    // The pipeline ends after PIPELINE_IDLE_MS without input: that wait is not work.
    const pipeRate = copied / Math.max(0.001, pipe.seconds - PIPELINE_IDLE_MS / 1000);
    const load = machineLoad();
    return [
      { name: 'produce, idempotent, no transactions (librdkafka)', value: plainRate, unit: 'rec/s', extra: { records: RECORDS, load } },
      { name: 'produce, a transaction per 1,000 records', value: rate1000, unit: 'rec/s', extra: { ratioToPlain: rate1000 / plainRate, records: RECORDS } },
      { name: 'produce, a transaction every 100 ms', value: rate100ms, unit: 'rec/s', extra: { ratioToPlain: rate100ms / plainRate, records: RECORDS } },
      { name: 'exactly-once pipeline (read_committed -> produce + offsets in one txn)', value: pipeRate, unit: 'rec/s', extra: { records: copied, transactions: Number(pipe.done.transactions ?? 0) } },
    ];
  } finally {
    await c.close();
  }
}
