// Client-facing throughput with kcat (librdkafka): 1,000,000 × 100-byte messages produced to a one-broker
// cluster (RF=1, a 1-partition and a 6-partition topic) and read back with each of CONSUME_VARIANTS; and acks=all produce on a 3-broker
// cluster with RF=3 (min.insync.replicas=2). Every figure is kcat's own wall time, spawn to exit: for -P
// that includes reading the input file and waiting for the last delivery report, for -C reading every
// records (-c). Each measurement runs `reps` times on a fresh topic; the row is the median, the best and
// worst run go in the details, with the CPU each record cost (cluster threads and kcat) and how much of the
// time tasks on the shared machine waited for a CPU.

import type { BenchResult } from './report.ts';
import { benchCluster, createTopic, kcat, kcatSettings, machineLoad, messageFile, type KcatRun } from './cluster-support.ts';

const MESSAGES = 1_000_000;
const MESSAGE_BYTES = 100;

/** What a user tuning librdkafka for throughput sets (batch.size stays at its 1 MB default). */
export const PRODUCE_SETTINGS = { 'linger.ms': 5, 'batch.num.messages': 10_000, 'queue.buffering.max.messages': 1_000_000 };
/**
 * How each consume row runs kcat. librdkafka stops fetching while its local queue holds queued.min.messages
 * (100,000) and, in kcat's 2.0.x, looks again only at its broker thread's next 1 s tick. kcat forwards
 * every partition into one queue, so the threshold counts the records of all partitions: 6 partitions ×
 * 4 MB per partition is ~220,000 records per fetch, over the threshold after every fetch (a real Kafka
 * answers the same bytes). The first variant is the historical row; the others say what a user gets
 * with kcat's defaults (1 MB per partition), and with the threshold raised well above one fetch's worth
 * (queued.max.messages.kbytes, 64 MB, then bounds the queue: ten 6-partition fetches).
 */
const CONSUME_VARIANTS: { label: string; settings: Record<string, string | number> }[] = [
  { label: '', settings: { 'fetch.message.max.bytes': 4 * 1024 * 1024 } },
  { label: ', kcat defaults', settings: {} },
  { label: ', queued.min.messages=1000000', settings: { 'queued.min.messages': 1_000_000 } },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** kcat -P of the input file; throws with kcat's stderr if it fails. */
async function produce(bootstrap: string, topic: string, file: string, settings: Record<string, string | number>): Promise<KcatRun> {
  const s = kcatSettings(settings);
  const r = await kcat(['-b', bootstrap, '-t', topic, '-P', '-q', ...s.args], { stdinFile: file });
  if (r.code !== 0) throw new Error(`kcat -P ${topic} exited ${r.code}: ${r.stderr.slice(0, 500)}`);
  return r;
}

/**
 * kcat -C from the beginning until it has read every record (-c), output discarded. Not -e: librdkafka
 * signals end-of-partition only from a Fetch that finds nothing new, which the broker holds for
 * fetch.wait.max.ms (500 ms) as Kafka does, so -e would add half a second of waiting to every figure.
 * kcat exits 0 only once it has the count, and the run's timeout catches one that never gets there.
 */
async function consume(bootstrap: string, topic: string, settings: Record<string, string | number>): Promise<KcatRun> {
  const s = kcatSettings(settings);
  const r = await kcat(['-b', bootstrap, '-t', topic, '-C', '-o', 'beginning', '-c', String(MESSAGES), '-q', ...s.args], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`kcat -C ${topic} exited ${r.code} (killed after 60 s if null): ${r.stderr.slice(0, 500)}`);
  return r;
}

/**
 * One row from the runs: the median rate by kcat's wall time, the best and worst run, and what a record
 * costs in CPU (µs of the cluster's threads and of kcat's), which the shared machine's load hardly moves.
 * `rec per cluster cpu-s` is the rate one core would allow if the cluster's CPU cost were all there was.
 */
function row(name: string, runs: KcatRun[], target: number, extra: Record<string, string | number>): BenchResult {
  const rates = runs.map((r) => MESSAGES / r.seconds);
  const clusterUs = median(runs.map((r) => (r.clusterCpuSeconds * 1e6) / MESSAGES));
  const kcatUs = median(runs.map((r) => (r.kcatCpuSeconds * 1e6) / MESSAGES));
  return {
    name, value: median(rates), unit: 'records/s', target, higherIsBetter: true,
    extra: {
      best: Math.max(...rates), worst: Math.min(...rates), runs: runs.length,
      'cluster µs/rec': clusterUs, 'kcat µs/rec': kcatUs, 'rec per cluster cpu-s': 1e6 / clusterUs,
      'cpu-wait %': median(runs.map((r) => r.cpuWaitPct)), load: machineLoad(), ...extra,
    },
  };
}

/** Items 1 and 2: one broker, RF=1, produce then consume the same topic, per partition count. */
export async function kafkaThroughputBench(reps = 5): Promise<BenchResult[]> {
  const file = messageFile(MESSAGES, MESSAGE_BYTES);
  const settingsText = kcatSettings(PRODUCE_SETTINGS).text;
  const c = await benchCluster(1);
  const results: BenchResult[] = [];
  try {
    for (const partitions of [1, 6]) {
      const produced: KcatRun[] = [];
      const consumed: KcatRun[][] = CONSUME_VARIANTS.map(() => []);
      for (let i = 0; i < reps; i++) {
        const topic = `throughput-p${partitions}-${i}`;
        await createTopic(c.cluster, topic, partitions, 1);
        produced.push(await produce(c.bootstrap, topic, file, PRODUCE_SETTINGS));
        // Every variant reads the same topic, in turn within each repetition.
        for (const [v, variant] of CONSUME_VARIANTS.entries()) consumed[v].push(await consume(c.bootstrap, topic, variant.settings));
      }
      const plural = partitions > 1 ? 's' : '';
      results.push(row(`kcat produce 1M × 100 B, RF=1, ${partitions} partition${plural}`, produced, 1_000_000, { settings: settingsText }));
      for (const [v, variant] of CONSUME_VARIANTS.entries()) {
        results.push(row(`kcat consume 1M × 100 B, RF=1, ${partitions} partition${plural}${variant.label}`, consumed[v], 2_000_000, { settings: kcatSettings(variant.settings).text || '(none)' }));
      }
    }
  } finally {
    await c.close();
  }
  return results;
}

/** Item 4: three brokers, RF=3, min.insync.replicas=2, acks=all; 1 partition and 3 (one leader per broker). */
export async function replicatedThroughputBench(reps = 3): Promise<BenchResult[]> {
  const file = messageFile(MESSAGES, MESSAGE_BYTES);
  const settings = { ...PRODUCE_SETTINGS, acks: 'all' };
  const c = await benchCluster(3);
  const results: BenchResult[] = [];
  try {
    for (const partitions of [1, 3]) {
      const produced: KcatRun[] = [];
      for (let i = 0; i < reps; i++) {
        const topic = `replicated-p${partitions}-${i}`;
        await createTopic(c.cluster, topic, partitions, 3, { 'min.insync.replicas': '2' });
        produced.push(await produce(c.bootstrap, topic, file, settings));
      }
      const leaders = new Set(c.cluster.partitions().filter((p) => p.topic === `replicated-p${partitions}-0`).map((p) => p.leader)).size;
      results.push(row(`kcat produce 1M × 100 B, RF=3 acks=all, ${partitions} partition${partitions > 1 ? 's' : ''}`, produced, 400_000, { leaders, settings: kcatSettings(settings).text }));
    }
  } finally {
    await c.close();
  }
  return results;
}
