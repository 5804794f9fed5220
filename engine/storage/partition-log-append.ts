// The pure half of a partition log's write path: stamping offsets, leader epoch and LogAppendTime onto
// validated batches, checking that replicated batches continue the log, and describing what an append
// wrote. The bytes reach disk through PartitionLog (partition-log.ts), which owns the files.

import { KafkaError } from '../protocol/error-codes.ts';
import type { LogConfig } from './log-config.ts';
import { setBaseOffset, setLogAppendTime, setPartitionLeaderEpoch, type BatchHeader } from './record-batch.ts';
import { readTxnMarker } from './control-batch.ts';

export interface AppendResult {
  firstOffset: number;
  lastOffset: number;
  /** -1 for CreateTime topics, else the broker time stamped on the batches. */
  logAppendTime: number;
  logStartOffset: number;
  maxTimestamp: number;
  offsetOfMaxTimestamp: number;
  batches: number;
  records: number;
  bytes: number;
  /** The validated headers, in order, with offsets as assigned. */
  headers: BatchHeader[];
  /** An idempotent producer's retry of a batch already in the log: nothing was written. */
  duplicate?: boolean;
}

/** What an idempotent producer's retry is answered with: the offsets the original append got. */
export function duplicateAppendResult(
  config: LogConfig, logStartOffset: number, dup: { firstOffset: number; lastOffset: number; timestamp: number },
): AppendResult {
  return {
    firstOffset: dup.firstOffset,
    lastOffset: dup.lastOffset,
    logAppendTime: config.messageTimestampType === 'LogAppendTime' ? dup.timestamp : -1,
    logStartOffset,
    maxTimestamp: dup.timestamp,
    offsetOfMaxTimestamp: dup.lastOffset,
    batches: 0,
    records: 0,
    bytes: 0,
    headers: [],
    duplicate: true,
  };
}

/**
 * Rewrites each batch's baseOffset and partitionLeaderEpoch in place, from `first` on, and its max timestamp
 * when logAppendTime >= 0 (a LogAppendTime topic); the headers are updated to match.
 */
export function assignOffsets(records: Buffer, headers: BatchHeader[], first: number, leaderEpoch: number, logAppendTime: number): void {
  let offset = first;
  for (const h of headers) {
    setBaseOffset(records, h.position, offset);
    setPartitionLeaderEpoch(records, h.position, leaderEpoch);
    if (logAppendTime >= 0) {
      setLogAppendTime(records, h.position, logAppendTime);
      h.maxTimestamp = logAppendTime;
    }
    h.baseOffset = offset;
    h.partitionLeaderEpoch = leaderEpoch;
    offset += h.lastOffsetDelta + 1;
  }
}

/** Replicated batches carry the leader's offsets: OFFSET_OUT_OF_RANGE unless they continue the log end exactly. */
export function checkContinues(headers: readonly BatchHeader[], logEndOffset: number): void {
  let expected = logEndOffset;
  for (const h of headers) {
    if (h.baseOffset !== expected) {
      throw new KafkaError('OFFSET_OUT_OF_RANGE', `replicated batch starts at ${h.baseOffset}, log end is ${expected}`);
    }
    expected = h.baseOffset + h.lastOffsetDelta + 1;
  }
}

/** The last offset and the largest timestamp (with the last offset of its batch) of batches about to be written. */
export function batchSpan(headers: readonly BatchHeader[], first: number): { lastOffset: number; maxTimestamp: number; offsetOfMax: number } {
  let maxTimestamp = -1;
  let offsetOfMax = -1;
  let lastOffset = first - 1;
  for (const h of headers) {
    lastOffset = h.baseOffset + h.lastOffsetDelta;
    if (h.maxTimestamp > maxTimestamp) {
      maxTimestamp = h.maxTimestamp;
      offsetOfMax = lastOffset;
    }
  }
  return { lastOffset, maxTimestamp, offsetOfMax };
}

/** The transaction marker in a replicated control batch; undefined for other control records or an unreadable one. */
export function markerOf(records: Buffer, position: number): ReturnType<typeof readTxnMarker> {
  try {
    return readTxnMarker(records, position);
  } catch {
    return undefined; // the CRC held, so the leader wrote it: keep it, it just does not end a transaction here
  }
}
