// One log segment: <base>.log, <base>.index, <base>.timeindex, and <base>.txnindex once a transaction is
// aborted in it (transaction-index.ts), where <base> is the segment's base offset as 20 decimal digits
// (00000000000000000000.log).
//
// .log format: RecordBatch v2 batches back to back, exactly as producers sent them except baseOffset and
// partitionLeaderEpoch (both outside the CRC). No header, no footer: a Kafka tool (kafka-dump-log) reads it.
// Offsets inside a segment are relative to its base and must fit an int32, which is one reason to roll.
//
// Indexing: an offset-index entry and (when the max timestamp grew) a time-index entry are added before an
// append once more than index.interval.bytes have been written since the last entry (Kafka's LogSegment).
//
// Recovery policy (recover()): walk the .log from position 0, validating every batch header and CRC-32C;
// rebuild both indexes from what is valid; truncate the file at the first invalid or torn batch and report
// how many bytes went. The caller (the loader) decides which segments need this and drops later segments
// once one has been truncated.

import path from 'node:path';
import type { FileLayer, StorageFile } from './file-io.ts';
import type { LogConfig } from './log-config.ts';
import { OffsetIndex } from './offset-index.ts';
import { CorruptIndexError } from './index-file.ts';
import { TimeIndex } from './time-index.ts';
import { TransactionIndex, TXN_INDEX_SUFFIX } from './transaction-index.ts';
import { KafkaError } from '../protocol/error-codes.ts';
import { LOG_OVERHEAD, RECORD_BATCH_HEADER_SIZE, readBatchHeader, validateBatch, type BatchHeader } from './record-batch.ts';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';

/** 20-digit zero-padded base offset, Kafka's file name stem. */
export function fileStem(baseOffset: number): string {
  return String(baseOffset).padStart(20, '0');
}

export function segmentPaths(dir: string, baseOffset: number) {
  const stem = path.join(dir, fileStem(baseOffset));
  return { log: stem + LOG_SUFFIX, index: stem + INDEX_SUFFIX, timeIndex: stem + TIME_INDEX_SUFFIX, txnIndex: stem + TXN_INDEX_SUFFIX };
}

/** A batch located in a segment: its header and its byte range. */
export interface BatchLocation {
  position: number;
  size: number;
  header: BatchHeader;
}

export interface RecoveryResult {
  validBytes: number;
  truncatedBytes: number;
  nextOffset: number;
  batches: number;
  /** Why the walk stopped before the end of the file, when it did. */
  reason?: string;
}

const SCAN_CHUNK = 4 * 1024 * 1024;

export class LogSegment {
  private bytesSinceLastIndexEntry = 0;
  /** Largest record timestamp in the segment and the base offset of the batch that holds it. */
  maxTimestampSoFar = -1;
  offsetOfMaxTimestampSoFar = -1;
  /** The first batch's max timestamp: segment.ms is measured from it (Kafka's rollingBasedTimestamp). */
  private rollingBasedTimestamp: number | undefined;
  /** Offset after the last batch in this segment. */
  nextOffset: number;
  /** Aborted transactions whose ABORT marker is in this segment. */
  readonly txnIndex: TransactionIndex;

  private constructor(
    readonly dir: string,
    readonly baseOffset: number,
    private readonly log: StorageFile,
    readonly offsetIndex: OffsetIndex,
    readonly timeIndex: TimeIndex,
    private readonly fileLayer: FileLayer,
    private indexIntervalBytes: number,
    readonly created: number,
    readonly rollJitterMs: number,
  ) {
    this.nextOffset = baseOffset;
    this.txnIndex = new TransactionIndex(fileLayer, segmentPaths(dir, baseOffset).txnIndex);
  }

  /** Opens (creating if absent) the three files of a segment. Indexes are not loaded: call loadIndexes or recover. */
  static open(fileLayer: FileLayer, dir: string, baseOffset: number, config: LogConfig, now: number): LogSegment {
    const p = segmentPaths(dir, baseOffset);
    const indexesMissing = !fileLayer.exists(p.index) || !fileLayer.exists(p.timeIndex);
    const log = fileLayer.open(p.log, 'rw');
    const offsetIndex = new OffsetIndex(fileLayer, p.index, baseOffset, config.segmentIndexBytes);
    const timeIndex = new TimeIndex(fileLayer, p.timeIndex, baseOffset, config.segmentIndexBytes);
    const jitter = config.segmentJitterMs > 0 ? Math.floor(Math.random() * Math.min(config.segmentJitterMs, config.segmentMs)) : 0;
    const seg = new LogSegment(dir, baseOffset, log, offsetIndex, timeIndex, fileLayer, config.indexIntervalBytes, now, jitter);
    seg.indexesMissing = indexesMissing && log.size() > 0;
    return seg;
  }

  /** An index file was absent at open although the log has data: loadFast refuses, recovery rebuilds. */
  private indexesMissing = false;

  get logPath(): string {
    return this.log.path;
  }

  size(): number {
    return this.log.size();
  }

  /** Set when a failed append could not be rolled back: the files no longer match memory. */
  inconsistent = false;

  /** Appends batches whose offsets are already assigned; [firstOffset, lastOffset] and their max timestamp. */
  append(buf: Buffer, lastOffset: number, maxTimestamp: number, offsetOfMaxTimestamp: number): void {
    if (lastOffset - this.baseOffset > 0x7fffffff) {
      throw new KafkaError('KAFKA_STORAGE_ERROR', `offset ${lastOffset} does not fit segment ${this.baseOffset}`);
    }
    const position = this.log.size();
    try {
      this.log.write(buf, position);
      if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
        this.offsetIndex.append(lastOffset, position);
        this.timeIndex.maybeAppend(Math.max(maxTimestamp, this.maxTimestampSoFar), maxTimestamp > this.maxTimestampSoFar ? offsetOfMaxTimestamp : this.offsetOfMaxTimestampSoFar);
        this.bytesSinceLastIndexEntry = 0;
      }
    } catch (err) {
      this.rollbackTo(position);
      throw err;
    }
    if (position === 0) this.rollingBasedTimestamp = maxTimestamp;
    if (maxTimestamp > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTimestamp;
      this.offsetOfMaxTimestampSoFar = offsetOfMaxTimestamp;
    }
    this.bytesSinceLastIndexEntry += buf.length;
    this.nextOffset = lastOffset + 1;
  }

  /** Undo a partial append: cut the log back and drop index entries that point past it. */
  private rollbackTo(position: number): void {
    try {
      this.log.truncate(position);
      this.offsetIndex.truncateToPosition(position);
      this.timeIndex.truncateToOffset(this.nextOffset);
    } catch {
      this.inconsistent = true;
    }
  }

  /** Kafka's LogSegment.shouldRoll: size, age (from the first batch's timestamp), full index, int32 overflow. */
  shouldRoll(config: LogConfig, incomingBytes: number, incomingMaxTimestamp: number, incomingLastOffset: number, now: number): boolean {
    const size = this.size();
    const waited = this.rollingBasedTimestamp !== undefined && this.rollingBasedTimestamp >= 0
      ? incomingMaxTimestamp - this.rollingBasedTimestamp
      : now - this.created;
    const reachedRollMs = waited > config.segmentMs - this.rollJitterMs;
    return (
      size > config.segmentBytes - incomingBytes ||
      (size > 0 && reachedRollMs) ||
      this.offsetIndex.isFull() ||
      this.timeIndex.isFull() ||
      incomingLastOffset - this.baseOffset > 0x7fffffff
    );
  }

  /** The header of the batch at a position, or null past the end. */
  readHeader(position: number, scratch?: Buffer): BatchHeader | null {
    const end = this.log.size();
    if (position + RECORD_BATCH_HEADER_SIZE > end) return null;
    const buf = scratch ?? Buffer.allocUnsafe(RECORD_BATCH_HEADER_SIZE);
    this.log.read(buf, 0, RECORD_BATCH_HEADER_SIZE, position);
    const h = readBatchHeader(buf, 0);
    h.position = position;
    return h;
  }

  /** The first batch whose last offset is >= offset, searching from the index entry at or below it. */
  translateOffset(offset: number, startingPosition = 0): BatchLocation | null {
    const entry = this.offsetIndex.lookup(offset);
    for (const b of this.batchesFrom(Math.max(entry.position, startingPosition))) {
      if (b.header.baseOffset + b.header.lastOffsetDelta >= offset) return b;
    }
    return null;
  }

  /**
   * Reads whole batches starting with the one that holds startOffset, up to maxBytes (at least one batch when
   * minOneBatch), excluding batches at or past maxOffset. Returns raw bytes, ready for a Fetch response.
   */
  read(startOffset: number, maxBytes: number, maxOffset: number, minOneBatch: boolean): { position: number; bytes: Buffer } | null {
    const first = this.translateOffset(startOffset);
    if (!first || first.header.baseOffset >= maxOffset) return null;
    const end = this.log.size();
    let want = Math.min(maxBytes, end - first.position);
    if (first.size > want) {
      if (!minOneBatch) return { position: first.position, bytes: Buffer.alloc(0) };
      want = first.size;
    }
    const buf = Buffer.allocUnsafe(want);
    const n = this.log.read(buf, 0, want, first.position);
    // Keep whole batches below maxOffset only.
    let pos = 0;
    while (pos + LOG_OVERHEAD <= n) {
      const base = readOffset(buf, pos);
      const size = LOG_OVERHEAD + buf.readInt32BE(pos + 8);
      if (pos + size > n || base >= maxOffset) break;
      pos += size;
    }
    return { position: first.position, bytes: buf.subarray(0, pos) };
  }

  /**
   * The first batch holding a record with timestamp >= target, at or after startingOffset. The caller
   * decodes the batch to find the exact record (timestamps inside a batch need not be ordered).
   */
  findBatchByTimestamp(target: number, startingOffset: number): BatchLocation | null {
    if (this.maxTimestampSoFar >= 0 && this.maxTimestampSoFar < target) return null;
    const entry = this.timeIndex.lookup(target);
    const from = this.offsetIndex.lookup(Math.max(entry.offset, startingOffset));
    for (const b of this.batchesFrom(from.position)) {
      if (b.header.maxTimestamp >= target && b.header.baseOffset + b.header.lastOffsetDelta >= startingOffset) return b;
    }
    return null;
  }

  /** Reads the bytes of one located batch. */
  readBatch(loc: BatchLocation): Buffer {
    const buf = Buffer.allocUnsafe(loc.size);
    this.log.read(buf, 0, loc.size, loc.position);
    return buf;
  }

  /** Every batch header in the segment, in order (used by compaction, retention and the UI). */
  batches(): Generator<BatchLocation> {
    return this.batchesFrom(0);
  }

  /**
   * Fast open after a clean shutdown: trust the .log, sanity-check the indexes, and find the next offset by
   * scanning headers from the last index entry. Throws CorruptIndexError when an index needs a rebuild.
   */
  loadFast(): void {
    const logSize = this.log.size();
    if (this.indexesMissing) throw new CorruptIndexError(`${this.log.path}: index files are missing`);
    this.offsetIndex.load(logSize);
    this.txnIndex.sanityCheck();
    const scratch = Buffer.allocUnsafe(RECORD_BATCH_HEADER_SIZE);
    const first = this.readHeader(0, scratch);
    this.rollingBasedTimestamp = first ? first.maxTimestamp : undefined;
    // Walk headers from the last indexed position to the end: the next offset, the bytes since that entry
    // and the true max timestamp (the last time-index entry may predate the tail batches).
    let position = this.offsetIndex.entries > 0 ? this.offsetIndex.lookup(Number.MAX_SAFE_INTEGER).position : 0;
    let next = this.offsetIndex.entries > 0 ? this.offsetIndex.lastOffset() + 1 : this.baseOffset;
    let bytesSince = 0;
    let maxTs = -1;
    let maxTsOffset = -1;
    for (const b of this.batchesFrom(position)) {
      next = b.header.baseOffset + b.header.lastOffsetDelta + 1;
      if (b.header.maxTimestamp > maxTs) {
        maxTs = b.header.maxTimestamp;
        maxTsOffset = next - 1;
      }
      position = b.position + b.size;
      bytesSince += b.size;
    }
    this.nextOffset = next;
    this.timeIndex.load(next);
    const lastTime = this.timeIndex.lastEntry();
    this.maxTimestampSoFar = lastTime ? lastTime.timestamp : -1;
    this.offsetOfMaxTimestampSoFar = lastTime ? lastTime.offset : -1;
    if (maxTs > this.maxTimestampSoFar) {
      this.maxTimestampSoFar = maxTs;
      this.offsetOfMaxTimestampSoFar = maxTsOffset;
    }
    this.bytesSinceLastIndexEntry = bytesSince;
  }

  /** Walks and validates every batch, rebuilds both indexes, truncates an invalid tail (see the file header). */
  recover(): RecoveryResult {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.txnIndex.reset(); // rebuilt by the loader, which knows the transactions open before this segment
    this.maxTimestampSoFar = -1;
    this.offsetOfMaxTimestampSoFar = -1;
    this.rollingBasedTimestamp = undefined;
    this.bytesSinceLastIndexEntry = 0;
    const end = this.log.size();
    let validBytes = 0;
    let next = this.baseOffset;
    let batches = 0;
    let reason: string | undefined;
    let chunk = Buffer.allocUnsafe(Math.min(SCAN_CHUNK, Math.max(end, 1)));
    let chunkStart = 0;
    let chunkLen = 0;
    walk: while (validBytes < end) {
      // Make sure the header of the next batch is in the chunk.
      if (validBytes + LOG_OVERHEAD > chunkStart + chunkLen || validBytes < chunkStart) {
        chunkStart = validBytes;
        chunkLen = this.log.read(chunk, 0, Math.min(chunk.length, end - validBytes), validBytes);
      }
      let rel = validBytes - chunkStart;
      if (rel + LOG_OVERHEAD > chunkLen) {
        reason = `torn batch header at position ${validBytes}`;
        break;
      }
      const batchLength = chunk.readInt32BE(rel + 8);
      const size = LOG_OVERHEAD + batchLength;
      if (batchLength < RECORD_BATCH_HEADER_SIZE - LOG_OVERHEAD) {
        reason = `impossible batch length ${batchLength} at position ${validBytes}`;
        break;
      }
      if (validBytes + size > end) {
        reason = `torn batch at position ${validBytes}: ${size} bytes declared, ${end - validBytes} present`;
        break;
      }
      if (rel + size > chunkLen) {
        if (size > chunk.length) chunk = Buffer.allocUnsafe(size);
        chunkStart = validBytes;
        chunkLen = this.log.read(chunk, 0, Math.min(chunk.length, end - validBytes), validBytes);
        rel = 0;
      }
      let h: BatchHeader;
      try {
        h = validateBatch(chunk.subarray(rel, rel + size), 0, { allowOffsetGaps: true });
      } catch (err) {
        reason = `invalid batch at position ${validBytes}: ${(err as Error).message}`;
        break walk;
      }
      if (h.baseOffset < next) {
        reason = `batch at position ${validBytes} has offset ${h.baseOffset} below the expected ${next}`;
        break;
      }
      const last = h.baseOffset + h.lastOffsetDelta;
      if (validBytes === 0) this.rollingBasedTimestamp = h.maxTimestamp;
      if (h.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = h.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = last;
      }
      if (this.bytesSinceLastIndexEntry > this.indexIntervalBytes) {
        this.offsetIndex.append(last, validBytes);
        this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar);
        this.bytesSinceLastIndexEntry = 0;
      }
      this.bytesSinceLastIndexEntry += size;
      validBytes += size;
      next = last + 1;
      batches++;
    }
    const truncatedBytes = end - validBytes;
    if (truncatedBytes > 0) this.log.truncate(validBytes);
    this.nextOffset = next;
    return { validBytes, truncatedBytes, nextOffset: next, batches, reason };
  }

  /** Removes every batch whose last offset is >= offset; returns the bytes removed. */
  truncateTo(offset: number): number {
    const loc = this.translateOffset(offset);
    if (!loc) return 0;
    const before = this.log.size();
    this.log.truncate(loc.position);
    this.offsetIndex.truncateToPosition(loc.position);
    this.timeIndex.truncateToOffset(loc.header.baseOffset);
    this.txnIndex.truncateTo(loc.header.baseOffset);
    this.nextOffset = loc.header.baseOffset;
    this.bytesSinceLastIndexEntry = 0;
    // Recompute the max timestamp from what remains (indexes are sparse; walk the tail).
    this.maxTimestampSoFar = -1;
    this.offsetOfMaxTimestampSoFar = -1;
    const t = this.timeIndex.lastEntry();
    if (t) {
      this.maxTimestampSoFar = t.timestamp;
      this.offsetOfMaxTimestampSoFar = t.offset;
    }
    const from = this.offsetIndex.entries > 0 ? this.offsetIndex.lookup(Number.MAX_SAFE_INTEGER).position : 0;
    for (const b of this.batchesFrom(from)) {
      if (b.header.maxTimestamp > this.maxTimestampSoFar) {
        this.maxTimestampSoFar = b.header.maxTimestamp;
        this.offsetOfMaxTimestampSoFar = b.header.baseOffset + b.header.lastOffsetDelta;
      }
    }
    if (loc.position === 0) this.rollingBasedTimestamp = undefined;
    return before - loc.position;
  }

  /** Batch headers from a position to the end; each location is the caller's to keep. */
  private *batchesFrom(position: number): Generator<BatchLocation> {
    const end = this.log.size();
    const scratch = Buffer.allocUnsafe(RECORD_BATCH_HEADER_SIZE);
    while (position < end) {
      const h = this.readHeader(position, scratch);
      if (!h) return;
      const size = LOG_OVERHEAD + h.batchLength;
      yield { position, size, header: h };
      position += size;
    }
  }

  /** The segment is no longer written to: add a last time-index entry for its max timestamp (Kafka does). */
  onBecomeInactive(): void {
    if (this.maxTimestampSoFar >= 0) this.timeIndex.maybeAppend(this.maxTimestampSoFar, this.offsetOfMaxTimestampSoFar, true);
  }

  /** The timestamp retention.ms compares against: the largest record timestamp, else the file's creation. */
  largestTimestamp(): number {
    return this.maxTimestampSoFar >= 0 ? this.maxTimestampSoFar : this.created;
  }

  flush(): void {
    this.log.sync();
    this.offsetIndex.flush();
    this.timeIndex.flush();
    this.txnIndex.flush();
  }

  close(): void {
    this.log.close();
    this.offsetIndex.close();
    this.timeIndex.close();
    this.txnIndex.close();
  }

  /** Closes and deletes all its files. */
  delete(): void {
    this.close();
    this.fileLayer.unlink(this.log.path);
    this.fileLayer.unlink(this.offsetIndex.path);
    this.fileLayer.unlink(this.timeIndex.path);
    this.txnIndex.delete();
  }
}

/** Reads a non-negative int64 offset as a JS number. */
export function readOffset(buf: Buffer, pos: number): number {
  return buf.readInt32BE(pos) * 4294967296 + buf.readUInt32BE(pos + 4);
}
