import { describe, expect, it } from 'vitest';
import { useTempCatalog } from '../../catalog/test-support.ts';
import { decodeMessage, encodeMessage } from '../../protocol/codec.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { JoinGroupRequest as JoinGroupRequestSpec, JoinGroupResponse } from '../../protocol/messages/join-group.ts';
import { OffsetCommitRequest as OffsetCommitRequestSpec, OffsetCommitResponse } from '../../protocol/messages/offset-commit.ts';
import { OffsetFetchRequest as OffsetFetchRequestSpec, OffsetFetchResponse } from '../../protocol/messages/offset-fetch.ts';
import { SyncGroupRequest as SyncGroupRequestSpec, SyncGroupResponse } from '../../protocol/messages/sync-group.ts';
import { Reader } from '../../protocol/reader.ts';
import type { MessageSpec } from '../../protocol/schema.ts';
import { GroupCoordinator } from './coordinator.ts';
import { ManualScheduler } from '../scheduler.ts';
import { G, ctx, flush, harness, heartbeat, joinRequest, stableGroup, subscription, watch } from './test-support.ts';
import type { OffsetCommitRequest, OffsetFetchRequest } from './types.ts';

const commit = (partitions: [string, number, number][], extra: Partial<OffsetCommitRequest> = {}): OffsetCommitRequest => {
  const topics = new Map<string, { partitionIndex: number; committedOffset: number; committedMetadata: string | null }[]>();
  for (const [topic, partitionIndex, committedOffset] of partitions) {
    if (!topics.has(topic)) topics.set(topic, []);
    topics.get(topic)?.push({ partitionIndex, committedOffset, committedMetadata: null });
  }
  return {
    groupId: G, generationIdOrMemberEpoch: -1, memberId: '', groupInstanceId: null,
    topics: [...topics].map(([name, ps]) => ({ name, partitions: ps })),
    ...extra,
  };
};

const errors = (r: { topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] }): string[] =>
  r.topics.flatMap((t) => t.partitions.map((p) => `${t.name}-${p.partitionIndex}:${p.errorCode}`));

const fetchV7 = (groupId: string, topics: OffsetFetchRequest['topics']): OffsetFetchRequest => ({ groupId, topics, groups: [], requireStable: false });

describe('GroupCoordinator: offset commits', () => {
  it('commits per partition: unknown partitions and oversized metadata fail, the rest commit', () => {
    const { coordinator: c } = harness({ offsetMetadataMaxBytes: 8 });
    const req = commit([['orders', 0, 10], ['orders', 7, 1], ['nope', 0, 1], ['payments', 0, 4]]);
    req.topics[0].partitions[0].committedMetadata = 'short';
    const big = { ...req, topics: [...req.topics, { name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 3, committedMetadata: 'much too long' }] }] };
    expect(errors(c.commitOffsets(big, 8))).toEqual([
      'orders-0:0', 'orders-7:3', 'nope-0:3', 'payments-0:0', `orders-1:${ErrorCode.OFFSET_METADATA_TOO_LARGE}`,
    ]);
    const fetched = c.fetchOffsets(fetchV7(G, [{ name: 'orders', partitionIndexes: [0, 1, 2] }, { name: 'payments', partitionIndexes: [0] }]), 7);
    expect(fetched.errorCode).toBe(0);
    expect(fetched.topics).toMatchObject([
      {
        name: 'orders', partitions: [
          { partitionIndex: 0, committedOffset: 10, committedLeaderEpoch: -1, metadata: 'short', errorCode: 0 },
          { partitionIndex: 1, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
          { partitionIndex: 2, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        ],
      },
      { name: 'payments', partitions: [{ partitionIndex: 0, committedOffset: 4, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
    ]);
    // Null topics = every committed partition; v8+ fetches several groups at once.
    expect(c.fetchOffsets(fetchV7(G, null), 7).topics.map((t) => [t.name, t.partitions.map((p) => p.committedOffset)])).toEqual([
      ['orders', [10]], ['payments', [4]],
    ]);
    const many = c.fetchOffsets({ groups: [{ groupId: G, topics: null }, { groupId: 'unknown', topics: [{ name: 'orders', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitionIndexes: [0] }] }] }, 8);
    expect(many.groups.map((g) => [g.groupId, g.errorCode, g.topics.flatMap((t) => t.partitions.map((p) => p.committedOffset))])).toEqual([
      [G, 0, [10, 4]], ['unknown', 0, [-1]],
    ]);
  });

  it('checks member and generation: stale generations, unknown members and rebalances are refused', async () => {
    const h = harness();
    const c = h.coordinator;
    // No group yet: a generation means a member of a group this coordinator does not know.
    expect(errors(c.commitOffsets(commit([['orders', 0, 1]], { generationIdOrMemberEpoch: 3, memberId: 'm' }), 8))).toEqual([`orders-0:${ErrorCode.ILLEGAL_GENERATION}`]);
    expect(errors(c.commitOffsets(commit([['orders', 0, 1]], { generationIdOrMemberEpoch: 3, memberId: 'm' }), 9))).toEqual([`orders-0:${ErrorCode.GROUP_ID_NOT_FOUND}`]);

    const [a, b] = await stableGroup(h, ['a', 'b']);
    const asMember = (m: { memberId: string }, generation: number) => ({ generationIdOrMemberEpoch: generation, memberId: m.memberId });
    expect(errors(c.commitOffsets(commit([['orders', 0, 5]], asMember(a, 1)), 8))).toEqual(['orders-0:0']);
    expect(errors(c.commitOffsets(commit([['orders', 0, 6]], asMember(a, 0)), 8))).toEqual([`orders-0:${ErrorCode.ILLEGAL_GENERATION}`]);
    expect(errors(c.commitOffsets(commit([['orders', 0, 6]], asMember({ memberId: 'ghost' }, 1)), 8))).toEqual([`orders-0:${ErrorCode.UNKNOWN_MEMBER_ID}`]);
    // A simple commit (generation -1, no member) is refused while the group has members.
    expect(errors(c.commitOffsets(commit([['orders', 0, 6]]), 8))).toEqual([`orders-0:${ErrorCode.UNKNOWN_MEMBER_ID}`]);

    // A new member joins: during PreparingRebalance the current generation may still commit...
    const d = watch(c.joinGroup(joinRequest(G, ''), ctx('d', 3)));
    expect(errors(c.commitOffsets(commit([['orders', 1, 7]], asMember(b, 1)), 8))).toEqual(['orders-1:0']);
    const a2 = watch(c.joinGroup(joinRequest(G, a.memberId), ctx('a', 3)));
    const b2 = watch(c.joinGroup(joinRequest(G, b.memberId), ctx('b', 3)));
    await flush();
    expect([a2.value.generationId, b2.value.generationId, d.value.generationId]).toEqual([2, 2, 2]);
    // ...the old generation no longer can, and before SyncGroup completes the new one gets REBALANCE_IN_PROGRESS.
    expect(errors(c.commitOffsets(commit([['orders', 1, 8]], asMember(b, 1)), 8))).toEqual([`orders-1:${ErrorCode.ILLEGAL_GENERATION}`]);
    expect(errors(c.commitOffsets(commit([['orders', 1, 8]], asMember(b, 2)), 8))).toEqual([`orders-1:${ErrorCode.REBALANCE_IN_PROGRESS}`]);
    expect(c.fetchOffsets(fetchV7(G, [{ name: 'orders', partitionIndexes: [0, 1] }]), 7).topics[0].partitions.map((p) => p.committedOffset)).toEqual([5, 7]);
  });

  it('accepts simple commits (generation -1) for a group without members, which then lists as Empty', () => {
    const { coordinator: c } = harness();
    expect(errors(c.commitOffsets(commit([['orders', 2, 42]], { groupId: 'simple' }), 2))).toEqual(['orders-2:0']);
    expect(c.listGroups().groups).toEqual([{ groupId: 'simple', protocolType: '', groupState: 'Empty', groupType: 'classic' }]);
    expect(c.fetchOffsets(fetchV7('simple', [{ name: 'orders', partitionIndexes: [2] }]), 2).topics[0].partitions[0].committedOffset).toBe(42);
    expect(errors(c.commitOffsets(commit([['orders', 2, 1]], { groupId: '' }), 8))).toEqual([`orders-2:${ErrorCode.INVALID_GROUP_ID}`]);
  });

  it('keeps a member alive while it commits, as a heartbeat would', async () => {
    const h = harness();
    const c = h.coordinator;
    const [a, b] = await stableGroup(h, ['a', 'b']);
    // a never heartbeats, only commits; b heartbeats. Over twice the session timeout nobody expires.
    for (let t = 0; t < 6; t++) {
      h.clock.advance(4000);
      expect(errors(c.commitOffsets(commit([['orders', 0, t]], { generationIdOrMemberEpoch: 1, memberId: a.memberId }), 8))).toEqual(['orders-0:0']);
      expect(heartbeat(h, b)).toBe(ErrorCode.NONE);
    }
    expect(c.group(G)?.has(a.memberId)).toBe(true);
  });
});

describe('GroupCoordinator: groups and durability', () => {
  const t = useTempCatalog([1]);

  it('keeps committed offsets across coordinator instances on the same catalog', () => {
    t.catalog.topics.create({ name: 'orders', partitions: [{ replicas: [1] }, { replicas: [1] }] });
    const exists = (topic: string, partition: number): boolean => t.catalog.partitions.get(topic, partition) !== undefined;
    const first = new GroupCoordinator({ offsets: t.catalog.groupOffsets, partitionExists: exists, scheduler: new ManualScheduler() });
    const result = first.commitOffsets({
      groupId: 'durable', generationIdOrMemberEpoch: -1, memberId: '',
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 1, committedOffset: 99, committedLeaderEpoch: 4, committedMetadata: 'meta' }] }],
    }, 8);
    expect(errors(result)).toEqual(['orders-1:0']);
    first.shutdown();

    const catalog = t.reopen();
    const second = new GroupCoordinator({ offsets: catalog.groupOffsets, partitionExists: exists, scheduler: new ManualScheduler() });
    expect(second.fetchOffsets(fetchV7('durable', [{ name: 'orders', partitionIndexes: [0, 1] }]), 7).topics[0].partitions).toEqual([
      { partitionIndex: 0, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      { partitionIndex: 1, committedOffset: 99, committedLeaderEpoch: 4, metadata: 'meta', errorCode: 0 },
    ]);
    expect(second.listGroups().groups.map((g) => [g.groupId, g.groupState])).toEqual([['durable', 'Empty']]);
    expect(second.describeGroups(['durable']).groups[0]).toMatchObject({ errorCode: 0, groupState: 'Empty', protocolType: '', members: [] });
    expect(second.deleteGroups(['durable']).results).toEqual([{ groupId: 'durable', errorCode: 0 }]);
    expect(catalog.groupOffsets.fetch('durable')).toEqual([]);
    second.shutdown();
  });

  it('describes, lists and deletes groups', async () => {
    const h = harness();
    const c = h.coordinator;
    const [a, b] = await stableGroup(h, ['a', 'b']);
    c.commitOffsets(commit([['payments', 0, 3]], { groupId: 'offsets-only' }), 8);

    const [stable, unknown] = c.describeGroups([G, 'missing']).groups;
    expect(stable).toMatchObject({ errorCode: 0, groupId: G, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(stable.members.map((m) => [m.memberId, m.clientId, m.clientHost, m.memberAssignment.toString()])).toEqual([
      [a.memberId, 'a', '/127.0.0.1', a.memberId], [b.memberId, 'b', '/127.0.0.1', b.memberId],
    ]);
    expect(stable.members[0].memberMetadata.equals(subscription('orders'))).toBe(true);
    expect(unknown).toEqual({ errorCode: 0, errorMessage: null, groupId: 'missing', groupState: 'Dead', protocolType: '', protocolData: '', members: [] });

    expect(c.listGroups().groups.map((g) => [g.groupId, g.groupState, g.protocolType]).sort()).toEqual([
      ['offsets-only', 'Empty', ''], [G, 'Stable', 'consumer'],
    ]);
    expect(c.listGroups(['stable']).groups.map((g) => g.groupId)).toEqual([G]);
    expect(c.listGroups(['Empty', 'Dead']).groups.map((g) => g.groupId)).toEqual(['offsets-only']);
    expect(c.listGroups([], ['consumer']).groups).toEqual([]);
    expect(c.listGroups([], ['Classic']).groups).toHaveLength(2);

    // While rebalancing, members are listed without metadata or assignment.
    void c.joinGroup(joinRequest(G, ''), ctx('c', 3));
    const preparing = c.describeGroups([G]).groups[0];
    expect(preparing).toMatchObject({ groupState: 'PreparingRebalance', protocolData: '' });
    expect(preparing.members.every((m) => m.memberAssignment.length === 0 && m.memberMetadata.length === 0)).toBe(true);

    expect(c.deleteGroups([G, 'offsets-only', 'missing']).results).toEqual([
      { groupId: G, errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'offsets-only', errorCode: 0 },
      { groupId: 'missing', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
    expect(h.offsets.fetch('offsets-only')).toEqual([]);
    expect(c.listGroups().groups.map((g) => g.groupId)).toEqual([G]);
  });

  it('deletes offsets except for topics the group is subscribed to', async () => {
    const h = harness();
    const c = h.coordinator;
    const [a] = await stableGroup(h, ['a']);
    c.commitOffsets(commit([['orders', 0, 1], ['payments', 0, 2]], { generationIdOrMemberEpoch: 1, memberId: a.memberId }), 8);
    const res = c.deleteOffsets({ groupId: G, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0 }] }, { name: 'payments', partitions: [{ partitionIndex: 0 }] }, { name: 'gone', partitions: [{ partitionIndex: 0 }] }] });
    expect(res.errorCode).toBe(0);
    expect(errors(res)).toEqual([`orders-0:${ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC}`, 'payments-0:0', `gone-0:${ErrorCode.UNKNOWN_TOPIC_OR_PARTITION}`]);
    expect(h.offsets.fetch(G).map((o) => o.topic)).toEqual(['orders']);
    expect(c.deleteOffsets({ groupId: 'missing', topics: [] })).toEqual({ errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] });

    // A non-consumer group with members: its subscriptions are unknown, so nothing may be deleted.
    const w = watch(c.joinGroup(joinRequest('workers', '', { protocolType: 'connect', protocols: [{ name: 'default', metadata: Buffer.from('x') }] }), ctx('w', 3)));
    h.clock.advance(3000);
    await flush();
    expect(w.value.errorCode).toBe(0);
    expect(c.deleteOffsets({ groupId: 'workers', topics: [] }).errorCode).toBe(ErrorCode.NON_EMPTY_GROUP);
  });
});

describe('GroupCoordinator: fits the protocol codec', () => {
  function roundTrip<M extends MessageSpec>(spec: M, version: number, value: Record<string, unknown>): ReturnType<typeof decodeMessage<M>> {
    return decodeMessage(spec, version, new Reader(encodeMessage(spec, version, value as never)));
  }

  it('takes decoded requests and returns bodies the encoder writes', async () => {
    for (const version of [0, 5, 9]) {
      const h = harness({ groupInitialRebalanceDelayMs: 0 });
      const c = h.coordinator;
      const join = roundTrip(JoinGroupRequestSpec, version, { ...joinRequest(G, ''), groupInstanceId: version >= 5 ? 'i' : null });
      const parked = watch(c.joinGroup(join, ctx('kafkajs', version)));
      h.clock.advance(0);
      await flush();
      const joined = roundTrip(JoinGroupResponse, version, { throttleTimeMs: 0, ...parked.value });
      expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range', leader: parked.value.memberId });
      expect(joined.members).toHaveLength(1);

      const syncVersion = Math.min(version, 5);
      const sync = roundTrip(SyncGroupRequestSpec, syncVersion, {
        groupId: G, generationId: 1, memberId: joined.memberId, groupInstanceId: version >= 5 ? 'i' : null,
        protocolType: 'consumer', protocolName: 'range', assignments: [{ memberId: joined.memberId, assignment: Buffer.from('asg') }],
      });
      const synced = roundTrip(SyncGroupResponse, syncVersion, { throttleTimeMs: 0, ...(await c.syncGroup(sync, ctx('kafkajs', syncVersion))) });
      expect(Buffer.from(synced.assignment as Uint8Array).toString()).toBe('asg');

      const commitVersion = version === 0 ? 2 : Math.min(version, 9);
      const oc = roundTrip(OffsetCommitRequestSpec, commitVersion, {
        groupId: G, generationIdOrMemberEpoch: 1, memberId: joined.memberId, groupInstanceId: version >= 5 ? 'i' : null,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 12, committedMetadata: null }] }],
      });
      const committed = roundTrip(OffsetCommitResponse, commitVersion, { throttleTimeMs: 0, ...c.commitOffsets(oc, commitVersion) });
      expect(committed.topics[0].partitions[0].errorCode).toBe(0);

      const fetchVersion = version === 0 ? 1 : Math.min(version, 9);
      const fetchBody = fetchVersion >= 8
        ? { groups: [{ groupId: G, topics: [{ name: 'orders', partitionIndexes: [0] }] }] }
        : { groupId: G, topics: [{ name: 'orders', partitionIndexes: [0] }] };
      const of = roundTrip(OffsetFetchRequestSpec, fetchVersion, fetchBody);
      const fetched = roundTrip(OffsetFetchResponse, fetchVersion, { throttleTimeMs: 0, ...c.fetchOffsets(of, fetchVersion) });
      const partitions = fetchVersion >= 8 ? fetched.groups[0].topics[0].partitions : fetched.topics[0].partitions;
      expect(Number(partitions[0].committedOffset)).toBe(12);
    }
  });
});
