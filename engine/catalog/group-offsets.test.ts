import { describe, expect, it } from 'vitest';
import { kafkaErrorOf, useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1]);

function setup(): void {
  t.catalog.topics.create({ name: 'orders', partitions: [{ replicas: [1] }, { replicas: [1] }] });
  t.catalog.topics.create({ name: 'payments', partitions: [{ replicas: [1] }] });
}

const offsets = (group: string): [string, number, number][] =>
  t.catalog.groupOffsets.fetch(group).map((o) => [o.topic, o.partition, o.committedOffset]);

describe('GroupOffsetStore', () => {
  it('commits and fetches offsets with their fields', () => {
    setup();
    t.catalog.groupOffsets.commit('g1', [
      { topic: 'orders', partition: 0, committedOffset: 5, leaderEpoch: 2, metadata: 'm' },
      { topic: 'orders', partition: 1, committedOffset: 7, commitTimestamp: 50, expireTimestamp: 90 },
    ], 1000);
    expect(t.catalog.groupOffsets.fetch('g1')).toEqual([
      { groupId: 'g1', topic: 'orders', partition: 0, committedOffset: 5, leaderEpoch: 2, metadata: 'm', commitTimestamp: 1000, expireTimestamp: null },
      { groupId: 'g1', topic: 'orders', partition: 1, committedOffset: 7, leaderEpoch: -1, metadata: null, commitTimestamp: 50, expireTimestamp: 90 },
    ]);
    expect(t.catalog.groupOffsets.fetch('g1', [{ topic: 'orders', partition: 1 }, { topic: 'payments', partition: 0 }]).map((o) => o.committedOffset)).toEqual([7]);
    expect(t.catalog.groupOffsets.fetchOne('g1', 'orders', 0)?.committedOffset).toBe(5);
    expect(t.catalog.groupOffsets.fetchOne('g2', 'orders', 0)).toBeUndefined();
  });

  it('overwrites a partition\'s offset on a later commit', () => {
    setup();
    t.catalog.groupOffsets.commit('g1', [{ topic: 'orders', partition: 0, committedOffset: 5, metadata: 'a' }]);
    t.catalog.groupOffsets.commit('g1', [{ topic: 'orders', partition: 0, committedOffset: 9 }]);
    expect(t.catalog.groupOffsets.fetch('g1')).toMatchObject([{ committedOffset: 9, metadata: null }]);
  });

  it('commits all or nothing: an unknown partition fails the whole commit', () => {
    setup();
    t.catalog.groupOffsets.commit('g1', [{ topic: 'orders', partition: 0, committedOffset: 1 }]);
    const e = kafkaErrorOf(() =>
      t.catalog.groupOffsets.commit('g1', [
        { topic: 'orders', partition: 0, committedOffset: 2 },
        { topic: 'orders', partition: 1, committedOffset: 2 },
        { topic: 'orders', partition: 5, committedOffset: 2 },
      ]),
    );
    expect(e.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(offsets('g1')).toEqual([['orders', 0, 1]]);
    // Like Kafka, any offset is stored as committed (admin tools commit -2 for "earliest").
    t.catalog.groupOffsets.commit('g1', [{ topic: 'orders', partition: 1, committedOffset: -2 }]);
    expect(offsets('g1')).toEqual([['orders', 0, 1], ['orders', 1, -2]]);
  });

  it('survives reopen', () => {
    setup();
    t.catalog.groupOffsets.commit('g1', [{ topic: 'orders', partition: 0, committedOffset: 5 }, { topic: 'payments', partition: 0, committedOffset: 6 }]);
    t.reopen();
    expect(offsets('g1')).toEqual([['orders', 0, 5], ['payments', 0, 6]]);
  });

  it('lists groups and deletes by group and by partitions', () => {
    setup();
    t.catalog.groupOffsets.commit('b', [{ topic: 'orders', partition: 0, committedOffset: 1 }, { topic: 'orders', partition: 1, committedOffset: 2 }, { topic: 'payments', partition: 0, committedOffset: 3 }]);
    t.catalog.groupOffsets.commit('a', [{ topic: 'orders', partition: 0, committedOffset: 4 }]);
    t.catalog.groupOffsets.commit('c', [{ topic: 'payments', partition: 0, committedOffset: 5 }]);
    expect(t.catalog.groupOffsets.listGroups()).toEqual(['a', 'b', 'c']);
    expect(t.catalog.groupOffsets.fetchByTopic('payments').map((o) => o.groupId)).toEqual(['b', 'c']);

    expect(t.catalog.groupOffsets.deletePartitions('b', [{ topic: 'orders', partition: 0 }, { topic: 'orders', partition: 1 }, { topic: 'orders', partition: 7 }])).toBe(2);
    expect(offsets('b')).toEqual([['payments', 0, 3]]);
    expect(offsets('a')).toEqual([['orders', 0, 4]]);

    expect(t.catalog.groupOffsets.deleteGroup('a')).toBe(1);
    expect(t.catalog.groupOffsets.deleteGroup('a')).toBe(0);
    expect(t.catalog.groupOffsets.listGroups()).toEqual(['b', 'c']);
  });

  it('refuses an empty group id', () => {
    setup();
    expect(kafkaErrorOf(() => t.catalog.groupOffsets.commit('', [])).errorName).toBe('INVALID_GROUP_ID');
  });
});
