// The share partitions a broker leads (Kafka's SharePartitionManager): ShareFetch and ShareAcknowledge for
// every share group that reads a partition this broker leads, with share sessions, long-polling, acquisition
// lock timers and durable state.
//
// A share partition lives beside its partition's leader. It is loaded on first use from the catalog
// (share_partition_state, migrations/008-share-state.sql) or, without stored state, started where
// share.auto.offset.reset says, and is cached while this broker leads at the same leader epoch and the stored
// state epoch is the one it holds (AlterShareGroupOffsets and DeleteShareGroupOffsets move it on). Every
// request that changes share partitions writes their snapshots in one catalog transaction before it answers,
// so what a client was told survives a kill of this broker; a write refused by the fence (a reset, or a newer
// leader) drops the cached state and fails that partition, and the next request loads what is stored.
// Acquisition locks do not survive a leader change: acquired records come back Available with their count.
// A group whose share.isolation.level is read_committed acquires up to the partition's last stable offset, and
// the batches of aborted transactions among what it acquires are archived, not sent (abortedWithin).
// A share session closed, replaced, forgetting a partition, or gone with its connection gives back what the
// member holds there with that delivery taken back (SharePartition.releaseMember); a long-polling ShareFetch
// whose session went meanwhile acquires nothing, as nobody would read its answer.

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import type { ShareStateStore } from '../../catalog/share-state.ts';
import type { Partition } from '../partition.ts';
import { abortedWithin, batchesWithin, clipAcquired, readBatchList } from './share-fetch-batches.ts';
import type { ReplicaManager } from '../replica-manager.ts';
import type { MetadataView } from '../metadata-image.ts';
import type { Scheduler } from '../scheduler.ts';
import {
  type AcknowledgementBatch, type AcquiredRecords, type DeadLetter, type SharePartitionConfig, type SharePartitionKey, type ShareSession,
  DEFAULT_SHARE_PARTITION_CONFIG, FINAL_SHARE_SESSION_EPOCH, RecordState, SharePartition, ShareSessionCache, loadSharePartition, snapshotSharePartition,
} from './share/index.ts';

export interface SharePartitionManagerOptions {
  brokerId: number;
  store: Pick<ShareStateStore, 'get' | 'epochs' | 'write'>;
  replicas: Pick<ReplicaManager, 'partition' | 'longPoll' | 'wakeFetches'>;
  view(): MetadataView;
  config: Partial<SharePartitionConfig>;
  /** A group's own settings (GROUP configs share.record.lock.duration.ms, share.auto.offset.reset, share.isolation.level). */
  configFor?: (groupId: string) => Partial<SharePartitionConfig>;
  scheduler: Scheduler;
  log?: (msg: string) => void;
}

export interface ShareFetchPartitionRequest extends SharePartitionKey {
  acknowledgementBatches: readonly AcknowledgementBatch[];
}

export interface ShareRequest {
  groupId: string;
  memberId: string;
  shareSessionEpoch: number;
  partitions: readonly ShareFetchPartitionRequest[];
  forgotten?: readonly SharePartitionKey[];
  isRenewAck?: boolean;
  /** v2 and later may renew locks. */
  allowRenew: boolean;
  /** The listener's id of the connection the request came on (its share session goes when it closes). */
  connectionId?: number;
}

export interface ShareFetchRequestParams extends ShareRequest {
  maxWaitMs: number;
  minBytes: number;
  maxBytes: number;
  maxRecords: number;
}

export interface SharePartitionResult extends SharePartitionKey {
  errorCode: number;
  errorMessage: string | null;
  acknowledgeErrorCode: number;
  acknowledgeErrorMessage: string | null;
  currentLeader: { leaderId: number; leaderEpoch: number };
  records: Buffer | null;
  acquiredRecords: AcquiredRecords[];
}

export interface ShareResult {
  errorCode: number;
  errorMessage: string | null;
  partitions: SharePartitionResult[];
}

/** Stored beside the snapshot for the app: who holds which acquired records, until when (not used on load). */
export interface AcquiredRun {
  firstOffset: number;
  lastOffset: number;
  memberId: string;
  lockDeadlineMs: number;
}

interface Cached {
  sp: SharePartition;
  topic: string;
  leaderEpoch: number;
}

const DEFAULT_MAX_RECORDS = 500;
/** How many dead letters are kept (and persisted) per share partition. */
const DEAD_LETTER_CAPACITY = 1000;
const LOCK_TIMER_MS = 100;

function ck(groupId: string, topicId: string, partition: number): string {
  return `${groupId}\u0000${topicId}\u0000${partition}`;
}

export class SharePartitionManager {
  readonly sessions = new ShareSessionCache();
  private readonly cache = new Map<string, Cached>();
  private readonly config: SharePartitionConfig;
  private timer: ReturnType<Scheduler['setTimeout']> | null = null;
  private stopped = false;

  constructor(private readonly opts: SharePartitionManagerOptions) {
    this.config = { ...DEFAULT_SHARE_PARTITION_CONFIG, deadLetterCapacity: DEAD_LETTER_CAPACITY, ...opts.config };
    this.schedule();
  }

  /** group.share.record.lock.duration.ms, for ShareFetch's AcquisitionLockTimeoutMs. */
  get lockDurationMs(): number {
    return this.config.lockDurationMs;
  }

  /** The lock duration of one group: its share.record.lock.duration.ms, else the broker's. */
  lockDurationFor(groupId: string): number {
    return this.configOf(groupId).lockDurationMs;
  }

  private configOf(groupId: string): SharePartitionConfig {
    const own = this.opts.configFor?.(groupId);
    // Only the settings the group has: an absent one keeps the broker's.
    const set = own === undefined ? [] : Object.entries(own).filter(([, v]) => v !== undefined);
    return set.length === 0 ? this.config : { ...this.config, ...Object.fromEntries(set) };
  }

  // ---- requests -------------------------------------------------------------------------------

  async fetch(req: ShareFetchRequestParams): Promise<ShareResult> {
    const opened = this.open(req, false);
    if ('errorCode' in opened) return opened;
    const { results, sessionPartitions, closing, session } = opened;
    if (closing || req.isRenewAck) return this.answer(results);
    // The partitions of the session, asked for or not (an incremental request names only changes).
    const fetchable = sessionPartitions;
    let remaining = req.maxRecords > 0 ? req.maxRecords : DEFAULT_MAX_RECORDS;
    let bytes = 0;
    // MaxBytes 0 asks for no records at all (only acknowledgements and the wait), as from Kafka.
    const maxBytes = req.maxBytes;
    const view = this.opts.view();
    const tps = fetchable.flatMap((p) => {
      const t = view.topicById(p.topicId);
      return t === undefined ? [] : [{ topic: t.name, partition: p.partition }];
    });
    await this.opts.replicas.longPoll({ partitions: tps, maxWaitMs: req.maxWaitMs, minBytes: req.minBytes }, () => {
      let error = false;
      const dirty: [SharePartitionKey, Cached][] = [];
      const nowMs = this.opts.scheduler.now();
      let full = maxBytes <= 0;
      // The session closed or went with its connection while this fetch waited: its answer has no reader.
      if (session !== this.sessions.get(req.groupId, req.memberId)) full = true;
      for (const p of fetchable) {
        if (remaining <= 0 || full) break;
        const r = results.get(pk(p)) ?? this.blank(p);
        results.set(pk(p), r);
        if (r.errorCode !== ErrorCode.NONE) continue;
        try {
          const { cached, partition } = this.load(req.groupId, p);
          // share.isolation.level is read on every fetch, so a change applies to the next acquisition.
          const readCommitted = this.configOf(req.groupId).isolationLevel === 'read_committed';
          let archived = false;
          let acquired = cached.sp.acquire(req.memberId, {
            nowMs, maxRecords: remaining,
            readableEndOffset: readCommitted ? partition.log.lastStableOffset : partition.highWatermark,
            abortedWithin: readCommitted ? (runs) => {
              const ranges = abortedWithin(partition, runs);
              archived ||= ranges.length > 0;
              return ranges;
            } : undefined,
          });
          if (acquired.length === 0) {
            // Records of aborted transactions were archived: that is state to keep, though nothing is sent.
            if (archived) dirty.push([p, cached]);
            continue;
          }
          const all = readBatchList(partition, acquired);
          const sent = batchesWithin(all, maxBytes - bytes, bytes === 0);
          if (sent.length < all.length) {
            // MaxBytes ran out: what these batches do not carry goes back, as if never acquired.
            const { kept, dropped } = clipAcquired(acquired, sent.length === 0 ? -1 : sent[sent.length - 1].lastOffset);
            cached.sp.unacquire(req.memberId, dropped);
            acquired = kept;
            full = true;
          }
          dirty.push([p, cached]);
          if (acquired.length === 0) break;
          const records = Buffer.concat(sent.map((b) => b.bytes));
          remaining -= acquired.reduce((n, a) => n + a.lastOffset - a.firstOffset + 1, 0);
          r.acquiredRecords.push(...acquired);
          r.records = r.records === null ? records : Buffer.concat([r.records, records]);
          bytes += records.length;
        } catch (e) {
          setError(r, e);
          error = true;
        }
      }
      for (const [p, failure] of this.persist(req.groupId, dirty)) {
        const r = results.get(pk(p))!;
        r.acquiredRecords = [];
        r.records = null;
        setError(r, failure);
      }
      this.schedule();
      // Anything acquired answers now: a later read must not acquire records this answer would not carry.
      return { result: null, bytes: bytes > 0 || remaining <= 0 ? Number.MAX_SAFE_INTEGER : 0, error };
    });
    return this.answer(results);
  }

  acknowledge(req: ShareRequest): ShareResult {
    const opened = this.open(req, true);
    if ('errorCode' in opened) return opened;
    // ShareAcknowledge reports per-partition acknowledgement outcomes in ErrorCode.
    for (const r of opened.results.values()) {
      if (r.errorCode === ErrorCode.NONE && r.acknowledgeErrorCode !== ErrorCode.NONE) {
        r.errorCode = r.acknowledgeErrorCode;
        r.errorMessage = r.acknowledgeErrorMessage;
      }
    }
    return this.answer(opened.results);
  }

  /** The share session part and the acknowledgements both requests carry. */
  private open(req: ShareRequest, acknowledgeOnly: boolean): ShareResult | { results: Map<string, SharePartitionResult>; sessionPartitions: SharePartitionKey[]; closing: boolean; session: ShareSession | null } {
    const nowMs = this.opts.scheduler.now();
    const hasAcks = req.partitions.some((p) => p.acknowledgementBatches.length > 0);
    const closing = req.shareSessionEpoch === FINAL_SHARE_SESSION_EPOCH;
    let released: SharePartitionKey[];
    let sessionPartitions: SharePartitionKey[];
    let session: ShareSession | null;
    try {
      if (req.memberId === '' || req.groupId === '') throw new KafkaError('INVALID_REQUEST', 'GroupId and MemberId are required');
      const outcome = this.sessions.handle({
        groupId: req.groupId, memberId: req.memberId, epoch: req.shareSessionEpoch, nowMs,
        add: acknowledgeOnly ? [] : req.partitions.map((p) => ({ topicId: p.topicId, partition: p.partition })),
        forget: req.forgotten ?? [], acknowledgeOnly, hasAcknowledgements: hasAcks, fetches: false, connectionId: req.connectionId,
      });
      released = outcome.released;
      session = outcome.session;
      sessionPartitions = outcome.session === null ? [] : [...outcome.session.partitions.values()];
    } catch (e) {
      const { code, message } = kafkaError(e);
      return { errorCode: code, errorMessage: message, partitions: [] };
    }
    const results = new Map<string, SharePartitionResult>();
    const dirty: [SharePartitionKey, Cached][] = [];
    for (const p of req.partitions) {
      const r = this.blank(p);
      results.set(pk(p), r);
      try {
        const { cached } = this.load(req.groupId, p);
        if (p.acknowledgementBatches.length > 0) {
          try {
            cached.sp.acknowledge(req.memberId, p.acknowledgementBatches, nowMs, { allowRenew: req.allowRenew && req.isRenewAck === true });
            dirty.push([p, cached]);
          } catch (e) {
            const { code, message } = kafkaError(e);
            r.acknowledgeErrorCode = code;
            r.acknowledgeErrorMessage = message;
          }
        }
      } catch (e) {
        setError(r, e);
      }
    }
    // Partitions that left the session (forgotten, or the session closed or was replaced) give back what the
    // member holds there, after its acknowledgements above.
    for (const p of released) {
      try {
        const { cached } = this.load(req.groupId, p);
        if (cached.sp.releaseMember(req.memberId).length > 0) dirty.push([p, cached]);
      } catch {
        // A partition this broker no longer leads: its new leader starts without the locks anyway.
      }
    }
    for (const [p, failure] of this.persist(req.groupId, dedupe(dirty))) {
      const r = results.get(pk(p));
      if (r !== undefined) {
        r.acknowledgeErrorCode = failure.code;
        r.acknowledgeErrorMessage = failure.message;
      }
    }
    this.wakeAll(released.concat(dirty.map(([p]) => p)));
    this.schedule();
    return { results, sessionPartitions, closing, session };
  }

  /** A client connection closed: the share sessions it carried go, and their members' records come back. */
  connectionClosed(connectionId: number): void {
    if (this.stopped) return;
    for (const s of this.sessions.removeConnection(connectionId)) {
      const dirty: [SharePartitionKey, Cached][] = [];
      for (const p of s.partitions) {
        try {
          const { cached } = this.load(s.groupId, p);
          if (cached.sp.releaseMember(s.memberId).length > 0) dirty.push([p, cached]);
        } catch {
          // A partition this broker no longer leads: its new leader starts without the locks anyway.
        }
      }
      this.persist(s.groupId, dirty);
      this.wakeAll(dirty.map(([p]) => p));
    }
    this.schedule();
  }

  // ---- state ----------------------------------------------------------------------------------

  /** The share partition of a group on a partition this broker leads, loaded or created as needed. */
  private load(groupId: string, key: SharePartitionKey): { cached: Cached; partition: Partition } {
    const view = this.opts.view();
    const topic = view.topicById(key.topicId);
    if (topic === undefined) throw new KafkaError('UNKNOWN_TOPIC_ID', `no topic has id ${key.topicId}`);
    const partition = this.opts.replicas.partition(topic.name, key.partition);
    if (partition === undefined || !partition.isLeader) {
      if (view.partition(topic.name, key.partition) === undefined) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${topic.name}-${key.partition} does not exist`);
      throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.opts.brokerId} does not lead ${topic.name}-${key.partition}`);
    }
    const k = ck(groupId, key.topicId, key.partition);
    let cached = this.cache.get(k);
    const stored = this.opts.store.epochs(groupId, topic.name, key.partition);
    if (cached !== undefined && (cached.leaderEpoch !== partition.leaderEpoch || stored === undefined || stored.stateEpoch !== cached.sp.stateEpoch)) {
      this.cache.delete(k);
      cached = undefined;
    }
    if (cached === undefined) {
      const row = this.opts.store.get(groupId, topic.name, key.partition);
      let sp: SharePartition;
      if (row !== undefined) {
        try {
          sp = loadSharePartition(row.snapshot, this.configOf(groupId));
          sp.restoreDeadLetters(row.deadLetters as DeadLetter[]);
        } catch (e) {
          // The stored row stays as it is: nothing is overwritten until someone looks at it.
          throw new KafkaError('UNKNOWN_SERVER_ERROR', `the stored share state of ${groupId} on ${topic.name}-${key.partition} cannot be read: ${(e as Error).message}`);
        }
      } else {
        const log = partition.log;
        sp = SharePartition.initialize(key.topicId, key.partition, {
          logStartOffset: log.logStartOffset, logEndOffset: log.logEndOffset, nowMs: this.opts.scheduler.now(),
          offsetForTimestamp: (ts) => log.offsetForTimestamp(ts)?.offset ?? null,
        }, this.configOf(groupId));
      }
      cached = { sp, topic: topic.name, leaderEpoch: partition.leaderEpoch };
      this.cache.set(k, cached);
      if (row === undefined) {
        const failed = this.persist(groupId, [[key, cached]]);
        if (failed.length > 0) throw failed[0][1];
      }
    }
    cached.sp.onLogStartOffset(partition.log.logStartOffset);
    return { cached, partition };
  }

  /** Writes the snapshots in one transaction; returns the partitions that could not be written (now uncached). */
  private persist(groupId: string, entries: readonly [SharePartitionKey, Cached][]): [SharePartitionKey, KafkaError][] {
    if (entries.length === 0) return [];
    const writes = entries.map(([, c]) => ({
      groupId, topic: c.topic, partition: c.sp.partition, topicId: c.sp.topicId, stateEpoch: c.sp.stateEpoch, leaderEpoch: c.leaderEpoch,
      startOffset: c.sp.startOffset, snapshot: { ...snapshotSharePartition(c.sp, c.leaderEpoch), acquired: acquiredRuns(c.sp) }, deadLetters: c.sp.deadLetters(),
    }));
    let outcomes: string[];
    try {
      outcomes = this.opts.store.write(writes, this.opts.scheduler.now());
    } catch (e) {
      this.opts.log?.(`share state of ${groupId} not written: ${(e as Error).message}`);
      outcomes = writes.map(() => 'failed');
    }
    const failed: [SharePartitionKey, KafkaError][] = [];
    entries.forEach(([key, c], i) => {
      if (outcomes[i] === 'written') return;
      this.cache.delete(ck(groupId, c.sp.topicId, c.sp.partition));
      failed.push([key, outcomes[i] === 'fenced'
        ? new KafkaError('FENCED_STATE_EPOCH', `the share state of ${groupId} on ${c.topic}-${c.sp.partition} changed under this leader; retry`)
        : new KafkaError('KAFKA_STORAGE_ERROR', `the share state of ${groupId} on ${c.topic}-${c.sp.partition} could not be written`)]);
    });
    return failed;
  }

  /** The live share partitions of a group this broker leads, for the UI (fresh from the cache). */
  livePartitions(groupId: string): SharePartition[] {
    return [...this.cache].filter(([k]) => k.startsWith(`${groupId}\u0000`)).map(([, c]) => c.sp);
  }

  // ---- acquisition locks ----------------------------------------------------------------------

  private schedule(): void {
    if (this.stopped || this.timer !== null) return;
    let next: number | null = null;
    for (const c of this.cache.values()) {
      const d = c.sp.nextLockDeadline();
      if (d !== null && (next === null || d < next)) next = d;
    }
    if (next === null) return;
    this.timer = this.opts.scheduler.setTimeout(() => {
      this.timer = null;
      this.expireLocks();
    }, Math.max(LOCK_TIMER_MS, next - this.opts.scheduler.now()));
  }

  /** Expired locks give their records back (or archive them at the delivery limit); the change is persisted. */
  expireLocks(): void {
    const nowMs = this.opts.scheduler.now();
    const byGroup = new Map<string, [SharePartitionKey, Cached][]>();
    for (const [k, c] of this.cache) {
      if (c.sp.expireLocks(nowMs).length === 0) continue;
      const groupId = k.slice(0, k.indexOf('\u0000'));
      const list = byGroup.get(groupId) ?? [];
      list.push([{ topicId: c.sp.topicId, partition: c.sp.partition }, c]);
      byGroup.set(groupId, list);
    }
    for (const [groupId, entries] of byGroup) {
      this.persist(groupId, entries);
      this.wakeAll(entries.map(([p]) => p));
    }
    this.schedule();
  }

  private wakeAll(keys: readonly SharePartitionKey[]): void {
    const view = this.opts.view();
    for (const p of keys) {
      const t = view.topicById(p.topicId);
      if (t !== undefined) this.opts.replicas.wakeFetches(t.name, p.partition);
    }
  }

  shutdown(): void {
    this.stopped = true;
    if (this.timer !== null) this.opts.scheduler.clearTimeout(this.timer);
    this.timer = null;
    this.cache.clear();
  }

  // ---- answers --------------------------------------------------------------------------------

  private blank(p: SharePartitionKey): SharePartitionResult {
    const t = this.opts.view().topicById(p.topicId);
    const img = t?.partitions[p.partition];
    return {
      topicId: p.topicId, partition: p.partition, errorCode: ErrorCode.NONE, errorMessage: null,
      acknowledgeErrorCode: ErrorCode.NONE, acknowledgeErrorMessage: null,
      currentLeader: { leaderId: img?.leader ?? -1, leaderEpoch: img?.leaderEpoch ?? -1 }, records: null, acquiredRecords: [],
    };
  }

  private answer(results: Map<string, SharePartitionResult>): ShareResult {
    return { errorCode: ErrorCode.NONE, errorMessage: null, partitions: [...results.values()] };
  }
}

function acquiredRuns(sp: SharePartition): AcquiredRun[] {
  const runs: AcquiredRun[] = [];
  for (const { offset, record } of sp.inFlight()) {
    if (record.state !== RecordState.ACQUIRED || record.memberId === null) continue;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.lastOffset === offset - 1 && last.memberId === record.memberId && last.lockDeadlineMs === record.lockDeadlineMs) last.lastOffset = offset;
    else runs.push({ firstOffset: offset, lastOffset: offset, memberId: record.memberId, lockDeadlineMs: record.lockDeadlineMs ?? 0 });
  }
  return runs;
}

function pk(p: SharePartitionKey): string {
  return `${p.topicId}:${p.partition}`;
}

function dedupe(entries: [SharePartitionKey, Cached][]): [SharePartitionKey, Cached][] {
  const seen = new Map<Cached, [SharePartitionKey, Cached]>();
  for (const e of entries) seen.set(e[1], e);
  return [...seen.values()];
}

function kafkaError(e: unknown): { code: number; message: string } {
  if (e instanceof KafkaError) return { code: e.code, message: e.message };
  return { code: ErrorCode.UNKNOWN_SERVER_ERROR, message: (e as Error)?.message ?? String(e) };
}

function setError(r: SharePartitionResult, e: unknown): void {
  const { code, message } = kafkaError(e);
  r.errorCode = code;
  r.errorMessage = message;
}
