// The offset index: <baseOffset>.index beside each segment's .log.
//
// Format (Kafka's OffsetIndex): a sequence of 8-byte entries, big-endian,
//   relativeOffset int32  — offset minus the segment's base offset
//   position       int32  — byte position in the .log of a batch at or before that offset
// One entry is added at most every index.interval.bytes (4096 by default) of log data, so the index is sparse:
// to find an offset, take the last entry at or below it and scan batch headers forward from its position.
// Entries are strictly ordered by both columns. The index is derived data: a missing, torn or garbled file
// is rebuilt from the .log by the loader.

import type { FileLayer } from './file-io.ts';
import { IndexFile } from './index-file.ts';

export const OFFSET_INDEX_ENTRY_SIZE = 8;

export class OffsetIndex extends IndexFile {
  constructor(
    fileLayer: FileLayer,
    path: string,
    readonly baseOffset: number,
    maxIndexBytes: number,
  ) {
    super(fileLayer, path, OFFSET_INDEX_ENTRY_SIZE, Math.max(1, Math.floor(maxIndexBytes / OFFSET_INDEX_ENTRY_SIZE)));
  }

  /** Loads and sanity-checks the entries on disk against the segment's log size. */
  load(logSize: number): void {
    this.loadEntries((position) => position >= 0 && position < logSize);
  }

  protected decodeEntry(buf: Buffer, pos: number): [number, number] {
    return [buf.readInt32BE(pos), buf.readInt32BE(pos + 4)];
  }

  protected encodeEntry(buf: Buffer, pos: number, key: number, value: number): void {
    buf.writeInt32BE(key, pos);
    buf.writeInt32BE(value, pos + 4);
  }

  /** Adds an entry for an absolute offset at a log position, if it moves the index forward. */
  append(offset: number, position: number): void {
    const rel = offset - this.baseOffset;
    const last = this.lastKey();
    if (last !== undefined && rel <= last) return;
    this.appendEntry(rel, position);
  }

  /** The last indexed (offset, position) at or below target; the segment start when there is none. */
  lookup(target: number): { offset: number; position: number } {
    const i = this.floorIndex(target - this.baseOffset);
    if (i < 0) return { offset: this.baseOffset, position: 0 };
    return { offset: this.baseOffset + this.keys[i], position: this.values[i] };
  }

  lastOffset(): number {
    const k = this.lastKey();
    return k === undefined ? this.baseOffset : this.baseOffset + k;
  }

  /** Removes entries that point at or past a log position (the log is being truncated there). */
  truncateToPosition(position: number): void {
    this.truncateWhere((_k, pos) => pos < position);
  }
}
