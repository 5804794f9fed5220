// A producer-state snapshot file, <20-digit offset>.snapshot in the partition directory: Kafka's ProducerSnapshot,
// version 1 — the state of every producer below <offset>, the log end offset when it was taken.
//
// All integers big-endian:
//
//   offset  size  field
//   0       2     version                   int16   1
//   2       4     crc                       uint32  CRC-32C (Castagnoli) of bytes 6 .. end of file
//   6       4     entry count               int32   (Kafka's ArrayOf: a non-null array)
//   10      46*n  entries, each:
//                 producer_id               int64
//                 epoch                     int16
//                 last_sequence             int32   -1 when the entry has no batch
//                 last_offset               int64   -1 when the entry has no batch
//                 offset_delta              int32   lastOffset - firstOffset of the last batch (0 when none)
//                 timestamp                 int64   max timestamp of the last batch (the entry's last timestamp)
//                 coordinator_epoch         int32   -1 (not tracked)
//                 current_txn_first_offset  int64   -1 when no transaction is open
//
// Recovery policy: a file whose CRC, version or length is wrong is reported as CorruptSnapshotError; the producer
// state manager then treats it as absent (deletes it and falls back to an older snapshot or the log start).

import { crc32c } from '@node-rs/crc32';
import { fileStem } from './segment.ts';
import { readInt64, writeInt64 } from './record-batch.ts';

export const PRODUCER_SNAPSHOT_VERSION = 1;
export const SNAPSHOT_SUFFIX = '.snapshot';
const SNAPSHOT_HEADER_SIZE = 10; // version, crc, entry count
const SNAPSHOT_CRC_START = 6;
const SNAPSHOT_ENTRY_SIZE = 8 + 2 + 4 + 8 + 4 + 8 + 4 + 8;

/** One entry of a snapshot file, field for field. */
export interface SnapshotEntry {
  producerId: number;
  epoch: number;
  lastSequence: number;
  lastOffset: number;
  offsetDelta: number;
  timestamp: number;
  coordinatorEpoch: number;
  currentTxnFirstOffset: number;
}

export class CorruptSnapshotError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptSnapshotError';
  }
}

export function snapshotFileName(offset: number): string {
  return fileStem(offset) + SNAPSHOT_SUFFIX;
}

/** Encodes a snapshot file (format above). */
export function encodeProducerSnapshot(entries: readonly SnapshotEntry[]): Buffer {
  const buf = Buffer.alloc(SNAPSHOT_HEADER_SIZE + entries.length * SNAPSHOT_ENTRY_SIZE);
  buf.writeInt16BE(PRODUCER_SNAPSHOT_VERSION, 0);
  buf.writeInt32BE(entries.length, 6);
  let p = SNAPSHOT_HEADER_SIZE;
  for (const e of entries) {
    writeInt64(buf, p, e.producerId);
    buf.writeInt16BE(e.epoch, p + 8);
    buf.writeInt32BE(e.lastSequence, p + 10);
    writeInt64(buf, p + 14, e.lastOffset);
    buf.writeInt32BE(e.offsetDelta, p + 22);
    writeInt64(buf, p + 26, e.timestamp);
    buf.writeInt32BE(e.coordinatorEpoch, p + 34);
    writeInt64(buf, p + 38, e.currentTxnFirstOffset);
    p += SNAPSHOT_ENTRY_SIZE;
  }
  buf.writeUInt32BE(crc32c(buf.subarray(SNAPSHOT_CRC_START)) >>> 0, 2);
  return buf;
}

/** Decodes and checks a snapshot file; throws CorruptSnapshotError for any damage. */
export function decodeProducerSnapshot(buf: Buffer): SnapshotEntry[] {
  if (buf.length < SNAPSHOT_HEADER_SIZE) throw new CorruptSnapshotError(`snapshot of ${buf.length} bytes is shorter than its header`);
  const version = buf.readInt16BE(0);
  if (version !== PRODUCER_SNAPSHOT_VERSION) throw new CorruptSnapshotError(`snapshot has unknown version ${version}`);
  const stored = buf.readUInt32BE(2);
  const computed = crc32c(buf.subarray(SNAPSHOT_CRC_START)) >>> 0;
  if (stored !== computed) {
    throw new CorruptSnapshotError(`snapshot CRC mismatch: stored ${stored.toString(16)}, computed ${computed.toString(16)}`);
  }
  const count = buf.readInt32BE(6);
  if (count < 0 || buf.length !== SNAPSHOT_HEADER_SIZE + count * SNAPSHOT_ENTRY_SIZE) {
    throw new CorruptSnapshotError(`snapshot of ${buf.length} bytes cannot hold ${count} entries`);
  }
  const out: SnapshotEntry[] = [];
  try {
    for (let i = 0, p = SNAPSHOT_HEADER_SIZE; i < count; i++, p += SNAPSHOT_ENTRY_SIZE) {
      out.push({
        producerId: readInt64(buf, p, 'producer_id'),
        epoch: buf.readInt16BE(p + 8),
        lastSequence: buf.readInt32BE(p + 10),
        lastOffset: readInt64(buf, p + 14, 'last_offset'),
        offsetDelta: buf.readInt32BE(p + 22),
        timestamp: readInt64(buf, p + 26, 'timestamp'),
        coordinatorEpoch: buf.readInt32BE(p + 34),
        currentTxnFirstOffset: readInt64(buf, p + 38, 'current_txn_first_offset'),
      });
    }
  } catch (err) {
    throw new CorruptSnapshotError(`snapshot entry unreadable: ${(err as Error).message}`);
  }
  return out;
}

