// A follower's bytes in: what its follower logs grew by between two samples, counting only partitions it
// followed in both (becoming a follower is not a copy of the whole log; retention shrinking a log is no copy).

import { describe, expect, it } from 'vitest';
import { copiedSince } from './sampler.ts';

describe('copiedSince', () => {
  it('sums the growth of partitions followed in both samples only', () => {
    const before = new Map([['a/0', 100], ['a/1', 500], ['b/0', 50]]);
    const now = new Map([['a/0', 1100], ['a/1', 400], ['c/0', 9_000_000]]);
    expect(copiedSince(before, now)).toBe(1000);
  });

  it('is zero with nothing followed before', () => {
    expect(copiedSince(new Map(), new Map([['a/0', 10]]))).toBe(0);
  });
});
