// What an append must pass before a byte is written (Kafka's LogValidator, the parts that do not decode
// records): every batch's header and CRC-32C, the counts, max.message.bytes, the codec, the request size
// against segment.bytes — and, for compacted topics only, a key on every record.

import { KafkaError } from '../protocol/error-codes.ts';
import type { LogConfig } from './log-config.ts';
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

/** Compacted topics need a key on every record: the one place produce decodes records. */
export function requireKeys(records: Buffer, headers: BatchHeader[]): void {
  for (const h of headers) {
    for (const r of decodeBatchRecords(records, h.position)) {
      if (r.key === null) throw new KafkaError('INVALID_RECORD', 'compacted topic cannot accept a record without a key');
    }
  }
}
