import { describe, expect, it } from 'vitest';
import { compileSubscriptionRegex, resolveSubscription } from './subscription.ts';

const topics = new Map([
  ['orders', { id: 'o', name: 'orders', partitions: 1 }],
  ['orders-eu', { id: 'oe', name: 'orders-eu', partitions: 1 }],
  ['Payments', { id: 'p', name: 'Payments', partitions: 1 }],
  ['__consumer_offsets', { id: 'c', name: '__consumer_offsets', partitions: 1 }],
]);

describe('subscriptions', () => {
  const table: [string, string[] | string, string[]][] = [
    ['names; unknown names skipped', ['orders', 'missing'], ['o']],
    ['a regex matches whole names only', 'orders', ['o']],
    ['a regex with a wildcard', 'orders.*', ['o', 'oe']],
    ['alternation and classes', '(orders|Pay[a-z]+)', ['o', 'p']],
    ['a leading (?i) ignores case', '(?i)payments', ['p']],
    ['internal topics never match a regex', '.*', ['o', 'oe', 'p']],
    ['but may be named', ['__consumer_offsets'], ['c']],
  ];
  for (const [name, sub, ids] of table) {
    it(name, () => {
      const r = typeof sub === 'string' ? resolveSubscription([], sub, topics) : resolveSubscription(sub, null, topics);
      expect([...r].sort()).toEqual([...ids].sort());
    });
  }

  it('what RE2 refuses is refused', () => {
    for (const bad of ['(a)\\1', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b', '[', '(?<n>a)\\k<n>']) {
      expect(() => compileSubscriptionRegex(bad), bad).toThrow(/INVALID_REGULAR_EXPRESSION/);
    }
  });
});
