// The aborted-transaction index: <baseOffset>.txnindex beside a segment's .log (Kafka's
// TransactionIndex and AbortedTxn).
//
// Format: 34-byte entries back to back, big-endian, no header:
//   version           int16  0
//   producerId        int64
//   firstOffset       int64  the aborted transaction's first offset in this partition
//   lastOffset        int64  the offset of its ABORT marker
//   lastStableOffset  int64  the partition's LSO once this transaction was decided
// An entry is appended to the active segment's index when an ABORT marker is written there, so the
// entries of one file are in lastOffset order (append refuses anything else). A READ_COMMITTED fetch
// collects the entries overlapping its range from the segment holding the fetch offset onwards,
// until an entry's lastStableOffset reaches the range's end: no later transaction can overlap it.
//
// The file is created on the first entry (most segments never abort anything) and goes with its
// segment. Recovery policy: the index is derived data. A file whose size is not a multiple of 34, or
// whose entries are out of order, fails sanityCheck; the loader rebuilds the index of every segment
// it recovers from the segment's batches (see rebuildTransactionIndexes in log-loader.ts).

import type { FileLayer, StorageFile } from './file-io.ts';
import { CorruptIndexError } from './index-file.ts';
import { readInt64, writeInt64 } from './record-batch.ts';

export const TXN_INDEX_SUFFIX = '.txnindex';
export const ABORTED_TXN_SIZE = 34;
export const ABORTED_TXN_VERSION = 0;

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number;
  lastStableOffset: number;
}

export interface TxnIndexSearchResult {
  abortedTransactions: AbortedTxn[];
  /** An entry's lastStableOffset reached the upper bound: later segments need not be searched. */
  isComplete: boolean;
}

/** A CorruptIndexError, so the loader recovers the segment (and rebuilds this index) as for the others. */
export class CorruptTxnIndexError extends CorruptIndexError {
  constructor(readonly file: string, reason: string) {
    super(`${file}: ${reason}`);
    this.name = 'CorruptTxnIndexError';
  }
}

export function encodeAbortedTxn(t: AbortedTxn): Buffer {
  const b = Buffer.alloc(ABORTED_TXN_SIZE);
  b.writeInt16BE(ABORTED_TXN_VERSION, 0);
  writeInt64(b, 2, t.producerId);
  writeInt64(b, 10, t.firstOffset);
  writeInt64(b, 18, t.lastOffset);
  writeInt64(b, 26, t.lastStableOffset);
  return b;
}

export function decodeAbortedTxn(b: Buffer, pos = 0): AbortedTxn {
  const version = b.readInt16BE(pos);
  if (version !== ABORTED_TXN_VERSION) throw new RangeError(`unknown aborted transaction entry version ${version}`);
  return {
    producerId: readInt64(b, pos + 2, 'producerId'),
    firstOffset: readInt64(b, pos + 10, 'firstOffset'),
    lastOffset: readInt64(b, pos + 18, 'lastOffset'),
    lastStableOffset: readInt64(b, pos + 26, 'lastStableOffset'),
  };
}

export class TransactionIndex {
  private file: StorageFile | undefined;
  /** The entries, read from the file on first use and kept in step with it. */
  private cache: AbortedTxn[] | undefined;

  constructor(private readonly fileLayer: FileLayer, readonly path: string) {}

  get exists(): boolean {
    return this.file !== undefined || this.fileLayer.exists(this.path);
  }

  private open(): StorageFile {
    this.file ??= this.fileLayer.open(this.path, 'rw');
    return this.file;
  }

  /** Every entry, in order. */
  entries(): readonly AbortedTxn[] {
    if (this.cache) return this.cache;
    if (!this.exists) return (this.cache = []);
    const f = this.open();
    const size = f.size();
    const whole = size - (size % ABORTED_TXN_SIZE);
    const buf = Buffer.alloc(whole);
    f.read(buf, 0, whole, 0);
    const out: AbortedTxn[] = [];
    for (let pos = 0; pos < whole; pos += ABORTED_TXN_SIZE) out.push(decodeAbortedTxn(buf, pos));
    this.cache = out;
    return out;
  }

  /** Throws CorruptTxnIndexError for a torn tail, an unknown version or entries out of order. */
  sanityCheck(): void {
    if (!this.exists) return;
    const size = this.open().size();
    if (size % ABORTED_TXN_SIZE !== 0) throw new CorruptTxnIndexError(this.path, `size ${size} is not a multiple of ${ABORTED_TXN_SIZE}`);
    let entries: readonly AbortedTxn[];
    try {
      entries = this.entries();
    } catch (e) {
      this.cache = undefined;
      throw new CorruptTxnIndexError(this.path, (e as Error).message);
    }
    for (let i = 1; i < entries.length; i++) {
      if (entries[i].lastOffset <= entries[i - 1].lastOffset) {
        throw new CorruptTxnIndexError(this.path, `entry ${i} (last offset ${entries[i].lastOffset}) is out of order`);
      }
    }
  }

  append(t: AbortedTxn): void {
    const entries = this.entries();
    const last = entries[entries.length - 1];
    if (last && t.lastOffset <= last.lastOffset) {
      throw new RangeError(`aborted transaction at ${t.lastOffset} does not follow the last entry at ${last.lastOffset}`);
    }
    const f = this.open();
    f.write(encodeAbortedTxn(t), f.size());
    this.cache = [...entries, t];
  }

  /** Kafka's collectAbortedTxns: entries overlapping [fetchOffset, upperBoundOffset). */
  collectAbortedTxns(fetchOffset: number, upperBoundOffset: number): TxnIndexSearchResult {
    const abortedTransactions: AbortedTxn[] = [];
    for (const t of this.entries()) {
      if (t.lastOffset >= fetchOffset && t.firstOffset < upperBoundOffset) abortedTransactions.push(t);
      if (t.lastStableOffset >= upperBoundOffset) return { abortedTransactions, isComplete: true };
    }
    return { abortedTransactions, isComplete: false };
  }

  /** Drops the entries whose marker is at or above `offset` (the log was truncated there). */
  truncateTo(offset: number): void {
    if (!this.exists) return;
    const entries = this.entries();
    const keep = entries.findIndex((t) => t.lastOffset >= offset);
    if (keep < 0) return;
    this.open().truncate(keep * ABORTED_TXN_SIZE);
    this.cache = entries.slice(0, keep);
  }

  /** Empties the index and removes its file (the loader rebuilds it). */
  reset(): void {
    this.close();
    this.fileLayer.unlink(this.path);
    this.cache = [];
  }

  flush(): void {
    this.file?.sync();
  }

  close(): void {
    this.file?.close();
    this.file = undefined;
  }

  delete(): void {
    this.close();
    this.fileLayer.unlink(this.path);
    this.cache = undefined;
  }
}
