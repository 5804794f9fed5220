// The partitions this broker hosts, and the routes of produce, fetch and ISR checks to them (Kafka's
// ReplicaManager). The state of each partition lives in its Partition (partition.ts); acks=all waits in
// DelayedProduce (delayed-produce.ts); long-polling fetches in DelayedFetch (delayed-fetch.ts).
//
// A partition is hosted when the metadata image lists this broker among its replicas; its log is created
// on first sight and deleted when the topic leaves the image (or is recreated under a new topic id). As
// follower it is fed by a ReplicaFetcher (replica-fetcher.ts): followerChanged hands it over.
// Consumers read below the high watermark (READ_COMMITTED: below the last stable offset); followers up to the log end, and each follower fetch tells the
// leader's Partition how far that follower is.
//
// Logs open lazily (log-manager.ts): a hosted partition is made from the image alone and its log opens on
// first use, so applying an image with thousands of partitions reads no file.
//
// A log that cannot be opened (EMFILE, EIO, a directory removed) makes that one partition offline on this
// broker (Kafka's offline replica): requests for it get KAFKA_STORAGE_ERROR, every other partition keeps
// serving, and the next metadata image tries to open it again. The change is reported to the controller
// (Kafka's offline log dir path): an offline replica leaves the ISR and leadership moves to another member;
// when a retry opens the log, the replica is reported online and rejoins the ISR as any follower does.

import { KafkaError, ErrorCode } from '../protocol/error-codes.ts';
import { tpKey, type LogManager, type TopicPartition } from '../storage/log-manager.ts';
import type { AppendResult } from '../storage/partition-log.ts';
import type { LogConfig } from '../storage/log-config.ts';
import type { TxnMarkerType } from '../storage/control-batch.ts';
import { realScheduler, type Scheduler } from './scheduler.ts';
import type { MetadataView } from './metadata-image.ts';
import { Partition, type AlterPartitionOutcome, type IsrChange } from './partition.ts';
import { DelayedProduce } from './delayed-produce.ts';
import { AwaitedFollowers, SHORT_WAIT_MS } from './awaited-followers.ts';
import { DelayedFetch, type FetchRead, type FetchWaitParams } from './delayed-fetch.ts';

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
  /** READ_COMMITTED: the aborted transactions overlapping what was read (null for READ_UNCOMMITTED). */
  abortedTransactions: { producerId: number; firstOffset: number }[] | null;
  /** The read reached the end of what this fetcher may read: nothing more until the partition changes. */
  drained?: boolean;
}

export interface FetchParams {
  replicaId: number; // -1 for consumers
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  /** 0 READ_UNCOMMITTED (up to the high watermark), 1 READ_COMMITTED (up to the last stable offset). */
  isolationLevel?: number;
  partitions: FetchPartitionRequest[];
}

export interface ReplicaManagerHooks {
  /** AlterPartition to the controller; resolves with its answer once the resulting image has arrived. */
  alterPartition(change: IsrChange): Promise<AlterPartitionOutcome>;
  /** This broker became a follower (or its leader changed): the fetchers take it from here. */
  followerChanged(p: Partition | undefined, topic: string, partition: number): void;
  /** Time and timers; realScheduler unless a test passes its own. */
  scheduler?: Scheduler;
  replicaLagTimeMaxMs: number;
  /** Tells the controller which replicas went offline or came back (batched per turn of the event loop). */
  replicaStatesChanged?(offline: { topic: string; partition: number }[], online: { topic: string; partition: number }[]): Promise<void>;
  log?: (msg: string) => void;
}

export class ReplicaManager {
  private readonly hosted = new Map<string, Partition>();
  /** Partitions assigned here whose log could not be opened, with the error. */
  private readonly offline = new Map<string, KafkaError>();
  private readonly produces: DelayedProduce;
  private readonly fetches: DelayedFetch;
  /** Followers that have not yet fetched a partition newly led here (awaited-followers.ts). */
  private readonly awaited = new AwaitedFollowers();
  private readonly scheduler: Scheduler;
  /** When each follower last fetched (any partition). */
  private readonly followerFetchedAt = new Map<number, number>();
  private readonly changeListeners = new Set<(tp: { topic: string; partition: number }) => void>();
  /** Replica state changes not yet reported to the controller: key -> offline (true) or online (false). */
  private readonly unreported = new Map<string, { topic: string; partition: number; offline: boolean }>();

  constructor(
    readonly brokerId: number,
    private readonly logs: LogManager,
    private readonly configFor: (topic: string) => LogConfig,
    private readonly hooks: ReplicaManagerHooks,
  ) {
    this.scheduler = hooks.scheduler ?? realScheduler;
    this.produces = new DelayedProduce(this.scheduler);
    this.fetches = new DelayedFetch(this.scheduler);
  }

  partition(topic: string, partition: number): Partition | undefined {
    return this.hosted.get(tpKey({ topic, partition }));
  }

  all(): Partition[] {
    return [...this.hosted.values()];
  }

  /** Partitions assigned here that are offline, with why. */
  offlinePartitions(): { topic: string; partition: number; reason: string }[] {
    return [...this.offline].map(([k, e]) => {
      const i = k.indexOf('\u0000');
      return { topic: k.slice(0, i), partition: Number(k.slice(i + 1)), reason: e.message };
    });
  }

  /** Brings the hosted set in line with a new metadata image. */
  applyMetadata(view: MetadataView): void {
    const seen = new Set<string>();
    const owing = new Set<number>();
    const now = this.scheduler.now();
    for (const t of view.image.topics) {
      for (const img of t.partitions) {
        if (!img.replicas.includes(this.brokerId)) continue;
        const k = tpKey({ topic: t.name, partition: img.partition });
        seen.add(k);
        let p = this.hosted.get(k);
        if (p && p.topicId !== t.topicId) {
          // Same name, new topic id: the topic was deleted and recreated.
          this.drop(k, p);
          p = undefined;
        }
        if (!p) {
          const tp = { topic: t.name, partition: img.partition };
          if (this.offline.has(k)) {
            // Offline: try the log again now, so it stays offline (and unhosted) until it opens.
            try {
              this.logs.getOrCreate(tp, this.configFor(t.name));
              this.offline.delete(k);
              this.hooks.log?.(`broker ${this.brokerId}: ${t.name}-${img.partition} is online again`);
              this.report(tp, false);
            } catch (e) {
              this.offline.set(k, e instanceof KafkaError ? e : new KafkaError('KAFKA_STORAGE_ERROR', String(e)));
              this.hooks.followerChanged(undefined, t.name, img.partition);
              continue;
            }
          }
          p = new Partition(t.name, img.partition, t.topicId, this.logs.lazy(tp), {
            brokerId: this.brokerId,
            scheduler: this.scheduler,
            replicaLagTimeMaxMs: this.hooks.replicaLagTimeMaxMs,
            alterPartition: (change) => this.hooks.alterPartition(change),
            highWatermarkAdvanced: (hp) => this.highWatermarkAdvanced(hp),
            logFailed: (hp, err) => this.takeOffline(hp, err),
            followerLastFetchMs: (r) => this.followerLastFetchMs(r),
            log: this.hooks.log,
          });
          this.hosted.set(k, p);
        }
        const role = p.applyImage(img, this.configFor(t.name));
        for (const r of role.newFollowers) {
          this.awaited.expect(r, k, now);
          owing.add(r);
        }
        if (!role.isLeader) {
          if (role.wasLeader) this.produces.fail(p, new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} is no longer the leader of ${p.topic}-${p.partition}`));
          this.hooks.followerChanged(p, p.topic, p.partition);
        } else {
          this.hooks.followerChanged(undefined, p.topic, p.partition);
        }
        this.changed(p);
      }
    }
    for (const [k, p] of this.hosted) if (!seen.has(k)) this.drop(k, p);
    // Followers long-poll for seconds: a partition newly led here must not wait for their polls to time out
    // before it is fetched, so their waiting fetches answer now and the next one can include it.
    for (const r of owing) this.fetches.answerReplica(r);
    for (const k of this.offline.keys()) if (!seen.has(k)) this.offline.delete(k);
    // Logs on disk for partitions no longer assigned here (e.g. a topic deleted while this broker was down).
    for (const tp of this.logs.known()) {
      if (!seen.has(tpKey(tp))) this.logs.delete(tp);
    }
  }

  /** A hosted partition's log failed to open: it leaves the hosted set and is offline until an image retries it. */
  private takeOffline(p: Partition, err: KafkaError): void {
    const k = tpKey(p);
    if (this.hosted.get(k) !== p) return;
    this.hooks.log?.(`broker ${this.brokerId}: ${p.topic}-${p.partition} is offline: ${err.message}`);
    this.hosted.delete(k);
    this.offline.set(k, err);
    this.report(p, true);
    p.close();
    this.logs.closeFailed(p);
    this.produces.fail(p, new KafkaError('KAFKA_STORAGE_ERROR', `${p.topic}-${p.partition} is offline on broker ${this.brokerId}: ${err.message}`));
    this.hooks.followerChanged(undefined, p.topic, p.partition);
    this.changed(p);
  }

  private drop(k: string, p: Partition): void {
    this.hosted.delete(k);
    p.close();
    this.produces.fail(p, new KafkaError('NOT_LEADER_OR_FOLLOWER', `${p.topic}-${p.partition} was deleted`));
    this.hooks.followerChanged(undefined, p.topic, p.partition);
    this.logs.delete({ topic: p.topic, partition: p.partition });
    this.changed(p);
  }

  private report(tp: { topic: string; partition: number }, offline: boolean): void {
    if (!this.hooks.replicaStatesChanged) return;
    const first = this.unreported.size === 0;
    this.unreported.set(tpKey(tp), { topic: tp.topic, partition: tp.partition, offline });
    if (!first) return;
    setImmediate(() => {
      const changes = [...this.unreported.values()];
      this.unreported.clear();
      const strip = ({ topic, partition }: { topic: string; partition: number }) => ({ topic, partition });
      this.hooks.replicaStatesChanged!(changes.filter((c) => c.offline).map(strip), changes.filter((c) => !c.offline).map(strip)).catch((e: unknown) =>
        this.hooks.log?.(`broker ${this.brokerId}: reporting offline replicas failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    });
  }

  private highWatermarkAdvanced(p: Partition): void {
    this.produces.tryComplete(p, p.highWatermark);
    this.changed(p);
  }

  /** Config changes (AlterConfigs) reach the open logs. */
  refreshConfigs(topic: string): void {
    for (const p of this.hosted.values()) if (p.topic === topic) p.updateConfig(this.configFor(topic));
  }

  /** Periodic: followers lagging longer than replica.lag.time.max.ms leave the ISR. */
  shrinkIsrs(): void {
    for (const p of this.hosted.values()) p.maybeShrinkIsr();
  }

  /** The partition if this broker leads it at the given epoch, else Kafka's error. */
  leaderPartition(topic: string, partition: number, view: MetadataView, currentLeaderEpoch = -1): Partition {
    const p = this.partition(topic, partition);
    if (!p) {
      const down = this.offline.get(tpKey({ topic, partition }));
      if (down) throw new KafkaError('KAFKA_STORAGE_ERROR', `${topic}-${partition} is offline on broker ${this.brokerId}: ${down.message}`);
      const known = view.partition(topic, partition);
      if (!known) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${topic}-${partition} does not exist`);
      throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} does not host ${topic}-${partition}`);
    }
    p.checkLeader(currentLeaderEpoch);
    return p;
  }

  /** Appends a producer's batches to a partition this broker leads. */
  appendAsLeader(p: Partition, records: Buffer, requiredAcks: number): AppendResult {
    const result = this.failingOffline(p, () => p.appendAsLeader(records, requiredAcks));
    this.changed(p);
    return result;
  }

  /** Appends a transaction marker to a partition this broker leads (WriteTxnMarkers). */
  appendTxnMarker(p: Partition, producerId: number, producerEpoch: number, type: TxnMarkerType, coordinatorEpoch: number): AppendResult {
    const result = this.failingOffline(p, () => p.appendTxnMarker(producerId, producerEpoch, type, coordinatorEpoch));
    this.changed(p);
    return result;
  }

  /** Runs an append; if it leaves the log failed (not merely full or refused), the partition goes offline. */
  private failingOffline<T>(p: Partition, append: () => T): T {
    try {
      return append();
    } catch (e) {
      if (p.logOpen && p.log.failed) this.takeOffline(p, e instanceof KafkaError ? e : new KafkaError('KAFKA_STORAGE_ERROR', String(e)));
      throw e;
    }
  }

  /** acks=all: resolves when the high watermark reaches `offset` (exclusive end of the appended batches). */
  waitForHighWatermark(p: Partition, offset: number, timeoutMs: number): Promise<void> {
    return this.produces.wait(p, p.highWatermark, offset, timeoutMs);
  }

  /**
   * Fetch with Kafka's long-poll semantics. A read after a change reads only the partitions that changed;
   * the others keep what the previous read found.
   */
  fetch(params: FetchParams, view: () => MetadataView, watch?: FetchWaitParams['watch']): Promise<FetchPartitionResult[]> {
    let results: FetchPartitionResult[] = [];
    let indexByKey: Map<string, number[]> | undefined;
    const read = (changed: ReadonlySet<string> | null): FetchRead<FetchPartitionResult[]> => {
      if (changed === null) {
        results = this.readPartitions({ ...params, minOneBatch: true }, view());
      } else {
        if (!indexByKey) {
          indexByKey = new Map();
          params.partitions.forEach((p, i) => {
            const k = tpKey(p);
            const list = indexByKey!.get(k);
            if (list) list.push(i);
            else indexByKey!.set(k, [i]);
          });
        }
        const indexes = [...changed].flatMap((k) => indexByKey!.get(k) ?? []);
        const already = results.reduce((n, r) => n + (r.records?.length ?? 0), 0);
        const again = this.readPartitions({ ...params, maxBytes: params.maxBytes - already, minOneBatch: already === 0, partitions: indexes.map((i) => params.partitions[i]) }, view());
        indexes.forEach((i, j) => (results[i] = again[j]));
      }
      return { result: results, bytes: results.reduce((n, r) => n + (r.records?.length ?? 0), 0), error: results.some((r) => r.errorCode !== 0) };
    };
    const maxWaitMs = this.holdFor(params.replicaId, params.maxWaitMs, () => params.partitions);
    return this.fetches.run({ partitions: params.partitions, maxWaitMs, minBytes: params.minBytes, watch, replicaId: params.replicaId }, read);
  }

  /**
   * How long a fetch may be held: `maxWaitMs`, or briefly while a follower has still not asked for a
   * partition newly led here (awaited-followers.ts). `partitions`: all the fetch (or its session) names.
   */
  holdFor(replicaId: number, maxWaitMs: number, partitions: () => Iterable<TopicPartition>): number {
    if (replicaId < 0 || !this.awaited.owes(replicaId)) return maxWaitMs;
    const keys = [...partitions()].map(tpKey);
    return this.awaited.fetching(replicaId, keys, this.scheduler.now()) ? Math.min(maxWaitMs, SHORT_WAIT_MS) : maxWaitMs;
  }

  /**
   * One read of these partitions, now (no waiting). A follower's read records its fetch offset on the
   * partition (which may advance the high watermark). `minOneBatch`: the first partition with records
   * returns at least one whole batch even past maxBytes (KIP-74), as on a fetch's first read.
   */
  readPartitions(params: Omit<FetchParams, 'maxWaitMs' | 'minBytes'> & { minOneBatch: boolean }, view: MetadataView): FetchPartitionResult[] {
    let remaining = Math.max(0, params.maxBytes);
    let first = params.minOneBatch;
    if (params.replicaId >= 0) this.followerFetchedAt.set(params.replicaId, this.scheduler.now());
    return params.partitions.map((req): FetchPartitionResult => {
      try {
        const p = this.leaderPartition(req.topic, req.partition, view, req.currentLeaderEpoch);
        const log = p.log;
        if (params.replicaId >= 0) p.recordFollowerFetch(params.replicaId, req.fetchOffset);
        const readCommitted = params.replicaId < 0 && params.isolationLevel === 1;
        const lastStableOffset = log.lastStableOffset;
        const maxOffset = params.replicaId >= 0 ? log.logEndOffset : readCommitted ? lastStableOffset : log.highWatermark;
        const limit = Math.max(0, Math.min(req.partitionMaxBytes, remaining));
        const records = log.read(req.fetchOffset, limit, { maxOffset, minOneBatch: first });
        remaining -= records.length;
        if (records.length > 0) first = false;
        const abortedTransactions = readCommitted && records.length > 0
          ? log.collectAbortedTransactions(req.fetchOffset, maxOffset).map((a) => ({ producerId: a.producerId, firstOffset: a.firstOffset }))
          : readCommitted ? [] : null;
        return { errorCode: 0, highWatermark: log.highWatermark, lastStableOffset, logStartOffset: log.logStartOffset, records, abortedTransactions, drained: req.fetchOffset >= maxOffset };
      } catch (e) {
        return { errorCode: e instanceof KafkaError ? e.code : ErrorCode.UNKNOWN_SERVER_ERROR, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, records: null, abortedTransactions: null };
      }
    });
  }

  /** When `replicaId` last fetched from this broker (any partition), for the ISR check of idle partitions. */
  followerLastFetchMs(replicaId: number): number {
    return this.followerFetchedAt.get(replicaId) ?? -Infinity;
  }

  /** Subscribes to partition changes (appends, high watermark moves, leadership, deletion); returns the unsubscribe. */
  onPartitionChange(listener: (tp: { topic: string; partition: number }) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Something a fetch could see changed on `tp`: waiting fetches and fetch sessions hear of it. */
  private changed(tp: { topic: string; partition: number }): void {
    this.fetches.wake(tp);
    for (const l of this.changeListeners) l(tp);
  }

  /** Long-polls any read over these partitions with Fetch's rules (ShareFetch uses it). */
  longPoll<R>(params: FetchWaitParams, read: () => FetchRead<R>): Promise<R> {
    return this.fetches.run(params, read);
  }

  /** Records of a partition became readable again (a share partition's records were released): wake its fetches. */
  wakeFetches(topic: string, partition: number): void {
    this.changed({ topic, partition });
  }

  /** Shutdown: every waiting fetch answers and every waiting produce fails. */
  wakeAll(): void {
    this.fetches.wakeAll();
    this.produces.failAll(new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.brokerId} is shutting down`));
  }
}
