import { describe, expect, it } from 'vitest';
import { isKafkaError } from '../protocol/error-codes.ts';
import { assignReplicas } from './placement.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

describe('assignReplicas', () => {
  it('matches Kafka\'s rack-unaware assignment for a fixed start (5 brokers, 10 partitions, RF 3)', () => {
    // The table of Kafka's AdminUtils test for assignReplicasToBrokersRackUnaware with start index 0.
    expect(assignReplicas([0, 1, 2, 3, 4], 10, 3, { start: 0, shift: 0 })).toEqual([
      [0, 1, 2], [1, 2, 3], [2, 3, 4], [3, 4, 0], [4, 0, 1],
      [0, 2, 3], [1, 3, 4], [2, 4, 0], [3, 0, 1], [4, 1, 2],
    ]);
  });

  it('works on broker ids (sorted), not positions', () => {
    expect(assignReplicas([30, 10, 20], 3, 2, { start: 0, shift: 0 })).toEqual([[10, 20], [20, 30], [30, 10]]);
    expect(assignReplicas([30, 10, 20], 2, 1, { start: 2, shift: 0 })).toEqual([[30], [10]]);
  });

  it('continues the leader rotation from the first new partition (CreatePartitions)', () => {
    const added = assignReplicas([1, 2, 3], 3, 2, { start: 0, shift: 0, firstPartition: 4 });
    expect(added.map((r) => r[0])).toEqual([2, 3, 1]); // partitions 4, 5, 6 of a rotation from broker 1
  });

  it('gives every partition RF distinct replicas and spreads leaders and replicas evenly, whatever the random start', () => {
    const brokers = [1, 2, 3, 4];
    for (let run = 0; run < 20; run++) {
      const a = assignReplicas(brokers, 8, 3);
      const leaders = new Map<number, number>();
      const held = new Map<number, number>();
      for (const r of a) {
        expect(r).toHaveLength(3);
        expect(new Set(r).size).toBe(3);
        for (const b of r) expect(brokers).toContain(b);
        leaders.set(r[0], (leaders.get(r[0]) ?? 0) + 1);
        for (const b of r) held.set(b, (held.get(b) ?? 0) + 1);
      }
      expect([...leaders.values()]).toEqual([2, 2, 2, 2]);
      expect([...held.values()]).toEqual([6, 6, 6, 6]);
    }
  });

  it('refuses with Kafka\'s errors: no partitions, RF below 1, RF above the live brokers', () => {
    expect(isKafkaError(thrown(() => assignReplicas([1, 2], 0, 1)), 'INVALID_PARTITIONS')).toBe(true);
    expect(isKafkaError(thrown(() => assignReplicas([1, 2], 1, 0)), 'INVALID_REPLICATION_FACTOR')).toBe(true);
    const e = thrown(() => assignReplicas([1, 2], 1, 3));
    expect(isKafkaError(e, 'INVALID_REPLICATION_FACTOR')).toBe(true);
    expect(String(e)).toContain('Replication factor: 3 larger than available brokers: 2.');
    expect(isKafkaError(thrown(() => assignReplicas([], 1, 1)), 'INVALID_REPLICATION_FACTOR')).toBe(true);
  });

  it('does not reorder the caller\'s broker list', () => {
    const live = [3, 1, 2];
    assignReplicas(live, 3, 3);
    expect(live).toEqual([3, 1, 2]);
  });
});
