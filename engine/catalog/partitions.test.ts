import { describe, expect, it } from 'vitest';
import { kafkaErrorOf, useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1, 2, 3]);

function setup(): void {
  t.catalog.topics.create({ name: 'orders', partitions: [{ replicas: [1, 2, 3] }, { replicas: [2, 3, 1] }] });
}

const state = (partition: number) => {
  const p = t.catalog.partitions.get('orders', partition)!;
  return { leader: p.leader, leaderEpoch: p.leaderEpoch, isr: p.isr, partitionEpoch: p.partitionEpoch };
};

describe('PartitionStore', () => {
  it('bumps the leader epoch on a new leader and the partition epoch on every change', () => {
    setup();
    t.catalog.partitions.update({ topic: 'orders', partition: 0, isr: [1, 2] });
    expect(state(0)).toEqual({ leader: 1, leaderEpoch: 0, isr: [1, 2], partitionEpoch: 1 });
    t.catalog.partitions.electLeader('orders', 0, 2, [2]);
    expect(state(0)).toEqual({ leader: 2, leaderEpoch: 1, isr: [2], partitionEpoch: 2 });
    t.catalog.partitions.update({ topic: 'orders', partition: 0, leader: -1 });
    expect(state(0)).toEqual({ leader: -1, leaderEpoch: 2, isr: [2], partitionEpoch: 3 });
    // No actual change: nothing is bumped.
    t.catalog.partitions.update({ topic: 'orders', partition: 0, leader: -1, isr: [2] });
    expect(state(0).partitionEpoch).toBe(3);
    expect(state(1)).toEqual({ leader: 2, leaderEpoch: 0, isr: [2, 3, 1], partitionEpoch: 0 });
  });

  it('refuses a stale partition epoch (AlterPartition) and inconsistent states', () => {
    setup();
    t.catalog.partitions.update({ topic: 'orders', partition: 0, isr: [1, 2], expectedPartitionEpoch: 0 });
    expect(kafkaErrorOf(() => t.catalog.partitions.update({ topic: 'orders', partition: 0, isr: [1], expectedPartitionEpoch: 0 })).errorName).toBe(
      'INVALID_UPDATE_VERSION',
    );
    expect(kafkaErrorOf(() => t.catalog.partitions.update({ topic: 'orders', partition: 0, leader: 3 })).errorName).toBe('INVALID_REQUEST');
    expect(kafkaErrorOf(() => t.catalog.partitions.update({ topic: 'orders', partition: 0, isr: [1, 4] })).errorName).toBe('INVALID_REQUEST');
    expect(kafkaErrorOf(() => t.catalog.partitions.update({ topic: 'orders', partition: 9, isr: [1] })).errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(state(0)).toEqual({ leader: 1, leaderEpoch: 0, isr: [1, 2], partitionEpoch: 1 });
  });

  it('applies a batch of changes all or nothing, and the result survives reopen', () => {
    setup();
    // Broker 1 died: move leadership of partition 0, shrink the ISR of partition 1.
    expect(() =>
      t.catalog.partitions.applyChanges([
        { topic: 'orders', partition: 0, leader: 2, isr: [2, 3] },
        { topic: 'orders', partition: 1, isr: [2, 3] },
        { topic: 'orders', partition: 1, leader: 1 }, // invalid: 1 is no longer in the ISR
      ]),
    ).toThrow(/not in the ISR/);
    expect(state(0)).toEqual({ leader: 1, leaderEpoch: 0, isr: [1, 2, 3], partitionEpoch: 0 });
    expect(state(1).isr).toEqual([2, 3, 1]);

    t.catalog.partitions.applyChanges([
      { topic: 'orders', partition: 0, leader: 2, isr: [2, 3] },
      { topic: 'orders', partition: 1, isr: [2, 3] },
    ]);
    t.reopen();
    expect(state(0)).toEqual({ leader: 2, leaderEpoch: 1, isr: [2, 3], partitionEpoch: 1 });
    expect(state(1)).toEqual({ leader: 2, leaderEpoch: 0, isr: [2, 3], partitionEpoch: 1 });
    expect(t.catalog.partitions.listAll().map((p) => `${p.topic}-${p.partition}`)).toEqual(['orders-0', 'orders-1']);
  });

  it('reassigns replicas', () => {
    setup();
    const p = t.catalog.partitions.update({ topic: 'orders', partition: 0, replicas: [1, 2], isr: [1, 2] });
    expect(p).toMatchObject({ replicas: [1, 2], isr: [1, 2], leader: 1, leaderEpoch: 0, partitionEpoch: 1 });
  });
});
