// RecordBatch, message format v2 (magic 2): the unit Kafka producers send, brokers store and consumers
// fetch. All integers are big-endian; int64 fields are read into JS numbers and must be safe integers.
//
//   offset  size  field
//   0       8     baseOffset            int64   offset of the first record; the broker assigns it
//   8       4     batchLength           int32   bytes that follow this field (total size - 12), >= 49
//   12      4     partitionLeaderEpoch  int32   set by the leader; -1 from producers
//   16      1     magic                 int8    always 2
//   17      4     crc                   uint32  CRC-32C (Castagnoli) of bytes 21 .. end of batch
//   21      2     attributes            int16   bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4,
//                                               4 zstd), bit 3 timestamp type (0 CreateTime,
//                                               1 LogAppendTime), bit 4 transactional, bit 5 control
//                                               batch, bit 6 delete horizon set (compaction); rest 0
//   23      4     lastOffsetDelta       int32   offset of the last record minus baseOffset
//   27      8     baseTimestamp         int64   timestamp of the first record (ms)
//   35      8     maxTimestamp          int64   greatest record timestamp, or the append time
//   43      8     producerId            int64   -1 when not idempotent
//   51      2     producerEpoch         int16   -1 when not idempotent
//   53      4     baseSequence          int32   sequence number of the first record, -1 if none
//   57      4     recordCount           int32   number of records in the batch
//   61      ...   records               the records (see records.ts), compressed as one stream when
//                                       attributes say so; the header itself is never compressed
//
// The first 12 bytes (baseOffset, batchLength) are the "log overhead" shared by every message format.
// baseOffset and partitionLeaderEpoch lie outside the CRC so a broker can rewrite them in place; anything
// from attributes on is covered, so changing it (setLogAppendTime) means recomputing the CRC.
//
// A producer's batch has lastOffsetDelta == recordCount - 1 and recordCount > 0. After compaction a stored
// batch may have offset gaps (lastOffsetDelta > recordCount - 1) or even no records at all (Kafka keeps
// such empty batches to preserve producer state); `allowOffsetGaps` accepts those.

import { crc32c } from '@node-rs/crc32';
import { KafkaError } from '../protocol/error-codes.ts';

export const LOG_OVERHEAD = 12;
export const RECORD_BATCH_HEADER_SIZE = 61;
export const MAGIC_V2 = 2;
export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
export const NO_SEQUENCE = -1;
export const NO_PARTITION_LEADER_EPOCH = -1;

/** Byte positions of the header fields, relative to the start of the batch. */
export const BatchField = {
  BaseOffset: 0,
  BatchLength: 8,
  PartitionLeaderEpoch: 12,
  Magic: 16,
  Crc: 17,
  Attributes: 21,
  LastOffsetDelta: 23,
  BaseTimestamp: 27,
  MaxTimestamp: 35,
  ProducerId: 43,
  ProducerEpoch: 51,
  BaseSequence: 53,
  RecordCount: 57,
  Records: 61,
} as const;

/** Smallest legal batchLength: a header with no records. */
export const MIN_BATCH_LENGTH = RECORD_BATCH_HEADER_SIZE - LOG_OVERHEAD;
/** A record needs at least 7 bytes (length, attributes, timestamp delta, offset delta, key, value, header count). */
export const MIN_RECORD_SIZE = 7;

export enum CompressionType { None = 0, Gzip = 1, Snappy = 2, Lz4 = 3, Zstd = 4 }

export const COMPRESSION_MASK = 0x07;
export const TIMESTAMP_TYPE_MASK = 0x08;
export const TRANSACTIONAL_MASK = 0x10;
export const CONTROL_MASK = 0x20;
export const DELETE_HORIZON_MASK = 0x40;

export interface BatchHeader {
  position: number;
  baseOffset: number;
  batchLength: number;
  partitionLeaderEpoch: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export interface ValidateOptions {
  /** Accept stored (compacted) batches: lastOffsetDelta >= recordCount - 1, recordCount may be 0. */
  allowOffsetGaps?: boolean;
}

export function batchSize(h: BatchHeader): number {
  return LOG_OVERHEAD + h.batchLength;
}

export function lastOffset(h: BatchHeader): number {
  return h.baseOffset + h.lastOffsetDelta;
}

export function compressionOf(attributes: number): CompressionType {
  return (attributes & COMPRESSION_MASK) as CompressionType;
}

export function isTransactional(attributes: number): boolean {
  return (attributes & TRANSACTIONAL_MASK) !== 0;
}

export function isControl(attributes: number): boolean {
  return (attributes & CONTROL_MASK) !== 0;
}

export function timestampTypeOf(attributes: number): 0 | 1 {
  return (attributes & TIMESTAMP_TYPE_MASK) !== 0 ? 1 : 0;
}

/** Read a signed big-endian int64 as a number; throws CORRUPT_MESSAGE if it is not a safe integer. */
export function readInt64(buf: Buffer, at: number, what = 'int64'): number {
  const v = buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
  if (!Number.isSafeInteger(v)) {
    throw new KafkaError('CORRUPT_MESSAGE',
      `${what} 0x${buf.toString('hex', at, at + 8)} at position ${at} is outside the safe integer range`);
  }
  return v;
}

/** Write a safe-integer number as a big-endian int64. */
export function writeInt64(buf: Buffer, at: number, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`int64 value ${value} is not a safe integer`);
  const hi = Math.floor(value / 4294967296);
  buf.writeInt32BE(hi, at);
  buf.writeUInt32BE(value - hi * 4294967296, at + 4);
}

function hex32(n: number): string {
  return '0x' + (n >>> 0).toString(16).padStart(8, '0');
}

/** Parse the 61-byte header at pos. Checks only that it is present, magic is 2 and batchLength >= 49. */
export function readBatchHeader(buf: Buffer, pos: number): BatchHeader {
  if (pos < 0 || buf.length - pos < RECORD_BATCH_HEADER_SIZE) {
    throw new KafkaError('CORRUPT_MESSAGE',
      `truncated batch header at position ${pos}: ${Math.max(0, buf.length - pos)} bytes, need ${RECORD_BATCH_HEADER_SIZE}`);
  }
  const magic = buf.readInt8(pos + BatchField.Magic);
  if (magic !== MAGIC_V2) {
    throw new KafkaError('CORRUPT_MESSAGE', `unsupported magic ${magic} at position ${pos} (only v2 batches are accepted)`);
  }
  const batchLength = buf.readInt32BE(pos + BatchField.BatchLength);
  if (batchLength < MIN_BATCH_LENGTH) {
    throw new KafkaError('CORRUPT_MESSAGE', `batchLength ${batchLength} at position ${pos} is below the minimum ${MIN_BATCH_LENGTH}`);
  }
  return {
    position: pos,
    baseOffset: readInt64(buf, pos, 'baseOffset'),
    batchLength,
    partitionLeaderEpoch: buf.readInt32BE(pos + BatchField.PartitionLeaderEpoch),
    magic,
    crc: buf.readUInt32BE(pos + BatchField.Crc),
    attributes: buf.readInt16BE(pos + BatchField.Attributes),
    lastOffsetDelta: buf.readInt32BE(pos + BatchField.LastOffsetDelta),
    baseTimestamp: readInt64(buf, pos + BatchField.BaseTimestamp, 'baseTimestamp'),
    maxTimestamp: readInt64(buf, pos + BatchField.MaxTimestamp, 'maxTimestamp'),
    producerId: readInt64(buf, pos + BatchField.ProducerId, 'producerId'),
    producerEpoch: buf.readInt16BE(pos + BatchField.ProducerEpoch),
    baseSequence: buf.readInt32BE(pos + BatchField.BaseSequence),
    recordCount: buf.readInt32BE(pos + BatchField.RecordCount),
  };
}

/** CRC-32C over attributes .. end of the batch at pos (no copy). */
export function computeBatchCrc(buf: Buffer, pos: number, batchLength: number): number {
  return crc32c(buf.subarray(pos + BatchField.Attributes, pos + LOG_OVERHEAD + batchLength)) >>> 0;
}

/**
 * Full check of one batch at pos: header sane, whole batch present in buf, CRC-32C over attributes..end
 * matches, known compression codec, recordCount > 0 and lastOffsetDelta == recordCount - 1 (or, with
 * allowOffsetGaps, recordCount >= 0 and lastOffsetDelta >= max(0, recordCount - 1)). Does NOT decompress.
 */
export function validateBatch(buf: Buffer, pos: number, opts?: ValidateOptions): BatchHeader {
  const h = readBatchHeader(buf, pos);
  const size = LOG_OVERHEAD + h.batchLength;
  if (size > buf.length - pos) {
    throw new KafkaError('CORRUPT_MESSAGE',
      `truncated batch at position ${pos}: size ${size}, only ${buf.length - pos} bytes present`);
  }
  const computed = computeBatchCrc(buf, pos, h.batchLength);
  if (computed !== h.crc) {
    throw new KafkaError('CORRUPT_MESSAGE',
      `batch CRC mismatch at position ${pos}: stored ${hex32(h.crc)}, computed ${hex32(computed)}`);
  }
  const codec = h.attributes & COMPRESSION_MASK;
  if (codec > CompressionType.Zstd) {
    throw new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', `batch at position ${pos} uses compression type ${codec}`);
  }
  const n = h.recordCount;
  if (n < 0) throw new KafkaError('INVALID_RECORD', `batch at position ${pos} has negative recordCount ${n}`);
  if (opts?.allowOffsetGaps) {
    if (h.lastOffsetDelta < Math.max(0, n - 1)) {
      throw new KafkaError('INVALID_RECORD',
        `batch at position ${pos}: lastOffsetDelta ${h.lastOffsetDelta} cannot hold ${n} records`);
    }
  } else {
    if (n === 0) throw new KafkaError('INVALID_RECORD', `batch at position ${pos} has no records`);
    if (h.lastOffsetDelta !== n - 1) {
      throw new KafkaError('INVALID_RECORD',
        `batch at position ${pos}: lastOffsetDelta ${h.lastOffsetDelta} inconsistent with recordCount ${n}`);
    }
  }
  if (codec === CompressionType.None && n * MIN_RECORD_SIZE > size - RECORD_BATCH_HEADER_SIZE) {
    throw new KafkaError('INVALID_RECORD',
      `batch at position ${pos} claims ${n} records in ${size - RECORD_BATCH_HEADER_SIZE} bytes`);
  }
  return h;
}

export interface IterateOptions extends ValidateOptions {
  /** Run validateBatch (CRC etc.) on every batch, not just readBatchHeader. */
  validate?: boolean;
  /** Stop quietly at an incomplete last batch (as Fetch responses may end) instead of throwing. */
  allowPartialTail?: boolean;
}

/**
 * Walk a buffer of concatenated batches. Yields headers in order and stops at the end of buf. An incomplete
 * trailing batch throws CORRUPT_MESSAGE unless allowPartialTail, in which case iteration just ends.
 */
export function* iterateBatches(buf: Buffer, opts?: IterateOptions): Generator<BatchHeader> {
  let pos = 0;
  while (pos < buf.length) {
    const remaining = buf.length - pos;
    if (remaining < LOG_OVERHEAD) {
      if (opts?.allowPartialTail) return;
      throw new KafkaError('CORRUPT_MESSAGE', `truncated batch at position ${pos}: ${remaining} trailing bytes`);
    }
    const batchLength = buf.readInt32BE(pos + BatchField.BatchLength);
    if (batchLength < MIN_BATCH_LENGTH) {
      throw new KafkaError('CORRUPT_MESSAGE', `batchLength ${batchLength} at position ${pos} is below the minimum ${MIN_BATCH_LENGTH}`);
    }
    if (LOG_OVERHEAD + batchLength > remaining) {
      if (opts?.allowPartialTail) return;
      throw new KafkaError('CORRUPT_MESSAGE',
        `truncated batch at position ${pos}: size ${LOG_OVERHEAD + batchLength}, only ${remaining} bytes present`);
    }
    const h = opts?.validate ? validateBatch(buf, pos, opts) : readBatchHeader(buf, pos);
    yield h;
    pos += LOG_OVERHEAD + batchLength;
  }
}

/** Rewrite baseOffset in place (outside the CRC). */
export function setBaseOffset(buf: Buffer, pos: number, baseOffset: number): void {
  if (baseOffset < 0) throw new RangeError(`baseOffset ${baseOffset} is negative`);
  writeInt64(buf, pos + BatchField.BaseOffset, baseOffset);
}

/** Rewrite partitionLeaderEpoch in place (outside the CRC). */
export function setPartitionLeaderEpoch(buf: Buffer, pos: number, epoch: number): void {
  buf.writeInt32BE(epoch, pos + BatchField.PartitionLeaderEpoch);
}

/**
 * Mark the batch as LogAppendTime with the given broker time: sets attributes bit 3, writes maxTimestamp,
 * and recomputes the CRC (both fields are covered by it). Consumers then report timestampMs for every record.
 */
export function setLogAppendTime(buf: Buffer, pos: number, timestampMs: number): void {
  const h = readBatchHeader(buf, pos);
  if (LOG_OVERHEAD + h.batchLength > buf.length - pos) {
    throw new KafkaError('CORRUPT_MESSAGE', `truncated batch at position ${pos}`);
  }
  buf.writeInt16BE(h.attributes | TIMESTAMP_TYPE_MASK, pos + BatchField.Attributes);
  writeInt64(buf, pos + BatchField.MaxTimestamp, timestampMs);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, h.batchLength), pos + BatchField.Crc);
}

/** Recompute and store the CRC of the batch at pos (after editing covered fields, e.g. in tests or tools). */
export function updateBatchCrc(buf: Buffer, pos: number): void {
  const batchLength = buf.readInt32BE(pos + BatchField.BatchLength);
  buf.writeUInt32BE(computeBatchCrc(buf, pos, batchLength), pos + BatchField.Crc);
}
