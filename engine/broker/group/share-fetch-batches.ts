// ShareFetch's records: the stored batches that hold a member's acquired offsets, read from the partition's
// log as they are stored (the hot path does not decode records), and cut to the request's MaxBytes.
// For a read_committed share group, also which acquired batches belong to aborted transactions: a ShareFetch
// response has no AbortedTransactions, so the share partition archives them instead of handing them out.

import type { Partition } from '../partition.ts';
import { CONTROL_MASK, RECORD_BATCH_HEADER_SIZE, TRANSACTIONAL_MASK, readBatchHeader } from '../../storage/record-batch.ts';
import type { AbortedTxn } from '../../storage/transaction-index.ts';
import type { AcquiredRecords, OffsetRange } from './share/index.ts';

export interface StoredBatch {
  baseOffset: number;
  lastOffset: number;
  bytes: Buffer;
}

/**
 * The stored batches holding the acquired offsets, each once and in offset order. Batches are returned whole
 * (as Fetch does); the client delivers only the records inside its AcquiredRecords.
 */
export function readBatchList(partition: Partition, acquired: readonly AcquiredRecords[]): StoredBatch[] {
  const out: StoredBatch[] = [];
  const seen = new Set<number>();
  for (const run of acquired) {
    let pos = run.firstOffset;
    while (pos <= run.lastOffset) {
      const buf = partition.log.read(pos, 1024 * 1024, { maxOffset: run.lastOffset + 1, minOneBatch: true });
      if (buf.length === 0) break;
      let at = 0;
      let last = pos;
      while (at + 27 <= buf.length) {
        const base = Number(buf.readBigInt64BE(at));
        const size = 12 + buf.readInt32BE(at + 8);
        if (at + size > buf.length) break;
        last = base + buf.readInt32BE(at + 23);
        if (!seen.has(base)) {
          seen.add(base);
          out.push({ baseOffset: base, lastOffset: last, bytes: buf.subarray(at, at + size) });
        }
        at += size;
      }
      if (last < pos) break;
      pos = last + 1;
    }
  }
  return out;
}

export function readBatches(partition: Partition, acquired: readonly AcquiredRecords[]): Buffer {
  return Buffer.concat(readBatchList(partition, acquired).map((b) => b.bytes));
}

/**
 * The leading batches that fit in `maxBytes`. MaxBytes is a soft limit, as in Fetch: the first batch of a
 * response goes out whatever its size, so a consumer always makes progress.
 */
export function batchesWithin(batches: readonly StoredBatch[], maxBytes: number, firstInResponse: boolean): StoredBatch[] {
  const out: StoredBatch[] = [];
  let used = 0;
  for (const b of batches) {
    if (used + b.bytes.length > maxBytes && !(firstInResponse && out.length === 0)) break;
    out.push(b);
    used += b.bytes.length;
  }
  return out;
}

/** The acquired runs cut at `lastOffset` (inclusive), and the offsets past it. */
export function clipAcquired(acquired: readonly AcquiredRecords[], lastOffset: number): { kept: AcquiredRecords[]; dropped: number[] } {
  const kept: AcquiredRecords[] = [];
  const dropped: number[] = [];
  for (const a of acquired) {
    if (a.firstOffset <= lastOffset) kept.push({ ...a, lastOffset: Math.min(a.lastOffset, lastOffset) });
    for (let o = Math.max(a.firstOffset, lastOffset + 1); o <= a.lastOffset; o++) dropped.push(o);
  }
  return { kept, dropped };
}

/**
 * The batches among `batches` that hold data of an aborted transaction: transactional, not a control batch,
 * and inside one of the producer's aborted transactions (from its first offset to its abort marker).
 */
export function abortedBatches(batches: readonly StoredBatch[], aborted: readonly AbortedTxn[]): OffsetRange[] {
  if (aborted.length === 0) return [];
  const out: OffsetRange[] = [];
  for (const b of batches) {
    if (b.bytes.length < RECORD_BATCH_HEADER_SIZE) continue;
    const { attributes, producerId } = readBatchHeader(b.bytes, 0);
    if ((attributes & TRANSACTIONAL_MASK) === 0 || (attributes & CONTROL_MASK) !== 0) continue;
    if (aborted.some((t) => t.producerId === producerId && t.firstOffset <= b.baseOffset && b.baseOffset <= t.lastOffset)) {
      out.push({ firstOffset: b.baseOffset, lastOffset: b.lastOffset });
    }
  }
  return out;
}

/** The aborted-transaction batches under the acquired runs; the log is read only when aborts overlap them. */
export function abortedWithin(partition: Partition, acquired: readonly AcquiredRecords[]): OffsetRange[] {
  if (acquired.length === 0) return [];
  const first = acquired[0].firstOffset;
  const last = acquired[acquired.length - 1].lastOffset;
  const txns = partition.log.collectAbortedTransactions(first, last + 1);
  return txns.length === 0 ? [] : abortedBatches(readBatchList(partition, acquired), txns);
}
