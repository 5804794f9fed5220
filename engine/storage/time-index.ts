// The time index: <baseOffset>.timeindex beside each segment's .log.
//
// Format (Kafka's TimeIndex): a sequence of 12-byte entries, big-endian,
//   timestamp      int64  — the largest record timestamp seen in the segment up to this entry
//   relativeOffset int32  — offset (minus the segment's base) of the batch holding that timestamp
// An entry is added alongside an offset-index entry, but only when the largest timestamp has grown, so
// timestamps are non-decreasing. A final entry is written when the segment is rolled (it becomes inactive).
// To find the first offset with timestamp >= T, take the last entry with timestamp <= T and scan batches
// forward from its offset. Derived data: rebuilt from the .log when corrupt.

import type { FileLayer } from './file-io.ts';
import { IndexFile } from './index-file.ts';

export const TIME_INDEX_ENTRY_SIZE = 12;

export class TimeIndex extends IndexFile {
  constructor(
    fileLayer: FileLayer,
    path: string,
    readonly baseOffset: number,
    maxIndexBytes: number,
  ) {
    super(fileLayer, path, TIME_INDEX_ENTRY_SIZE, Math.max(1, Math.floor(maxIndexBytes / TIME_INDEX_ENTRY_SIZE)));
  }

  /** Loads and sanity-checks the entries against the segment's next offset. */
  load(nextOffset: number): void {
    const maxRel = nextOffset - this.baseOffset;
    this.loadEntries((rel) => rel >= 0 && rel < Math.max(1, maxRel));
  }

  protected decodeEntry(buf: Buffer, pos: number): [number, number] {
    const hi = buf.readInt32BE(pos);
    const lo = buf.readUInt32BE(pos + 4);
    return [hi * 4294967296 + lo, buf.readInt32BE(pos + 8)];
  }

  protected encodeEntry(buf: Buffer, pos: number, key: number, value: number): void {
    const hi = Math.floor(key / 4294967296);
    buf.writeInt32BE(hi, pos);
    buf.writeUInt32BE(key - hi * 4294967296, pos + 4);
    buf.writeInt32BE(value, pos + 8);
  }

  /** One slot stays free for the entry written when the segment becomes inactive. */
  override isFull(): boolean {
    return this.count >= this.maxEntries - 1;
  }

  /** Appends (timestamp, offset) when the timestamp is newer than the last entry's; with force, even if full. */
  maybeAppend(timestamp: number, offset: number, force = false): void {
    if (!force && this.isFull()) return;
    if (this.count >= this.maxEntries) return;
    const last = this.lastKey();
    if (last !== undefined && timestamp <= last) return;
    const rel = offset - this.baseOffset;
    const lastRel = this.lastValue();
    if (lastRel !== undefined && rel < lastRel) return;
    this.appendEntry(timestamp, rel);
  }

  /** The last entry with timestamp <= target, or the segment start when there is none. */
  lookup(target: number): { timestamp: number; offset: number } {
    const i = this.floorIndex(target);
    if (i < 0) return { timestamp: -1, offset: this.baseOffset };
    return { timestamp: this.keys[i], offset: this.baseOffset + this.values[i] };
  }

  lastEntry(): { timestamp: number; offset: number } | undefined {
    const k = this.lastKey();
    const v = this.lastValue();
    return k === undefined || v === undefined ? undefined : { timestamp: k, offset: this.baseOffset + v };
  }

  /** Removes entries for offsets >= offset. */
  truncateToOffset(offset: number): void {
    const rel = offset - this.baseOffset;
    this.truncateWhere((_ts, r) => r < rel);
  }
}
