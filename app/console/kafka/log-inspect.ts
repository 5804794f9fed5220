// The log laid bare, for the local cluster: where a record lives (the leader's segment file, byte position,
// batch) and a segment's files, index entries and what retention or compaction will do to it next. The
// files are read through engine/index.ts's read-only inspection; the topic's configs (Kafka's names and
// defaults, as DescribeConfigs returns them) say what happens next. An external cluster's files are not
// ours to read: NOT_LOCAL_CLUSTER.

import type { RecordLocation, SegmentDetail } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { describeTopic } from './topics.ts';
import { ConsoleError } from '../service/errors.ts';
import { inspectSegment, locateRecord, segmentBaseOffsets } from '../../../engine/index.ts';

function local(lifecycle: BrokerLifecycle | undefined): BrokerLifecycle {
  if (!lifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', "Segment files can be read only for the local cluster: Kafka's protocol does not describe them.");
  return lifecycle;
}

async function leaderDir(conn: KafkaConnection, lifecycle: BrokerLifecycle, topic: string, partition: number) {
  const detail = await describeTopic(conn, topic);
  const p = detail.partitions.find((x) => x.partition === partition);
  if (!p) throw new ConsoleError('NOT_FOUND', `Topic '${topic}' has no partition ${partition}.`);
  if (p.leader < 0) throw new ConsoleError('UNAVAILABLE', `Partition ${partition} of '${topic}' is offline: no leader holds its log now.`);
  return { broker: p.leader, dir: lifecycle.partitionDir(p.leader, topic, partition), configs: new Map(detail.configs.map((c) => [c.name, c.value])) };
}

export async function locate(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined, topic: string, partition: number, offset: number): Promise<RecordLocation> {
  const { broker, dir } = await leaderDir(conn, local(lifecycle), topic, partition);
  const at = locateRecord(dir, offset);
  if (!at) throw new ConsoleError('NOT_FOUND', `No batch on broker ${broker} holds offset ${offset} of ${topic}-${partition} (compacted away, deleted by retention, or not written yet).`);
  return { broker, ...at };
}

export function duration(ms: number): string {
  const units: [number, string][] = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'min'], [1000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size} ${unit}`;
  for (const [size, unit] of units) if (ms >= size) return `${(ms / size).toFixed(1)} ${unit}`;
  return `${ms} ms`;
}

/** What retention, rolling or compaction does next to a segment, as Kafka would (pure, for tests). */
export function forecast(seg: { baseOffset: number; sizeBytes: number; maxTimestamp: number; firstTimestamp: number; active: boolean; bytesBefore: number; totalBytes: number },
  configs: Map<string, string | null>, now: number): string[] {
  const num = (k: string, d: number) => Number(configs.get(k) ?? d);
  const policy = (configs.get('cleanup.policy') ?? 'delete').split(',');
  const out: string[] = [];
  if (seg.active) {
    const segBytes = num('segment.bytes', 1_073_741_824);
    const segMs = num('segment.ms', 604_800_000);
    out.push(`The active segment: new records are appended here. It rolls at segment.bytes (${seg.sizeBytes} of ${segBytes} bytes used)`
      + (seg.firstTimestamp >= 0 ? ` or at segment.ms, ${duration(segMs)} after its first record (${new Date(seg.firstTimestamp + segMs).toISOString()}).` : ` or at segment.ms (${duration(segMs)}).`));
    out.push('Retention and compaction never touch the active segment.');
    return out;
  }
  if (policy.includes('delete')) {
    const retMs = num('retention.ms', 604_800_000);
    if (retMs >= 0 && seg.maxTimestamp >= 0) {
      const at = seg.maxTimestamp + retMs;
      out.push(at <= now ? `Past retention.ms (${duration(retMs)}): deleted at the next retention check.` : `Deleted by retention.ms (${duration(retMs)}) at ${new Date(at).toISOString()}, when its newest record is that old.`);
    } else if (retMs < 0) out.push('retention.ms is -1: time never deletes it.');
    const retBytes = num('retention.bytes', -1);
    if (retBytes >= 0) {
      const excess = seg.totalBytes - retBytes;
      out.push(seg.bytesBefore + seg.sizeBytes <= excess
        ? `The partition is over retention.bytes (${retBytes}): this segment is deleted at the next retention check.`
        : `Within retention.bytes (${retBytes} of the partition's ${seg.totalBytes} bytes): older segments go first.`);
    }
  }
  if (policy.includes('compact')) {
    out.push(`cleanup.policy=compact: the cleaner may rewrite it, keeping the latest record of each key; tombstones are dropped after delete.retention.ms (${duration(num('delete.retention.ms', 86_400_000))}).`);
  }
  return out;
}

export async function segment(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined, topic: string, partition: number, baseOffset: number): Promise<SegmentDetail> {
  const { broker, dir, configs } = await leaderDir(conn, local(lifecycle), topic, partition);
  const bases = segmentBaseOffsets(dir);
  if (!bases.includes(baseOffset)) throw new ConsoleError('NOT_FOUND', `Broker ${broker} has no segment ${baseOffset} of ${topic}-${partition} (it may have been deleted by retention).`);
  const all = bases.map((b) => inspectSegment(dir, b));
  const i = bases.indexOf(baseOffset);
  const seg = all[i];
  const logSize = (x: typeof seg) => x.files.find((f) => f.name.endsWith('.log'))?.sizeBytes ?? 0;
  const active = i === bases.length - 1;
  return {
    broker, baseOffset, nextOffset: seg.nextOffset, active, files: seg.files, batches: seg.batches.slice(0, 500),
    offsetIndex: seg.offsetIndex.slice(0, 500), timeIndex: seg.timeIndex.slice(0, 500),
    next: forecast({
      baseOffset, sizeBytes: logSize(seg), maxTimestamp: seg.maxTimestamp, firstTimestamp: seg.batches[0]?.baseTimestamp ?? -1, active,
      bytesBefore: all.slice(0, i).reduce((n, x) => n + logSize(x), 0), totalBytes: all.reduce((n, x) => n + logSize(x), 0),
    }, configs, Date.now()),
  };
}
