// The producer-state snapshot files of one partition directory: <20-digit offset>.snapshot, each the state of
// every producer below <offset> in Kafka's ProducerSnapshot format (producer-snapshot.ts). Which files exist,
// writing a new one, keeping the newest few, and finding the newest usable one on recovery.
//
// Writes go through FileLayer.writeFileAtomic (temp file <name>.tmp, fsync, rename), so a crash leaves either the
// old set or the new file, never a torn one; a failed write throws (KAFKA_STORAGE_ERROR from the file layer) and
// leaves the older snapshots as they were. At most `maxSnapshots` are kept after a write (older ones deleted, best
// effort: an extra old snapshot is harmless since recovery prefers the newest valid one).
//
// Recovery policy: stray .tmp files are deleted on open. newest(upTo) deletes every snapshot above upTo (the log
// lost its tail), then reads the newest at or below it; a file that cannot be read (I/O error) is skipped and kept,
// a file whose CRC, version or length is wrong is treated as absent and deleted, as Kafka does, and the next older
// one is tried. No usable snapshot means the caller replays from the log start.

import path from 'node:path';
import type { FileLayer } from './file-io.ts';
import { SNAPSHOT_SUFFIX, decodeProducerSnapshot, encodeProducerSnapshot, snapshotFileName, type SnapshotEntry } from './producer-snapshot.ts';

const SNAPSHOT_FILE = /^(\d{20})\.snapshot$/;

export class ProducerSnapshotStore {
  constructor(
    private readonly fileLayer: FileLayer,
    readonly dir: string,
    private readonly maxSnapshots: number,
  ) {}

  /** Deletes the temp files a crash mid-write left behind. */
  removeTempFiles(): void {
    for (const name of this.fileLayer.readdir(this.dir)) {
      if (name.endsWith(SNAPSHOT_SUFFIX + '.tmp')) this.fileLayer.unlink(path.join(this.dir, name));
    }
  }

  /** Offsets of the snapshot files present, ascending. */
  list(): number[] {
    const out: number[] = [];
    for (const name of this.fileLayer.readdir(this.dir)) {
      const m = SNAPSHOT_FILE.exec(name);
      if (m) out.push(Number(m[1]));
    }
    return out.sort((a, b) => a - b);
  }

  path(offset: number): string {
    return path.join(this.dir, snapshotFileName(offset));
  }

  /** Writes <offset>.snapshot atomically, then keeps only the newest maxSnapshots. */
  write(offset: number, entries: readonly SnapshotEntry[]): void {
    const file = this.path(offset);
    try {
      this.fileLayer.writeFileAtomic(file, encodeProducerSnapshot(entries));
    } catch (err) {
      try {
        this.fileLayer.unlink(`${file}.tmp`);
      } catch {
        // the next open removes stray .tmp files
      }
      throw err;
    }
    const all = this.list();
    for (const old of all.slice(0, Math.max(0, all.length - this.maxSnapshots))) {
      try {
        this.fileLayer.unlink(this.path(old));
      } catch {
        // best effort, see the top of the file
      }
    }
  }

  /** Deletes the snapshots below offset. */
  deleteBelow(offset: number): void {
    for (const s of this.list()) if (s < offset) this.fileLayer.unlink(this.path(s));
  }

  /** Deletes the snapshots above offset. */
  deleteAbove(offset: number): void {
    for (const s of this.list()) if (s > offset) this.fileLayer.unlink(this.path(s));
  }

  deleteAll(): void {
    for (const s of this.list()) this.fileLayer.unlink(this.path(s));
  }

  /** The newest valid snapshot at or below upTo, after deleting those above it (see the recovery policy). */
  newest(upTo: number): { offset: number; entries: SnapshotEntry[] } | undefined {
    const snapshots = this.list();
    for (const s of snapshots) if (s > upTo) this.fileLayer.unlink(this.path(s));
    for (const s of snapshots.filter((o) => o <= upTo).reverse()) {
      const file = this.path(s);
      let buf: Buffer | null;
      try {
        buf = this.fileLayer.readFile(file);
      } catch {
        continue; // unreadable: keep the file, try an older one
      }
      if (!buf) continue;
      try {
        return { offset: s, entries: decodeProducerSnapshot(buf) };
      } catch {
        try {
          this.fileLayer.unlink(file);
        } catch {
          // a corrupt file that cannot be deleted is skipped again next time
        }
      }
    }
    return undefined;
  }
}
