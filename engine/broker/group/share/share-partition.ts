// One share partition: the in-flight records of one topic-partition for one share group (Kafka's
// SharePartition). Offsets are plain numbers (safe to 2^53); the handler converts from int64.
//
// The window: the share-partition start offset (SPSO) is the first offset not yet ACKNOWLEDGED or ARCHIVED;
// the end offset (SPEO) is one past the last offset ever acquired. Offsets in [SPSO, SPEO) are in flight,
// each with a state (record-state.ts), a delivery count and, while ACQUIRED, an owner and a lock deadline.
// Offsets at and after SPEO have never been delivered. SPSO moves forward over a finished prefix.
//
// Delivery counts rise on acquisition. A record whose lock expires or that is released goes back to
// AVAILABLE, or to ARCHIVED once it was delivered group.share.delivery.count.limit times; a rejected record
// is ARCHIVED at once. Records a member still holds when its share session lets go of the partition (closed,
// replaced, forgotten) go back AVAILABLE with the count of that acquisition taken back, as in Kafka. Archived records that were delivered (not gaps) are kept in a bounded dead-letter list.
//
// share.isolation.level=read_committed (Kafka's SharePartition with FetchIsolation.TXN_COMMITTED): the caller
// bounds acquisition at the last stable offset, so an open transaction's records wait until it is decided, and
// says which acquired offsets belong to aborted transactions. Those are acquired as any record (SPEO moves past
// them, their delivery count rises) and at once ARCHIVED: never sent, not dead letters, and SPSO moves over them.
// All times come from the caller (an injected clock).

import { type ErrorName, KafkaError } from '../../../protocol/error-codes.ts';
import { AcknowledgeType, RecordState, isAcknowledgeType } from './record-state.ts';

export interface SharePartitionConfig {
  /** group.share.record.lock.duration.ms */
  readonly lockDurationMs: number;
  /** group.share.delivery.count.limit */
  readonly deliveryCountLimit: number;
  /** group.share.partition.max.record.locks: at most this many records in flight. */
  readonly maxInFlightRecords: number;
  /** share.auto.offset.reset where no state exists yet (parseShareAutoOffsetReset): latest is Kafka's default. */
  readonly autoOffsetReset: ShareAutoOffsetReset;
  /** How many archived records the dead-letter list keeps. */
  readonly deadLetterCapacity: number;
  /** share.isolation.level: read_committed reads to the LSO and never delivers aborted transactions. */
  readonly isolationLevel: ShareIsolationLevel;
}

export type ShareIsolationLevel = 'read_uncommitted' | 'read_committed';

/** Parses the group config value; throws KafkaError INVALID_CONFIG with the reason. */
export function parseShareIsolationLevel(value: string): ShareIsolationLevel {
  if (value === 'read_committed' || value === 'read_uncommitted') return value;
  throw new KafkaError('INVALID_CONFIG', `share.isolation.level must be read_committed or read_uncommitted, not ${JSON.stringify(value)}`);
}

export const DEFAULT_SHARE_PARTITION_CONFIG: SharePartitionConfig = {
  lockDurationMs: 30_000,
  deliveryCountLimit: 5,
  maxInFlightRecords: 2000,
  autoOffsetReset: 'latest',
  deadLetterCapacity: 10_000,
  isolationLevel: 'read_uncommitted',
};

/** share.auto.offset.reset: `latest`, `earliest` or `by_duration:<ISO-8601 duration>` (KIP-1106). */
export type ShareAutoOffsetReset = 'latest' | 'earliest' | { readonly byDurationMs: number };

/** Parses the group config value; throws KafkaError INVALID_CONFIG with the reason. */
export function parseShareAutoOffsetReset(value: string): ShareAutoOffsetReset {
  const v = value.trim().toLowerCase();
  if (v === 'latest' || v === 'earliest') return v;
  const m = /^by_duration:p(?:(\d+)d)?(?:t(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?)?$/.exec(v);
  if (m === null || m[0].endsWith('p') || m[0].endsWith('t')) {
    throw new KafkaError('INVALID_CONFIG', `share.auto.offset.reset must be latest, earliest or by_duration:<ISO-8601 duration such as PT1H>, not ${JSON.stringify(value)}`);
  }
  const [d, h, min, sec] = [m[1], m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  return { byDurationMs: Math.round((((d * 24 + h) * 60 + min) * 60 + sec) * 1000) };
}

export interface InFlightRecord {
  state: RecordState;
  deliveryCount: number;
  memberId: string | null;
  lockDeadlineMs: number | null;
}

/** ShareFetch's AcquiredRecords: a run of offsets with one delivery count. */
export interface AcquiredRecords {
  firstOffset: number;
  lastOffset: number;
  deliveryCount: number;
}

export interface AcknowledgementBatch {
  firstOffset: number;
  lastOffset: number;
  /** One type for the whole batch, or one per offset. */
  acknowledgeTypes: readonly number[];
}

export interface DeadLetter {
  offset: number;
  deliveryCount: number;
  reason: 'rejected' | 'delivery-limit';
}

/** An inclusive run of offsets. */
export interface OffsetRange {
  firstOffset: number;
  lastOffset: number;
}

export interface AcquireOptions {
  nowMs: number;
  /** The highest offset the share group may read, exclusive (the high watermark, or the LSO for read_committed). */
  readableEndOffset: number;
  maxRecords: number;
  /**
   * read_committed: the offsets of aborted transactions among the runs just acquired (whole stored batches
   * may reach past them). Those are archived instead of handed out, and acquisition goes on past them.
   */
  abortedWithin?: (acquired: readonly AcquiredRecords[]) => readonly OffsetRange[];
}

export class SharePartition {
  private start: number;
  private end: number;
  private readonly records = new Map<number, InFlightRecord>();
  private readonly dead: DeadLetter[] = [];
  /** Bumped by every reset of the state (AlterShareGroupOffsets, DeleteShareGroupOffsets): Kafka's state epoch. */
  stateEpoch: number;

  constructor(
    readonly topicId: string,
    readonly partition: number,
    readonly config: SharePartitionConfig = DEFAULT_SHARE_PARTITION_CONFIG,
    init: { startOffset: number; stateEpoch?: number },
  ) {
    this.start = init.startOffset;
    this.end = init.startOffset;
    this.stateEpoch = init.stateEpoch ?? 0;
  }

  /**
   * A share partition with no stored state starts where share.auto.offset.reset says; by_duration asks the
   * log for the first offset at or after now - duration (ListOffsets by timestamp), the log end if none.
   */
  static initialize(
    topicId: string,
    partition: number,
    log: { logStartOffset: number; logEndOffset: number; nowMs?: number; offsetForTimestamp?: (timestampMs: number) => number | null },
    config = DEFAULT_SHARE_PARTITION_CONFIG,
  ): SharePartition {
    const reset = config.autoOffsetReset;
    let startOffset = log.logEndOffset;
    if (reset === 'earliest') startOffset = log.logStartOffset;
    else if (typeof reset === 'object') {
      if (log.nowMs === undefined || log.offsetForTimestamp === undefined) throw new Error('by_duration needs the time and a timestamp lookup');
      startOffset = Math.max(log.logStartOffset, log.offsetForTimestamp(log.nowMs - reset.byDurationMs) ?? log.logEndOffset);
    }
    return new SharePartition(topicId, partition, config, { startOffset });
  }

  get startOffset(): number {
    return this.start;
  }

  get endOffset(): number {
    return this.end;
  }

  record(offset: number): Readonly<InFlightRecord> | undefined {
    return this.records.get(offset);
  }

  inFlight(): { offset: number; record: Readonly<InFlightRecord> }[] {
    return [...this.records].sort(([a], [b]) => a - b).map(([offset, record]) => ({ offset, record }));
  }

  deadLetters(): readonly DeadLetter[] {
    return this.dead;
  }

  /** Hands out up to maxRecords: redeliveries first (oldest offsets), then records never delivered. */
  acquire(memberId: string, o: AcquireOptions): AcquiredRecords[] {
    this.expireLocks(o.nowMs);
    const limit = Math.max(0, o.maxRecords);
    const handed: number[] = [];
    // Each round archives at least one aborted record or is the last, so this ends.
    while (handed.length < limit) {
      const taken = this.take(memberId, o, limit - handed.length);
      if (taken.length === 0) break;
      const aborted = this.archiveAborted(taken, o.abortedWithin?.(this.runs(taken)) ?? []);
      handed.push(...(aborted.size === 0 ? taken : taken.filter((offset) => !aborted.has(offset))));
      if (aborted.size === 0) break;
    }
    this.advanceStart();
    return this.runs(handed.sort((a, b) => a - b));
  }

  /** Locks up to `limit` records for the member, redeliveries first; returns their offsets in order. */
  private take(memberId: string, o: AcquireOptions, limit: number): number[] {
    const taken: number[] = [];
    for (const offset of [...this.records.keys()].sort((a, b) => a - b)) {
      if (taken.length >= limit) break;
      const r = this.records.get(offset)!;
      if (r.state !== RecordState.AVAILABLE || offset >= o.readableEndOffset) continue;
      // Restored state may hold a record already delivered to the limit (a crash before its release).
      if (r.deliveryCount >= this.config.deliveryCountLimit) {
        this.archive(offset, r, 'delivery-limit');
        continue;
      }
      this.lock(r, memberId, o.nowMs);
      taken.push(offset);
    }
    this.advanceStart();
    while (taken.length < limit && this.end < o.readableEndOffset && this.records.size < this.config.maxInFlightRecords) {
      const r: InFlightRecord = { state: RecordState.AVAILABLE, deliveryCount: 0, memberId: null, lockDeadlineMs: null };
      this.lock(r, memberId, o.nowMs);
      this.records.set(this.end, r);
      taken.push(this.end++);
    }
    return taken;
  }

  /** Archives the just-taken offsets that lie in aborted ranges (they keep the delivery they were counted). */
  private archiveAborted(taken: readonly number[], ranges: readonly OffsetRange[]): Set<number> {
    const aborted = new Set<number>();
    if (ranges.length === 0) return aborted;
    for (const offset of taken) {
      if (!ranges.some((a) => offset >= a.firstOffset && offset <= a.lastOffset)) continue;
      this.finish(offset, this.records.get(offset)!, RecordState.ARCHIVED);
      aborted.add(offset);
    }
    return aborted;
  }

  /**
   * Undoes part of an acquisition that is not sent after all (the response's MaxBytes ran out): the offsets
   * become Available with their delivery counted as it was; never-delivered ones at the end are forgotten.
   */
  unacquire(memberId: string, offsets: readonly number[]): void {
    for (const offset of offsets) {
      const r = this.records.get(offset);
      if (r === undefined || r.state !== RecordState.ACQUIRED || r.memberId !== memberId) continue;
      r.state = RecordState.AVAILABLE;
      r.deliveryCount--;
      r.memberId = null;
      r.lockDeadlineMs = null;
    }
    while (this.end > this.start) {
      const r = this.records.get(this.end - 1);
      if (r === undefined || r.state !== RecordState.AVAILABLE || r.deliveryCount !== 0) break;
      this.records.delete(--this.end);
    }
  }

  private lock(r: InFlightRecord, memberId: string, nowMs: number): void {
    r.state = RecordState.ACQUIRED;
    r.deliveryCount++;
    r.memberId = memberId;
    r.lockDeadlineMs = nowMs + this.config.lockDurationMs;
  }

  private runs(offsets: number[]): AcquiredRecords[] {
    const out: AcquiredRecords[] = [];
    for (const offset of offsets) {
      const count = this.records.get(offset)!.deliveryCount;
      const last = out[out.length - 1];
      if (last !== undefined && last.lastOffset === offset - 1 && last.deliveryCount === count) last.lastOffset = offset;
      else out.push({ firstOffset: offset, lastOffset: offset, deliveryCount: count });
    }
    return out;
  }

  /**
   * Applies a member's acknowledgements, all or nothing: every offset must be in flight and ACQUIRED by
   * this member (else INVALID_RECORD_STATE); a malformed batch is INVALID_REQUEST.
   */
  acknowledge(memberId: string, batches: readonly AcknowledgementBatch[], nowMs: number, opts: { allowRenew?: boolean } = {}): void {
    const plan: [number, AcknowledgeType][] = [];
    for (const b of batches) {
      const n = b.lastOffset - b.firstOffset + 1;
      if (!Number.isInteger(n) || n < 1) fail('INVALID_REQUEST', `batch ${b.firstOffset}-${b.lastOffset} is empty or reversed`);
      if (b.acknowledgeTypes.length !== 1 && b.acknowledgeTypes.length !== n) {
        fail('INVALID_REQUEST', `batch ${b.firstOffset}-${b.lastOffset} has ${b.acknowledgeTypes.length} acknowledge types for ${n} offsets`);
      }
      for (let i = 0; i < n; i++) {
        const type = b.acknowledgeTypes.length === 1 ? b.acknowledgeTypes[0] : b.acknowledgeTypes[i];
        if (!isAcknowledgeType(type)) fail('INVALID_REQUEST', `unknown acknowledge type ${type}`);
        // Renew exists from ShareFetch/ShareAcknowledge v2 (IsRenewAck); the handler says whether it may be used.
        if (type === AcknowledgeType.RENEW && opts.allowRenew === false) fail('INVALID_REQUEST', 'renew acknowledgements need version 2 and IsRenewAck');
        const offset = b.firstOffset + i;
        const r = this.records.get(offset);
        if (r === undefined || r.state !== RecordState.ACQUIRED || r.memberId !== memberId) {
          fail('INVALID_RECORD_STATE', `offset ${offset} is not acquired by member ${memberId}`);
        }
        if (r.lockDeadlineMs !== null && nowMs >= r.lockDeadlineMs) fail('INVALID_RECORD_STATE', `the acquisition lock of offset ${offset} has expired`);
        plan.push([offset, type]);
      }
    }
    for (const [offset, type] of plan) {
      const r = this.records.get(offset)!;
      switch (type) {
        case AcknowledgeType.ACCEPT: this.finish(offset, r, RecordState.ACKNOWLEDGED); break;
        case AcknowledgeType.GAP: this.finish(offset, r, RecordState.ARCHIVED); break;
        case AcknowledgeType.REJECT: this.archive(offset, r, 'rejected'); break;
        case AcknowledgeType.RELEASE: this.release(offset, r); break;
        case AcknowledgeType.RENEW: r.lockDeadlineMs = nowMs + this.config.lockDurationMs; break;
      }
    }
    this.advanceStart();
  }

  /** Records whose acquisition lock ran out go back (or to the archive at the delivery limit). */
  expireLocks(nowMs: number): number[] {
    const expired: number[] = [];
    for (const [offset, r] of this.records) {
      if (r.state === RecordState.ACQUIRED && r.lockDeadlineMs !== null && nowMs >= r.lockDeadlineMs) {
        this.release(offset, r);
        expired.push(offset);
      }
    }
    if (expired.length > 0) this.advanceStart();
    return expired.sort((a, b) => a - b);
  }

  /**
   * A member's share session closed, was replaced, or forgot this partition: what it held goes back Available
   * with its delivery count lowered by one, and is not archived at the limit (Kafka's releaseAcquiredRecords,
   * DeliveryCountOps.DECREASE). The member may never have seen those records: a response acquired for it can
   * still have been in flight, or unread in its client, when it let go of the partition. Keeping the count
   * would make the next member's delivery of them look like a redelivery, and a record never delivered a
   * first time. Acknowledgements in the same request are applied before this, so what it did see is settled.
   */
  releaseMember(memberId: string): number[] {
    const released: number[] = [];
    for (const [offset, r] of this.records) {
      if (r.state === RecordState.ACQUIRED && r.memberId === memberId) {
        r.state = RecordState.AVAILABLE;
        r.deliveryCount = Math.max(0, r.deliveryCount - 1);
        r.memberId = null;
        r.lockDeadlineMs = null;
        released.push(offset);
      }
    }
    if (released.length > 0) this.advanceStart();
    return released.sort((a, b) => a - b);
  }

  /** The earliest deadline among acquisition locks, for the caller's timer; null when nothing is locked. */
  nextLockDeadline(): number | null {
    let next: number | null = null;
    for (const r of this.records.values()) if (r.lockDeadlineMs !== null && (next === null || r.lockDeadlineMs < next)) next = r.lockDeadlineMs;
    return next;
  }

  /** Retention or DeleteRecords moved the log start past SPSO: those offsets are gone for good. */
  onLogStartOffset(logStartOffset: number): void {
    if (logStartOffset <= this.start) return;
    for (const offset of [...this.records.keys()]) if (offset < logStartOffset) this.records.delete(offset);
    this.start = logStartOffset;
    if (this.end < this.start) this.end = this.start;
    this.advanceStart();
  }

  /** AlterShareGroupOffsets / DeleteShareGroupOffsets: start over at `startOffset` (the group must be empty). */
  reset(startOffset: number): void {
    this.records.clear();
    this.start = startOffset;
    this.end = startOffset;
    this.stateEpoch++;
  }

  /** Records that may still be delivered, for lag: from SPSO to the end of the readable log, minus the finished. */
  lag(readableEndOffset: number): number {
    let finished = 0;
    for (const [offset, r] of this.records) if (offset < readableEndOffset && (r.state === RecordState.ACKNOWLEDGED || r.state === RecordState.ARCHIVED)) finished++;
    return Math.max(0, readableEndOffset - this.start - finished);
  }

  private release(offset: number, r: InFlightRecord): void {
    if (r.deliveryCount >= this.config.deliveryCountLimit) return this.archive(offset, r, 'delivery-limit');
    r.state = RecordState.AVAILABLE;
    r.memberId = null;
    r.lockDeadlineMs = null;
  }

  private archive(offset: number, r: InFlightRecord, reason: DeadLetter['reason']): void {
    this.finish(offset, r, RecordState.ARCHIVED);
    this.dead.push({ offset, deliveryCount: r.deliveryCount, reason });
    if (this.dead.length > this.config.deadLetterCapacity) this.dead.splice(0, this.dead.length - this.config.deadLetterCapacity);
  }

  private finish(_offset: number, r: InFlightRecord, state: RecordState): void {
    r.state = state;
    r.memberId = null;
    r.lockDeadlineMs = null;
  }

  private advanceStart(): void {
    for (;;) {
      const r = this.records.get(this.start);
      if (r === undefined || (r.state !== RecordState.ACKNOWLEDGED && r.state !== RecordState.ARCHIVED)) break;
      this.records.delete(this.start);
      this.start++;
    }
    if (this.end < this.start) this.end = this.start;
  }

  /** Restores the dead-letter list kept beside a snapshot (newest last; the capacity still applies). */
  restoreDeadLetters(list: readonly DeadLetter[]): void {
    this.dead.splice(0, this.dead.length, ...list.slice(-this.config.deadLetterCapacity).map((d) => ({ ...d })));
  }

  /** Restores in-flight state from a snapshot (share-snapshot.ts); acquired records come back AVAILABLE. */
  restore(records: Iterable<[number, { state: RecordState; deliveryCount: number }]>, endOffset: number): void {
    this.records.clear();
    for (const [offset, r] of records) {
      if (offset < this.start) continue;
      const state = r.state === RecordState.ACQUIRED ? RecordState.AVAILABLE : r.state;
      this.records.set(offset, { state, deliveryCount: r.deliveryCount, memberId: null, lockDeadlineMs: null });
    }
    this.end = Math.max(this.start, endOffset);
    // The window is always whole; an offset a snapshot does not mention was never delivered.
    for (let o = this.start; o < this.end; o++) {
      if (!this.records.has(o)) this.records.set(o, { state: RecordState.AVAILABLE, deliveryCount: 0, memberId: null, lockDeadlineMs: null });
    }
    this.advanceStart();
  }
}

function fail(name: ErrorName, message: string): never {
  throw new KafkaError(name, message);
}
