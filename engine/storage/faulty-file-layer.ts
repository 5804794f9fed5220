// A FileLayer for tests that injects the faults real disks produce: a write that lands only partly then fails
// (EIO), a full disk (ENOSPC after a byte budget, the part that fits still written), a failed fsync, and a
// crash that keeps only what was fsynced. It wraps the real file layer, so files are real files in a temp dir.
//
// Durability model for crash(): a file keeps the bytes it had at its last fsync (or its size when first
// opened); everything written after is cut. Renames, unlinks and directory creation count as durable at once —
// the storage engine fsyncs directories after renames that matter, and modelling lost renames would only
// test the kernel.

import { nodeFileLayer, storageError, writeFileAtomicWith, type FileLayer, type StorageFile } from './file-io.ts';

function errno(code: string, message: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${message}`) as NodeJS.ErrnoException;
  e.code = code;
  return e;
}

export class FaultyFileLayer implements FileLayer {
  /** Bytes that may still be written before ENOSPC; Infinity when the disk is not full. */
  spaceLeft = Infinity;
  private partialWrites = 0;
  private failingSyncs = 0;
  private readonly durable = new Map<string, number>();
  private readonly handles = new Set<FaultyFile>();
  writes = 0;

  constructor(private readonly inner: FileLayer = nodeFileLayer) {}

  /** The next n writes write half their bytes, then fail with EIO. */
  failNextWrites(n = 1): void {
    this.partialWrites = n;
  }

  /** The next n fsyncs fail with EIO. */
  failNextSyncs(n = 1): void {
    this.failingSyncs = n;
  }

  /** Power loss: every file is cut back to its last fsynced length; open handles become unusable. */
  crash(): void {
    for (const f of this.handles) f.kill();
    this.handles.clear();
    for (const [file, size] of this.durable) {
      if (!this.inner.exists(file)) continue;
      const f = this.inner.open(file, 'rw');
      if (f.size() > size) f.truncate(size);
      f.close();
    }
  }

  /** @internal */
  onWrite(file: FaultyFile, buf: Buffer, position: number, write: (b: Buffer, p: number) => void): void {
    this.writes++;
    if (this.partialWrites > 0) {
      this.partialWrites--;
      write(buf.subarray(0, buf.length >> 1), position);
      throw storageError('write', file.path, errno('EIO', 'injected partial write'));
    }
    if (buf.length > this.spaceLeft) {
      const fits = Math.max(0, Math.floor(this.spaceLeft));
      if (fits > 0) write(buf.subarray(0, fits), position);
      this.spaceLeft -= fits;
      throw storageError('write', file.path, errno('ENOSPC', 'no space left on device (injected)'));
    }
    write(buf, position);
    this.spaceLeft -= buf.length;
  }

  /** @internal */
  onSync(file: FaultyFile, size: number): void {
    if (this.failingSyncs > 0) {
      this.failingSyncs--;
      throw storageError('fsync', file.path, errno('EIO', 'injected fsync failure'));
    }
    this.durable.set(file.path, size);
  }

  /** @internal */
  onTruncate(file: string, size: number): void {
    const d = this.durable.get(file);
    if (d !== undefined && size < d) this.durable.set(file, size);
  }

  open(file: string, mode: 'r' | 'rw'): StorageFile {
    const existed = this.inner.exists(file);
    const f = new FaultyFile(this, this.inner.open(file, mode));
    if (!this.durable.has(file)) this.durable.set(file, existed ? f.size() : 0);
    this.handles.add(f);
    return f;
  }

  /** @internal */
  closed(f: FaultyFile): void {
    this.handles.delete(f);
  }

  exists(file: string): boolean {
    return this.inner.exists(file);
  }
  readdir(dir: string): string[] {
    return this.inner.readdir(dir);
  }
  mkdirp(dir: string): void {
    this.inner.mkdirp(dir);
  }
  rename(from: string, to: string): void {
    this.inner.rename(from, to);
    const d = this.durable.get(from);
    this.durable.delete(from);
    if (d !== undefined) this.durable.set(to, d);
  }
  unlink(file: string): void {
    this.inner.unlink(file);
    this.durable.delete(file);
  }
  rmdir(dir: string): void {
    this.inner.rmdir(dir);
    for (const k of [...this.durable.keys()]) if (k.startsWith(dir + '/')) this.durable.delete(k);
  }
  readFile(file: string): Buffer | null {
    return this.inner.readFile(file);
  }
  writeFileAtomic(file: string, data: Buffer): void {
    writeFileAtomicWith(this, file, data);
  }
  syncDir(dir: string): void {
    this.inner.syncDir(dir);
  }
}

class FaultyFile implements StorageFile {
  dead = false;
  constructor(
    private readonly layer: FaultyFileLayer,
    private readonly inner: StorageFile,
  ) {}
  get path(): string {
    return this.inner.path;
  }
  kill(): void {
    if (!this.dead) this.inner.close();
    this.dead = true;
  }
  private alive(): void {
    if (this.dead) throw storageError('io', this.path, errno('EIO', 'the machine crashed'));
  }
  size(): number {
    return this.inner.size();
  }
  write(buf: Buffer, position: number): void {
    this.alive();
    this.layer.onWrite(this, buf, position, (b, p) => this.inner.write(b, p));
  }
  read(buf: Buffer, offset: number, length: number, position: number): number {
    this.alive();
    return this.inner.read(buf, offset, length, position);
  }
  sync(): void {
    this.alive();
    this.layer.onSync(this, this.inner.size());
    this.inner.sync();
  }
  truncate(size: number): void {
    this.alive();
    this.inner.truncate(size);
    this.layer.onTruncate(this.path, size);
  }
  close(): void {
    this.layer.closed(this);
    if (!this.dead) this.inner.close();
  }
}
