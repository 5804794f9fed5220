// Per-partition producer state for the idempotent producer (Kafka's ProducerStateManager and ProducerStateEntry;
// the leader's check of an append, Kafka's ProducerAppendInfo, is producer-append.ts).
//
// State: for every producerId seen in the partition, its current producerEpoch and the metadata of its last
// NUM_BATCHES_TO_RETAIN (5) data batches — firstSeq, lastSeq, firstOffset, lastOffset, maxTimestamp — which is
// what a producer with max.in.flight.requests.per.connection <= 5 may retry.
//
// Leader appends: prepareAppend checks the batches (producer-append.ts) before offsets are assigned; the pending
// append's commit records them after the write succeeded, only if the state did not change in between.
// Followers (applyReplicated) and the rebuild on load apply batches without any check: the leader validated.
//
// Transactions (transaction-state.ts): a transactional data batch opens the producer's transaction, its control
// batch (COMMIT or ABORT marker) closes it and carries the producer's epoch. The manager owns that state and keeps
// it in step with the producers: restored from the same snapshot, replayed from the same headers, dropped with an
// expired producer, and a producer with an open transaction does not expire.
//
// On disk: <20-digit offset>.snapshot files in the partition directory (producer-snapshot.ts is the format,
// producer-snapshot-store.ts the files), taken at segment roll and clean close; at most `maxSnapshots` (default 2)
// kept; the partition log deletes those below its start offset with deleteSnapshotsBefore.
//
// Recovery: only the last batch of each producer is in a snapshot (as in Kafka). On load the newest valid snapshot
// at or below the log end offset is read (newer ones deleted, corrupt ones deleted and skipped, see the store) and
// the batches after it are replayed from their headers (producerId, producerEpoch, baseSequence, lastOffsetDelta,
// baseOffset and maxTimestamp are all in the v2 batch header; no record is decoded). So after a restart
// duplicates are recognised for at least the last batch of each producer, and for up to 5 when the batches came
// after the snapshot. With no usable snapshot the state is rebuilt from the log start.
//
// Expiration (producer.id.expiration.ms, Kafka default 86400000): removeExpiredProducers(now) drops producers
// whose last batch timestamp (the batch's maxTimestamp, as in Kafka — the producer's clock for CreateTime topics)
// is at least that old, unless a transaction is open.

import type { FileLayer } from './file-io.ts';
import {
  NUM_BATCHES_TO_RETAIN, checkAppend, checkCommitted, decrementSequence, lastSequenceOf,
  type BatchMetadata, type PrepareResult,
} from './producer-append.ts';
import type { SnapshotEntry } from './producer-snapshot.ts';
import { ProducerSnapshotStore } from './producer-snapshot-store.ts';
import { TransactionState, type CompletedTxn, type OngoingTxn } from './transaction-state.ts';
import { NO_PRODUCER_EPOCH, NO_SEQUENCE, isControl, isTransactional, type BatchHeader } from './record-batch.ts';

/** producer.id.expiration.ms default (one day). */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 86_400_000;
export const DEFAULT_MAX_SNAPSHOTS = 2;

// ---------------------------------------------------------------- types

/** What one producer's state looks like from outside (a copy). */
export interface ProducerEntry {
  producerId: number;
  producerEpoch: number;
  /** Oldest first, at most NUM_BATCHES_TO_RETAIN. */
  batches: BatchMetadata[];
  lastTimestamp: number;
  coordinatorEpoch: number;
  currentTxnFirstOffset: number;
}

/** One row of DescribeProducers / the UI. */
export interface ActiveProducer {
  producerId: number;
  epoch: number;
  lastSequence: number;
  lastOffset: number;
  lastTimestamp: number;
  coordinatorEpoch: number;
  currentTxnStartOffset: number;
}

/**
 * The partition log's header iterator: in offset order, the header of every batch whose last offset is at or
 * above fromOffset (from the log start when fromOffset is below it), up to the log end.
 */
export type HeaderScan = (fromOffset: number) => Iterable<BatchHeader>;

export interface ProducerStateOptions {
  /** producer.id.expiration.ms; default 86400000. */
  producerIdExpirationMs?: number;
  /** Wall clock for expiration on load; default Date.now. */
  clock?: () => number;
  /** Snapshots kept after takeSnapshot; default 2. */
  maxSnapshots?: number;
}

/** The idempotence part of a producer's state; its transaction part is in TransactionState. */
interface Entry {
  producerId: number;
  epoch: number;
  batches: BatchMetadata[];
  lastTimestamp: number;
}

function newEntry(producerId: number): Entry {
  return { producerId, epoch: NO_PRODUCER_EPOCH, batches: [], lastTimestamp: -1 };
}

function entryFromSnapshot(s: SnapshotEntry): Entry {
  const e = newEntry(s.producerId);
  e.epoch = s.epoch;
  e.lastTimestamp = s.timestamp;
  if (s.lastOffset >= 0) {
    e.batches.push({
      firstSeq: decrementSequence(s.lastSequence, s.offsetDelta),
      lastSeq: s.lastSequence,
      firstOffset: s.lastOffset - s.offsetDelta,
      lastOffset: s.lastOffset,
      timestamp: s.timestamp,
    });
  }
  return e;
}

function snapshotFromEntry(e: Entry, txns: TransactionState): SnapshotEntry {
  const last = e.batches.length > 0 ? e.batches[e.batches.length - 1] : undefined;
  return {
    producerId: e.producerId,
    epoch: e.epoch,
    lastSequence: last ? last.lastSeq : NO_SEQUENCE,
    lastOffset: last ? last.lastOffset : -1,
    offsetDelta: last ? last.lastOffset - last.firstOffset : 0,
    timestamp: e.lastTimestamp,
    coordinatorEpoch: txns.coordinatorEpoch(e.producerId),
    currentTxnFirstOffset: txns.currentTxnFirstOffset(e.producerId),
  };
}

// ---------------------------------------------------------------- the manager

export class ProducerStateManager {
  private readonly producers = new Map<number, Entry>();
  /** Bumped on every change of `producers`: a pending append prepared against an older state cannot commit. */
  private version = 0;
  /** Open transactions and coordinator epochs of the producers in `producers`. */
  private readonly txns = new TransactionState();
  private readonly snapshots: ProducerSnapshotStore;
  /** Every batch below this offset has been applied (or is known to carry no producer state). */
  private mapEndOffset = 0;
  /** Offset of the snapshot we last wrote or loaded, and whether the state changed since. */
  private lastSnapOffset = -1;
  private dirty = true;
  private readonly expirationMs: number;
  private readonly clock: () => number;

  private constructor(
    fileLayer: FileLayer,
    readonly dir: string,
    private readonly scanHeaders: HeaderScan,
    opts: ProducerStateOptions,
  ) {
    this.expirationMs = opts.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS;
    this.clock = opts.clock ?? Date.now;
    this.snapshots = new ProducerSnapshotStore(fileLayer, dir, Math.max(1, opts.maxSnapshots ?? DEFAULT_MAX_SNAPSHOTS));
  }

  /**
   * Restores the state of a partition whose log ends at logEndOffset: newest valid snapshot at or below it, then
   * the headers after it. Snapshots above the log end are deleted, corrupt ones deleted and skipped.
   */
  static load(fileLayer: FileLayer, dir: string, logEndOffset: number, scanHeaders: HeaderScan, opts: ProducerStateOptions = {}): ProducerStateManager {
    const m = new ProducerStateManager(fileLayer, dir, scanHeaders, opts);
    m.snapshots.removeTempFiles();
    m.rebuild(logEndOffset);
    return m;
  }

  // ------------------------------------------------------------ queries

  /** Offsets of the snapshot files present, ascending. */
  listSnapshots(): number[] {
    return this.snapshots.list();
  }

  snapshotPath(offset: number): string {
    return this.snapshots.path(offset);
  }

  get producerCount(): number {
    return this.producers.size;
  }

  /** A copy of one producer's state, or undefined. */
  entry(producerId: number): ProducerEntry | undefined {
    const e = this.producers.get(producerId);
    if (!e) return undefined;
    return {
      producerId: e.producerId,
      producerEpoch: e.epoch,
      batches: e.batches.map((b) => ({ ...b })),
      lastTimestamp: e.lastTimestamp,
      coordinatorEpoch: this.txns.coordinatorEpoch(producerId),
      currentTxnFirstOffset: this.txns.currentTxnFirstOffset(producerId),
    };
  }

  /** Every known producer, by producerId (DescribeProducers, the UI). */
  activeProducers(): ActiveProducer[] {
    return [...this.producers.values()]
      .sort((a, b) => a.producerId - b.producerId)
      .map((e) => {
        const last = e.batches.length > 0 ? e.batches[e.batches.length - 1] : undefined;
        return {
          producerId: e.producerId,
          epoch: e.epoch,
          lastSequence: last ? last.lastSeq : NO_SEQUENCE,
          lastOffset: last ? last.lastOffset : -1,
          lastTimestamp: e.lastTimestamp,
          coordinatorEpoch: this.txns.coordinatorEpoch(e.producerId),
          currentTxnStartOffset: this.txns.currentTxnFirstOffset(e.producerId),
        };
      });
  }

  /** Open transactions, oldest first: the producer and the first offset of its transaction. */
  ongoingTransactions(): OngoingTxn[] {
    return this.txns.ongoing();
  }

  /** The first offset of the oldest open transaction, or undefined when none is open (cached per change). */
  firstUnstableOffset(): number | undefined {
    return this.txns.firstUnstableOffset();
  }

  /**
   * Before a marker is written: TRANSACTION_COORDINATOR_FENCED or INVALID_PRODUCER_EPOCH if it is older than
   * what the log has seen of the producer (TransactionState.checkMarker). A producer the log does not know passes.
   */
  checkTxnMarker(producerId: number, producerEpoch: number, coordinatorEpoch: number): void {
    const e = this.producers.get(producerId);
    if (e) this.txns.checkMarker(producerId, e.epoch, producerEpoch, coordinatorEpoch);
  }

  /**
   * A marker was written at `written.baseOffset`: closes the producer's transaction, records the
   * coordinator epoch, and returns what the transaction covered.
   */
  completeTxn(written: BatchHeader, coordinatorEpoch: number): CompletedTxn {
    if (!isControl(written.attributes)) throw new Error('producer state: completeTxn needs a control batch');
    const completed = this.txns.complete(written.producerId, written.baseOffset, coordinatorEpoch);
    this.apply([written]); // the producer's epoch and timestamp; its transaction is closed already
    return completed;
  }

  // ------------------------------------------------------------ appends

  /**
   * Leader append, step 1 — before offsets are assigned and anything is written. Checks every batch (see
   * producer-append.ts) and throws INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER or INVALID_RECORD; changes
   * nothing. Returns a duplicate to answer without writing, or a pending append to commit after the write.
   */
  prepareAppend(headers: readonly BatchHeader[]): PrepareResult {
    const prepared = checkAppend(headers, (pid) => this.producers.get(pid));
    if (!Array.isArray(prepared)) return prepared;
    const version = this.version;
    let committed = false;
    return {
      kind: 'append',
      commit: (written) => {
        if (committed) throw new Error('producer state: this append was already committed');
        if (this.version !== version) throw new Error('producer state: the state changed between prepareAppend and commit');
        checkCommitted(written, prepared);
        committed = true;
        this.apply(written);
      },
    };
  }

  /** Follower append (and any append the leader validated elsewhere): records the batches as written, unchecked. */
  applyReplicated(written: readonly BatchHeader[]): void {
    this.apply(written);
  }

  private apply(headers: Iterable<BatchHeader>): void {
    let changed = false;
    for (const h of headers) {
      const end = h.baseOffset + h.lastOffsetDelta + 1;
      if (end > this.mapEndOffset) this.mapEndOffset = end;
      if (h.producerId < 0) continue;
      this.applyBatch(h);
      changed = true;
    }
    if (changed) {
      this.version++;
      this.dirty = true;
    }
  }

  /** Kafka's ProducerStateEntry.addBatch (data) / the epoch part of appendEndTxnMarker (control). */
  private applyBatch(h: BatchHeader): void {
    let e = this.producers.get(h.producerId);
    if (!e) {
      e = newEntry(h.producerId);
      this.producers.set(h.producerId, e);
    }
    if (e.epoch !== h.producerEpoch) {
      e.epoch = h.producerEpoch;
      e.batches = [];
    }
    e.lastTimestamp = h.maxTimestamp;
    if (isControl(h.attributes)) {
      this.txns.end(h.producerId);
      return;
    }
    if (e.batches.length >= NUM_BATCHES_TO_RETAIN) e.batches.shift();
    e.batches.push({
      firstSeq: h.baseSequence,
      lastSeq: lastSequenceOf(h),
      firstOffset: h.baseOffset,
      lastOffset: h.baseOffset + h.lastOffsetDelta,
      timestamp: h.maxTimestamp,
    });
    if (isTransactional(h.attributes)) this.txns.begin(h.producerId, h.baseOffset);
  }

  // ------------------------------------------------------------ snapshots

  /**
   * Writes <logEndOffset>.snapshot (the state of everything below logEndOffset) unless the same snapshot is already
   * on disk, then keeps only the newest maxSnapshots. Returns whether a file was written. A failed write throws
   * KAFKA_STORAGE_ERROR and leaves the older snapshots as they were.
   */
  takeSnapshot(logEndOffset: number): boolean {
    if (!this.dirty && logEndOffset === this.lastSnapOffset) return false;
    const entries = [...this.producers.values()].sort((a, b) => a.producerId - b.producerId).map((e) => snapshotFromEntry(e, this.txns));
    this.snapshots.write(logEndOffset, entries);
    this.lastSnapOffset = logEndOffset;
    this.mapEndOffset = Math.max(this.mapEndOffset, logEndOffset);
    this.dirty = false;
    return true;
  }

  /** Deletes snapshot files below offset (the log start offset moved past them). The in-memory state stays. */
  deleteSnapshotsBefore(offset: number): void {
    this.snapshots.deleteBelow(offset);
  }

  // ------------------------------------------------------------ truncation and expiry

  /**
   * The log was truncated to offset (everything at or above it removed): snapshots above it are deleted and, unless
   * no batch at or above it was applied, the state is rebuilt from the newest snapshot at or below it plus the
   * headers after that snapshot. Batches the scan still yields at or above offset are ignored, so this may be
   * called before or after the log itself is truncated.
   */
  truncateTo(offset: number): void {
    this.snapshots.deleteAbove(offset);
    if (this.lastSnapOffset > offset) this.lastSnapOffset = -1;
    if (offset >= this.mapEndOffset) return;
    this.rebuild(offset);
  }

  /** The log restarted empty at offset: no producer state, no snapshots. */
  truncateFullyAndStartAt(offset: number): void {
    this.snapshots.deleteAll();
    this.producers.clear();
    this.txns.clear();
    this.version++;
    this.mapEndOffset = offset;
    this.lastSnapOffset = -1;
    this.dirty = true;
  }

  /** producer.id.expiration.ms: drops producers idle that long (by their last batch's timestamp). */
  removeExpiredProducers(now: number = this.clock()): number {
    let removed = 0;
    for (const [pid, e] of this.producers) {
      if (!this.txns.isOpen(pid) && now - e.lastTimestamp >= this.expirationMs) {
        this.producers.delete(pid);
        this.txns.forget(pid);
        removed++;
      }
    }
    if (removed > 0) {
      this.version++;
      this.dirty = true;
    }
    return removed;
  }

  /** State = newest valid snapshot <= upTo, then every batch header from it up to (excluding) upTo. */
  private rebuild(upTo: number): void {
    this.producers.clear();
    this.txns.clear();
    this.version++;
    const snapshot = this.snapshots.newest(upTo);
    const from = snapshot?.offset ?? 0;
    for (const se of snapshot?.entries ?? []) {
      this.producers.set(se.producerId, entryFromSnapshot(se));
      this.txns.restore(se.producerId, se.coordinatorEpoch, se.currentTxnFirstOffset);
    }
    for (const h of this.scanHeaders(from)) {
      if (h.baseOffset >= upTo) break;
      if (h.baseOffset + h.lastOffsetDelta < from) continue;
      if (h.producerId >= 0) this.applyBatch(h);
    }
    this.mapEndOffset = upTo;
    this.lastSnapOffset = snapshot?.offset ?? -1;
    this.dirty = this.lastSnapOffset !== upTo;
    this.removeExpiredProducers(this.clock());
  }
}

export { CorruptSnapshotError, PRODUCER_SNAPSHOT_VERSION, SNAPSHOT_SUFFIX, decodeProducerSnapshot, encodeProducerSnapshot, snapshotFileName, type SnapshotEntry } from './producer-snapshot.ts';
export {
  NUM_BATCHES_TO_RETAIN, decrementSequence, incrementSequence, lastSequenceOf,
  type BatchMetadata, type DuplicateAppend, type PendingAppend, type PrepareResult,
} from './producer-append.ts';
