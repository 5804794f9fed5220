// The partitions this broker hosts, and the produce/fetch/list-offsets paths over their logs.
//
// A partition is hosted when the metadata image lists this broker among its replicas; its log is created
// on first sight and deleted when the topic leaves the image. The leader appends producer batches and
// serves consumers below the high watermark; the high watermark is the smallest log end offset in the ISR
// (with only the leader in the ISR, its own log end).
//
// Fetch long-polls as Kafka's DelayedFetch does: when fewer than min.bytes are available the request waits
// until an append to one of its partitions (or max.wait.ms), then reads again.

import { KafkaError, ErrorCode } from '../protocol/error-codes.ts';
import type { LogManager } from '../storage/log-manager.ts';
import type { PartitionLog, AppendResult } from '../storage/partition-log.ts';
import type { MetadataView, PartitionImage } from './metadata-image.ts';
import type { LogConfig } from '../storage/log-config.ts';

export interface HostedPartition {
  topic: string;
  partition: number;
  topicId: string;
  log: PartitionLog;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
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

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;

export class ReplicaManager {
  private readonly hosted = new Map<string, HostedPartition>();
  /** Waiters of long-polling fetches, by partition key. */
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    readonly brokerId: number,
    private readonly logs: LogManager,
    private readonly configFor: (topic: string) => LogConfig,
  ) {}

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
        const existing = this.hosted.get(k);
        if (existing && existing.topicId === t.topicId) {
          this.update(existing, p);
          continue;
        }
        if (existing) this.logs.delete({ topic: t.name, partition: p.partition }); // same name, new topic id: a recreated topic
        const log = this.logs.getOrCreate({ topic: t.name, partition: p.partition }, this.configFor(t.name));
        log.updateConfig(this.configFor(t.name));
        const hp: HostedPartition = { topic: t.name, partition: p.partition, topicId: t.topicId, log, leader: -1, leaderEpoch: -1, replicas: [], isr: [] };
        this.hosted.set(k, hp);
        this.update(hp, p);
      }
    }
    for (const [k, hp] of this.hosted) {
      if (seen.has(k)) continue;
      this.hosted.delete(k);
      this.logs.delete({ topic: hp.topic, partition: hp.partition });
      this.wake(k);
    }
    // Logs on disk for partitions no longer assigned here (topic deleted while this broker was down).
    for (const { tp } of this.logs.all()) {
      if (!seen.has(key(tp.topic, tp.partition))) this.logs.delete(tp);
    }
  }

  private update(hp: HostedPartition, p: PartitionImage): void {
    hp.leader = p.leader;
    hp.leaderEpoch = p.leaderEpoch;
    hp.replicas = p.replicas;
    hp.isr = p.isr;
    hp.log.updateConfig(this.configFor(hp.topic));
    if (hp.leader === this.brokerId) this.maybeAdvanceHighWatermark(hp);
  }

  /** Config changes (AlterConfigs) reach the open logs. */
  refreshConfigs(topic: string): void {
    for (const hp of this.hosted.values()) if (hp.topic === topic) hp.log.updateConfig(this.configFor(topic));
  }

  private maybeAdvanceHighWatermark(hp: HostedPartition): void {
    // Replication will feed follower log end offsets here; with the leader alone in the ISR it is its own.
    if (hp.isr.length <= 1) hp.log.setHighWatermark(hp.log.logEndOffset);
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
      throw new KafkaError('NOT_ENOUGH_REPLICAS', `ISR ${JSON.stringify(hp.isr)} is smaller than min.insync.replicas ${hp.log.logConfig.minInsyncReplicas}`);
    }
    const result = hp.log.appendAsLeader(records, hp.leaderEpoch);
    this.maybeAdvanceHighWatermark(hp);
    this.wake(key(hp.topic, hp.partition));
    return result;
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
    const deadline = Date.now() + Math.max(0, params.maxWaitMs);
    for (;;) {
      const r = this.readOnce(params, view());
      const now = Date.now();
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

  /** Wakes every waiting fetch (shutdown). */
  wakeAll(): void {
    for (const k of [...this.waiters.keys()]) this.wake(k);
  }
}
