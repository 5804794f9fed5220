// Topics and one topic against a fake bridge: create (refusal to the dialog), delete (the open topic is
// closed), purge, open, add partitions and alter configs (the answer replaces the shown description),
// segments kept per topic.

import { describe, expect, it } from 'vitest';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { detail, overview } from './fixtures.ts';
import { createAppStore } from './store.ts';
import { addPartitions, alterTopicConfig, loadSegments, openTopic } from './topic.actions.ts';
import { selectSegments } from './topic.slice.ts';
import { createTopic, deleteTopic, purgeTopic } from './topics.actions.ts';

describe('topics', () => {
  it('createTopic rethrows the refusal for the dialog, and refreshes on success', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({
      'topics.create': (r) => {
        if (r.name === 'dup') refuse('TOPIC_ALREADY_EXISTS', "Topic 'dup' already exists.", 36)();
        return undefined as never;
      },
      'cluster.overview': () => overview,
    });
    await expect(createTopic(store, bridge, { name: 'dup', partitions: 1, replicationFactor: 1, configs: {} })).rejects.toMatchObject({ name: 'TOPIC_ALREADY_EXISTS', kafkaCode: 36 });
    await createTopic(store, bridge, { name: 'ok', partitions: 1, replicationFactor: 1, configs: {} });
    expect(methods()).toEqual(['topics.create', 'topics.create', 'cluster.overview']);
  });

  it('deleting the open topic closes it and goes back to the list; a failed purge is a notice', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({
      'topics.describe': (r) => detail(r.topic, 2), 'topics.delete': () => undefined, 'cluster.overview': () => overview,
      'topics.purge': refuse('POLICY_VIOLATION', 'Compacted topics cannot be purged.'),
    });
    await openTopic(store, bridge, 'orders');
    expect(store.getState()).toMatchObject({ screen: 'topic', selectedTopic: 'orders', topicDetail: { name: 'orders' } });
    await deleteTopic(store, bridge, 'orders');
    expect(store.getState()).toMatchObject({ screen: 'topics', selectedTopic: null, topicDetail: null });
    await purgeTopic(store, bridge, 'audit');
    expect(store.getState().errors.map((e) => [e.action, e.name])).toEqual([['Purge topic audit', 'POLICY_VIOLATION']]);
  });

  it('adds partitions and alters configs: the answer replaces the description; a refusal is thrown and changes nothing', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({
      'topics.describe': (r) => detail(r.topic, 2),
      'topics.addPartitions': (r) => (r.totalCount <= 2 ? refuse('INVALID_PARTITIONS', 'Topic already has 2 partitions.', 37)() : detail(r.topic, r.totalCount)),
      'topics.alterConfigs': (r) => ({ ...detail(r.topic, 4), configs: [{ name: 'retention.ms', value: r.set['retention.ms'] ?? null } as never] }),
      'cluster.overview': () => overview,
    });
    await openTopic(store, bridge, 'orders');
    await expect(addPartitions(store, bridge, 'orders', 2)).rejects.toMatchObject({ name: 'INVALID_PARTITIONS' });
    expect(store.getState().topicDetail?.partitions).toHaveLength(2);
    await addPartitions(store, bridge, 'orders', 4);
    expect(store.getState().topicDetail?.partitions).toHaveLength(4);
    await alterTopicConfig(store, bridge, 'orders', 'retention.ms', '1000');
    await alterTopicConfig(store, bridge, 'orders', 'retention.ms', null);
    expect(calls.filter((c) => c.method === 'topics.alterConfigs').map((c) => c.request)).toEqual([
      { topic: 'orders', set: { 'retention.ms': '1000' }, reset: [] },
      { topic: 'orders', set: {}, reset: ['retention.ms'] },
    ]);
  });

  it('keeps segments by topic: another topic’s segments are never shown for this one', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'topics.segments': (r) => ({ topic: r.topic, available: true, partitions: [] }) as never });
    await loadSegments(store, bridge, 'a');
    expect(selectSegments(store.getState(), 'a')).toMatchObject({ available: true });
    expect(selectSegments(store.getState(), 'b')).toBeNull();
  });
});
