// What an append must pass before a byte is written (Kafka's LogValidator, the parts that do not decode
// records): every batch's header and CRC-32C, the counts, max.message.bytes, the codec, the request size
// against segment.bytes — and, decoding records only where needed, a key on every record of a compacted topic
// and CreateTime timestamps inside message.timestamp.before/after.max.ms, each bad record named (KIP-467).

import { KafkaError } from '../protocol/error-codes.ts';
import { NEVER, type LogConfig } from './log-config.ts';
import { compressionOf, iterateBatches, type BatchHeader } from './record-batch.ts';
import { decodeBatchRecords } from './records.ts';

/** Validates every batch in `records` without writing. Throws Kafka's error for the first bad one. */
export function validateAppend(records: Buffer, config: LogConfig, fromClient: boolean): { headers: BatchHeader[]; count: number } {
  if (records.length === 0) throw new KafkaError('INVALID_RECORD', 'the produce request carries no record batch');
  const headers: BatchHeader[] = [];
  let count = 0;
  // Producers send contiguous offsets; replicated batches may carry compaction's gaps.
  for (const h of iterateBatches(records, { validate: true, allowOffsetGaps: !fromClient })) {
    const size = 12 + h.batchLength;
    if (size > config.maxMessageBytes) {
      throw new KafkaError('MESSAGE_TOO_LARGE', `batch of ${size} bytes exceeds max.message.bytes ${config.maxMessageBytes}`);
    }
    if (fromClient && h.recordCount === 0) throw new KafkaError('INVALID_RECORD', 'a record batch holds no records');
    if (compressionOf(h.attributes) > 4) throw new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', `compression codec ${compressionOf(h.attributes)}`);
    headers.push(h);
    count += h.recordCount;
  }
  if (records.length > config.segmentBytes) {
    throw new KafkaError('RECORD_LIST_TOO_LARGE', `${records.length} bytes of records exceed segment.bytes ${config.segmentBytes}`);
  }
  return { headers, count };
}

/** One rejected record of a produce: its index in the request's records (KIP-467 BatchIndex) and why. */
export interface RecordError {
  batchIndex: number;
  message: string;
}

/**
 * A produce rejected record by record (Kafka's RecordValidationException): the partition's error is
 * INVALID_TIMESTAMP if any record's timestamp is out of range, else INVALID_RECORD; every bad record is listed.
 */
export class RecordValidationError extends KafkaError {
  constructor(name: 'INVALID_RECORD' | 'INVALID_TIMESTAMP', message: string, readonly recordErrors: readonly RecordError[]) {
    super(name, message);
  }
}

/**
 * The checks that decode records (Kafka's LogValidator, per record): a key on every record of a compacted
 * topic, and with CreateTime a timestamp within [now - message.timestamp.before.max.ms,
 * now + message.timestamp.after.max.ms]. Records are decoded only when a check could fail: compacted topics,
 * or a batch whose header timestamps leave the window.
 */
export function validateRecords(records: Buffer, headers: BatchHeader[], config: LogConfig, now: number, partition: string): void {
  const compacted = config.cleanupPolicy.compact;
  const checkTime = config.messageTimestampType === 'CreateTime';
  const earliest = now - config.messageTimestampBeforeMaxMs;
  const latest = now + config.messageTimestampAfterMaxMs;
  const errors: (RecordError & { timestamp: boolean })[] = [];
  let index = 0;
  for (const h of headers) {
    // The header has the batch's highest timestamp but not its lowest: a lower bound means decoding.
    const timeSuspect = checkTime && (h.maxTimestamp > latest || config.messageTimestampBeforeMaxMs < NEVER);
    if (!compacted && !timeSuspect) {
      index += h.recordCount;
      continue;
    }
    for (const r of decodeBatchRecords(records, h.position)) {
      if (compacted && r.key === null) {
        errors.push({ batchIndex: index, message: `Compacted topic cannot accept message without key in topic partition ${partition}.`, timestamp: false });
      } else if (checkTime && r.timestamp !== -1 && (r.timestamp < earliest || r.timestamp > latest)) {
        errors.push({
          batchIndex: index,
          message: `Timestamp ${r.timestamp} of message with offset ${index} is out of range. The timestamp should be within [${earliest}, ${latest}]`,
          timestamp: true,
        });
      }
      index++;
    }
  }
  if (errors.length === 0) return;
  const recordErrors = errors.map(({ batchIndex, message }) => ({ batchIndex, message }));
  if (errors.some((e) => e.timestamp)) {
    throw new RecordValidationError('INVALID_TIMESTAMP', 'One or more records have been rejected due to invalid timestamp', recordErrors);
  }
  const shown = recordErrors.slice(0, 3).map((e) => `${e.batchIndex}: ${e.message}`).join('; ');
  throw new RecordValidationError('INVALID_RECORD',
    `One or more records have been rejected due to ${errors.length} record errors in total, and only showing the first three errors at most: ${shown}`, recordErrors);
}
