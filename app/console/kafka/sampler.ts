// Samples the cluster every `intervalMs` (1 s by default):
//   - brokers' state and partition health -> 'cluster.state'
//   - per partition end offset (ListOffsets) and size (local: broker stats; external: DescribeLogDirs)
//   - per group and partition committed offset and lag (partitions with no commit count from the log start),
//     and lag in time: the age of the record at the committed offset. Its timestamp is read with one small
//     Fetch per lagging partition at most, and only when the committed offset moved (a record's timestamp
//     never changes, so it is cached by offset).
// Each sample goes into the metrics history (metrics-store.ts) and out as 'metrics.sample' with per-topic
// rates and (local cluster) per-broker bytes in/out per second from the listeners' counters (bytes in also
// counting what the broker's followers copied from their leaders).

import type { ClusterStateEvent, MetricsSample } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { describeGroup } from './groups.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { bareBrokerInfo } from './local-cluster.ts';
import type { GroupPartitionSample, MetricsStore, PartitionSample } from '../stores/metrics-store.ts';
import { brokerList, listOffsets, logDirs, partitionHealth, readMetadata } from './overview.ts';
import { LATEST_TIMESTAMP } from '../../../engine/index.ts';

const TIMESTAMP_CACHE_MAX = 10_000;

/**
 * A broker's byte counters. A follower's replication fetches go out through its own client, not its
 * listener, so what it copies in is read off its follower logs' growth (else a catching-up follower shows
 * 0 B/s in while it fetches MiB/s).
 */
interface BrokerBytes { in: number; out: number; followers: Map<string, number> }

/** Bytes the follower logs grew by: only partitions followed in both samples (a leadership change is no copy). */
export function copiedSince(before: Map<string, number>, now: Map<string, number>): number {
  let n = 0;
  for (const [k, size] of now) {
    const b = before.get(k);
    if (b !== undefined && size > b) n += size - b;
  }
  return n;
}

export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private previous: { at: number; messages: Map<string, number>; bytes: Map<string, number>; brokers: Map<number, BrokerBytes> } | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  /** `${topic}/${partition}@${offset}` -> record timestamp (ms). */
  private readonly timestamps = new Map<string, number>();

  constructor(
    private readonly conn: KafkaConnection,
    private readonly lifecycle: () => BrokerLifecycle | undefined,
    private readonly emitState: (e: ClusterStateEvent) => void,
    private readonly emitMetrics: (e: MetricsSample) => void,
    private readonly intervalMs = 1000,
    private readonly store?: MetricsStore,
  ) {}

  start(): void {
    const tick = async () => {
      try {
        await this.sample();
      } catch {
        // The cluster not answering is itself a state: report the brokers the engine knows.
        const lifecycle = this.lifecycle();
        if (lifecycle) this.emitState({ at: Date.now(), brokers: lifecycle.status().map(bareBrokerInfo), underReplicatedPartitions: 0, offlinePartitions: 0 });
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.intervalMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  /** Take one sample now (also used right after a broker action, so the UI sees it at once). One at a time. */
  sample(): Promise<void> {
    this.running ??= this.sampleOnce().finally(() => { this.running = undefined; });
    return this.running;
  }

  /** Forget rates and cached timestamps (after a connection switch). */
  reset(): void {
    this.previous = undefined;
    this.timestamps.clear();
  }

  private async sampleOnce(): Promise<void> {
    const lifecycle = this.lifecycle();
    const md = await readMetadata(this.conn);
    let under = 0;
    let offline = 0;
    const partitions: { topic: string; partition: number }[] = [];
    for (const [name, t] of md.topics) {
      t.partitions.forEach((p, i) => {
        const h = partitionHealth(p);
        if (h === 'offline') offline++;
        else partitions.push({ topic: name, partition: i });
        if (h === 'under-replicated') under++;
      });
    }
    const at = Date.now();
    this.emitState({ at, brokers: brokerList(md, lifecycle), underReplicatedPartitions: under, offlinePartitions: offline });

    const [latest, sizes, brokerBytes] = await Promise.all([
      listOffsets(this.conn, partitions, BigInt(LATEST_TIMESTAMP)),
      this.sizes(md, lifecycle),
      this.brokerBytes(lifecycle),
    ]);
    const messages = new Map<string, number>();
    const bytes = new Map<string, number>();
    const points: PartitionSample[] = [];
    for (const [k, v] of latest) {
      const i = k.lastIndexOf('/');
      const topic = k.slice(0, i);
      const size = sizes.get(k) ?? -1;
      messages.set(topic, (messages.get(topic) ?? 0) + v);
      bytes.set(topic, (bytes.get(topic) ?? 0) + Math.max(0, size));
      points.push({ topic, partition: Number(k.slice(i + 1)), endOffset: v, size });
    }
    const groups = this.store ? await this.groupLag(md).catch(() => []) : [];
    this.store?.record(at, points, groups);

    const prev = this.previous;
    this.previous = { at, messages, bytes, brokers: brokerBytes };
    const seconds = prev ? (at - prev.at) / 1000 : 0;
    const rate = (now: number, before: number | undefined) => (before !== undefined && seconds > 0 ? Math.max(0, (now - before) / seconds) : 0);
    this.emitMetrics({
      at,
      topics: [...messages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([topic, n]) => ({
        topic, messages: n, messagesPerSec: rate(n, prev?.messages.get(topic)), bytesPerSec: rate(bytes.get(topic) ?? 0, prev?.bytes.get(topic)),
      })),
      ...(lifecycle ? {
        brokers: [...brokerBytes].map(([id, b]) => {
          const before = prev?.brokers.get(id);
          const copied = before && seconds > 0 ? copiedSince(before.followers, b.followers) / seconds : 0;
          return { id, bytesInPerSec: rate(b.in, before?.in) + copied, bytesOutPerSec: rate(b.out, before?.out) };
        }),
      } : {}),
    });
  }

  /** Leader log sizes per `${topic}/${partition}`: broker stats for the local cluster, DescribeLogDirs otherwise. */
  private async sizes(md: Awaited<ReturnType<typeof readMetadata>>, lifecycle: BrokerLifecycle | undefined): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    if (lifecycle) {
      const running = lifecycle.status().filter((b) => b.state === 'running');
      const stats = await Promise.all(running.map((b) => lifecycle.brokerStats(b.id).catch(() => undefined)));
      for (const s of stats) for (const p of s?.partitions ?? []) if (p.leader) out.set(`${p.topic}/${p.partition}`, p.size);
      return out;
    }
    const dirs = await logDirs(this.conn, md.topics);
    for (const [k, list] of dirs) {
      const [topic, partition] = [k.slice(0, k.lastIndexOf('/')), Number(k.slice(k.lastIndexOf('/') + 1))];
      const leader = md.topics.get(topic)?.partitions[partition]?.leader;
      const d = list.find((x) => x.broker === leader);
      if (d) out.set(k, d.size);
    }
    return out;
  }

  private async brokerBytes(lifecycle: BrokerLifecycle | undefined): Promise<Map<number, BrokerBytes>> {
    const out = new Map<number, BrokerBytes>();
    if (!lifecycle) return out;
    const running = lifecycle.status().filter((b) => b.state === 'running');
    const stats = await Promise.all(running.map((b) => lifecycle.brokerStats(b.id).catch(() => undefined)));
    for (const s of stats) {
      if (!s) continue;
      const followers = new Map<string, number>();
      for (const p of s.partitions) if (!p.leader) followers.set(`${p.topic}/${p.partition}`, p.size);
      out.set(s.id, { in: s.listener.bytesIn, out: s.listener.bytesOut, followers });
    }
    return out;
  }

  /** Every group's per-partition lag, with the age of the oldest unconsumed record. */
  private async groupLag(md: Awaited<ReturnType<typeof readMetadata>>): Promise<GroupPartitionSample[]> {
    const groups = await this.conn.admin.listGroups();
    const out: GroupPartitionSample[] = [];
    const now = Date.now();
    await Promise.all([...groups.keys()].map(async (groupId) => {
      const d = await describeGroup(this.conn, groupId).catch(() => undefined);
      if (!d) return;
      await Promise.all(d.offsets.map(async (o) => {
        let lagMs: number | null = null;
        if (o.lag > 0) {
          const position = o.committed ?? o.endOffset - o.lag;
          const ts = await this.timestampAt(md, o.topic, o.partition, position);
          if (ts !== undefined) lagMs = Math.max(0, now - ts);
        }
        out.push({ groupId, topic: o.topic, partition: o.partition, committed: o.committed, lag: o.lag, lagMs });
      }));
    }));
    return out;
  }

  /** The timestamp of the record at `offset` (one small Fetch, cached), or undefined. */
  private async timestampAt(md: Awaited<ReturnType<typeof readMetadata>>, topic: string, partition: number, offset: number): Promise<number | undefined> {
    const key = `${topic}/${partition}@${offset}`;
    const cached = this.timestamps.get(key);
    if (cached !== undefined) return cached;
    const t = md.topics.get(topic);
    const leader = t?.partitions[partition]?.leader ?? -1;
    if (!t || leader < 0) return undefined;
    try {
      const res = await this.conn.fetcher.fetch({
        node: leader, maxWaitTime: 0, minBytes: 1, maxBytes: 64 * 1024,
        topics: [{ topicId: t.id, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: 64 * 1024 }] }],
      });
      for (const batch of res.responses[0]?.partitions[0]?.records ?? []) {
        for (const r of batch.records) {
          if (Number(batch.firstOffset) + r.offsetDelta < offset) continue;
          const ts = Number(batch.firstTimestamp + r.timestampDelta);
          if (this.timestamps.size >= TIMESTAMP_CACHE_MAX) this.timestamps.clear();
          this.timestamps.set(key, ts);
          return ts;
        }
      }
    } catch {
      // Lag in time is a detail; the lag in records is still recorded.
    }
    return undefined;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
