// A FileLayer that bounds the descriptors a broker's storage holds open, whatever its partition count.
//
// Every file the storage engine opens through the pool is a PooledFile: a path, a mode and a remembered
// length. The descriptor behind it is opened on first use and closed again when the pool holds more than its
// quota (least recently used first), then reopened on the next use. Active segments are touched by every
// append and fetch, so they stay open; old segments and indexes close under pressure.
//
// The quota is shared: all brokers of a local cluster run in one process (worker threads) and draw on one
// descriptor budget (descriptor-limit.ts). The budget lives in a SharedArrayBuffer: [capacity, brokers
// drawing on it, brokers expected]; each pool's quota is capacity / max(drawing, expected), read again at
// every open, so adding or killing a broker rebalances the quotas without a message. `expected` is the
// cluster's broker count, so the first broker to start does not take the whole budget before the others.
//
// What stays correct across a close and reopen:
// - length: only this process writes these files, so the remembered length is the file's length. A reopened
//   file whose size differs was changed or removed under the broker: that is a KAFKA_STORAGE_ERROR for the
//   partition, not silent data loss.
// - durability: fsync on Linux and macOS flushes the file, not the descriptor, so a file written, closed by
//   eviction and reopened is still flushed by a later sync(). A file not written since its last sync skips
//   the fsync altogether (an idle partition costs no I/O at flush time).
// - renames and deletes: the pool closes a file's descriptor before renaming or deleting it (Windows cannot
//   do either to an open file) and follows the rename.

import path from 'node:path';
import { KafkaError } from '../protocol/error-codes.ts';
import { nodeFileLayer, writeFileAtomicWith, type FileLayer, type StorageFile } from './file-io.ts';

/** The fewest descriptors a pool keeps, however many brokers share the budget. */
export const MIN_POOL_QUOTA = 8;

/** A descriptor budget several pools (one per broker) share; see the file header. */
export class DescriptorBudget {
  readonly shared: SharedArrayBuffer;
  private readonly cells: Int32Array;

  constructor(capacityOrShared: number | SharedArrayBuffer) {
    if (typeof capacityOrShared === 'number') {
      this.shared = new SharedArrayBuffer(12);
      this.cells = new Int32Array(this.shared);
      this.cells[0] = capacityOrShared;
    } else {
      this.shared = capacityOrShared;
      this.cells = new Int32Array(this.shared);
    }
  }

  get capacity(): number {
    return Atomics.load(this.cells, 0);
  }

  get members(): number {
    return Atomics.load(this.cells, 1);
  }

  /** How many brokers will draw on the budget, before they have all started. */
  expect(brokers: number): void {
    Atomics.store(this.cells, 2, brokers);
  }

  /** A broker starts drawing on the budget (called by whoever starts it, so a killed one can be removed). */
  join(): void {
    Atomics.add(this.cells, 1, 1);
  }

  leave(): void {
    Atomics.sub(this.cells, 1, 1);
  }

  quota(): number {
    const sharers = Math.max(1, this.members, Atomics.load(this.cells, 2));
    return Math.max(MIN_POOL_QUOTA, Math.floor(this.capacity / sharers));
  }
}

export interface PoolStats {
  /** Descriptors held open right now. */
  open: number;
  /** Files the storage engine has open (each may or may not hold a descriptor). */
  files: number;
  quota: number;
  /** Descriptors closed to stay within the quota, since the pool was made. */
  evictions: number;
  /** Descriptors opened again after an eviction. */
  reopens: number;
}

function isOutOfDescriptors(err: unknown): boolean {
  const cause = (err as { cause?: NodeJS.ErrnoException }).cause;
  return cause?.code === 'EMFILE' || cause?.code === 'ENFILE';
}

export class FileHandlePool implements FileLayer {
  /** Files holding a descriptor, least recently used first (a Map keeps insertion order). */
  private readonly lru = new Map<PooledFile, true>();
  private readonly byPath = new Map<string, Set<PooledFile>>();
  private evictions = 0;
  private reopens = 0;

  constructor(
    private readonly budget: DescriptorBudget,
    private readonly inner: FileLayer = nodeFileLayer,
  ) {}

  stats(): PoolStats {
    let files = 0;
    for (const s of this.byPath.values()) files += s.size;
    return { open: this.lru.size, files, quota: this.budget.quota(), evictions: this.evictions, reopens: this.reopens };
  }

  open(file: string, mode: 'r' | 'rw'): StorageFile {
    const f = new PooledFile(this, file, mode);
    const handle = this.acquire(f);
    f.attach(handle, handle.size());
    this.track(f);
    return f;
  }

  exists(file: string): boolean {
    return this.inner.exists(file);
  }
  readdir(dir: string): string[] {
    return this.withDescriptorRoom(() => this.inner.readdir(dir));
  }
  mkdirp(dir: string): void {
    this.inner.mkdirp(dir);
  }
  rename(from: string, to: string): void {
    const moving = this.byPath.get(from);
    for (const f of moving ?? []) this.release(f);
    this.inner.rename(from, to);
    if (moving) {
      this.byPath.delete(from);
      for (const f of moving) {
        f.retarget(to);
        this.track(f);
      }
    }
  }
  unlink(file: string): void {
    for (const f of this.byPath.get(file) ?? []) this.release(f);
    this.inner.unlink(file);
  }
  rmdir(dir: string): void {
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const [p, files] of this.byPath) if (p.startsWith(prefix)) for (const f of files) this.release(f);
    this.inner.rmdir(dir);
  }
  readFile(file: string): Buffer | null {
    return this.withDescriptorRoom(() => this.inner.readFile(file));
  }
  writeFileAtomic(file: string, data: Buffer): void {
    writeFileAtomicWith(this, file, data);
  }
  syncDir(dir: string): void {
    this.withDescriptorRoom(() => this.inner.syncDir(dir));
  }

  /** @internal Opens the descriptor of a file (first use or after an eviction), evicting others to make room. */
  acquire(f: PooledFile): StorageFile {
    this.makeRoom(this.budget.quota() - 1);
    const handle = this.withDescriptorRoom(() => this.inner.open(f.path, f.mode));
    this.lru.set(f, true);
    return handle;
  }

  /** @internal A reopen after an eviction. */
  reacquire(f: PooledFile): StorageFile {
    this.reopens++;
    return this.acquire(f);
  }

  /** @internal Marks a file most recently used. */
  touch(f: PooledFile): void {
    this.lru.delete(f);
    this.lru.set(f, true);
  }

  /** @internal Closes a file's descriptor (the file stays usable and reopens on its next use). */
  release(f: PooledFile): void {
    if (!this.lru.delete(f)) return;
    f.detach();
  }

  /** @internal The file is closed for good. */
  forget(f: PooledFile): void {
    this.lru.delete(f);
    const set = this.byPath.get(f.path);
    set?.delete(f);
    if (set?.size === 0) this.byPath.delete(f.path);
  }

  private track(f: PooledFile): void {
    let set = this.byPath.get(f.path);
    if (!set) this.byPath.set(f.path, (set = new Set()));
    set.add(f);
  }

  private makeRoom(limit: number): void {
    for (const f of this.lru.keys()) {
      if (this.lru.size <= Math.max(0, limit)) break;
      this.evictions++;
      this.release(f);
    }
  }

  /**
   * Runs an operation that needs a descriptor; if the process is out of them (sockets, another library),
   * gives back half of this pool's and tries once more before the error reaches the partition.
   */
  private withDescriptorRoom<T>(op: () => T): T {
    try {
      return op();
    } catch (err) {
      if (!isOutOfDescriptors(err) || this.lru.size === 0) throw err;
      this.makeRoom(this.lru.size >> 1);
      return op();
    }
  }
}

class PooledFile implements StorageFile {
  private handle: StorageFile | undefined;
  private length = 0;
  /** Written or truncated since the last fsync. */
  private dirty = false;
  private closed = false;

  constructor(
    private readonly pool: FileHandlePool,
    private filePath: string,
    readonly mode: 'r' | 'rw',
  ) {}

  get path(): string {
    return this.filePath;
  }

  attach(handle: StorageFile, length: number): void {
    this.handle = handle;
    this.length = length;
  }

  detach(): void {
    const h = this.handle;
    this.handle = undefined;
    try {
      h?.close();
    } catch {
      // A close that fails after the data was handed to the kernel loses nothing we can still act on; a later
      // sync() reopens the file and reports any write-back error itself.
    }
  }

  retarget(to: string): void {
    this.filePath = to;
  }

  private get(): StorageFile {
    if (this.closed) throw new KafkaError('KAFKA_STORAGE_ERROR', `${this.filePath} is closed`);
    if (this.handle) {
      this.pool.touch(this);
      return this.handle;
    }
    const h = this.pool.reacquire(this);
    this.handle = h;
    if (h.size() !== this.length) {
      this.pool.release(this);
      throw new KafkaError('KAFKA_STORAGE_ERROR', `${this.filePath} changed under the broker: ${h.size()} bytes, ${this.length} expected`);
    }
    return h;
  }

  size(): number {
    return this.length;
  }

  write(buf: Buffer, position: number): void {
    const h = this.get();
    this.dirty = true;
    try {
      h.write(buf, position);
    } finally {
      this.length = h.size();
    }
  }

  read(buf: Buffer, offset: number, length: number, position: number): number {
    return this.get().read(buf, offset, length, position);
  }

  sync(): void {
    if (!this.dirty) return;
    this.get().sync();
    this.dirty = false;
  }

  truncate(size: number): void {
    const h = this.get();
    this.dirty = true;
    try {
      h.truncate(size);
    } finally {
      this.length = h.size();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const h = this.handle;
    this.handle = undefined;
    this.pool.forget(this);
    h?.close();
  }
}
