// The file layer: every byte the storage engine reads or writes goes through a FileLayer, so tests can swap
// in one that injects faults (short writes, ENOSPC, failed fsync, a crash that keeps only synced bytes).
//
// I/O is synchronous on purpose: each broker runs in its own worker thread, appends land in the page cache
// (Kafka's own default, with no fsync per append), and a synchronous read cannot interleave with a
// truncation or segment deletion, so no file is deleted under a reader.

import fs from 'node:fs';
import path from 'node:path';
import { KafkaError } from '../protocol/error-codes.ts';

export interface StorageFile {
  readonly path: string;
  size(): number;
  /** Writes all of buf at position or throws; a short write is retried until complete. */
  write(buf: Buffer, position: number): void;
  /** Reads up to length bytes at position into buf[offset..]; returns how many were read (0 at end of file). */
  read(buf: Buffer, offset: number, length: number, position: number): number;
  sync(): void;
  truncate(size: number): void;
  close(): void;
}

export interface FileLayer {
  open(file: string, mode: 'r' | 'rw'): StorageFile;
  exists(file: string): boolean;
  readdir(dir: string): string[];
  mkdirp(dir: string): void;
  rename(from: string, to: string): void;
  unlink(file: string): void;
  rmdir(dir: string): void;
  readFile(file: string): Buffer | null;
  /** Replace a file's contents atomically: write a temp file, fsync it, rename over, fsync the directory. */
  writeFileAtomic(file: string, data: Buffer): void;
  syncDir(dir: string): void;
}

/** Wraps an fs error as Kafka's KAFKA_STORAGE_ERROR, keeping the errno code and the file in the message. */
export function storageError(op: string, file: string, err: unknown): KafkaError {
  const e = err as NodeJS.ErrnoException;
  const detail = e?.code ? `${e.code}: ${e.message}` : String(err);
  const ke = new KafkaError('KAFKA_STORAGE_ERROR', `${op} failed on ${file} (${detail})`);
  (ke as KafkaError & { cause?: unknown }).cause = err;
  return ke;
}

/** writeFileAtomic in terms of a layer's own primitives (so a fault-injecting layer sees each step). */
export function writeFileAtomicWith(layer: FileLayer, file: string, data: Buffer): void {
  const tmp = `${file}.tmp`;
  const f = layer.open(tmp, 'rw');
  try {
    f.truncate(0);
    f.write(data, 0);
    f.sync();
  } finally {
    f.close();
  }
  layer.rename(tmp, file);
  layer.syncDir(path.dirname(file));
}

class NodeFile implements StorageFile {
  private fd: number;
  private length: number;
  constructor(
    readonly path: string,
    mode: 'r' | 'rw',
  ) {
    try {
      this.fd = fs.openSync(path, mode === 'r' ? 'r' : fs.constants.O_RDWR | fs.constants.O_CREAT, 0o644);
      this.length = fs.fstatSync(this.fd).size;
    } catch (err) {
      throw storageError('open', path, err);
    }
  }
  size(): number {
    return this.length;
  }
  write(buf: Buffer, position: number): void {
    let done = 0;
    try {
      while (done < buf.length) {
        done += fs.writeSync(this.fd, buf, done, buf.length - done, position + done);
      }
    } catch (err) {
      // Whatever part landed is beyond our logical length only if we extended the file; callers truncate back.
      throw storageError('write', this.path, err);
    } finally {
      this.length = Math.max(this.length, position + done);
    }
  }
  read(buf: Buffer, offset: number, length: number, position: number): number {
    try {
      let done = 0;
      while (done < length) {
        const n = fs.readSync(this.fd, buf, offset + done, length - done, position + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } catch (err) {
      throw storageError('read', this.path, err);
    }
  }
  sync(): void {
    try {
      fs.fsyncSync(this.fd);
    } catch (err) {
      throw storageError('fsync', this.path, err);
    }
  }
  truncate(size: number): void {
    try {
      fs.ftruncateSync(this.fd, size);
      this.length = size;
    } catch (err) {
      throw storageError('truncate', this.path, err);
    }
  }
  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch (err) {
      throw storageError('close', this.path, err);
    }
  }
}

export const nodeFileLayer: FileLayer = {
  open: (file, mode) => new NodeFile(file, mode),
  exists: (file) => fs.existsSync(file),
  readdir: (dir) => {
    try {
      return fs.readdirSync(dir);
    } catch (err) {
      throw storageError('readdir', dir, err);
    }
  },
  mkdirp: (dir) => {
    try {
      fs.mkdirSync(dir, { recursive: true });
    } catch (err) {
      throw storageError('mkdir', dir, err);
    }
  },
  rename: (from, to) => {
    try {
      fs.renameSync(from, to);
    } catch (err) {
      throw storageError('rename', from, err);
    }
  },
  unlink: (file) => {
    try {
      fs.rmSync(file, { force: true });
    } catch (err) {
      throw storageError('unlink', file, err);
    }
  },
  rmdir: (dir) => {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch (err) {
      throw storageError('rmdir', dir, err);
    }
  },
  readFile: (file) => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw storageError('read', file, err);
    }
  },
  writeFileAtomic(file, data) {
    writeFileAtomicWith(this, file, data);
  },
  syncDir: (dir) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(dir, 'r');
      fs.fsyncSync(fd);
    } catch (err) {
      // Some platforms (Windows) cannot fsync a directory; the rename is still atomic there.
      if ((err as NodeJS.ErrnoException).code !== 'EISDIR' && (err as NodeJS.ErrnoException).code !== 'EPERM') {
        throw storageError('fsync', dir, err);
      }
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
};
