import { describe, expect, it } from 'vitest';
import { AwaitedFollowers, GRACE_MS } from './awaited-followers.ts';

describe('AwaitedFollowers', () => {
  it('owes a partition until the follower fetches it', () => {
    const a = new AwaitedFollowers();
    a.expect(2, 'orders-0', 0);
    a.expect(2, 'orders-1', 0);
    a.expect(3, 'orders-0', 0);
    expect(a.fetching(2, ['other-0'], 10)).toBe(true);
    expect(a.fetching(2, ['orders-0'], 10)).toBe(true);
    expect(a.fetching(2, ['orders-1', 'other-0'], 10)).toBe(false);
    expect(a.fetching(3, [], 10)).toBe(true);
    expect(a.fetching(4, [], 10)).toBe(false);
  });

  it('forgets after the grace period a partition the follower never asks for (its log may be offline)', () => {
    const a = new AwaitedFollowers();
    a.expect(2, 'orders-0', 1000);
    expect(a.fetching(2, [], 1000 + GRACE_MS)).toBe(true);
    expect(a.fetching(2, [], 1001 + GRACE_MS)).toBe(false);
  });

  it('keeps the first time a partition was expected when a later image names it again', () => {
    const a = new AwaitedFollowers();
    a.expect(2, 'orders-0', 0);
    a.expect(2, 'orders-0', GRACE_MS);
    expect(a.fetching(2, [], GRACE_MS + 1)).toBe(false);
  });
});
