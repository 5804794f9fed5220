// The group coordinator with KIP-848 consumer groups: heartbeats through the coordinator, durability across a
// new coordinator over the same store, session expiry on the manual clock, metadata changes, offset commits
// and fetches validated by member epoch, conversions between classic and consumer groups, and the admin views.

import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ManualScheduler } from '../scheduler.ts';
import type { TopicsByName } from './consumer/index.ts';
import { memoryConsumerGroupPersistence } from './consumer-groups.ts';
import { GroupCoordinator } from './coordinator.ts';
import { MemoryOffsets, ctx, flush, joinRequest, partitionExists, stableGroup, watch, harness } from './test-support.ts';

const G = 'kip848-app';
const topicsOf = (partitions: number): TopicsByName => new Map([['orders', { id: 'orders-id', name: 'orders', partitions }]]);

function coordinatorWithDefaults(store = memoryConsumerGroupPersistence(), clock = new ManualScheduler(), offsets = new MemoryOffsets(partitionExists)) {
  let topics = topicsOf(3);
  const coordinator = new GroupCoordinator({ offsets, partitionExists, scheduler: clock, consumerGroups: store, topics: () => topics });
  return { coordinator, clock, store, offsets, setTopics: (t: TopicsByName) => (topics = t) };
}

const hb = (c: GroupCoordinator, memberId: string, memberEpoch: number, extra: Record<string, unknown> = {}) => c.consumerGroupHeartbeat({
  groupId: G, memberId, memberEpoch, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], topicPartitions: [], ...extra,
}, { apiVersion: 1, clientId: `client-${memberId}`, clientHost: '/127.0.0.1' });

const partitionsOf = (r: { assignment: { topicPartitions: { partitions: readonly number[] }[] } | null }) =>
  (r.assignment?.topicPartitions ?? []).flatMap((tp) => [...tp.partitions]).sort();

describe('consumer groups in the coordinator', () => {
  it('a first member gets every partition at epoch 1; ConsumerGroupDescribe shows it with topic names', () => {
    const { coordinator } = coordinatorWithDefaults();
    const r = hb(coordinator, 'm1', 0);
    expect(r).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 1, heartbeatIntervalMs: 5000 });
    expect(partitionsOf(r)).toEqual([0, 1, 2]);
    const [d] = coordinator.describeConsumerGroups([G], (id) => (id === 'orders-id' ? 'orders' : undefined));
    expect(d).toMatchObject({ errorCode: 0, groupState: 'Stable', groupEpoch: 1, assignmentEpoch: 1, assignorName: 'uniform' });
    expect(d.members![0]).toMatchObject({ memberId: 'm1', memberEpoch: 1, clientId: 'client-m1' });
    expect(d.members![0].assignment!.topicPartitions).toEqual([{ topicId: 'orders-id', topicName: 'orders', partitions: [0, 1, 2] }]);
  });

  it('a second member waits until the first revokes; a new coordinator over the same store carries on', () => {
    const store = memoryConsumerGroupPersistence();
    const first = coordinatorWithDefaults(store);
    hb(first.coordinator, 'm1', 0);
    const joined = hb(first.coordinator, 'm2', 0);
    expect(joined.memberEpoch).toBe(2);
    expect(partitionsOf(joined)).toEqual([]); // its partitions are still m1's
    const asked = hb(first.coordinator, 'm1', 1, { topicPartitions: [{ topicId: 'orders-id', partitions: [0, 1, 2] }] });
    expect(asked.memberEpoch).toBe(1); // stays in its epoch until it has revoked
    const kept = partitionsOf(asked);
    expect(kept.length).toBeLessThan(3);
    const [d] = first.coordinator.describeConsumerGroups([G], () => 'orders');
    expect(d.groupState).toBe('Reconciling');

    // The coordinator moves: a new one reads the group back and accepts the members' epochs.
    first.coordinator.shutdown();
    const second = coordinatorWithDefaults(store);
    const revoked = hb(second.coordinator, 'm1', 1, { topicPartitions: [{ topicId: 'orders-id', partitions: kept }] });
    expect(revoked).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    const got = hb(second.coordinator, 'm2', 2);
    expect(got.errorCode).toBe(0);
    expect([...partitionsOf(got), ...kept].sort()).toEqual([0, 1, 2]);
    expect(second.coordinator.describeConsumerGroups([G], () => 'orders')[0].groupState).toBe('Stable');
  });

  it('a member that stops heartbeating is fenced after group.consumer.session.timeout.ms (45 s), and that is stored', () => {
    const clock = new ManualScheduler();
    const store = memoryConsumerGroupPersistence();
    const c = coordinatorWithDefaults(store, clock);
    hb(c.coordinator, 'm1', 0);
    hb(c.coordinator, 'm2', 0);
    clock.advance(44_000);
    hb(c.coordinator, 'm2', 2);
    clock.advance(2_000); // m1's 45 s session is over, m2's is not
    const [d] = c.coordinator.describeConsumerGroups([G], () => 'orders');
    expect(d.members!.map((m) => m.memberId)).toEqual(['m2']);
    expect((store.load(G) as { members: { memberId: string }[] }).members.map((m) => m.memberId)).toEqual(['m2']);
    expect(hb(c.coordinator, 'm1', 1).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('partitions added to a subscribed topic bump the group epoch and reach the member', () => {
    const { coordinator, setTopics } = coordinatorWithDefaults();
    hb(coordinator, 'm1', 0);
    setTopics(topicsOf(5));
    coordinator.metadataChanged(false);
    const r = hb(coordinator, 'm1', 1);
    expect(r.memberEpoch).toBe(2);
    expect(partitionsOf(r)).toEqual([0, 1, 2, 3, 4]);
  });

  it('a regex subscription picks up a topic that appears', () => {
    const { coordinator, setTopics } = coordinatorWithDefaults();
    expect(hb(coordinator, 'm1', 0, { subscribedTopicNames: null, subscribedTopicRegex: 'ord.*' }).memberEpoch).toBe(1);
    setTopics(new Map([...topicsOf(3), ['orders-eu', { id: 'eu-id', name: 'orders-eu', partitions: 2 }]]));
    coordinator.metadataChanged(false);
    const r = hb(coordinator, 'm1', 1, { subscribedTopicNames: null });
    expect(r.memberEpoch).toBe(2);
    expect(r.assignment!.topicPartitions.map((tp) => tp.topicId).sort()).toEqual(['eu-id', 'orders-id']);
  });

  it('a static member that restarts takes its partitions back without a rebalance, also across coordinators', () => {
    const store = memoryConsumerGroupPersistence();
    const first = coordinatorWithDefaults(store);
    const joined = hb(first.coordinator, 'm1', 0, { instanceId: 'billing-1' });
    hb(first.coordinator, 'm1', -2, { instanceId: 'billing-1' });
    first.coordinator.shutdown();
    const second = coordinatorWithDefaults(store);
    const back = hb(second.coordinator, 'm1-restarted', 0, { instanceId: 'billing-1' });
    expect(back).toMatchObject({ errorCode: 0, memberId: 'm1-restarted', memberEpoch: joined.memberEpoch });
    expect(partitionsOf(back)).toEqual([0, 1, 2]);
    expect(second.coordinator.describeConsumerGroups([G], () => 'orders')[0]).toMatchObject({ groupEpoch: 1, groupState: 'Stable' });
    // While it is held, another incarnation cannot take the instance id.
    expect(hb(second.coordinator, 'intruder', 0, { instanceId: 'billing-1' }).errorCode).toBe(ErrorCode.UNRELEASED_INSTANCE_ID);
  });

  it('an unknown assignor is refused; group.consumer.assignors sets the default', () => {
    const { coordinator } = coordinatorWithDefaults();
    expect(hb(coordinator, 'm1', 0, { serverAssignor: 'sticky' }).errorCode).toBe(ErrorCode.UNSUPPORTED_ASSIGNOR);
    expect(hb(coordinator, 'm1', 0, { serverAssignor: 'range' }).errorCode).toBe(0);
    expect(coordinator.describeConsumerGroups([G], () => 'orders')[0].assignorName).toBe('range');
  });
});

describe('offsets of a consumer group', () => {
  const commit = (c: GroupCoordinator, memberId: string, epoch: number, apiVersion = 9) => c.commitOffsets({
    groupId: G, memberId, generationIdOrMemberEpoch: epoch, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 42 }] }],
  }, apiVersion).topics[0].partitions[0].errorCode;

  it('commits are checked against the member and its epoch', () => {
    const { coordinator } = coordinatorWithDefaults();
    hb(coordinator, 'm1', 0);
    expect(commit(coordinator, 'm1', 0)).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(commit(coordinator, 'nobody', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(commit(coordinator, '', -1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // an admin commit while members are in
    expect(commit(coordinator, 'm1', 1, 8)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(commit(coordinator, 'm1', 1)).toBe(ErrorCode.NONE);
    const fetched = coordinator.fetchOffsets({ groups: [{ groupId: G, memberId: 'm1', memberEpoch: 1, topics: null }] }, 9).groups[0];
    expect(fetched.topics[0].partitions[0]).toMatchObject({ partitionIndex: 0, committedOffset: 42 });
    expect(coordinator.fetchOffsets({ groups: [{ groupId: G, memberId: 'm1', memberEpoch: 0, topics: null }] }, 9).groups[0].errorCode).toBe(ErrorCode.STALE_MEMBER_EPOCH);
    expect(coordinator.fetchOffsets({ groups: [{ groupId: G, memberId: 'ghost', memberEpoch: 3, topics: null }] }, 9).groups[0].errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // An admin fetch (no member) is always allowed.
    expect(coordinator.fetchOffsets({ groups: [{ groupId: G, memberId: null, memberEpoch: -1, topics: null }] }, 9).groups[0].errorCode).toBe(ErrorCode.NONE);
    // OffsetDelete refuses the topics the members subscribe to, and takes the others.
    coordinator.commitOffsets({ groupId: G, memberId: 'm1', generationIdOrMemberEpoch: 1, topics: [{ name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 3 }] }] }, 9);
    const deleted = coordinator.deleteOffsets({ groupId: G, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }] }, { name: 'payments', partitions: [{ partitionIndex: 0 }] }] });
    expect(deleted.errorCode).toBe(ErrorCode.NONE);
    expect(deleted.topics.map((t) => t.partitions[0].errorCode)).toEqual([ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC, ErrorCode.NONE]);
    // Once the group is empty an admin commit goes through.
    hb(coordinator, 'm1', -1);
    expect(commit(coordinator, '', -1)).toBe(ErrorCode.NONE);
  });
});

describe('classic and consumer groups under one id', () => {
  it('an Empty classic group (offsets only) converts when a consumer member joins, keeping its offsets', () => {
    const { coordinator, offsets } = coordinatorWithDefaults();
    offsets.commit(G, [{ topic: 'orders', partition: 1, committedOffset: 7 }]);
    expect(coordinator.listGroups().groups).toEqual([{ groupId: G, protocolType: '', groupState: 'Empty', groupType: 'classic' }]);
    expect(hb(coordinator, 'm1', 0).errorCode).toBe(0);
    expect(coordinator.listGroups().groups).toEqual([{ groupId: G, protocolType: 'consumer', groupState: 'Stable', groupType: 'consumer' }]);
    expect(coordinator.fetchOffsets({ groups: [{ groupId: G, topics: null }] }, 8).groups[0].topics[0].partitions[0].committedOffset).toBe(7);
  });

  it('a classic group with members is not converted', async () => {
    const h = harness({ topics: () => topicsOf(3) });
    await stableGroup(h, ['c1']);
    const r = h.coordinator.consumerGroupHeartbeat({ groupId: 'orders-app', memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 1000, subscribedTopicNames: ['orders'], topicPartitions: [] },
      { apiVersion: 1, clientId: 'x', clientHost: 'h' });
    expect(r.errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    expect(h.coordinator.group('orders-app')?.state).toBe('Stable');
  });

  it('JoinGroup converts an Empty consumer group and refuses one with members', async () => {
    const { coordinator } = coordinatorWithDefaults();
    hb(coordinator, 'm1', 0);
    const refused = watch(coordinator.joinGroup(joinRequest(G, ''), ctx('kafkajs', 5)));
    await flush();
    expect(refused.value.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    hb(coordinator, 'm1', -1);
    const joined = watch(coordinator.joinGroup(joinRequest(G, ''), ctx('kafkajs', 3)));
    await flush();
    expect(joined.done).toBe(false); // parked in the classic join phase: it is a classic group now
    expect(coordinator.listGroups([], ['consumer']).groups).toEqual([]);
    expect(coordinator.listGroups([], ['classic']).groups.map((g) => g.groupId)).toEqual([G]);
  });

  it('DescribeGroups shows a consumer group as Kafka 4 does; DeleteGroups deletes only an Empty one', () => {
    const { coordinator, store } = coordinatorWithDefaults();
    hb(coordinator, 'm1', 0);
    expect(coordinator.describeGroups([G], 5).groups[0]).toMatchObject({ errorCode: 0, groupState: 'Dead', protocolType: '', members: [] });
    expect(coordinator.describeGroups([G], 6).groups[0]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${G} is not a classic group.` });
    expect(coordinator.describeConsumerGroups(['nope'], () => undefined)[0]).toMatchObject({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, groupState: 'Dead' });
    expect(coordinator.deleteGroups([G]).results[0].errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
    hb(coordinator, 'm1', -1);
    expect(coordinator.listGroups(['empty'], ['consumer']).groups.map((g) => g.groupId)).toEqual([G]);
    expect(coordinator.deleteGroups([G]).results[0].errorCode).toBe(ErrorCode.NONE);
    expect(store.load(G)).toBeUndefined();
    expect(coordinator.listGroups().groups).toEqual([]);
  });
});
