// Records inside a RecordBatch v2 (see record-batch.ts for the 61-byte header that precedes them).
// The records section is recordCount records back to back (compressed as one stream if the batch says so):
//
//   length          varint    bytes of this record after the length field
//   attributes      int8      unused, 0
//   timestampDelta  varlong   record timestamp - batch baseTimestamp (may be negative)
//   offsetDelta     varint    record offset - batch baseOffset
//   keyLength       varint    -1 for a null key
//   key             bytes
//   valueLength     varint    -1 for a null value
//   value           bytes
//   headerCount     varint
//   headers         headerCount x { keyLength varint (>= 0), key UTF-8, valueLength varint (-1 = null), value }
//
// varint / varlong are zig-zag encoded (0 -> 0, -1 -> 1, 1 -> 2, -2 -> 3, ...) and then written 7 bits at a
// time, least significant group first, with the high bit of each byte meaning "more bytes follow" (protobuf's
// sint32/sint64). A varint takes at most 5 bytes, a varlong at most 10. Unsigned varints (no zig-zag) are
// also exported for the protocol codec (compact arrays/strings and tagged fields of flexible versions).
//
// In a batch whose timestamp type is LogAppendTime every record's timestamp is the batch's maxTimestamp.

import { KafkaError } from '../protocol/error-codes.ts';
import { compress, decompress } from './compression.ts';
import {
  BatchField, CompressionType, CONTROL_MASK, LOG_OVERHEAD, MAGIC_V2, NO_PARTITION_LEADER_EPOCH, NO_PRODUCER_EPOCH,
  NO_PRODUCER_ID, NO_SEQUENCE, RECORD_BATCH_HEADER_SIZE, TRANSACTIONAL_MASK, compressionOf, computeBatchCrc,
  timestampTypeOf, validateBatch, writeInt64,
} from './record-batch.ts';

export interface RecordHeader { key: string; value: Buffer | null }
export interface KafkaRecord {
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: RecordHeader[];
  attributes: number;
}
export interface NewRecord {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: { key: string; value: Buffer | string | null }[];
  timestamp?: number;
  /**
   * Offset relative to baseOffset; default: the record's index. Set it to rebuild a compacted batch whose
   * records keep their original offsets (strictly increasing, first >= 0). The batch's lastOffsetDelta is the
   * last record's offsetDelta, so such a batch only passes validateBatch with allowOffsetGaps.
   */
  offsetDelta?: number;
}
export interface BuildBatchOptions {
  baseOffset?: number;
  compression?: CompressionType;
  partitionLeaderEpoch?: number;
  producerId?: number;
  producerEpoch?: number;
  baseSequence?: number;
  transactional?: boolean;
  isControl?: boolean;
  /** Timestamp for records that have none; default Date.now(). */
  now?: number;
}

// ---------------------------------------------------------------- varints

/** A read cursor: read* functions read at `pos` and advance it. They never read past `end` (default buf.length). */
export interface ByteReader { buf: Buffer; pos: number; end?: number }

function truncated(r: ByteReader, what: string): KafkaError {
  return new KafkaError('CORRUPT_MESSAGE', `truncated ${what} at position ${r.pos}`);
}

/** Unsigned varint (up to 5 bytes, value 0 .. 2^32-1). */
export function readUnsignedVarint(r: ByteReader): number {
  const end = r.end ?? r.buf.length;
  let value = 0;
  for (let shift = 0; shift < 35; shift += 7) {
    if (r.pos >= end) throw truncated(r, 'varint');
    const b = r.buf[r.pos++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) {
      if (value > 0xffffffff) break;
      return value;
    }
  }
  throw new KafkaError('CORRUPT_MESSAGE', `varint too long or out of range ending at position ${r.pos}`);
}

/** Zig-zag varint (int32). */
export function readVarint(r: ByteReader): number {
  const z = readUnsignedVarint(r);
  return (z >>> 1) ^ -(z & 1);
}

/**
 * Zig-zag varlong (int64); throws CORRUPT_MESSAGE if the value is not a safe integer. The sign bit (bit 0 of
 * the zig-zag image) is taken apart from the magnitude so that no intermediate exceeds 2^53.
 */
export function readVarlong(r: ByteReader): number {
  const end = r.end ?? r.buf.length;
  if (r.pos >= end) throw truncated(r, 'varlong');
  let b = r.buf[r.pos++];
  const negative = (b & 1) === 1;
  let m = (b & 0x7f) >>> 1; // zig-zag image >> 1: the value, or -(value + 1) when negative
  for (let shift = 6; (b & 0x80) !== 0; shift += 7) {
    if (shift > 62) throw new KafkaError('CORRUPT_MESSAGE', `varlong longer than 10 bytes ending at position ${r.pos}`);
    if (r.pos >= end) throw truncated(r, 'varlong');
    b = r.buf[r.pos++];
    m += (b & 0x7f) * 2 ** shift;
  }
  if (m > (negative ? Number.MAX_SAFE_INTEGER - 1 : Number.MAX_SAFE_INTEGER)) {
    throw new KafkaError('CORRUPT_MESSAGE', `varlong outside the safe integer range, ending at position ${r.pos}`);
  }
  return negative ? -m - 1 : m;
}

/** Bytes needed for an unsigned varint. */
export function sizeOfUnsignedVarint(value: number): number {
  let size = 1;
  while (value >= 0x80) { value = Math.floor(value / 128); size++; }
  return size;
}

/** Bytes needed for a zig-zag varint (int32). */
export function sizeOfVarint(value: number): number {
  return sizeOfUnsignedVarint(((value << 1) ^ (value >> 31)) >>> 0);
}

function checkSafe(value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`varlong value ${value} is not a safe integer`);
}

/** Bytes needed for a zig-zag varlong (safe-integer int64). */
export function sizeOfVarlong(value: number): number {
  checkSafe(value);
  let m = Math.floor((value < 0 ? -value - 1 : value) / 64);
  let size = 1;
  while (m > 0) { m = Math.floor(m / 128); size++; }
  return size;
}

/** Write an unsigned varint (0 .. 2^54) at pos; returns the position after it. */
export function writeUnsignedVarint(buf: Buffer, pos: number, value: number): number {
  while (value >= 0x80) {
    buf[pos++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  buf[pos++] = value;
  return pos;
}

/** Write a zig-zag varint (int32) at pos; returns the position after it. */
export function writeVarint(buf: Buffer, pos: number, value: number): number {
  if ((value | 0) !== value) throw new RangeError(`varint value ${value} is not an int32`);
  return writeUnsignedVarint(buf, pos, ((value << 1) ^ (value >> 31)) >>> 0);
}

/** Write a zig-zag varlong (safe-integer int64) at pos; returns the position after it. */
export function writeVarlong(buf: Buffer, pos: number, value: number): number {
  checkSafe(value);
  if (value >= -0x40000000 && value < 0x40000000) return writeUnsignedVarint(buf, pos, ((value << 1) ^ (value >> 31)) >>> 0);
  // zig-zag image = 2m + sign; emit its low 7 bits (6 of m plus the sign), then m's remaining bits.
  const negative = value < 0;
  let m = negative ? -value - 1 : value;
  let b = (m % 64) * 2 + (negative ? 1 : 0);
  m = Math.floor(m / 64);
  while (m > 0) {
    buf[pos++] = b | 0x80;
    b = m % 128;
    m = Math.floor(m / 128);
  }
  buf[pos++] = b;
  return pos;
}

// ---------------------------------------------------------------- building

interface PreparedRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers: { key: Buffer; value: Buffer | null }[];
  timestampDelta: number;
  offsetDelta: number;
  bodySize: number;
}

function toBytes(v: Buffer | string | null | undefined): Buffer | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
}

function sizeOfBytes(b: Buffer | null): number {
  return b === null ? 1 : sizeOfVarint(b.length) + b.length;
}

function writeBytes(buf: Buffer, pos: number, b: Buffer | null): number {
  if (b === null) return writeVarint(buf, pos, -1);
  pos = writeVarint(buf, pos, b.length);
  return pos + b.copy(buf, pos);
}

/**
 * Build one complete, CRC-correct RecordBatch v2, as a Kafka producer would: baseTimestamp is the first
 * record's timestamp, offset deltas 0..n-1 (unless given per record), CreateTime. A batch needs at least one record (producers never
 * send empty batches; Kafka's produce validation rejects them), so an empty list throws INVALID_RECORD.
 */
export function buildBatch(records: NewRecord[], opts: BuildBatchOptions = {}): Buffer {
  if (records.length === 0) throw new KafkaError('INVALID_RECORD', 'cannot build a batch with no records');
  const now = opts.now ?? Date.now();
  const baseTimestamp = records[0].timestamp ?? now;
  let maxTimestamp = -Infinity;
  let recordsSize = 0;
  let prevDelta = -1;
  const prepared: PreparedRecord[] = records.map((r, i) => {
    const offsetDelta = r.offsetDelta ?? i;
    if (!Number.isInteger(offsetDelta) || offsetDelta <= prevDelta || offsetDelta > 0x7fffffff) {
      throw new KafkaError('INVALID_RECORD', `record ${i}: offsetDelta ${offsetDelta} must be an int32 above ${prevDelta}`);
    }
    prevDelta = offsetDelta;
    const timestamp = r.timestamp ?? now;
    if (timestamp > maxTimestamp) maxTimestamp = timestamp;
    const key = toBytes(r.key);
    const value = toBytes(r.value);
    const headers = (r.headers ?? []).map((h) => ({ key: Buffer.from(h.key, 'utf8'), value: toBytes(h.value) }));
    const timestampDelta = timestamp - baseTimestamp;
    let bodySize = 1 + sizeOfVarlong(timestampDelta) + sizeOfVarint(offsetDelta) + sizeOfBytes(key) + sizeOfBytes(value)
      + sizeOfVarint(headers.length);
    for (const h of headers) bodySize += sizeOfBytes(h.key) + sizeOfBytes(h.value);
    recordsSize += sizeOfVarint(bodySize) + bodySize;
    return { key, value, headers, timestampDelta, offsetDelta, bodySize };
  });

  const compression = opts.compression ?? CompressionType.None;
  let body: Buffer = Buffer.allocUnsafe(recordsSize);
  let pos = 0;
  for (const r of prepared) {
    pos = writeVarint(body, pos, r.bodySize);
    body[pos++] = 0; // attributes
    pos = writeVarlong(body, pos, r.timestampDelta);
    pos = writeVarint(body, pos, r.offsetDelta);
    pos = writeBytes(body, pos, r.key);
    pos = writeBytes(body, pos, r.value);
    pos = writeVarint(body, pos, r.headers.length);
    for (const h of r.headers) {
      pos = writeBytes(body, pos, h.key);
      pos = writeBytes(body, pos, h.value);
    }
  }
  body = compress(compression, body);

  const buf = Buffer.allocUnsafe(RECORD_BATCH_HEADER_SIZE + body.length);
  const attributes = compression | (opts.transactional ? TRANSACTIONAL_MASK : 0) | (opts.isControl ? CONTROL_MASK : 0);
  writeInt64(buf, BatchField.BaseOffset, opts.baseOffset ?? 0);
  buf.writeInt32BE(buf.length - LOG_OVERHEAD, BatchField.BatchLength);
  buf.writeInt32BE(opts.partitionLeaderEpoch ?? NO_PARTITION_LEADER_EPOCH, BatchField.PartitionLeaderEpoch);
  buf.writeInt8(MAGIC_V2, BatchField.Magic);
  buf.writeInt16BE(attributes, BatchField.Attributes);
  buf.writeInt32BE(prevDelta, BatchField.LastOffsetDelta);
  writeInt64(buf, BatchField.BaseTimestamp, baseTimestamp);
  writeInt64(buf, BatchField.MaxTimestamp, maxTimestamp);
  writeInt64(buf, BatchField.ProducerId, opts.producerId ?? NO_PRODUCER_ID);
  buf.writeInt16BE(opts.producerEpoch ?? NO_PRODUCER_EPOCH, BatchField.ProducerEpoch);
  buf.writeInt32BE(opts.baseSequence ?? NO_SEQUENCE, BatchField.BaseSequence);
  buf.writeInt32BE(prepared.length, BatchField.RecordCount);
  body.copy(buf, RECORD_BATCH_HEADER_SIZE);
  buf.writeUInt32BE(computeBatchCrc(buf, 0, buf.length - LOG_OVERHEAD), BatchField.Crc);
  return buf;
}

// ---------------------------------------------------------------- decoding

/** attributes, timestampDelta, offsetDelta, keyLength, valueLength, headerCount: at least one byte each. */
const MIN_RECORD_BODY = 6;

function invalid(index: number, msg: string): KafkaError {
  return new KafkaError('INVALID_RECORD', `record ${index}: ${msg}`);
}

function readNullableBytes(r: ByteReader, index: number, what: string): Buffer | null {
  const len = readVarint(r);
  if (len === -1) return null;
  if (len < 0) throw invalid(index, `negative ${what} length ${len}`);
  const end = r.end ?? r.buf.length;
  if (len > end - r.pos) throw invalid(index, `${what} length ${len} exceeds the record (${end - r.pos} bytes left)`);
  const b = r.buf.subarray(r.pos, r.pos + len);
  r.pos += len;
  return b;
}

/**
 * Decode all records of the batch at pos, decompressing as needed, with absolute offsets and timestamps.
 * The batch is validated first (CRC, header; offset gaps of compacted batches are allowed). Returned keys,
 * values and header values are views into buf (or into the decompressed buffer): copy them to keep them
 * beyond buf's lifetime. Throws INVALID_RECORD when the records do not decode to exactly recordCount records
 * filling the section, CORRUPT_MESSAGE when the compressed stream is invalid.
 */
export function decodeBatchRecords(buf: Buffer, pos = 0): KafkaRecord[] {
  const h = validateBatch(buf, pos, { allowOffsetGaps: true });
  const section = buf.subarray(pos + RECORD_BATCH_HEADER_SIZE, pos + LOG_OVERHEAD + h.batchLength);
  const data = decompress(compressionOf(h.attributes), section);
  const logAppendTime = timestampTypeOf(h.attributes) === 1;
  const r: ByteReader = { buf: data, pos: 0 };
  const out: KafkaRecord[] = [];
  for (let i = 0; i < h.recordCount; i++) {
    if (r.pos >= data.length) throw invalid(i, `records end after ${i} of ${h.recordCount} records`);
    const start = r.pos;
    let length: number;
    try {
      length = readVarint(r);
    } catch {
      throw invalid(i, `truncated record length at byte ${start}`);
    }
    if (length < 0) throw invalid(i, `negative record length ${length}`);
    if (length < MIN_RECORD_BODY) throw invalid(i, `record length ${length} is below the minimum ${MIN_RECORD_BODY}`);
    const end = r.pos + length;
    if (end > data.length) throw invalid(i, `record length ${length} runs past the end of the records (${data.length - r.pos} bytes left)`);
    r.end = end;
    try {
      const attributes = data.readInt8(r.pos++);
      const timestampDelta = readVarlong(r);
      const offsetDelta = readVarint(r);
      const key = readNullableBytes(r, i, 'key');
      const value = readNullableBytes(r, i, 'value');
      const headerCount = readVarint(r);
      if (headerCount < 0) throw invalid(i, `negative header count ${headerCount}`);
      const headers: RecordHeader[] = [];
      for (let j = 0; j < headerCount; j++) {
        const hk = readNullableBytes(r, i, 'header key');
        if (hk === null) throw invalid(i, `header ${j} has a null key`);
        headers.push({ key: hk.toString('utf8'), value: readNullableBytes(r, i, 'header value') });
      }
      if (r.pos !== end) throw invalid(i, `record length ${length} but its fields take only ${r.pos - (end - length)} bytes`);
      out.push({
        offset: h.baseOffset + offsetDelta,
        timestamp: logAppendTime ? h.maxTimestamp : h.baseTimestamp + timestampDelta,
        key, value, headers, attributes,
      });
    } catch (e) {
      if (e instanceof KafkaError && e.errorName === 'INVALID_RECORD') throw e;
      throw invalid(i, `malformed record at byte ${start}: ${e instanceof Error ? e.message : String(e)}`);
    }
    r.end = undefined;
  }
  if (r.pos !== data.length) {
    throw new KafkaError('INVALID_RECORD', `${data.length - r.pos} bytes left after the ${h.recordCount} records of the batch at position ${pos}`);
  }
  return out;
}
