// The consumer_groups table: snapshots written, read back after the file is reopened, replaced, deleted; a
// group loaded from it by a coordinator keeps its epochs.

import { describe, expect, it } from 'vitest';
import { ConsumerGroup, loadConsumerGroup, newMember, snapshotConsumerGroup, assignmentOf } from '../broker/group/consumer/index.ts';
import { useTempCatalog } from './test-support.ts';

const t = useTempCatalog();

describe('ConsumerGroupStore', () => {
  it('keeps a group across a reopen of the catalog, and replaces it whole', () => {
    const g = new ConsumerGroup('payments-app');
    g.groupEpoch = 4;
    g.assignmentEpoch = 4;
    g.putMember(newMember('m1', { memberEpoch: 4, subscribedTopicNames: ['payments'], assignedPartitions: assignmentOf({ 'topic-id': [0, 2] }) }));
    t.catalog.consumerGroups.save('payments-app', snapshotConsumerGroup(g), 1000);

    const back = loadConsumerGroup(t.reopen().consumerGroups.load('payments-app'), 2000, 45_000);
    expect(back.groupEpoch).toBe(4);
    expect(back.members.get('m1')).toMatchObject({ memberEpoch: 4, subscribedTopicNames: ['payments'] });
    expect([...back.members.get('m1')!.assignedPartitions.get('topic-id')!]).toEqual([0, 2]);
    expect(back.deadlines.get('m1')!.sessionDeadlineMs).toBe(47_000);

    back.groupEpoch = 5;
    t.catalog.consumerGroups.save('payments-app', snapshotConsumerGroup(back));
    expect((t.catalog.consumerGroups.load('payments-app') as { groupEpoch: number }).groupEpoch).toBe(5);
    expect(t.catalog.consumerGroups.list()).toEqual(['payments-app']);
  });

  it('an unknown group reads as undefined; delete removes it', () => {
    expect(t.catalog.consumerGroups.load('nope')).toBeUndefined();
    t.catalog.consumerGroups.save('g', snapshotConsumerGroup(new ConsumerGroup('g')));
    expect(t.catalog.consumerGroups.delete('g')).toBe(true);
    expect(t.catalog.consumerGroups.delete('g')).toBe(false);
    expect(t.catalog.consumerGroups.list()).toEqual([]);
  });

  it('refuses a snapshot that is not JSON', () => {
    expect(() => t.catalog.db.prepare("INSERT INTO consumer_groups VALUES ('x', 'not json', 0)").run()).toThrow(/CHECK constraint/);
  });
});
