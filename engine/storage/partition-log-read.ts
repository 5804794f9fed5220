// The read path over a partition log's segments: raw batch reads for Fetch, ListOffsets' timestamp lookups,
// and the aborted transactions a READ_COMMITTED fetch must be told of. Nothing here writes or moves an
// offset; PartitionLog (partition-log.ts) owns the files and passes in its segments and offsets.
//
// The segments are ordered by base offset and never empty; the last one is the active segment.

import { KafkaError } from '../protocol/error-codes.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';
import type { LogSegment } from './segment.ts';
import type { BatchHeader } from './record-batch.ts';
import { decodeBatchRecords } from './records.ts';
import type { AbortedTxn } from './transaction-index.ts';

/** The offsets a read is bounded by. */
export interface LogBounds {
  logStartOffset: number;
  logEndOffset: number;
}

/** Index of the segment that holds `offset`: the last one whose base offset is at or below it (0 if none). */
export function segmentFor(segments: readonly LogSegment[], offset: number): number {
  let lo = 0;
  let hi = segments.length - 1;
  let found = 0;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (segments[mid].baseOffset <= offset) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

/** Every batch header whose last offset is at or above `from`, in order. */
export function* headersFrom(segments: readonly LogSegment[], logStartOffset: number, from: number): Generator<BatchHeader> {
  for (let i = segmentFor(segments, Math.max(from, logStartOffset)); i < segments.length; i++) {
    for (const b of segments[i].batches()) if (b.header.baseOffset + b.header.lastOffsetDelta >= from) yield b.header;
  }
}

/**
 * Raw bytes of whole batches starting with the one holding `offset`, at most maxBytes (but at least one
 * batch when minOneBatch), none at or past maxOffset (the high watermark for consumers, the log end for
 * followers). OFFSET_OUT_OF_RANGE outside [log start, log end].
 */
export function readBatches(
  segments: readonly LogSegment[], bounds: LogBounds, dir: string, offset: number, maxBytes: number,
  opts: { maxOffset?: number; minOneBatch?: boolean },
): Buffer {
  const { logStartOffset: start, logEndOffset: end } = bounds;
  if (offset < start || offset > end) {
    throw new KafkaError('OFFSET_OUT_OF_RANGE', `offset ${offset} is outside [${start}, ${end}] of ${dir}`);
  }
  const maxOffset = Math.min(opts.maxOffset ?? end, end);
  if (offset >= maxOffset) return Buffer.alloc(0);
  for (let i = segmentFor(segments, offset); i < segments.length; i++) {
    const seg = segments[i];
    if (seg.baseOffset >= maxOffset) break;
    const r = seg.read(Math.max(offset, seg.baseOffset), maxBytes, maxOffset, opts.minOneBatch ?? true);
    if (r && r.bytes.length > 0) return r.bytes;
    if (r && r.bytes.length === 0) return r.bytes; // first batch larger than maxBytes, minOneBatch off
  }
  return Buffer.alloc(0);
}

/**
 * ListOffsets by timestamp (Kafka's fetchOffsetByTimestamp): EARLIEST (-2), LATEST (-1), MAX_TIMESTAMP (-3),
 * or the first offset whose record timestamp is >= ts. Null when no record is that recent.
 */
export function offsetForTimestamp(
  segments: readonly LogSegment[], bounds: LogBounds, ts: number,
): { offset: number; timestamp: number } | null {
  const start = bounds.logStartOffset;
  if (ts === EARLIEST_TIMESTAMP) return { offset: start, timestamp: -1 };
  if (ts === LATEST_TIMESTAMP) return { offset: bounds.logEndOffset, timestamp: -1 };
  if (ts === MAX_TIMESTAMP) {
    let best: { offset: number; timestamp: number; segment: LogSegment } | null = null;
    for (const s of segments) {
      if (s.maxTimestampSoFar >= 0 && (!best || s.maxTimestampSoFar > best.timestamp)) {
        best = { offset: s.offsetOfMaxTimestampSoFar, timestamp: s.maxTimestampSoFar, segment: s };
      }
    }
    if (!best) return null;
    // The segment knows the batch; the answer is the record inside it that has the highest timestamp
    // (KAFKA-16310), the first such record if several share it, not the batch's last offset.
    const loc = best.segment.findBatchByTimestamp(best.timestamp, start);
    if (loc) {
      for (const r of decodeBatchRecords(best.segment.readBatch(loc), 0)) {
        if (r.offset >= start && r.timestamp === best.timestamp) return { offset: r.offset, timestamp: r.timestamp };
      }
    }
    return { offset: best.offset, timestamp: best.timestamp };
  }
  for (const s of segments) {
    if (s.nextOffset <= start || s.largestTimestamp() < ts) continue;
    const loc = s.findBatchByTimestamp(ts, start);
    if (!loc) continue;
    for (const r of decodeBatchRecords(s.readBatch(loc), 0)) {
      if (r.offset >= start && r.timestamp >= ts) return { offset: r.offset, timestamp: r.timestamp };
    }
  }
  return null;
}

/**
 * The aborted transactions a READ_COMMITTED fetch of [fetchOffset, upperBoundOffset) must be told of
 * (Kafka's collectAbortedTransactions): from the segment holding fetchOffset onwards, until an entry's
 * LSO shows no later abort can overlap the range.
 */
export function collectAbortedTransactions(segments: readonly LogSegment[], fetchOffset: number, upperBoundOffset: number): AbortedTxn[] {
  const out: AbortedTxn[] = [];
  for (let i = segmentFor(segments, fetchOffset); i < segments.length; i++) {
    const r = segments[i].txnIndex.collectAbortedTxns(fetchOffset, upperBoundOffset);
    out.push(...r.abortedTransactions);
    if (r.isComplete) break;
  }
  return out;
}
