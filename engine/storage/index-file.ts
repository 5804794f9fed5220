// A sparse index file of fixed-size entries, kept whole in memory for binary search and appended to disk as
// entries are added. Shared by OffsetIndex (.index) and TimeIndex (.timeindex); each subclass documents its
// own entry layout. Both index columns are monotonic (non-decreasing keys), which is what makes binary search
// valid and what the load-time sanity check verifies.
//
// Kafka preallocates and memory-maps index files; we append instead, so a file is always exactly
// entries × entrySize bytes after a clean shutdown. A file whose size is not a multiple of the entry size,
// whose keys go backwards or whose values point outside the segment is reported corrupt, and the loader
// rebuilds it from the .log (an index is derived data: it is never the only copy of anything).

import type { FileLayer, StorageFile } from './file-io.ts';

export class CorruptIndexError extends Error {}

export abstract class IndexFile {
  protected keys: Float64Array;
  protected values: Int32Array;
  protected count = 0;
  private file: StorageFile;

  protected constructor(
    protected readonly fileLayer: FileLayer,
    readonly path: string,
    protected readonly entrySize: number,
    readonly maxEntries: number,
  ) {
    this.file = fileLayer.open(path, 'rw');
    this.keys = new Float64Array(64);
    this.values = new Int32Array(64);
  }

  protected abstract decodeEntry(buf: Buffer, pos: number): [key: number, value: number];
  protected abstract encodeEntry(buf: Buffer, pos: number, key: number, value: number): void;

  /** Reads the entries on disk. Throws CorruptIndexError when the file cannot be trusted. */
  protected loadEntries(checkValue: (value: number) => boolean): void {
    const size = this.file.size();
    if (size % this.entrySize !== 0) throw new CorruptIndexError(`${this.path}: size ${size} is not a multiple of ${this.entrySize}`);
    const n = size / this.entrySize;
    if (n > this.maxEntries) throw new CorruptIndexError(`${this.path}: ${n} entries exceed the maximum ${this.maxEntries}`);
    const buf = Buffer.allocUnsafe(size);
    if (this.file.read(buf, 0, size, 0) !== size) throw new CorruptIndexError(`${this.path}: short read`);
    this.count = 0;
    for (let i = 0; i < n; i++) {
      const [k, v] = this.decodeEntry(buf, i * this.entrySize);
      if (this.count > 0 && k < this.keys[this.count - 1]) {
        throw new CorruptIndexError(`${this.path}: entry ${i} goes backwards (${k} after ${this.keys[this.count - 1]})`);
      }
      if (!checkValue(v) || (this.count > 0 && v < this.values[this.count - 1])) {
        throw new CorruptIndexError(`${this.path}: entry ${i} has an impossible value ${v}`);
      }
      this.push(k, v);
    }
  }

  get entries(): number {
    return this.count;
  }

  isFull(): boolean {
    return this.count >= this.maxEntries;
  }

  lastKey(): number | undefined {
    return this.count > 0 ? this.keys[this.count - 1] : undefined;
  }

  lastValue(): number | undefined {
    return this.count > 0 ? this.values[this.count - 1] : undefined;
  }

  protected push(key: number, value: number): void {
    if (this.count === this.keys.length) {
      const keys = new Float64Array(this.keys.length * 2);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Int32Array(this.values.length * 2);
      values.set(this.values);
      this.values = values;
    }
    this.keys[this.count] = key;
    this.values[this.count] = value;
    this.count++;
  }

  protected appendEntry(key: number, value: number): void {
    const buf = Buffer.allocUnsafe(this.entrySize);
    this.encodeEntry(buf, 0, key, value);
    this.file.write(buf, this.count * this.entrySize);
    this.push(key, value);
  }

  /** Index of the last entry whose key is <= target, or -1. */
  protected floorIndex(target: number): number {
    let lo = 0;
    let hi = this.count - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.keys[mid] <= target) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /** Drops entries whose key >= key (or whose value >= value when byValue), on disk too. */
  protected truncateWhere(keep: (key: number, value: number) => boolean): void {
    let n = this.count;
    while (n > 0 && !keep(this.keys[n - 1], this.values[n - 1])) n--;
    this.count = n;
    this.file.truncate(n * this.entrySize);
  }

  reset(): void {
    this.count = 0;
    this.file.truncate(0);
  }

  flush(): void {
    this.file.sync();
  }

  close(): void {
    this.file.close();
  }

  deleteFile(): void {
    this.file.close();
    this.fileLayer.unlink(this.path);
  }
}
