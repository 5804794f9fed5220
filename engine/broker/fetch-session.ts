// Incremental fetch sessions (KIP-227), the broker's side of Kafka's FetchSessionHandler.
//
// A fetcher that reads many partitions need not list them all every time. Request metadata
// (session id, session epoch) says what kind of fetch it is:
//   id 0,  epoch -1  a full fetch without a session (every client that does not use sessions).
//   id N,  epoch -1  close session N; this is a full fetch without a session.
//   any,   epoch 0   a full fetch that opens a new session (closing N first, if given); the response carries its
//                    id, or 0 when the cache has no room.
//   id N,  epoch E>0 an incremental fetch in session N: the request lists only partitions that were added or
//                    whose fetch offset changed, and `forgotten` lists those to drop. The response lists only
//                    partitions with records, an error, or a changed high watermark / LSO / log start offset.
//                    An unknown N is FETCH_SESSION_ID_NOT_FOUND; an E other than the one expected is
//                    INVALID_FETCH_SESSION_EPOCH (a retried or reordered request): the client starts over.
// The epoch expected next is the last one plus 1, wrapping from 2^31-1 to 1 (0 only ever means "new").
//
// A session reads its partitions in its own order, and an incremental fetch moves each partition that
// returned records to the end of it (as Kafka's FetchSession does): when fetch.max.bytes cuts a response
// short, the partitions left out come first next time instead of the same ones filling every response.
//
// An incremental fetch reads only partitions that may have something new for the fetcher (Kafka reads every
// partition of the session; an idle follower of thousands of partitions then costs thousands of reads per
// long poll): those the request listed, those the replica manager reported changed since their last read (an
// append, a high watermark or leadership move: partitionChanged), and those whose last read did not reach the
// end of what the fetcher may read (an error, records cut short by max bytes). The cache finds a partition's
// sessions by topic name and partition, so a change costs O(sessions holding it). A change also wakes the
// session's waiting long poll (watch).
//
// The cache is bounded (Kafka's max.incremental.fetch.session.cache.slots): when full, a new session evicts
// the least recently used one if that one has been idle for min.incremental.fetch.session.eviction.ms, else
// the new fetch gets no session (id 0) and simply stays a full fetch.

import { ErrorCode } from '../protocol/error-codes.ts';
import type { ChangeListener } from './delayed-fetch.ts';

export const FINAL_EPOCH = -1;
export const INITIAL_EPOCH = 0;
export const DEFAULT_MAX_SESSIONS = 1000;
export const DEFAULT_EVICTION_MS = 120_000;

/** One partition of a session: what the fetcher asked for, and what the broker last told it. */
export interface SessionPartition {
  topicKey: string;
  topic: string;
  topicId: string;
  partition: number;
  fetchOffset: number;
  partitionMaxBytes: number;
  currentLeaderEpoch: number;
  sent?: { highWatermark: number; lastStableOffset: number; logStartOffset: number };
}

export interface PartitionOutcome {
  errorCode: number;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  records: Buffer | null;
  /** The read reached the end of what the fetcher may read. */
  drained?: boolean;
}

export function sessionKey(topicKey: string, partition: number): string {
  return `${topicKey}\u0000${partition}`;
}

/** Where the cache finds the sessions holding a partition (by topic name). */
interface SessionIndex {
  add(session: FetchSession, p: SessionPartition, key: string): void;
  remove(session: FetchSession, p: SessionPartition): void;
}

export class FetchSession {
  /** The epoch the next incremental request must carry. */
  nextEpoch = 1;
  readonly partitions = new Map<string, SessionPartition>();
  /** Keys of the partitions the next incremental fetch reads, in the order it reads them. */
  private readonly dirty = new Set<string>();
  private readonly listeners = new Set<ChangeListener>();

  constructor(
    readonly id: number,
    public lastUsed: number,
    private readonly index?: SessionIndex,
  ) {}

  /** Adds or updates the requested partitions and drops the forgotten ones. Requested partitions are read next. */
  update(requested: readonly SessionPartition[], forgotten: readonly { topicKey: string; partitions: readonly number[] }[]): void {
    for (const f of forgotten) for (const p of f.partitions) this.remove(sessionKey(f.topicKey, p));
    for (const r of requested) {
      const k = sessionKey(r.topicKey, r.partition);
      const known = this.partitions.get(k);
      if (known && known.topic !== r.topic) this.index?.remove(this, known);
      const p: SessionPartition = { ...r, sent: known?.sent };
      this.partitions.set(k, p);
      this.index?.add(this, p, k);
      this.dirty.add(k);
    }
  }

  /** Drops every partition (a full fetch lists them all again). */
  clear(): void {
    for (const p of this.partitions.values()) this.index?.remove(this, p);
    this.partitions.clear();
    this.dirty.clear();
  }

  /** The replica manager reported a change on one of this session's partitions. */
  changed(key: string): void {
    if (!this.partitions.has(key)) return;
    this.dirty.add(key);
    for (const l of [...this.listeners]) l(key);
  }

  /** Calls `listener` on each change until the returned function is called (a waiting long poll). */
  watch(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The partitions to read now; they are no longer pending (a change during the read makes them so again). */
  takeDirty(): SessionPartition[] {
    const out: SessionPartition[] = [];
    for (const k of this.dirty) {
      const p = this.partitions.get(k);
      if (p) out.push(p);
    }
    this.dirty.clear();
    return out;
  }

  /** Partitions pending for the next read. */
  get pending(): number {
    return this.dirty.size;
  }

  /**
   * After a read: a partition that failed or did not reach the end of what its fetcher may read is read
   * again next time. After an incremental read those that returned records go last, so others cut short by
   * max bytes come first; a full read leaves the order alone (as moveToEnd).
   */
  settle(read: readonly SessionPartition[], results: readonly PartitionOutcome[], incremental: boolean): void {
    const hasRecords = (r: PartitionOutcome) => r.records !== null && r.records.length > 0;
    const pending = (r: PartitionOutcome) => r.errorCode !== 0 || r.drained !== true || hasRecords(r);
    const last = (r: PartitionOutcome) => incremental && hasRecords(r);
    // A change a partition's own read caused (the follower's offset moved its high watermark) is in what
    // the read found; an incremental read settles in the same synchronous step, so nothing else changed it
    // meanwhile (a full read settles after its long poll: what changed then stays pending).
    if (incremental) for (const p of read) this.dirty.delete(sessionKey(p.topicKey, p.partition));
    read.forEach((p, i) => {
      if (pending(results[i]) && !last(results[i])) this.dirty.add(sessionKey(p.topicKey, p.partition));
    });
    read.forEach((p, i) => {
      if (last(results[i])) this.dirty.add(sessionKey(p.topicKey, p.partition));
    });
  }

  private remove(k: string): void {
    const p = this.partitions.get(k);
    if (!p) return;
    this.partitions.delete(k);
    this.dirty.delete(k);
    this.index?.remove(this, p);
  }

  /**
   * Whether an incremental response must carry this partition (records, an error, or a changed offset
   * the fetcher has not been told); records what is told either way. A full response carries all.
   */
  report(p: SessionPartition, r: PartitionOutcome, full: boolean): boolean {
    const s = p.sent;
    const changed = !s || s.highWatermark !== r.highWatermark || s.lastStableOffset !== r.lastStableOffset || s.logStartOffset !== r.logStartOffset;
    const include = full || changed || r.errorCode !== 0 || (r.records !== null && r.records.length > 0);
    if (include) p.sent = { highWatermark: r.highWatermark, lastStableOffset: r.lastStableOffset, logStartOffset: r.logStartOffset };
    return include;
  }

  /** The partition returned records in an incremental response: it is read last next time. */
  moveToEnd(p: SessionPartition): void {
    const k = sessionKey(p.topicKey, p.partition);
    if (this.partitions.get(k) !== p) return;
    this.partitions.delete(k);
    this.partitions.set(k, p);
  }

  advance(now: number): void {
    this.nextEpoch = this.nextEpoch === 0x7fffffff ? 1 : this.nextEpoch + 1;
    this.lastUsed = now;
  }
}

export type SessionResolution =
  | { kind: 'error'; errorCode: number }
  | { kind: 'sessionless' }
  | { kind: 'full'; session: FetchSession | undefined }
  | { kind: 'incremental'; session: FetchSession };

export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>(); // least recently used first
  private lastId = 0;
  /** Topic name and partition -> the sessions holding it, with its key in each. */
  private readonly byPartition = new Map<string, Map<FetchSession, string>>();
  private readonly index: SessionIndex = {
    add: (session, p, key) => {
      const k = sessionKey(p.topic, p.partition);
      let m = this.byPartition.get(k);
      if (!m) this.byPartition.set(k, (m = new Map()));
      m.set(session, key);
    },
    remove: (session, p) => {
      const k = sessionKey(p.topic, p.partition);
      const m = this.byPartition.get(k);
      m?.delete(session);
      if (m?.size === 0) this.byPartition.delete(k);
    },
  };

  constructor(
    private readonly opts: { maxSessions?: number; evictionMs?: number; clock?: () => number } = {},
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  /** Something a fetch could see changed on a partition: its sessions read it next, and their long polls wake. */
  partitionChanged(tp: { topic: string; partition: number }): void {
    const m = this.byPartition.get(sessionKey(tp.topic, tp.partition));
    if (!m) return;
    for (const [session, key] of [...m]) session.changed(key);
  }

  /** Partitions held by some session (for tests and stats). */
  get indexedPartitions(): number {
    return this.byPartition.size;
  }

  private close(id: number): void {
    const s = this.sessions.get(id);
    if (!s) return;
    s.clear();
    this.sessions.delete(id);
  }

  /** What a request's (session id, epoch) mean; opens, closes or checks its session accordingly. */
  resolve(sessionId: number, epoch: number): SessionResolution {
    const now = (this.opts.clock ?? Date.now)();
    if (epoch === FINAL_EPOCH) {
      this.close(sessionId);
      return { kind: 'sessionless' };
    }
    if (epoch === INITIAL_EPOCH) {
      if (sessionId !== 0) this.close(sessionId);
      return { kind: 'full', session: this.open(now) };
    }
    const session = this.sessions.get(sessionId);
    if (!session) return { kind: 'error', errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND };
    if (session.nextEpoch !== epoch) return { kind: 'error', errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH };
    this.touch(session, now);
    return { kind: 'incremental', session };
  }

  private open(now: number): FetchSession | undefined {
    const max = this.opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
    if (max <= 0) return undefined;
    if (this.sessions.size >= max) {
      const [oldestId, oldest] = this.sessions.entries().next().value as [number, FetchSession];
      if (now - oldest.lastUsed < (this.opts.evictionMs ?? DEFAULT_EVICTION_MS)) return undefined;
      this.close(oldestId);
    }
    let id = this.lastId;
    do id = id === 0x7fffffff ? 1 : id + 1;
    while (this.sessions.has(id));
    this.lastId = id;
    const s = new FetchSession(id, now, this.index);
    this.sessions.set(id, s);
    return s;
  }

  private touch(s: FetchSession, now: number): void {
    s.lastUsed = now;
    this.sessions.delete(s.id);
    this.sessions.set(s.id, s);
  }
}
