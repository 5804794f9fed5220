import { describe, expect, it } from 'vitest';
import { useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1]);
const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

function setup(): void {
  t.catalog.topics.create({ name: 'jobs', topicId: TOPIC_ID, partitions: [{ replicas: [1] }] });
}

const write = (stateEpoch: number, leaderEpoch: number, startOffset: number) => ({
  groupId: 'g', topic: 'jobs', partition: 0, topicId: TOPIC_ID, stateEpoch, leaderEpoch, startOffset,
  snapshot: { startOffset, stateEpoch }, deadLetters: [{ offset: 1, deliveryCount: 5, reason: 'delivery-limit' }],
});

describe('ShareStateStore', () => {
  it('creates, updates and reloads a share partition state after reopening', () => {
    setup();
    expect(t.catalog.shareState.write([write(0, 3, 0)])).toEqual(['written']);
    expect(t.catalog.shareState.write([write(0, 3, 7)])).toEqual(['written']);
    t.reopen();
    expect(t.catalog.shareState.get('g', 'jobs', 0)).toMatchObject({ stateEpoch: 0, leaderEpoch: 3, startOffset: 7, snapshot: { startOffset: 7 }, deadLetters: [{ offset: 1 }] });
    expect(t.catalog.shareState.groupIds()).toEqual(['g']);
  });

  it('fences a write from an older leader epoch or of a state that was reset', () => {
    setup();
    t.catalog.shareState.write([write(0, 3, 5)]);
    expect(t.catalog.shareState.write([write(0, 2, 9)])).toEqual(['fenced']);
    t.catalog.shareState.reset('g', [{ topic: 'jobs', partition: 0, topicId: TOPIC_ID, startOffset: 2 }], (p) => ({ startOffset: p.startOffset }));
    expect(t.catalog.shareState.epochs('g', 'jobs', 0)).toEqual({ stateEpoch: 1, leaderEpoch: 3 });
    expect(t.catalog.shareState.write([write(0, 4, 9)])).toEqual(['fenced']);
    expect(t.catalog.shareState.get('g', 'jobs', 0)).toMatchObject({ startOffset: 2, snapshot: { startOffset: 2, stateEpoch: 1 }, deadLetters: [] });
    expect(t.catalog.shareState.write([write(1, 4, 3)])).toEqual(['written']);
  });

  it('a reset of a partition without state starts at state epoch 1; a deleted state is not brought back by a reset leader', () => {
    setup();
    t.catalog.shareState.reset('g', [{ topic: 'jobs', partition: 0, topicId: TOPIC_ID, startOffset: 4 }], (p) => ({ startOffset: p.startOffset }));
    expect(t.catalog.shareState.epochs('g', 'jobs', 0)?.stateEpoch).toBe(1);
    expect(t.catalog.shareState.deleteTopics('g', ['jobs'])).toBe(1);
    expect(t.catalog.shareState.write([write(1, 0, 4)])).toEqual(['fenced']);
    expect(t.catalog.shareState.get('g', 'jobs', 0)).toBeUndefined();
  });

  it('share state goes with its topic, and group membership is kept beside it', () => {
    setup();
    t.catalog.shareState.write([write(0, 0, 0)]);
    t.catalog.shareState.putGroup('g2', { version: 1, groupId: 'g2', members: [] });
    expect(t.catalog.shareState.groupIds()).toEqual(['g', 'g2']);
    expect(t.catalog.shareState.getGroup('g2')).toMatchObject({ groupId: 'g2' });
    t.catalog.topics.delete('jobs');
    expect(t.catalog.shareState.byGroup('g')).toEqual([]);
    t.catalog.shareState.deleteGroup('g2');
    expect(t.catalog.shareState.groupIds()).toEqual([]);
  });
});
