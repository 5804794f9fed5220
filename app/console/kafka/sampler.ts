// Samples the cluster every `intervalMs` (1 s by default):
//   - brokers' state and partition health -> 'cluster.state'
//   - per partition end offset and size. The local cluster's brokers say which of their partitions changed
//     since the last sample (engine: partitionChanges), and Metadata is read again only when the cluster's
//     metadata version moves, so an idle sample costs nothing per partition. An external cluster is polled
//     (ListOffsets, DescribeLogDirs) and compared with the last sample.
//   - per group and partition committed offset and lag (partitions with no commit count from the log start),
//     and lag in time: the age of the record at the committed offset. Its timestamp is read with one small
//     Fetch per lagging partition at most, and only when the committed offset moved (a record's timestamp
//     never changes, so it is cached by offset).
// Each sample goes into the metrics history (metrics-store.ts) and out as 'metrics.sample' with per-topic
// rates and (local cluster) per-broker bytes in/out per second from the listeners' counters (bytes in also
// counting what the broker's followers copied from their leaders).
//
// History holds a partition's point only where it tells something: the sample where it changed, the one
// before (its value then, so the rate is that of one interval, as if every sample were stored), the one after
// (the rate falls back to 0), and once a minute for every partition (minute roll-ups and rates across the
// minute stay exact).

import type { BrokerInfo, ClusterStateEvent, MetricsSample } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { describeGroup } from './groups.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import type { BrokerChanges, PartitionChange } from '../../../engine/index.ts';
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

/** A partition as the sampler last saw it on its leader. */
interface Known {
  topic: string;
  partition: number;
  endOffset: number;
  size: number;
  /** Sample numbers: when its figures last changed, and when its point was last written to the history. */
  changed: number;
  written: number;
}

type Metadata = Awaited<ReturnType<typeof readMetadata>>;
const MINUTE = 60_000;

/**
 * Bytes a broker's follower logs grew by, from its changed partitions, updating `followers` (follower log
 * sizes by `${topic}/${partition}`). Only partitions followed before and now count: becoming a follower is no
 * copy of the whole log, and retention shrinking a log is no copy.
 */
export function followerGrowth(followers: Map<string, number>, changes: readonly PartitionChange[]): number {
  let n = 0;
  for (const p of changes) {
    const key = `${p.topic}/${p.partition}`;
    const was = followers.get(key);
    if (p.leader || p.removed) {
      followers.delete(key);
      continue;
    }
    if (was !== undefined && p.size > was) n += p.size - was;
    followers.set(key, p.size);
  }
  return n;
}

export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  /** `${topic}/${partition}@${offset}` -> record timestamp (ms). */
  private readonly timestamps = new Map<string, number>();
  /** Sample number and time of the previous sample. */
  private n = 0;
  private previousAt: number | undefined;
  /** Every live (not offline) partition by `${topic}/${partition}`, and the sums per topic. */
  private known = new Map<string, Known>();
  private topics = new Map<string, { messages: number; bytes: number }>();
  private previousTopics = new Map<string, { messages: number; bytes: number }>();
  /** Metadata and what is derived from it, kept while the local cluster's metadata version stays. */
  private md: { key: string; fresh: boolean; md: Metadata; brokers: BrokerInfo[]; under: number; offline: number; live: { topic: string; partition: number }[] } | undefined;
  /** Per local broker: where its change feed is, its listener counters and its follower logs' sizes. */
  private brokers = new Map<number, { epoch: string; seq: number; bytes: BrokerBytes }>();
  /** Partitions whose figures changed in the previous sample (their point after the change is written). */
  private changedLast = new Set<string>();
  /** Values of partitions as they were before this sample changed them (for the point before a change). */
  private readonly previousValue = new Map<string, { endOffset: number; size: number }>();
  /** Listener counters of the previous sample per broker (for rates). */
  private readonly brokerBytesBefore = new Map<number, { in: number; out: number }>();
  /** Partitions the last sample looked at one by one (tests: an idle local cluster costs none). */
  partitionsVisited = 0;

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

  /** Forget rates, partitions and cached timestamps (after a connection switch). */
  reset(): void {
    this.previousAt = undefined;
    this.known = new Map();
    this.topics = new Map();
    this.previousTopics = new Map();
    this.md = undefined;
    this.brokers = new Map();
    this.changedLast = new Set();
    this.timestamps.clear();
  }

  private async sampleOnce(): Promise<void> {
    const lifecycle = this.lifecycle();
    const n = ++this.n;
    this.partitionsVisited = 0;
    this.previousValue.clear();
    this.brokerBytesBefore.clear();
    const meta = await this.metadata(lifecycle);
    const at = Date.now();
    this.emitState({ at, brokers: meta.brokers, underReplicatedPartitions: meta.under, offlinePartitions: meta.offline });

    const feed = lifecycle?.partitionChanges ? lifecycle : undefined;
    const changed = new Set<string>();
    let copied = new Map<number, number>();
    if (feed) copied = await this.readChanges(feed, n, changed);
    else await this.poll(meta, lifecycle, n, changed);

    // History: see the top of this file for which points are written.
    const prevAt = this.previousAt;
    const keyframe = prevAt === undefined || Math.floor(at / MINUTE) !== Math.floor(prevAt / MINUTE);
    const points: PartitionSample[] = [];
    const before: PartitionSample[] = [];
    const write = (k: Known) => {
      if (k.written === n) return;
      k.written = n;
      points.push({ topic: k.topic, partition: k.partition, endOffset: k.endOffset, size: k.size });
    };
    if (keyframe) for (const k of this.known.values()) write(k);
    for (const key of this.changedLast) {
      const k = this.known.get(key);
      if (k) write(k);
    }
    for (const key of changed) {
      const k = this.known.get(key);
      if (!k) continue;
      const old = this.previousValue.get(key);
      if (old && prevAt !== undefined && k.written < n - 1) before.push({ topic: k.topic, partition: k.partition, endOffset: old.endOffset, size: old.size });
      write(k);
    }
    this.previousValue.clear();
    this.changedLast = changed;
    const groups = this.store ? await this.groupLag(meta.md).catch(() => []) : [];
    if (this.store) {
      if (before.length && prevAt !== undefined) this.store.record(prevAt, before, []);
      this.store.record(at, points, groups);
    }

    const seconds = prevAt !== undefined ? (at - prevAt) / 1000 : 0;
    this.previousAt = at;
    const rate = (now: number, was: number | undefined) => (was !== undefined && seconds > 0 ? Math.max(0, (now - was) / seconds) : 0);
    const prevTopics = this.previousTopics;
    this.previousTopics = new Map([...this.topics].map(([t, v]) => [t, { ...v }]));
    const prevBrokers = this.brokerBytesBefore;
    this.emitMetrics({
      at,
      topics: [...this.topics.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([topic, v]) => ({
        topic, messages: v.messages, messagesPerSec: rate(v.messages, prevTopics.get(topic)?.messages), bytesPerSec: rate(v.bytes, prevTopics.get(topic)?.bytes),
      })),
      ...(lifecycle ? {
        brokers: [...this.brokers].map(([id, b]) => {
          const was = prevBrokers.get(id);
          const copiedPerSec = was && seconds > 0 ? (copied.get(id) ?? 0) / seconds : 0;
          return { id, bytesInPerSec: rate(b.bytes.in, was?.in) + copiedPerSec, bytesOutPerSec: rate(b.bytes.out, was?.out) };
        }),
      } : {}),
    });
  }

  /** A partition's new figures: the per-topic sums follow, and the change is noted for the history. */
  private update(key: string, endOffset: number, size: number, n: number, changed: Set<string>): void {
    const k = this.known.get(key);
    if (!k || (k.endOffset === endOffset && k.size === size)) return;
    if (!this.previousValue.has(key)) this.previousValue.set(key, { endOffset: k.endOffset, size: k.size });
    const t = this.topics.get(k.topic);
    if (t) {
      t.messages += endOffset - k.endOffset;
      t.bytes += Math.max(0, size) - Math.max(0, k.size);
    }
    k.endOffset = endOffset;
    k.size = size;
    k.changed = n;
    changed.add(key);
  }

  /** Metadata: read each sample for an external cluster; for the local one, only when its version moved. */
  private async metadata(lifecycle: BrokerLifecycle | undefined) {
    const version = lifecycle?.metadataVersion?.();
    const key = version === undefined ? '' : `${version}|${lifecycle!.status().map((b) => `${b.id}:${b.state}`).join(',')}`;
    // Brokers apply a new image a moment after it is published: read once more on the sample after a change.
    if (this.md && version !== undefined && this.md.key === key && !this.md.fresh) return this.md;
    const md = await readMetadata(this.conn);
    let under = 0;
    let offline = 0;
    const live: { topic: string; partition: number }[] = [];
    for (const [name, t] of md.topics) {
      t.partitions.forEach((p, i) => {
        const h = partitionHealth(p);
        if (h === 'offline') offline++;
        else live.push({ topic: name, partition: i });
        if (h === 'under-replicated') under++;
      });
    }
    this.md = { key, fresh: this.md?.key !== key, md, brokers: brokerList(md, lifecycle), under, offline, live };
    // The live partitions: new ones start unknown (-1 until their leader reports), gone ones leave the sums.
    const next = new Map<string, Known>();
    for (const p of live) {
      const key = `${p.topic}/${p.partition}`;
      next.set(key, this.known.get(key) ?? { ...p, endOffset: 0, size: -1, changed: this.n, written: -1 });
    }
    const learned = [...next.keys()].some((k) => !this.known.has(k));
    this.known = next;
    this.topics = new Map();
    for (const k of next.values()) {
      const t = this.topics.get(k.topic) ?? { messages: 0, bytes: 0 };
      t.messages += k.endOffset;
      t.bytes += Math.max(0, k.size);
      this.topics.set(k.topic, t);
    }
    // A partition that appeared must be read in full from its leader: ask every broker from the start.
    if (learned) for (const b of this.brokers.values()) b.seq = 0;
    return this.md;
  }

  /** Local cluster: each running broker's changes since its last answer. Returns bytes copied per broker. */
  private async readChanges(lifecycle: BrokerLifecycle, n: number, changed: Set<string>): Promise<Map<number, number>> {
    const running = lifecycle.status().filter((b) => b.state === 'running');
    for (const id of this.brokers.keys()) if (!running.some((b) => b.id === id)) this.brokers.delete(id);
    const answers = await Promise.all(running.map(async (b) => {
      const cursor = this.brokers.get(b.id);
      return [b.id, await lifecycle.partitionChanges!(b.id, cursor?.seq ?? 0).catch(() => undefined)] as const;
    }));
    const copied = new Map<number, number>();
    for (const [id, answer] of answers) {
      if (!answer) continue;
      let cursor = this.brokers.get(id);
      if (cursor && cursor.epoch !== answer.epoch) {
        // A restarted broker: its feed starts again; ask it for everything.
        this.brokers.delete(id);
        cursor = undefined;
        const full = await lifecycle.partitionChanges!(id, 0).catch(() => undefined);
        if (!full) continue;
        copied.set(id, this.apply(id, full, undefined, n, changed));
      } else {
        copied.set(id, this.apply(id, answer, cursor, n, changed));
      }
    }
    return copied;
  }

  private apply(id: number, answer: BrokerChanges, cursor: { epoch: string; seq: number; bytes: BrokerBytes } | undefined, n: number, changed: Set<string>): number {
    const followers = cursor?.bytes.followers ?? new Map<string, number>();
    if (cursor) this.brokerBytesBefore.set(id, { in: cursor.bytes.in, out: cursor.bytes.out });
    for (const p of answer.partitions) {
      this.partitionsVisited++;
      if (p.leader && !p.removed) this.update(`${p.topic}/${p.partition}`, p.highWatermark, p.size, n, changed);
    }
    const copied = followerGrowth(followers, answer.partitions);
    this.brokers.set(id, { epoch: answer.epoch, seq: answer.seq, bytes: { in: answer.listener.bytesIn, out: answer.listener.bytesOut, followers } });
    return copied;
  }

  /** External cluster (or a lifecycle without a change feed): every partition read, compared with the last. */
  private async poll(meta: NonNullable<Sampler['md']>, lifecycle: BrokerLifecycle | undefined, n: number, changed: Set<string>): Promise<void> {
    const [latest, sizes] = await Promise.all([listOffsets(this.conn, meta.live, BigInt(LATEST_TIMESTAMP)), this.sizes(meta.md, lifecycle)]);
    for (const [key, endOffset] of latest) {
      this.partitionsVisited++;
      this.update(key, endOffset, sizes.get(key) ?? -1, n, changed);
    }
  }

  /** Leader log sizes per `${topic}/${partition}`: broker stats for the local cluster, DescribeLogDirs otherwise. */
  private async sizes(md: Metadata, lifecycle: BrokerLifecycle | undefined): Promise<Map<string, number>> {
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

  /** Every group's per-partition lag, with the age of the oldest unconsumed record. */
  private async groupLag(md: Metadata): Promise<GroupPartitionSample[]> {
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
  private async timestampAt(md: Metadata, topic: string, partition: number, offset: number): Promise<number | undefined> {
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
