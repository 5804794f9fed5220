// The share group coordinator over a real catalog file and a manual clock: membership is written when the
// group epoch moves, so a second coordinator (a failover) knows the members and their epochs; members that
// stop heartbeating leave; a group coordinated elsewhere is forgotten and reloaded when it comes back; the
// offset admin APIs refuse a group with members.

import { describe, expect, it } from 'vitest';
import { useTempCatalog } from '../../catalog/test-support.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ManualScheduler } from '../scheduler.ts';
import { ShareGroupCoordinator } from './share-groups.ts';

const t = useTempCatalog([1]);
const TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

function coordinator(scheduler: ManualScheduler, mine: { value: boolean } = { value: true }): ShareGroupCoordinator {
  return new ShareGroupCoordinator({
    store: t.catalog.shareState,
    topics: () => new Map([['jobs', { id: TOPIC_ID, name: 'jobs', partitions: 1 }]]),
    isCoordinator: () => mine.value,
    highWatermark: () => undefined,
    leaderEpoch: () => 0,
    config: { heartbeatIntervalMs: 500, sessionTimeoutMs: 3000 },
    scheduler,
  });
}

describe('ShareGroupCoordinator', () => {
  it('a failover keeps the members and their epochs; silent members leave', () => {
    t.catalog.topics.create({ name: 'jobs', topicId: TOPIC_ID, partitions: [{ replicas: [1] }] });
    const clock = new ManualScheduler();
    const a = coordinator(clock);
    const ctx = { clientId: 'c', clientHost: '/127.0.0.1' };
    const m1 = a.heartbeat({ groupId: 'q', memberId: 'm1', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, ctx);
    const m2 = a.heartbeat({ groupId: 'q', memberId: 'm2', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, ctx);
    expect([m1.errorCode, m2.errorCode]).toEqual([0, 0]);
    expect(m2.assignment?.topicPartitions).toEqual([{ topicId: TOPIC_ID, partitions: [0] }]);
    a.shutdown();

    // The new coordinator loads the group: m2 goes on with its epoch; a stale epoch is fenced.
    const b = coordinator(clock);
    expect(b.heartbeat({ groupId: 'q', memberId: 'm2', memberEpoch: m2.memberEpoch }, ctx)).toMatchObject({ errorCode: 0, memberEpoch: m2.memberEpoch });
    expect(b.heartbeat({ groupId: 'q', memberId: 'm1', memberEpoch: m2.memberEpoch + 5 }, ctx).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
    expect(b.describe(['q'])[0]).toMatchObject({ groupState: 'Stable', members: [{ memberId: 'm1' }, { memberId: 'm2' }] });
    expect(b.list([], ['share'])).toEqual([{ groupId: 'q', protocolType: 'share', groupState: 'Stable', groupType: 'share' }]);
    expect(b.list([], ['classic'])).toEqual([]);

    // m1 falls silent; m2 keeps heartbeating: m1 leaves after the session timeout.
    for (let i = 0; i < 8; i++) {
      clock.advance(500);
      b.heartbeat({ groupId: 'q', memberId: 'm2', memberEpoch: b.describe(['q'])[0].members!.find((m) => m.memberId === 'm2')!.memberEpoch ?? -2 }, ctx);
    }
    expect(b.describe(['q'])[0].members?.map((m) => m.memberId)).toEqual(['m2']);
    expect(b.alterOffsets('q', [{ topicName: 'jobs', partitions: [{ partitionIndex: 0, startOffset: 0 }] }]).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    expect(b.deleteOffsets('q', ['jobs']).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    b.shutdown();
  });

  it('forgets a group coordinated elsewhere and reloads its current state when it comes back', () => {
    t.catalog.topics.create({ name: 'jobs', topicId: TOPIC_ID, partitions: [{ replicas: [1] }] });
    const clock = new ManualScheduler();
    const mine = { value: true };
    const a = coordinator(clock, mine);
    const ctx = { clientId: 'c', clientHost: 'h' };
    a.heartbeat({ groupId: 'q', memberId: 'm1', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, ctx);
    mine.value = false;
    clock.advance(1000);
    // Meanwhile another coordinator changes the group.
    const other = coordinator(clock);
    other.heartbeat({ groupId: 'q', memberId: 'm9', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, ctx);
    other.shutdown();
    mine.value = true;
    expect(a.describe(['q'])[0].members?.map((m) => m.memberId)).toEqual(['m1', 'm9']);
    a.shutdown();
  });

  it('admin offsets: unknown group, unknown topic, a new start offset for an empty group', () => {
    t.catalog.topics.create({ name: 'jobs', topicId: TOPIC_ID, partitions: [{ replicas: [1] }] });
    const c = coordinator(new ManualScheduler());
    expect(c.describeOffsets('none', null).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    const r = c.alterOffsets('q', [{ topicName: 'jobs', partitions: [{ partitionIndex: 0, startOffset: 7 }, { partitionIndex: 3, startOffset: 1 }] }, { topicName: 'gone', partitions: [{ partitionIndex: 0, startOffset: 1 }] }]);
    expect(r.responses.map((x) => [x.topicName, x.partitions.map((p) => p.errorCode)])).toEqual([['jobs', [0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]], ['gone', [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]]);
    expect(c.describeOffsets('q', null)).toMatchObject({ errorCode: 0, topics: [{ topicName: 'jobs', topicId: TOPIC_ID, partitions: [{ partitionIndex: 0, startOffset: 7, lag: -1 }] }] });
    expect(c.describeOffsets('q', [{ topicName: 'jobs', partitions: [0, 5] }]).topics[0].partitions.map((p) => [p.startOffset, p.errorCode])).toEqual([[7, 0], [-1, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
    expect(c.deleteOffsets('q', ['jobs', 'gone']).responses.map((x) => x.errorCode)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(c.describeOffsets('q', null).topics).toEqual([]);
    expect(c.deleteGroup('q')).toBe(0);
    expect(c.describeOffsets('q', null).errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    c.shutdown();
  });
});
