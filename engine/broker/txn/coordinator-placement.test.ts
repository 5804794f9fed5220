import { describe, expect, it } from 'vitest';
import type { BrokerEndpoint } from '../metadata-image.ts';
import { coordinatorEpochOf, coordinatorOfPartition, partitionsCoordinatedBy } from './coordinator-placement.ts';

const broker = (id: number, alive = true): BrokerEndpoint => ({ id, host: '127.0.0.1', port: 9000 + id, rack: null, alive });
const placement = (brokers: BrokerEndpoint[]) => Array.from({ length: 50 }, (_, p) => coordinatorOfPartition(p, brokers)?.id);

describe('transaction coordinator placement', () => {
  it('spreads the 50 partitions over the live brokers, the same way every time', () => {
    const three = [broker(1), broker(2), broker(3)];
    const ids = placement(three);
    expect(placement([broker(3), broker(1), broker(2)])).toEqual(ids); // order of the image does not matter
    for (const id of [1, 2, 3]) expect(ids.filter((x) => x === id).length).toBeGreaterThan(5);
    expect(partitionsCoordinatedBy(2, three, 50)).toEqual(ids.flatMap((x, p) => (x === 2 ? [p] : [])));
  });

  it('moves only the dead broker\'s partitions, and moves them back when it returns', () => {
    const before = placement([broker(1), broker(2), broker(3)]);
    const after = placement([broker(1), broker(2, false), broker(3)]);
    for (let p = 0; p < 50; p++) {
      if (before[p] === 2) expect([1, 3]).toContain(after[p]);
      else expect(after[p]).toBe(before[p]);
    }
    expect(placement([broker(1), broker(2), broker(3)])).toEqual(before);
  });

  it('has no coordinator without a live broker', () => {
    expect(coordinatorOfPartition(7, [broker(1, false)])).toBeUndefined();
  });

  it('orders coordinator epochs by controller epoch, then image epoch', () => {
    expect(coordinatorEpochOf(1, 40)).toBeLessThan(coordinatorEpochOf(1, 41));
    expect(coordinatorEpochOf(1, 5_000_000)).toBeLessThan(coordinatorEpochOf(2, 0));
    expect(coordinatorEpochOf(2000, 999_999)).toBeLessThanOrEqual(2 ** 31 - 1);
  });
});
