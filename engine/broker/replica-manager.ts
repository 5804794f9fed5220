// The partitions this broker hosts, and the produce/fetch/list-offsets paths over their logs.
//
// A partition is hosted when the metadata image lists this broker among its replicas; its log is created
// on first sight and deleted when the topic leaves the image. As leader, the broker appends producer
// batches, tracks each follower's log end offset from the offsets they fetch at, and moves the high
// watermark to the smallest log end offset in the ISR. Consumers read below the high watermark; followers
// up to the log end. As follower it is fed by a ReplicaFetcher (replica-fetcher.ts).
//
// ISR (Kafka's rules): a follower that has not caught up with the leader's log end for
// replica.lag.time.max.ms leaves the ISR; a follower whose log end reaches the high watermark (and the
// start of the current leader epoch) joins it again. The leader asks the controller (AlterPartition).
//
// acks=all waits until the high watermark passes the appended batches (Kafka's DelayedProduce), failing
// with REQUEST_TIMED_OUT after the request's timeout, NOT_LEADER_OR_FOLLOWER when leadership moves, and
// NOT_ENOUGH_REPLICAS up front when the ISR is smaller than min.insync.replicas.
//
// Fetch long-polls as Kafka's DelayedFetch does: with fewer than min.bytes available the request waits for
// an append to one of its partitions (or max.wait.ms), then reads again.

import { KafkaError, ErrorCode } from '../protocol/error-codes.ts';
import type { LogManager } from '../storage/log-manager.ts';
import type { PartitionLog, AppendResult } from '../storage/partition-log.ts';
import type { MetadataView, PartitionImage } from './metadata-image.ts';
import type { LogConfig } from '../storage/log-config.ts';

export interface FollowerState {
  logEndOffset: number;
  /** Last time this follower's fetch offset reached the leader's log end. */
  lastCaughtUpMs: number;
}

export interface HostedPartition {
  topic: string;
  partition: number;
  topicId: string;
  log: PartitionLog;
  leader: number;
  leaderEpoch: number;
  partitionEpoch: number;
  replicas: number[];
  isr: number[];
  /** Leader only: the followers' progress. */
  followers: Map<number, FollowerState>;
  /** Leader only: log end offset when this leader epoch began (a follower must reach it to rejoin the ISR). */
  epochStartOffset: number;
  /** An AlterPartition is on its way; do not send another. */
  isrChangePending: boolean;
  /**
   * Kafka's "maximal ISR" (KIP-497): while an expansion is pending, the followers being added already count
   * for the high watermark, so nothing is acknowledged that a soon-to-be ISR member (and possible next
   * leader) lacks. Shrinks take effect only once the controller has committed them.
   */
  maximalIsr: number[];
}

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
}

export interface FetchPartitionResult {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  records: Buffer | null;
}

export interface FetchParams {
  replicaId: number; // -1 for consumers
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  partitions: FetchPartitionRequest[];
}

export interface IsrChange {
  topic: string;
  partition: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: number[];
}

export interface ReplicaManagerHooks {
  /** Ask the controller to change a partition's ISR; resolves when the new image has arrived. */
  alterIsr(change: IsrChange): Promise<void>;
  /** This broker became a follower (or its leader changed): the fetchers take it from here. */
  followerChanged(hp: HostedPartition | undefined, topic: string, partition: number): void;
  clock?: () => number;
  replicaLagTimeMaxMs: number;
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

interface HighWatermarkWaiter {
  offset: number;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class ReplicaManager {
  private readonly hosted = new Map<string, HostedPartition>();
  /** Waiters of long-polling fetches, by partition key. */
  private readonly waiters = new Map<string, Set<() => void>>();
  /** acks=all produces waiting for the high watermark, by partition key. */
  private readonly hwWaiters = new Map<string, Set<HighWatermarkWaiter>>();
  private readonly clock: () => number;

  constructor(
    readonly brokerId: number,
    private readonly logs: LogManager,
    private readonly configFor: (topic: string) => LogConfig,
    private readonly hooks: ReplicaManagerHooks,
  ) {
    this.clock = hooks.clock ?? Date.now;
  }

  partition(topic: string, partition: number): HostedPartition | undefined {
    return this.hosted.get(key(topic, partition));
  }

  all(): HostedPartition[] {
    return [...this.hosted.values()];
  }

  /** Brings the hosted set in line with a new metadata image. */
  applyMetadata(view: MetadataView): void {
    const seen = new Set<string>();
    for (const t of view.image.topics) {
      for (const p of t.partitions) {
        if (!p.replicas.includes(this.brokerId)) continue;
        const k = key(t.name, p.partition);
        seen.add(k);
        let hp = this.hosted.get(k);
        if (hp && hp.topicId !== t.topicId) {
          // Same name, new topic id: the topic was deleted and recreated.
          this.drop(k, hp);
          hp = undefined;
        }
        if (!hp) {
          const log = this.logs.getOrCreate({ topic: t.name, partition: p.partition }, this.configFor(t.name));
          hp = {
            topic: t.name, partition: p.partition, topicId: t.topicId, log, leader: -1, leaderEpoch: -1, partitionEpoch: -1,
            replicas: [], isr: [], followers: new Map(), epochStartOffset: 0, isrChangePending: false, maximalIsr: [],
          };
          this.hosted.set(k, hp);
        }
        this.update(hp, p);
      }
    }
    for (const [k, hp] of this.hosted) if (!seen.has(k)) this.drop(k, hp);
    // Logs on disk for partitions no longer assigned here (e.g. a topic deleted while this broker was down).
    for (const { tp } of this.logs.all()) {
      if (!seen.has(key(tp.topic, tp.partition))) this.logs.delete(tp);
    }
  }

  private drop(k: string, hp: HostedPartition): void {
    this.hosted.delete(k);
    this.failHighWatermarkWaiters(k, new KafkaError('NOT_LEADER_OR_FOLLOWER', `${hp.topic}-${hp.partition} was deleted`));
    this.hooks.followerChanged(undefined, hp.topic, hp.partition);
    this.logs.delete({ topic: hp.topic, partition: hp.partition });
    this.wake(k);
  }

  private update(hp: HostedPartition, p: PartitionImage): void {
    const wasLeader = hp.leader === this.brokerId;
    const epochChanged = p.leaderEpoch !== hp.leaderEpoch;
    hp.leader = p.leader;
    hp.leaderEpoch = p.leaderEpoch;
    hp.replicas = p.replicas;
    // A pending AlterPartition stays pending through images that do not change this partition.
    if (p.partitionEpoch !== hp.partitionEpoch || !hp.isrChangePending) {
      hp.maximalIsr = p.isr;
      hp.isrChangePending = false;
    }
    hp.isr = p.isr;
    hp.partitionEpoch = p.partitionEpoch;
    hp.log.updateConfig(this.configFor(hp.topic));
    const isLeader = hp.leader === this.brokerId;
    const k = key(hp.topic, hp.partition);
    if (isLeader && (!wasLeader || epochChanged)) {
      // Becoming leader (Kafka's makeLeader): followers start unknown, at the log start.
      hp.epochStartOffset = hp.log.logEndOffset;
      const now = this.clock();
      hp.followers = new Map(hp.replicas.filter((r) => r !== this.brokerId).map((r) => [r, { logEndOffset: -1, lastCaughtUpMs: now }]));
    }
    if (!isLeader) {
      if (wasLeader) this.failHighWatermarkWaiters(k, new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} is no longer the leader of ${hp.topic}-${hp.partition}`));
      hp.followers = new Map();
      this.hooks.followerChanged(hp, hp.topic, hp.partition);
    } else {
      this.hooks.followerChanged(undefined, hp.topic, hp.partition);
      this.maybeAdvanceHighWatermark(hp);
    }
    this.wake(k);
  }

  /** Config changes (AlterConfigs) reach the open logs. */
  refreshConfigs(topic: string): void {
    for (const hp of this.hosted.values()) if (hp.topic === topic) hp.log.updateConfig(this.configFor(topic));
  }

  /** High watermark = the smallest log end offset among the ISR (the leader's own included). */
  private maybeAdvanceHighWatermark(hp: HostedPartition): void {
    let hw = hp.log.logEndOffset;
    for (const r of hp.maximalIsr) {
      if (r === this.brokerId) continue;
      const f = hp.followers.get(r);
      hw = Math.min(hw, f ? Math.max(f.logEndOffset, 0) : 0);
    }
    if (hw > hp.log.highWatermark) {
      hp.log.setHighWatermark(hw);
      this.completeHighWatermarkWaiters(hp);
      this.wake(key(hp.topic, hp.partition));
    }
  }

  /** A follower fetched at `fetchOffset`: that is its log end offset (Kafka's updateFollowerFetchState). */
  recordFollowerFetch(hp: HostedPartition, replicaId: number, fetchOffset: number): void {
    const f = hp.followers.get(replicaId);
    if (!f) return;
    const now = this.clock();
    f.logEndOffset = fetchOffset;
    if (fetchOffset >= hp.log.logEndOffset) f.lastCaughtUpMs = now;
    // Rejoin: caught up to the high watermark and into the current epoch.
    if (!hp.isr.includes(replicaId) && fetchOffset >= hp.log.highWatermark && fetchOffset >= hp.epochStartOffset) {
      this.requestIsrChange(hp, [...hp.isr, replicaId].sort((a, b) => a - b));
    }
    this.maybeAdvanceHighWatermark(hp);
  }

  /** Periodic: followers lagging longer than replica.lag.time.max.ms leave the ISR. */
  shrinkIsrs(): void {
    const now = this.clock();
    for (const hp of this.hosted.values()) {
      if (hp.leader !== this.brokerId || hp.isrChangePending) continue;
      const lagging = hp.isr.filter((r) => {
        if (r === this.brokerId) return false;
        const f = hp.followers.get(r);
        return !f || now - f.lastCaughtUpMs > this.hooks.replicaLagTimeMaxMs;
      });
      if (lagging.length > 0) this.requestIsrChange(hp, hp.isr.filter((r) => !lagging.includes(r)));
    }
  }

  private requestIsrChange(hp: HostedPartition, isr: number[]): void {
    if (hp.isrChangePending) return;
    hp.isrChangePending = true;
    hp.maximalIsr = [...new Set([...hp.isr, ...isr])];
    this.hooks
      .alterIsr({ topic: hp.topic, partition: hp.partition, leaderEpoch: hp.leaderEpoch, partitionEpoch: hp.partitionEpoch, isr })
      .catch(() => undefined)
      .finally(() => {
        // On success the new image has already reset both; on refusal fall back to the committed ISR.
        if (hp.isrChangePending) {
          hp.isrChangePending = false;
          hp.maximalIsr = hp.isr;
        }
        if (hp.leader === this.brokerId) this.maybeAdvanceHighWatermark(hp);
      });
  }

  /** The partition if this broker leads it at the given epoch, else Kafka's error. */
  leaderPartition(topic: string, partition: number, view: MetadataView, currentLeaderEpoch = -1): HostedPartition {
    const hp = this.partition(topic, partition);
    if (!hp) {
      const known = view.partition(topic, partition);
      if (!known) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${topic}-${partition} does not exist`);
      throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} does not host ${topic}-${partition}`);
    }
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch < hp.leaderEpoch) {
      throw new KafkaError('FENCED_LEADER_EPOCH', `leader epoch ${currentLeaderEpoch} is older than ${hp.leaderEpoch}`);
    }
    if (currentLeaderEpoch > hp.leaderEpoch) throw new KafkaError('UNKNOWN_LEADER_EPOCH', `leader epoch ${currentLeaderEpoch} is newer than ${hp.leaderEpoch}`);
    if (hp.leader !== this.brokerId) throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} is not the leader of ${topic}-${partition}`);
    return hp;
  }

  /** Appends a producer's batches to a partition this broker leads. */
  appendAsLeader(hp: HostedPartition, records: Buffer, requiredAcks: number): AppendResult {
    if (requiredAcks === -1 && hp.isr.length < hp.log.logConfig.minInsyncReplicas) {
      throw new KafkaError('NOT_ENOUGH_REPLICAS', `The size of the current ISR ${JSON.stringify(hp.isr)} is insufficient to satisfy the min.isr requirement of ${hp.log.logConfig.minInsyncReplicas} for partition ${hp.topic}-${hp.partition}`);
    }
    const result = hp.log.appendAsLeader(records, hp.leaderEpoch);
    this.maybeAdvanceHighWatermark(hp);
    this.wake(key(hp.topic, hp.partition));
    return result;
  }

  /** acks=all: resolves when the high watermark reaches `offset` (exclusive end of the appended batches). */
  waitForHighWatermark(hp: HostedPartition, offset: number, timeoutMs: number): Promise<void> {
    if (hp.log.highWatermark >= offset) return Promise.resolve();
    const k = key(hp.topic, hp.partition);
    return new Promise((resolve, reject) => {
      let set = this.hwWaiters.get(k);
      if (!set) this.hwWaiters.set(k, (set = new Set()));
      const w: HighWatermarkWaiter = {
        offset,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        this.hwWaiters.get(k)?.delete(w);
        reject(new KafkaError('REQUEST_TIMED_OUT', `the ISR of ${hp.topic}-${hp.partition} did not acknowledge offset ${offset - 1} within ${timeoutMs} ms`));
      }, Math.max(0, timeoutMs));
      set.add(w);
    });
  }

  private completeHighWatermarkWaiters(hp: HostedPartition): void {
    const set = this.hwWaiters.get(key(hp.topic, hp.partition));
    if (!set) return;
    const hw = hp.log.highWatermark;
    for (const w of set) {
      if (hw >= w.offset) {
        set.delete(w);
        w.resolve();
      }
    }
  }

  private failHighWatermarkWaiters(k: string, e: Error): void {
    const set = this.hwWaiters.get(k);
    if (!set) return;
    this.hwWaiters.delete(k);
    for (const w of set) w.reject(e);
  }

  private wake(k: string): void {
    const set = this.waiters.get(k);
    if (!set) return;
    this.waiters.delete(k);
    for (const fn of set) fn();
  }

  private readOnce(params: FetchParams, view: MetadataView): { results: FetchPartitionResult[]; bytes: number; error: boolean } {
    let remaining = params.maxBytes;
    let bytes = 0;
    let error = false;
    const results = params.partitions.map((p): FetchPartitionResult => {
      try {
        const hp = this.leaderPartition(p.topic, p.partition, view, p.currentLeaderEpoch);
        const log = hp.log;
        if (params.replicaId >= 0) this.recordFollowerFetch(hp, params.replicaId, p.fetchOffset);
        const maxOffset = params.replicaId >= 0 ? log.logEndOffset : log.highWatermark;
        const limit = Math.max(0, Math.min(p.partitionMaxBytes, remaining));
        const records = log.read(p.fetchOffset, limit, { maxOffset, minOneBatch: bytes === 0 });
        remaining -= records.length;
        bytes += records.length;
        return { errorCode: 0, highWatermark: log.highWatermark, lastStableOffset: log.highWatermark, logStartOffset: log.logStartOffset, records };
      } catch (e) {
        error = true;
        return { errorCode: e instanceof KafkaError ? e.code : ErrorCode.UNKNOWN_SERVER_ERROR, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: null };
      }
    });
    return { results, bytes, error };
  }

  /** Fetch with Kafka's long-poll semantics. */
  async fetch(params: FetchParams, view: () => MetadataView): Promise<FetchPartitionResult[]> {
    const deadline = this.clock() + Math.max(0, params.maxWaitMs);
    for (;;) {
      const r = this.readOnce(params, view());
      const now = this.clock();
      if (r.error || r.bytes >= Math.max(1, params.minBytes) || now >= deadline || params.partitions.length === 0) return r.results;
      await this.waitForAppend(params.partitions, deadline - now);
    }
  }

  private waitForAppend(partitions: { topic: string; partition: number }[], ms: number): Promise<void> {
    return new Promise((resolve) => {
      const keys = partitions.map((p) => key(p.topic, p.partition));
      const done = () => {
        clearTimeout(timer);
        for (const k of keys) this.waiters.get(k)?.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      for (const k of keys) {
        let set = this.waiters.get(k);
        if (!set) this.waiters.set(k, (set = new Set()));
        set.add(done);
      }
    });
  }

  /** Shutdown: wake every waiting fetch and fail every waiting produce. */
  wakeAll(): void {
    for (const k of [...this.waiters.keys()]) this.wake(k);
    for (const k of [...this.hwWaiters.keys()]) this.failHighWatermarkWaiters(k, new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} is shutting down`));
  }
}
