import { describe, expect, it } from 'vitest';
import { batchesWithin, clipAcquired, type StoredBatch } from './share-fetch-batches.ts';

const batch = (baseOffset: number, lastOffset: number, size: number): StoredBatch => ({ baseOffset, lastOffset, bytes: Buffer.alloc(size) });

describe('ShareFetch MaxBytes', () => {
  const batches = [batch(0, 0, 100), batch(1, 4, 100), batch(5, 5, 100)];

  it('keeps the leading batches that fit, and always the first batch of a response', () => {
    expect(batchesWithin(batches, 250, false).map((b) => b.baseOffset)).toEqual([0, 1]);
    expect(batchesWithin(batches, 1, true).map((b) => b.baseOffset)).toEqual([0]);
    expect(batchesWithin(batches, 1, false)).toEqual([]);
    expect(batchesWithin(batches, 300, false)).toHaveLength(3);
  });

  it('clips acquired runs at the last batch sent and lists the offsets given back', () => {
    const acquired = [{ firstOffset: 0, lastOffset: 2, deliveryCount: 2 }, { firstOffset: 3, lastOffset: 5, deliveryCount: 1 }];
    expect(clipAcquired(acquired, 4)).toEqual({ kept: [{ firstOffset: 0, lastOffset: 2, deliveryCount: 2 }, { firstOffset: 3, lastOffset: 4, deliveryCount: 1 }], dropped: [5] });
    expect(clipAcquired(acquired, -1)).toEqual({ kept: [], dropped: [0, 1, 2, 3, 4, 5] });
  });
});
