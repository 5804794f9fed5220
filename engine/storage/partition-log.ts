// One partition's log: a directory <topic>-<partition> holding an ordered run of segments (segment.ts).
//
// Offsets: the log start offset (the first offset a consumer may read; moved by retention and DeleteRecords),
// the log end offset (the next offset to assign), the high watermark (the replication layer sets it; consumers
// read below it) and the recovery point (everything below it has been fsynced).
//
// Appends (Kafka's UnifiedLog.append): every batch in the request is validated first — header, CRC-32C,
// counts, max.message.bytes — and only then are offsets assigned by rewriting baseOffset and
// partitionLeaderEpoch in place, and the bytes written with one write to the active segment. A failed
// validation writes nothing. A failed write is rolled back to the previous end; if even that fails the log is
// marked failed and refuses appends until it is reopened (and recovered) — Kafka takes the log dir offline.
//
// Flushing follows Kafka: data sits in the page cache; the log is fsynced when a segment rolls, on a clean
// close, and when flush.messages appends or flush.ms have passed since the last flush. The recovery point
// advances with each flush, and after a crash only the part above it is re-validated.
//
// Retention deletes whole segments only, oldest first, and never past the high watermark: by retention.ms
// (the segment's largest timestamp), by retention.bytes, and below the log start offset.
//
// Transactions: the coordinator's WriteTxnMarkers lands in appendTxnMarker, which writes a COMMIT or ABORT
// control batch (control-batch.ts) and, for an abort, an entry in the active segment's .txnindex. Followers
// replicate markers like any batch and index aborts the same way. The producer state knows the open
// transactions; the last stable offset is the first offset of the oldest one, capped by the high watermark.

import path from 'node:path';
import type { FileLayer } from './file-io.ts';
import { nodeFileLayer } from './file-io.ts';
import type { LogConfig } from './log-config.ts';
import { KafkaError } from '../protocol/error-codes.ts';
import { LogSegment } from './segment.ts';
import { loadLog, type PartitionCheckpoint, type RecoveryReport } from './log-loader.ts';
import { isControl, readBatchHeader, type BatchHeader } from './record-batch.ts';
import { validateAppend, validateRecords } from './append-validation.ts';
import { ProducerStateManager, type ActiveProducer } from './producer-state.ts';
import type { CompletedTxn } from './transaction-state.ts';
import { buildTxnMarkerBatch, type TxnMarkerType } from './control-batch.ts';
import type { AbortedTxn } from './transaction-index.ts';
import { LeaderEpochCache } from './leader-epoch-cache.ts';
import { collectAbortedTransactions, headersFrom, offsetForTimestamp, readBatches, type LogBounds } from './partition-log-read.ts';
import { deletablePrefix, retentionRules, type SegmentPredicate } from './log-retention.ts';
import { assignOffsets, batchSpan, checkContinues, duplicateAppendResult, markerOf, type AppendResult } from './partition-log-append.ts';

export type { AppendResult } from './partition-log-append.ts';

export interface PartitionLogOptions {
  dir: string;
  config: LogConfig;
  fileLayer?: FileLayer;
  clock?: () => number;
  checkpoint?: PartitionCheckpoint;
  /** Whether the broker's clean-shutdown marker was present when it started. */
  cleanShutdown?: boolean;
  /** producer.id.expiration.ms */
  producerIdExpirationMs?: number;
}

export interface SegmentInfo {
  baseOffset: number;
  nextOffset: number;
  size: number;
  largestTimestamp: number;
}

export class PartitionLog {
  readonly dir: string;
  private segments: LogSegment[];
  private _logStartOffset: number;
  private _highWatermark: number;
  private _recoveryPoint: number;
  private config: LogConfig;
  private readonly fileLayer: FileLayer;
  private readonly clock: () => number;
  private unflushedMessages = 0;
  private lastFlushTime: number;
  private failure: Error | undefined;
  readonly recoveryReport: RecoveryReport;
  /** Idempotent producers' last sequences (Kafka's ProducerStateManager), snapshotted beside the segments. */
  readonly producerState: ProducerStateManager;
  /** Which leader epoch wrote which offsets (leader-epoch-checkpoint), for follower truncation. */
  readonly epochs: LeaderEpochCache;

  private constructor(opts: PartitionLogOptions) {
    this.dir = opts.dir;
    this.config = opts.config;
    this.fileLayer = opts.fileLayer ?? nodeFileLayer;
    this.clock = opts.clock ?? Date.now;
    const loaded = loadLog(this.fileLayer, opts.dir, opts.config, this.clock(), opts.checkpoint, opts.cleanShutdown ?? false);
    this.segments = loaded.segments;
    this._logStartOffset = loaded.logStartOffset;
    this._highWatermark = loaded.highWatermark;
    this._recoveryPoint = loaded.recoveryPoint;
    this.recoveryReport = loaded.report;
    this.lastFlushTime = this.clock();
    this.epochs = LeaderEpochCache.load(this.fileLayer, this.dir, () => this.headersFrom(this._logStartOffset), this.logEndOffset);
    this.producerState = ProducerStateManager.load(this.fileLayer, this.dir, this.logEndOffset, (from) => this.headersFrom(from), {
      clock: this.clock,
      producerIdExpirationMs: opts.producerIdExpirationMs,
    });
  }

  /** Every batch header whose last offset is at or above `from`, in order. */
  private headersFrom(from: number): Generator<BatchHeader> {
    return headersFrom(this.segments, this._logStartOffset, from);
  }

  private get bounds(): LogBounds {
    return { logStartOffset: this._logStartOffset, logEndOffset: this.logEndOffset };
  }

  describeProducers(): ActiveProducer[] {
    return this.producerState.activeProducers();
  }

  static open(opts: PartitionLogOptions): PartitionLog {
    return new PartitionLog(opts);
  }

  get logStartOffset(): number {
    return this._logStartOffset;
  }
  get logEndOffset(): number {
    return this.activeSegment.nextOffset;
  }
  get highWatermark(): number {
    return this._highWatermark;
  }
  get recoveryPoint(): number {
    return this._recoveryPoint;
  }
  get logConfig(): LogConfig {
    return this.config;
  }
  private get activeSegment(): LogSegment {
    return this.segments[this.segments.length - 1];
  }

  updateConfig(config: LogConfig): void {
    this.config = config;
  }

  /** The replication layer moves the high watermark; it never passes the log end nor goes below the start. */
  setHighWatermark(offset: number): void {
    this._highWatermark = Math.max(this._logStartOffset, Math.min(offset, this.logEndOffset));
  }

  checkpoint(): PartitionCheckpoint {
    return { recoveryPoint: this._recoveryPoint, logStartOffset: this._logStartOffset, highWatermark: this._highWatermark };
  }

  size(): number {
    let n = 0;
    for (const s of this.segments) n += s.size();
    return n;
  }

  segmentInfos(): SegmentInfo[] {
    return this.segments.map((s) => ({ baseOffset: s.baseOffset, nextOffset: s.nextOffset, size: s.size(), largestTimestamp: s.largestTimestamp() }));
  }

  /** Appends a producer's batches: validates, assigns offsets from the log end, stamps the leader epoch. */
  appendAsLeader(records: Buffer, leaderEpoch: number): AppendResult {
    this.checkWritable();
    const { headers, count } = validateAppend(records, this.config, true);
    validateRecords(records, headers, this.config, this.clock(), path.basename(this.dir));
    const pending = this.producerState.prepareAppend(headers);
    if (pending.kind === 'duplicate') return duplicateAppendResult(this.config, this._logStartOffset, pending);
    const logAppendTime = this.config.messageTimestampType === 'LogAppendTime' ? this.clock() : -1;
    const first = this.logEndOffset;
    assignOffsets(records, headers, first, leaderEpoch, logAppendTime);
    const result = this.write(records, headers, count, first, logAppendTime);
    pending.commit(headers);
    this.epochs.assign(leaderEpoch, first);
    return result;
  }

  /**
   * WriteTxnMarkers on the leader: appends the producer's COMMIT or ABORT marker at the log end and closes
   * its transaction; an ABORT is recorded in the active segment's .txnindex. TRANSACTION_COORDINATOR_FENCED
   * or INVALID_PRODUCER_EPOCH if the marker is older than what the log has seen of the producer.
   */
  appendTxnMarker(
    producerId: number, producerEpoch: number, type: TxnMarkerType, coordinatorEpoch: number, leaderEpoch: number,
  ): AppendResult & { completedTxn: CompletedTxn } {
    this.checkWritable();
    this.producerState.checkTxnMarker(producerId, producerEpoch, coordinatorEpoch);
    const first = this.logEndOffset;
    const batch = buildTxnMarkerBatch({
      type, coordinatorEpoch, producerId, producerEpoch, timestamp: this.clock(), baseOffset: first, partitionLeaderEpoch: leaderEpoch,
    });
    const header = readBatchHeader(batch, 0);
    const result = this.write(batch, [header], 1, first, -1);
    const completedTxn = this.recordMarker(header, type, coordinatorEpoch);
    this.epochs.assign(leaderEpoch, first);
    return { ...result, completedTxn };
  }

  private recordMarker(header: BatchHeader, type: TxnMarkerType, coordinatorEpoch: number): CompletedTxn {
    const completed = this.producerState.completeTxn(header, coordinatorEpoch);
    if (type === 'ABORT') this.activeSegment.txnIndex.append(completed);
    return completed;
  }

  /** The first offset of the oldest open transaction, if any (Kafka's firstUnstableOffset). */
  firstUnstableOffset(): number | undefined {
    return this.producerState.firstUnstableOffset();
  }

  /** READ_COMMITTED reads stop here: the oldest open transaction's first offset, capped by the high watermark. */
  get lastStableOffset(): number {
    return Math.min(this.producerState.firstUnstableOffset() ?? Infinity, this._highWatermark);
  }

  /**
   * The aborted transactions a READ_COMMITTED fetch of [fetchOffset, upperBoundOffset) must be told of
   * (Kafka's collectAbortedTransactions): from the segment holding fetchOffset onwards, until an entry's
   * LSO shows no later abort can overlap the range.
   */
  collectAbortedTransactions(fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
    return collectAbortedTransactions(this.segments, fetchOffset, upperBoundOffset);
  }

  /** Appends batches fetched from the leader: offsets are already assigned and must continue the log. */
  appendAsFollower(records: Buffer): AppendResult {
    this.checkWritable();
    const { headers, count } = validateAppend(records, this.config, false);
    checkContinues(headers, this.logEndOffset);
    const result = this.write(records, headers, count, this.logEndOffset, -1);
    for (const h of headers) {
      const marker = isControl(h.attributes) && h.producerId >= 0 ? markerOf(records, h.position) : undefined;
      if (marker) this.recordMarker(h, marker.type, marker.coordinatorEpoch);
      else this.producerState.applyReplicated([h]);
    }
    for (const h of headers) this.epochs.assign(h.partitionLeaderEpoch, h.baseOffset);
    return result;
  }

  /** An I/O failure left the log untrustworthy (a failed fsync, a write that could not be rolled back). */
  get failed(): boolean {
    return this.failure !== undefined;
  }

  private checkWritable(): void {
    if (this.failure) throw new KafkaError('KAFKA_STORAGE_ERROR', `log ${this.dir} is offline after an I/O failure: ${this.failure.message}`);
  }

  /** Writes validated batches whose offsets are set, at the log end (rolling first if due). */
  private write(records: Buffer, headers: BatchHeader[], count: number, first: number, logAppendTime: number): AppendResult {
    const { lastOffset, maxTimestamp, offsetOfMax } = batchSpan(headers, first);
    if (this.activeSegment.shouldRoll(this.config, records.length, maxTimestamp, lastOffset, this.clock())) this.roll();
    try {
      this.activeSegment.append(records, lastOffset, maxTimestamp, offsetOfMax);
    } catch (err) {
      this.failIfInconsistent(err as Error);
      throw err;
    }
    this.unflushedMessages += count;
    if (this.unflushedMessages >= this.config.flushMessages) this.flush();
    return {
      firstOffset: first, lastOffset, logAppendTime, logStartOffset: this._logStartOffset, maxTimestamp, offsetOfMaxTimestamp: offsetOfMax,
      batches: headers.length, records: count, bytes: records.length, headers,
    };
  }

  /** A segment that could not roll back a failed write leaves the log untrustworthy until it is reopened. */
  private failIfInconsistent(err: Error): void {
    if (this.activeSegment.inconsistent) this.failure = err;
  }

  /** Starts a new active segment at the log end (the old one is flushed, as Kafka does on roll). */
  roll(at = this.logEndOffset): LogSegment {
    const old = this.activeSegment;
    if (old.size() === 0 && old.baseOffset === at) return old;
    old.onBecomeInactive();
    try {
      old.flush();
    } catch (err) {
      this.failure = err as Error;
      throw err;
    }
    this._recoveryPoint = Math.max(this._recoveryPoint, at);
    const seg = LogSegment.open(this.fileLayer, this.dir, at, this.config, this.clock());
    if (old.size() === 0) {
      old.delete();
      this.segments[this.segments.length - 1] = seg;
    } else {
      this.segments.push(seg);
    }
    try {
      this.producerState.takeSnapshot(at);
    } catch {
      // A missing snapshot only makes the next load scan more batch headers.
    }
    return seg;
  }

  /** flush.ms: called periodically by the log manager. */
  maybeFlush(now = this.clock()): void {
    if (this.unflushedMessages > 0 && now - this.lastFlushTime >= this.config.flushMs) this.flush();
  }

  /** fsyncs every segment at or above the recovery point and advances it to the log end. */
  flush(): void {
    const end = this.logEndOffset;
    try {
      for (const s of this.segments) {
        if (s.nextOffset > this._recoveryPoint || s === this.activeSegment) s.flush();
      }
    } catch (err) {
      // After a failed fsync the page cache may have dropped the data (Linux reports it once): stop accepting
      // writes; a reopen re-validates everything above the recovery point.
      this.failure = err as Error;
      throw err;
    }
    this._recoveryPoint = end;
    this.unflushedMessages = 0;
    this.lastFlushTime = this.clock();
  }

  /**
   * Raw bytes of whole batches starting with the one holding `offset`, at most maxBytes (but at least one
   * batch when minOneBatch), none at or past maxOffset (the high watermark for consumers, the log end for
   * followers). OFFSET_OUT_OF_RANGE outside [log start, log end].
   */
  read(offset: number, maxBytes: number, opts: { maxOffset?: number; minOneBatch?: boolean } = {}): Buffer {
    return readBatches(this.segments, this.bounds, this.dir, offset, maxBytes, opts);
  }

  /**
   * ListOffsets by timestamp (Kafka's fetchOffsetByTimestamp): EARLIEST (-2), LATEST (-1), MAX_TIMESTAMP (-3),
   * or the first offset whose record timestamp is >= ts. Null when no record is that recent.
   */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } | null {
    return offsetForTimestamp(this.segments, this.bounds, ts);
  }

  /** Removes everything at or above offset (a follower diverged from its leader). */
  truncateTo(offset: number): void {
    if (offset >= this.logEndOffset) return;
    if (offset <= this.segments[0].baseOffset) {
      this.truncateFullyAndStartAt(offset);
      return;
    }
    while (this.segments.length > 1 && this.activeSegment.baseOffset >= offset) {
      this.segments.pop()!.delete();
    }
    this.activeSegment.truncateTo(offset);
    this.afterTruncation();
    this.producerState.truncateTo(offset);
    this.epochs.truncateFromEnd(this.logEndOffset);
  }

  /** Deletes every segment and restarts the log, empty, at offset. */
  truncateFullyAndStartAt(offset: number): void {
    for (const s of this.segments) s.delete();
    this.segments = [LogSegment.open(this.fileLayer, this.dir, offset, this.config, this.clock())];
    this._logStartOffset = offset;
    this.afterTruncation();
    this.producerState.truncateFullyAndStartAt(offset);
    this.epochs.clear();
  }

  private afterTruncation(): void {
    const end = this.logEndOffset;
    this._highWatermark = Math.min(this._highWatermark, end);
    this._recoveryPoint = Math.min(this._recoveryPoint, end);
    this._logStartOffset = Math.min(this._logStartOffset, end);
  }

  /**
   * DeleteRecords: moves the log start offset up to `offset` (-1 means the high watermark), which may not pass
   * the high watermark, and deletes the segments that fall wholly below it. Returns the new log start offset.
   */
  deleteRecordsBefore(offset: number): number {
    const target = offset === -1 ? this._highWatermark : offset;
    if (target < 0 || target > this._highWatermark) {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `cannot delete records before ${offset}: the high watermark is ${this._highWatermark}`);
    }
    if (target > this._logStartOffset) this._logStartOffset = target;
    this.deleteSegmentsBelowStart();
    this.producerState.deleteSnapshotsBefore(this._logStartOffset);
    this.epochs.truncateFromStart(this._logStartOffset);
    return this._logStartOffset;
  }

  private deleteSegmentsBelowStart(): number {
    return this.deleteOldestWhile((s) => s.nextOffset <= this._logStartOffset);
  }

  /**
   * Deletes segments from the oldest while `predicate` holds and the segment lies wholly below the high
   * watermark. The active segment can go too: the log rolls first, so there is always one segment.
   */
  private deleteOldestWhile(predicate: SegmentPredicate): number {
    const deleted = deletablePrefix(this.segments, this._highWatermark, predicate);
    for (let k = 0; k < deleted; k++) {
      const s = this.segments[0];
      if (s === this.activeSegment) this.roll();
      this.segments.shift();
      s.delete();
    }
    if (deleted > 0) {
      this._logStartOffset = Math.max(this._logStartOffset, this.segments[0].baseOffset);
      this.producerState.deleteSnapshotsBefore(this._logStartOffset);
    }
    return deleted;
  }

  /** Retention (Kafka's deleteOldSegments): by time, then by size, then below the log start offset. */
  deleteOldSegments(now = this.clock()): number {
    let deleted = 0;
    for (const rule of retentionRules(this.config, now)) deleted += this.deleteOldestWhile(rule);
    return deleted + this.deleteSegmentsBelowStart();
  }

  /** Segments the cleaner may rewrite (all but the active one) — used by compaction. */
  closedSegments(): readonly LogSegment[] {
    return this.segments.slice(0, -1);
  }

  /** Replaces a contiguous run of closed segments by one (compaction's swap). */
  replaceSegments(old: readonly LogSegment[], replacement: LogSegment): void {
    const i = this.segments.indexOf(old[0]);
    if (i < 0 || this.segments[i + old.length - 1] !== old[old.length - 1] || i + old.length >= this.segments.length) {
      throw new Error('replaceSegments: not a contiguous run of closed segments');
    }
    this.segments.splice(i, old.length, replacement);
  }

  /** Clean close: flush everything, close the files. The caller writes the clean-shutdown marker. */
  close(): void {
    if (!this.failure) {
      this.activeSegment.onBecomeInactive();
      this.flush();
      this.producerState.takeSnapshot(this.logEndOffset);
    }
    for (const s of this.segments) s.close();
  }

  /** Hard close for a crash simulation or a failed log: no flush. */
  closeWithoutFlush(): void {
    for (const s of this.segments) s.close();
  }

  /** Deletes the partition's directory (topic deletion). */
  delete(): void {
    for (const s of this.segments) s.close();
    this.fileLayer.rmdir(this.dir);
  }
}

