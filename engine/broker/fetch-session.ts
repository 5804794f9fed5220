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
// The cache is bounded (Kafka's max.incremental.fetch.session.cache.slots): when full, a new session evicts
// the least recently used one if that one has been idle for min.incremental.fetch.session.eviction.ms, else
// the new fetch gets no session (id 0) and simply stays a full fetch.

import { ErrorCode } from '../protocol/error-codes.ts';

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
}

export function sessionKey(topicKey: string, partition: number): string {
  return `${topicKey}\u0000${partition}`;
}

export class FetchSession {
  /** The epoch the next incremental request must carry. */
  nextEpoch = 1;
  readonly partitions = new Map<string, SessionPartition>();

  constructor(
    readonly id: number,
    public lastUsed: number,
  ) {}

  /** Adds or updates the requested partitions and drops the forgotten ones. */
  update(requested: readonly SessionPartition[], forgotten: readonly { topicKey: string; partitions: readonly number[] }[]): void {
    for (const f of forgotten) for (const p of f.partitions) this.partitions.delete(sessionKey(f.topicKey, p));
    for (const r of requested) {
      const k = sessionKey(r.topicKey, r.partition);
      const known = this.partitions.get(k);
      this.partitions.set(k, { ...r, sent: known?.sent });
    }
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

  constructor(
    private readonly opts: { maxSessions?: number; evictionMs?: number; clock?: () => number } = {},
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  get(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  /** What a request's (session id, epoch) mean; opens, closes or checks its session accordingly. */
  resolve(sessionId: number, epoch: number): SessionResolution {
    const now = (this.opts.clock ?? Date.now)();
    if (epoch === FINAL_EPOCH) {
      this.sessions.delete(sessionId);
      return { kind: 'sessionless' };
    }
    if (epoch === INITIAL_EPOCH) {
      if (sessionId !== 0) this.sessions.delete(sessionId);
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
      this.sessions.delete(oldestId);
    }
    let id = this.lastId;
    do id = id === 0x7fffffff ? 1 : id + 1;
    while (this.sessions.has(id));
    this.lastId = id;
    const s = new FetchSession(id, now);
    this.sessions.set(id, s);
    return s;
  }

  private touch(s: FetchSession, now: number): void {
    s.lastUsed = now;
    this.sessions.delete(s.id);
    this.sessions.set(s.id, s);
  }
}
