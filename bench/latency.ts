// End-to-end latency: one producer (a child process) sends 100-byte records at 10,000 records/s with acks=1
// to a one-broker cluster; one consumer (this process) long-polls Fetch on the same partition. A record's
// latency is the consumer's receive time (when the Fetch response is decoded) minus the send time the
// producer wrote into the value, both process.hrtime (CLOCK_MONOTONIC, one clock for the whole machine).
// Both clients are the minimal protocol client in clients/mini-client.ts on the engine's KafkaConnection,
// so the figure is the broker's path, not a client library's buffering. The first second is warm-up.
//
// Two producer shapes, both at 10,000 records/s: every 1 ms tick sends the records due (≈10) as one batch in
// one Produce request, as a producer with linger.ms=1 does (Kafka 4's Java producer lingers 5 ms by
// default); and one Produce request per record (≈10 pipelined requests per tick), the request rate a
// linger.ms=0 producer can reach — a stress test of the broker's per-request cost.

import { fork } from 'node:child_process';
import path from 'node:path';
import { decodeBatchRecords } from '../engine/index.ts';
import type { BenchResult } from './report.ts';
import { benchCluster, cpuPressureUs, createTopic, machineLoad, percentile } from './cluster-support.ts';
import { batchesOf, connect, fetch } from './clients/mini-client.ts';

const RATE = 10_000;
const WARMUP_MS = 1_000;

interface ProducerDone {
  type: 'done';
  sent: number;
  acked: number;
  errors: number;
  maxInFlight: number;
  seconds: number;
}

export async function latencyBench(seconds = 10): Promise<BenchResult[]> {
  return [...(await latencyRun({ seconds, batchPerTick: true })), ...(await latencyRun({ seconds, batchPerTick: false }))];
}

async function latencyRun(opts: { seconds?: number; rate?: number; batchPerTick?: boolean } = {}): Promise<BenchResult[]> {
  const seconds = opts.seconds ?? 10;
  const rate = opts.rate ?? RATE;
  const c = await benchCluster(1);
  try {
    const topic = 'latency';
    await createTopic(c.cluster, topic, 1, 1);
    const hostPort = c.bootstrap.split(',')[0];

    const child = fork(path.join(import.meta.dirname, 'clients', 'latency-producer.ts'), [hostPort, topic, String(rate), String((seconds + WARMUP_MS / 1000) * 1000), opts.batchPerTick ? '1' : '0'], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const messages: unknown[] = [];
    let wake: (() => void) | undefined;
    child.on('message', (m) => {
      messages.push(m);
      wake?.();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const next = async (): Promise<{ type: string }> => {
      while (messages.length === 0) {
        const code = await Promise.race([exited, new Promise<'msg'>((r) => (wake = () => r('msg')))]);
        if (code !== 'msg') throw new Error(`latency producer exited (${code}) early`);
      }
      return messages.shift() as { type: string };
    };
    if ((await next()).type !== 'ready') throw new Error('latency producer did not start');

    const conn = await connect(hostPort, 'latency-consumer');
    const latenciesNs: number[] = [];
    let received = 0;
    let offset = 0;
    let done: ProducerDone | undefined;
    const start = process.hrtime.bigint();
    const psi0 = cpuPressureUs();
    const warmupEnd = start + BigInt(WARMUP_MS * 1e6);
    child.send('start');
    const producerDone = next().then((m) => (done = m as ProducerDone));
    let expected = Infinity;
    while (received < expected) {
      const r = await fetch(conn, topic, 0, offset, 500);
      const now = process.hrtime.bigint();
      if (r.errorCode !== 0) throw new Error(`fetch failed with error code ${r.errorCode}`);
      if (r.records) {
        for (const b of batchesOf(r.records)) {
          for (const rec of decodeBatchRecords(r.records, b.pos)) {
            const sentAt = rec.value!.readBigUInt64BE(0);
            if (sentAt >= warmupEnd) latenciesNs.push(Number(now - sentAt));
            received++;
          }
          offset = b.lastOffset + 1;
        }
      }
      if (done) expected = done.acked;
    }
    await producerDone;
    await conn.close();
    await exited;
    const d = done!;
    if (d.errors > 0) throw new Error(`the latency producer had ${d.errors} failed sends`);

    const sorted = Float64Array.from(latenciesNs).sort();
    const ms = (p: number) => percentile(sorted, p) / 1e6;
    const shape = opts.batchPerTick ? '1 batch/ms' : '1 request/record';
    const extra = { client: 'own (KafkaConnection)', records: sorted.length, rate: d.sent / d.seconds, 'cpu-wait %': (100 * (cpuPressureUs() - psi0)) / 1e6 / (Number(process.hrtime.bigint() - start) / 1e9), load: machineLoad() };
    return [
      { name: `e2e latency p50, ${rate / 1000}k msg/s acks=1, ${shape}`, value: ms(50), unit: 'ms', target: 1, higherIsBetter: false, extra },
      { name: `e2e latency p99, ${rate / 1000}k msg/s acks=1, ${shape}`, value: ms(99), unit: 'ms', target: 3, higherIsBetter: false },
      { name: `e2e latency p99.9, ${rate / 1000}k msg/s acks=1, ${shape}`, value: ms(99.9), unit: 'ms', extra: { max: sorted[sorted.length - 1] / 1e6, 'max in flight': d.maxInFlight } },
    ];
  } finally {
    await c.close();
  }
}
