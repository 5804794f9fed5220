import { describe, expect, it } from 'vitest';
import { isKafkaUuid } from './uuid.ts';
import { kafkaErrorOf, useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1, 2, 3]);

const rf2 = (n: number) => Array.from({ length: n }, (_, i) => ({ replicas: [1 + (i % 3), 1 + ((i + 1) % 3)] }));

const count = (table: string): number =>
  t.catalog.db.prepare<[], number>(`SELECT count(*) FROM ${table}`).pluck().get()!;

describe('TopicStore', () => {
  it('creates a topic with its configs and partitions', () => {
    const created = t.catalog.topics.create(
      { name: 'orders', configs: { 'retention.ms': '1000', 'cleanup.policy': 'compact' }, partitions: rf2(3) },
      5000,
    );
    expect(isKafkaUuid(created.topicId)).toBe(true);
    const got = t.catalog.topics.get('orders')!;
    expect(got).toEqual(created);
    expect(got).toMatchObject({ name: 'orders', createdAt: 5000, isInternal: false, configs: { 'cleanup.policy': 'compact', 'retention.ms': '1000' } });
    expect(got.partitions).toEqual([
      { topic: 'orders', partition: 0, replicas: [1, 2], leader: 1, leaderEpoch: 0, isr: [1, 2], partitionEpoch: 0 },
      { topic: 'orders', partition: 1, replicas: [2, 3], leader: 2, leaderEpoch: 0, isr: [2, 3], partitionEpoch: 0 },
      { topic: 'orders', partition: 2, replicas: [3, 1], leader: 3, leaderEpoch: 0, isr: [3, 1], partitionEpoch: 0 },
    ]);
    expect(t.catalog.topics.getById(created.topicId)!.name).toBe('orders');
  });

  it('creates nothing when any part is invalid (one transaction)', () => {
    // The third partition names an unregistered broker: the topic, its configs and first partitions must not remain.
    const e = kafkaErrorOf(() =>
      t.catalog.topics.create({ name: 'half', configs: { 'retention.ms': '1' }, partitions: [{ replicas: [1] }, { replicas: [2] }, { replicas: [9] }] }),
    );
    expect(e.errorName).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(e.message).toContain('broker 9');
    expect(t.catalog.topics.get('half')).toBeUndefined();
    expect([count('topics'), count('topic_configs'), count('partitions')]).toEqual([0, 0, 0]);
    // This one fails after the topic, its configs and two partitions were inserted: all roll back.
    const late = kafkaErrorOf(() =>
      t.catalog.topics.create({
        name: 'late',
        configs: { 'retention.ms': '1' },
        partitions: [{ replicas: [1] }, { replicas: [2] }, { replicas: [3], leader: 3, isr: [] }],
      }),
    );
    expect(late.errorName).toBe('INVALID_REQUEST');
    expect(late.message).toContain('late-2');
    expect([count('topics'), count('topic_configs'), count('partitions')]).toEqual([0, 0, 0]);
  });

  it('rejects duplicates, collisions, bad names, bad configs and bad assignments with Kafka errors', () => {
    t.catalog.topics.create({ name: 'a.b', partitions: rf2(1) });
    const cases: [() => unknown, string, RegExp][] = [
      [() => t.catalog.topics.create({ name: 'a.b', partitions: rf2(1) }), 'TOPIC_ALREADY_EXISTS', /Topic 'a\.b' already exists/],
      [() => t.catalog.topics.create({ name: 'a_b', partitions: rf2(1) }), 'INVALID_TOPIC_EXCEPTION', /Topic 'a_b' collides with existing topic: a\.b/],
      [() => t.catalog.topics.create({ name: 'a/b', partitions: rf2(1) }), 'INVALID_TOPIC_EXCEPTION', /characters other than ASCII/],
      [() => t.catalog.topics.create({ name: 'x', configs: { 'retention.ms': '-2' }, partitions: rf2(1) }), 'INVALID_CONFIG', /at least -1/],
      [() => t.catalog.topics.create({ name: 'x', configs: { nope: '1' }, partitions: rf2(1) }), 'INVALID_CONFIG', /Unknown topic config name: nope/],
      [() => t.catalog.topics.create({ name: 'x', partitions: [] }), 'INVALID_PARTITIONS', /non-positive/],
      [() => t.catalog.topics.create({ name: 'x', partitions: [{ replicas: [1, 2] }, { replicas: [1] }] }), 'INVALID_REPLICA_ASSIGNMENT', /must have 2 replicas/],
      [() => t.catalog.topics.create({ name: 'x', partitions: [{ replicas: [1, 1] }] }), 'INVALID_REPLICA_ASSIGNMENT', /duplicate broker id/],
      [() => t.catalog.topics.create({ name: 'x', partitions: [{ replicas: [1, 2], leader: 3 }] }), 'INVALID_REQUEST', /leader 3 is not in the ISR/],
    ];
    for (const [fn, name, message] of cases) {
      const e = kafkaErrorOf(fn);
      expect(e.errorName).toBe(name);
      expect(e.message).toMatch(message);
    }
    expect(t.catalog.topics.names()).toEqual(['a.b']);
  });

  it('lists topics by name with configs and partitions', () => {
    t.catalog.topics.create({ name: 'zeta', partitions: rf2(1) });
    t.catalog.topics.create({ name: 'alpha', configs: { 'segment.ms': '60000' }, partitions: rf2(2) });
    t.catalog.topics.create({ name: '__internal', isInternal: true, partitions: [{ replicas: [1, 2, 3] }] });
    const list = t.catalog.topics.list();
    expect(list.map((x) => x.name)).toEqual(['__internal', 'alpha', 'zeta']);
    expect(list.map((x) => x.partitions.length)).toEqual([1, 2, 1]);
    expect(list[0].isInternal).toBe(true);
    expect(list[1].configs).toEqual({ 'segment.ms': '60000' });
    expect(list[2].configs).toEqual({});
    expect(list).toEqual(['__internal', 'alpha', 'zeta'].map((n) => t.catalog.topics.get(n)));
  });

  it('deletes a topic with its partitions, configs, checkpoints and committed offsets', () => {
    const orders = t.catalog.topics.create({ name: 'orders', configs: { 'retention.ms': '1000' }, partitions: rf2(2) });
    t.catalog.topics.create({ name: 'keep', configs: { 'retention.ms': '2000' }, partitions: rf2(1) });
    t.catalog.checkpoints.writeCheckpoints(1, [
      { topic: 'orders', partition: 0, recoveryPoint: 5, logStartOffset: 0, highWatermark: 5 },
      { topic: 'keep', partition: 0, recoveryPoint: 7, logStartOffset: 0, highWatermark: 7 },
    ]);
    t.catalog.groupOffsets.commit('g', [{ topic: 'orders', partition: 1, committedOffset: 3 }, { topic: 'keep', partition: 0, committedOffset: 4 }]);

    const deleted = t.catalog.topics.delete('orders');
    expect(deleted?.topicId).toBe(orders.topicId);
    expect(deleted?.partitions).toHaveLength(2);
    expect(t.catalog.topics.get('orders')).toBeUndefined();
    expect(t.catalog.partitions.list('orders')).toEqual([]);
    expect(t.catalog.topics.configs('orders')).toBeUndefined();
    expect(t.catalog.checkpoints.readCheckpoints(1).map((c) => c.topic)).toEqual(['keep']);
    expect(t.catalog.groupOffsets.fetch('g').map((o) => o.topic)).toEqual(['keep']);
    expect([count('topics'), count('topic_configs'), count('partitions')]).toEqual([1, 1, 1]);
    expect(t.catalog.topics.delete('orders')).toBeUndefined();
  });

  it('gives a recreated topic a new id, and keeps ids unique and stable across reopen', () => {
    const ids = ['a', 'b', 'c'].map((name) => t.catalog.topics.create({ name, partitions: rf2(1) }).topicId);
    expect(new Set(ids).size).toBe(3);
    const first = t.catalog.topics.get('a')!.topicId;
    t.catalog.topics.delete('a');
    const again = t.catalog.topics.create({ name: 'a', partitions: rf2(1) }).topicId;
    expect(again).not.toBe(first);
    const before = t.catalog.topics.list();
    const clusterId = t.catalog.clusterInfo.clusterId;
    t.reopen();
    expect(t.catalog.topics.list()).toEqual(before);
    expect(t.catalog.clusterInfo.clusterId).toBe(clusterId);
  });

  it('refuses a topic id that is already in use', () => {
    const a = t.catalog.topics.create({ name: 'a', partitions: rf2(1) });
    const e = kafkaErrorOf(() => t.catalog.topics.create({ name: 'b', topicId: a.topicId, partitions: rf2(1) }));
    expect(e.errorName).toBe('INVALID_REQUEST');
    expect(t.catalog.topics.get('b')).toBeUndefined();
  });

  it('adds partitions after the existing ones, with the same replication factor', () => {
    t.catalog.topics.create({ name: 'orders', partitions: rf2(2) });
    const added = t.catalog.topics.addPartitions('orders', [{ replicas: [3, 2] }, { replicas: [1, 3], leader: 3 }]);
    expect(added.map((p) => [p.partition, p.leader])).toEqual([[2, 3], [3, 3]]);
    expect(t.catalog.partitions.count('orders')).toBe(4);
    expect(kafkaErrorOf(() => t.catalog.topics.addPartitions('orders', [{ replicas: [1] }])).errorName).toBe('INVALID_REPLICA_ASSIGNMENT');
    expect(kafkaErrorOf(() => t.catalog.topics.addPartitions('orders', [])).errorName).toBe('INVALID_PARTITIONS');
    expect(kafkaErrorOf(() => t.catalog.topics.addPartitions('nope', [{ replicas: [1, 2] }])).errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    // All-or-nothing: a bad second partition leaves the first unadded.
    expect(() => t.catalog.topics.addPartitions('orders', [{ replicas: [1, 2] }, { replicas: [1, 7] }])).toThrow(/broker 7/);
    expect(t.catalog.partitions.count('orders')).toBe(4);
  });

  it('alters and replaces config overrides, validating the result as a whole', () => {
    t.catalog.topics.create({ name: 'orders', configs: { 'retention.ms': '1000', 'segment.ms': '60000' }, partitions: rf2(1) });
    expect(t.catalog.topics.alterConfigs('orders', { 'retention.ms': '2000', 'segment.ms': null, 'cleanup.policy': 'compact' })).toEqual({
      'retention.ms': '2000',
      'cleanup.policy': 'compact',
    });
    expect(t.catalog.topics.configs('orders')).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '2000' });
    // The cross-config rule sees the stored override too.
    t.catalog.topics.alterConfigs('orders', { 'max.compaction.lag.ms': '100' });
    const e = kafkaErrorOf(() => t.catalog.topics.alterConfigs('orders', { 'min.compaction.lag.ms': '200' }));
    expect(e.errorName).toBe('INVALID_CONFIG');
    expect(t.catalog.topics.configs('orders')!['min.compaction.lag.ms']).toBeUndefined();
    expect(t.catalog.topics.replaceConfigs('orders', { 'retention.bytes': '10' })).toEqual({ 'retention.bytes': '10' });
    expect(t.catalog.topics.configs('orders')).toEqual({ 'retention.bytes': '10' });
    expect(kafkaErrorOf(() => t.catalog.topics.alterConfigs('nope', {})).errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});
