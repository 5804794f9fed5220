// A follower's bytes in: what its follower logs grew by between two samples, counting only partitions it
// followed in both (becoming a follower is not a copy of the whole log; retention shrinking a log is no copy).

import { describe, expect, it } from 'vitest';
import type { PartitionChange } from '../../../engine/index.ts';
import { followerGrowth } from './sampler.ts';

const change = (partition: number, size: number, more: Partial<PartitionChange> = {}): PartitionChange => ({
  topic: 'a', partition, leader: false, logStartOffset: 0, logEndOffset: 0, highWatermark: 0, size, ...more,
});

describe('followerGrowth', () => {
  it('sums the growth of partitions followed before and now only', () => {
    const followers = new Map([['a/0', 100], ['a/1', 500], ['a/2', 50], ['a/3', 70]]);
    const grown = followerGrowth(followers, [change(0, 1100), change(1, 400), change(2, 60, { leader: true }), change(3, 80, { removed: true }), change(9, 9_000_000)]);
    expect(grown).toBe(1000);
    expect([...followers]).toEqual([['a/0', 1100], ['a/1', 400], ['a/9', 9_000_000]]);
  });

  it('is zero with nothing followed before', () => {
    expect(followerGrowth(new Map(), [change(0, 10)])).toBe(0);
  });
});
