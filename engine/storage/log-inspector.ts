// Read-only inspection of one partition's directory, for the console's "log laid bare": its segments with
// their files, index entries and batches, and where a record lives (segment, byte position, batch header
// and the batch's other records).
//
// It opens the files for reading only, never locks or writes, and expects them to change underneath (the
// broker appends while we read): an incomplete last batch is where the readable log ends, a segment deleted
// between listing and reading is skipped. Formats: see segment.ts (.log = RecordBatch v2 back to back;
// .index = 8-byte entries of relative offset and position; .timeindex = 12-byte entries of timestamp and
// relative offset), both index files exactly their entries long.

import fs from 'node:fs';
import path from 'node:path';
import { CompressionType, LOG_OVERHEAD, RECORD_BATCH_HEADER_SIZE, compressionOf, isControl, isTransactional, lastOffset, readBatchHeader, type BatchHeader } from './record-batch.ts';
import { decodeBatchRecords } from './records.ts';
import { INDEX_SUFFIX, LOG_SUFFIX, TIME_INDEX_SUFFIX, segmentPaths } from './segment.ts';
import { TXN_INDEX_SUFFIX } from './transaction-index.ts';

export interface InspectedBatch {
  position: number;
  sizeBytes: number;
  baseOffset: number;
  lastOffset: number;
  recordCount: number;
  codec: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  transactional: boolean;
  control: boolean;
  partitionLeaderEpoch: number;
  baseTimestamp: number;
  maxTimestamp: number;
  crc: number;
}

export interface InspectedSegment {
  baseOffset: number;
  files: { name: string; sizeBytes: number }[];
  /** Offsets [baseOffset, nextOffset) are in this segment (as far as it is readable now). */
  nextOffset: number;
  /** Largest record timestamp in the segment; -1 when it has no batch. */
  maxTimestamp: number;
  batchCount: number;
  lastModifiedMs: number;
}

const CODEC: Record<CompressionType, InspectedBatch['codec']> = {
  [CompressionType.None]: 'none', [CompressionType.Gzip]: 'gzip', [CompressionType.Snappy]: 'snappy', [CompressionType.Lz4]: 'lz4', [CompressionType.Zstd]: 'zstd',
};

function batchOf(h: BatchHeader): InspectedBatch {
  return {
    position: h.position, sizeBytes: LOG_OVERHEAD + h.batchLength, baseOffset: h.baseOffset, lastOffset: lastOffset(h), recordCount: h.recordCount,
    codec: CODEC[compressionOf(h.attributes)] ?? 'none', producerId: h.producerId, producerEpoch: h.producerEpoch, baseSequence: h.baseSequence,
    transactional: isTransactional(h.attributes), control: isControl(h.attributes), partitionLeaderEpoch: h.partitionLeaderEpoch,
    baseTimestamp: h.baseTimestamp, maxTimestamp: h.maxTimestamp, crc: h.crc,
  };
}

/** Segment base offsets in the directory, ascending. */
export function segmentBaseOffsets(dir: string): number[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  return names.filter((n) => /^\d{20}\.log$/.test(n)).map((n) => Number(n.slice(0, 20))).sort((a, b) => a - b);
}

/** Every batch header of a segment's .log, read a header at a time (the records are not read). */
export function readBatchHeaders(logFile: string, max = 100_000): InspectedBatch[] {
  const out: InspectedBatch[] = [];
  let fd: number;
  try {
    fd = fs.openSync(logFile, 'r');
  } catch {
    return out;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(RECORD_BATCH_HEADER_SIZE);
    let pos = 0;
    while (pos + RECORD_BATCH_HEADER_SIZE <= size && out.length < max) {
      if (fs.readSync(fd, head, 0, RECORD_BATCH_HEADER_SIZE, pos) < RECORD_BATCH_HEADER_SIZE) break;
      let h: BatchHeader;
      try {
        h = readBatchHeader(head, 0);
      } catch {
        break; // a torn tail being written: the readable log ends here
      }
      if (pos + LOG_OVERHEAD + h.batchLength > size) break;
      out.push(batchOf({ ...h, position: pos }));
      pos += LOG_OVERHEAD + h.batchLength;
    }
  } finally {
    fs.closeSync(fd);
  }
  return out;
}

export function inspectSegment(dir: string, baseOffset: number): InspectedSegment & { batches: InspectedBatch[]; offsetIndex: { offset: number; position: number }[]; timeIndex: { timestamp: number; offset: number }[] } {
  const p = segmentPaths(dir, baseOffset);
  const files = [p.log, p.index, p.timeIndex, p.txnIndex].flatMap((f) => {
    try {
      return [{ name: path.basename(f), sizeBytes: fs.statSync(f).size }];
    } catch {
      return [];
    }
  });
  const batches = readBatchHeaders(p.log);
  const read = (f: string) => {
    try {
      return fs.readFileSync(f);
    } catch {
      return Buffer.alloc(0);
    }
  };
  const idx = read(p.index);
  const offsetIndex: { offset: number; position: number }[] = [];
  for (let i = 0; i + 8 <= idx.length; i += 8) offsetIndex.push({ offset: baseOffset + idx.readInt32BE(i), position: idx.readInt32BE(i + 4) });
  const tix = read(p.timeIndex);
  const timeIndex: { timestamp: number; offset: number }[] = [];
  for (let i = 0; i + 12 <= tix.length; i += 12) timeIndex.push({ timestamp: Number(tix.readBigInt64BE(i)), offset: baseOffset + tix.readInt32BE(i + 8) });
  const last = batches[batches.length - 1];
  let lastModifiedMs = 0;
  try {
    lastModifiedMs = fs.statSync(p.log).mtimeMs;
  } catch {
    // deleted since listed
  }
  return {
    baseOffset, files, batches, offsetIndex, timeIndex, batchCount: batches.length, lastModifiedMs,
    nextOffset: last ? last.lastOffset + 1 : baseOffset,
    maxTimestamp: batches.reduce((m, b) => Math.max(m, b.maxTimestamp), -1),
  };
}

export interface RecordLocation {
  segment: string;
  baseOffset: number;
  batch: InspectedBatch;
  /** The batch's records: offset, timestamp, key and value sizes (null: null). */
  records: { offset: number; timestamp: number; keySize: number | null; valueSize: number | null }[];
}

/** The segment and batch holding `offset`, or undefined when no readable batch holds it (compacted away, not yet written). */
export function locateRecord(dir: string, offset: number): RecordLocation | undefined {
  const bases = segmentBaseOffsets(dir).filter((b) => b <= offset);
  const base = bases[bases.length - 1];
  if (base === undefined) return undefined;
  const logFile = segmentPaths(dir, base).log;
  const batch = readBatchHeaders(logFile).find((b) => b.baseOffset <= offset && offset <= b.lastOffset);
  if (!batch) return undefined;
  const buf = Buffer.alloc(batch.sizeBytes);
  const fd = fs.openSync(logFile, 'r');
  try {
    fs.readSync(fd, buf, 0, batch.sizeBytes, batch.position);
  } finally {
    fs.closeSync(fd);
  }
  const records = batch.control ? [] : decodeBatchRecords(buf, 0).map((r) => ({ offset: r.offset, timestamp: r.timestamp, keySize: r.key?.length ?? null, valueSize: r.value?.length ?? null }));
  return { segment: path.basename(logFile), baseOffset: base, batch, records };
}

export const SEGMENT_FILE_SUFFIXES = [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX, TXN_INDEX_SUFFIX];
