// ShareFetch's records: the stored batches that hold a member's acquired offsets, read from the partition's
// log as they are stored (the hot path does not decode records).

import type { Partition } from '../partition.ts';
import type { AcquiredRecords } from './share/index.ts';

/**
 * The stored batches holding the acquired offsets, each once and in offset order. Batches are returned whole
 * (as Fetch does); the client delivers only the records inside its AcquiredRecords.
 */
export function readBatches(partition: Partition, acquired: readonly AcquiredRecords[]): Buffer {
  const parts: Buffer[] = [];
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
          parts.push(buf.subarray(at, at + size));
        }
        at += size;
      }
      if (last < pos) break;
      pos = last + 1;
    }
  }
  return Buffer.concat(parts);
}
