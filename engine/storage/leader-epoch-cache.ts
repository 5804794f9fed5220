// Leader epochs of a partition: which epoch's leader wrote which range of offsets (Kafka's
// LeaderEpochFileCache), kept in <partition dir>/leader-epoch-checkpoint.
//
// File format (Kafka's checkpoint file, text, one entry per line):
//   0                      version
//   N                      number of entries
//   <epoch> <startOffset>  N lines, epochs and start offsets strictly increasing
// Written whole through writeFileAtomic (temp file, fsync, rename), so it is never torn.
//
// Use: a follower that sees a new leader asks it for the end offset of the follower's latest epoch
// (OffsetForLeaderEpoch) and truncates to it, so a follower never keeps offsets the new leader does not have.
// Recovery: a missing or unreadable file is rebuilt from the partitionLeaderEpoch of the batch headers; after
// the log is truncated the entries at or above the new end are dropped.

import path from 'node:path';
import type { FileLayer } from './file-io.ts';

export const LEADER_EPOCH_FILE = 'leader-epoch-checkpoint';
export const UNDEFINED_EPOCH = -1;
export const UNDEFINED_EPOCH_OFFSET = -1;

export interface EpochEntry {
  epoch: number;
  startOffset: number;
}

export class LeaderEpochCache {
  private entries: EpochEntry[] = [];
  private readonly file: string;

  private constructor(
    private readonly fileLayer: FileLayer,
    dir: string,
  ) {
    this.file = path.join(dir, LEADER_EPOCH_FILE);
  }

  /** Loads the checkpoint, or rebuilds it from (epoch, baseOffset) of every batch when it is absent or bad. */
  static load(fileLayer: FileLayer, dir: string, batches: () => Iterable<{ partitionLeaderEpoch: number; baseOffset: number }>, logEndOffset: number): LeaderEpochCache {
    const cache = new LeaderEpochCache(fileLayer, dir);
    const raw = fileLayer.readFile(cache.file);
    const parsed = parse(raw);
    if (parsed) {
      cache.entries = parsed;
    } else {
      for (const b of batches()) cache.assignInMemory(b.partitionLeaderEpoch, b.baseOffset);
      // A new, empty log needs no file (absent means no entries): creating partitions in bulk stays cheap.
      if (raw !== null || cache.entries.length > 0) cache.persist();
    }
    cache.truncateFromEnd(logEndOffset);
    return cache;
  }

  all(): readonly EpochEntry[] {
    return this.entries;
  }

  latestEpoch(): number {
    return this.entries.length > 0 ? this.entries[this.entries.length - 1].epoch : UNDEFINED_EPOCH;
  }

  private assignInMemory(epoch: number, startOffset: number): boolean {
    if (epoch < 0) return false;
    const last = this.entries[this.entries.length - 1];
    if (last && epoch <= last.epoch) return false;
    // An entry for a newer epoch at an offset an older entry already claims replaces it (Kafka does the same).
    while (this.entries.length > 0 && this.entries[this.entries.length - 1].startOffset >= startOffset) this.entries.pop();
    this.entries.push({ epoch, startOffset });
    return true;
  }

  /** Records that `epoch` starts at `startOffset` (the first batch it wrote). Ignores epochs not newer than the latest. */
  assign(epoch: number, startOffset: number): void {
    if (this.assignInMemory(epoch, startOffset)) this.persist();
  }

  /**
   * Kafka's endOffsetFor: for the requested epoch, the largest epoch <= it and the offset where the next
   * epoch starts (the log end for the latest epoch). (UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET) when the
   * requested epoch predates every entry.
   */
  endOffsetFor(requestedEpoch: number, logEndOffset: number): { epoch: number; endOffset: number } {
    if (requestedEpoch === UNDEFINED_EPOCH || this.entries.length === 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    if (requestedEpoch === this.latestEpoch()) return { epoch: requestedEpoch, endOffset: logEndOffset };
    let floor = -1;
    for (let i = 0; i < this.entries.length; i++) if (this.entries[i].epoch <= requestedEpoch) floor = i;
    if (floor < 0) return { epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET };
    const next = this.entries[floor + 1];
    return { epoch: this.entries[floor].epoch, endOffset: next ? next.startOffset : logEndOffset };
  }

  /** Drops entries starting at or after `offset` (the log was truncated to it). */
  truncateFromEnd(offset: number): void {
    const before = this.entries.length;
    this.entries = this.entries.filter((e) => e.startOffset < offset);
    if (this.entries.length !== before) this.persist();
  }

  /** The log now starts at `offset`: the entry covering it starts there, earlier ones go. */
  truncateFromStart(offset: number): void {
    let changed = false;
    while (this.entries.length > 1 && this.entries[1].startOffset <= offset) {
      this.entries.shift();
      changed = true;
    }
    if (this.entries.length > 0 && this.entries[0].startOffset < offset) {
      this.entries[0] = { epoch: this.entries[0].epoch, startOffset: offset };
      changed = true;
    }
    if (changed) this.persist();
  }

  clear(): void {
    this.entries = [];
    this.persist();
  }

  private persist(): void {
    const text = ['0', String(this.entries.length), ...this.entries.map((e) => `${e.epoch} ${e.startOffset}`)].join('\n') + '\n';
    this.fileLayer.writeFileAtomic(this.file, Buffer.from(text));
  }
}

function parse(buf: Buffer | null): EpochEntry[] | null {
  if (!buf) return null;
  const lines = buf.toString('utf8').split('\n').filter((l) => l.length > 0);
  if (lines[0] !== '0') return null;
  const n = Number(lines[1]);
  if (!Number.isInteger(n) || n < 0 || lines.length !== n + 2) return null;
  const out: EpochEntry[] = [];
  for (const line of lines.slice(2)) {
    const m = /^(\d+) (\d+)$/.exec(line);
    if (!m) return null;
    const e = { epoch: Number(m[1]), startOffset: Number(m[2]) };
    const last = out[out.length - 1];
    if (last && (e.epoch <= last.epoch || e.startOffset < last.startOffset)) return null;
    out.push(e);
  }
  return out;
}
