import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/error-codes.ts';
import type { TopicPartitions } from './assignment.ts';
import { ConsumerGroup } from './consumer-group.ts';
import {
  type ConsumerGroupConfig, type ConsumerHeartbeatRequest, type ConsumerHeartbeatResponse, DEFAULT_CONSUMER_GROUP_CONFIG,
  consumerGroupHeartbeat, expireMembers, nextDeadline,
} from './heartbeat.ts';
import { validateOffsetCommit, validateOffsetFetch } from './offset-validation.ts';
import { loadConsumerGroup, snapshotConsumerGroup } from './snapshot.ts';
import type { TopicImage, TopicsByName } from './subscription.ts';

function topics(...list: [string, number][]): Map<string, TopicImage> {
  return new Map(list.map(([name, partitions]) => [name, { id: `${name}-id`, name, partitions }]));
}

/** A tiny harness: one group, a fake clock, the topics as a mutable map. */
function harness(topicList: Map<string, TopicImage> = topics(['orders', 6]), config: ConsumerGroupConfig = DEFAULT_CONSUMER_GROUP_CONFIG) {
  const group = new ConsumerGroup('g');
  const clock = { now: 1_000 };
  const hb = (req: Partial<ConsumerHeartbeatRequest> & { memberId: string; memberEpoch: number }, t: TopicsByName = topicList): ConsumerHeartbeatResponse =>
    consumerGroupHeartbeat(group, { groupId: 'g', ...req }, { nowMs: clock.now, topics: t, clientId: 'c', clientHost: '/127.0.0.1' }, config);
  const join = (memberId: string, extra: Partial<ConsumerHeartbeatRequest> = {}): ConsumerHeartbeatResponse =>
    hb({ memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], topicPartitions: [], ...extra });
  return { group, clock, hb, join, topicList };
}

function owned(r: ConsumerHeartbeatResponse | { topicPartitions: TopicPartitions[] } | null): TopicPartitions[] {
  if (r === null) return [];
  return 'topicPartitions' in r ? r.topicPartitions : r.assignment?.topicPartitions ?? [];
}

function partitionsOf(tps: TopicPartitions[]): number[] {
  return tps.flatMap((tp) => [...tp.partitions]).sort((a, b) => a - b);
}

describe('consumer group heartbeat: joining and reconciling', () => {
  it('the first member gets every partition at epoch 1', () => {
    const h = harness();
    const r = h.join('m1');
    expect(r).toMatchObject({ errorCode: 0, memberId: 'm1', memberEpoch: 1, heartbeatIntervalMs: 5000 });
    expect(owned(r)).toEqual([{ topicId: 'orders-id', partitions: [0, 1, 2, 3, 4, 5] }]);
    expect(h.group.state()).toBe('Stable');
  });

  it('a second member gets partitions only after the first revoked them', () => {
    const h = harness();
    const m1 = owned(h.join('m1'));
    const r2 = h.join('m2');
    // m2 moves to epoch 2 with nothing yet: its target partitions are still m1's.
    expect(r2).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    expect(partitionsOf(owned(r2))).toEqual([]);
    expect(h.group.members.get('m2')!.state).toBe('UNRELEASED_PARTITIONS');
    expect(h.group.state()).toBe('Reconciling');

    // m1 is asked to revoke half, staying at epoch 1.
    const r1 = h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: m1 });
    expect(r1.memberEpoch).toBe(1);
    const kept = partitionsOf(owned(r1));
    expect(kept).toHaveLength(3);
    expect(h.group.members.get('m1')!.state).toBe('UNREVOKED_PARTITIONS');

    // m2 still waits: m1 has not confirmed the revocation.
    expect(partitionsOf(owned(h.hb({ memberId: 'm2', memberEpoch: 2, topicPartitions: [] })))).toEqual([]);

    // m1 confirms by reporting only what it kept: epoch 2.
    const r1b = h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: owned(r1) });
    expect(r1b.memberEpoch).toBe(2);
    expect(h.group.members.get('m1')!.state).toBe('STABLE');

    // Now m2 receives the released partitions.
    const r2b = h.hb({ memberId: 'm2', memberEpoch: 2, topicPartitions: [] });
    const got = partitionsOf(owned(r2b));
    expect(got).toHaveLength(3);
    expect(got.filter((p) => kept.includes(p))).toEqual([]);
    expect(h.group.state()).toBe('Stable');
  });

  it('an unchanged heartbeat carries no assignment; a full one does', () => {
    const h = harness();
    const a = owned(h.join('m1'));
    expect(h.hb({ memberId: 'm1', memberEpoch: 1 }).assignment).toBeNull();
    expect(h.hb({ memberId: 'm1', memberEpoch: 1, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['orders'], topicPartitions: a }).assignment).not.toBeNull();
  });

  it('a member leaving (epoch -1) bumps the group epoch and its partitions go to the others', () => {
    const h = harness();
    h.join('m1');
    h.join('m2');
    const before = h.group.groupEpoch;
    expect(h.hb({ memberId: 'm2', memberEpoch: -1 })).toMatchObject({ errorCode: 0, memberEpoch: -1 });
    expect(h.group.groupEpoch).toBe(before + 1);
    expect(partitionsOf(owned(h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: [] })))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('new partitions and newly created topics matching a regex bump the epoch and get assigned', () => {
    const t = topics(['orders', 2]);
    const h = harness(t);
    h.join('m1', { subscribedTopicNames: null, subscribedTopicRegex: 'ord.*' });
    expect(h.group.groupEpoch).toBe(1);
    t.set('orders', { id: 'orders-id', name: 'orders', partitions: 4 });
    t.set('ordinals', { id: 'ordinals-id', name: 'ordinals', partitions: 1 });
    t.set('__consumer_offsets', { id: 'co-id', name: '__consumer_offsets', partitions: 50 });
    t.set('payments', { id: 'payments-id', name: 'payments', partitions: 1 });
    const r = h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: [{ topicId: 'orders-id', partitions: [0, 1] }] });
    expect(r.memberEpoch).toBe(2);
    expect(owned(r)).toEqual([{ topicId: 'orders-id', partitions: [0, 1, 2, 3] }, { topicId: 'ordinals-id', partitions: [0] }]);
  });

  it('the assignor is the one members ask for', () => {
    const h = harness();
    h.join('m1', { serverAssignor: 'range' });
    expect(h.group.assignorName).toBe('range');
  });
});

describe('consumer group heartbeat: errors', () => {
  const cases: [string, Partial<ConsumerHeartbeatRequest> & { memberId: string; memberEpoch: number }, keyof typeof ErrorCode][] = [
    ['empty member id', { memberId: '', memberEpoch: 0 }, 'INVALID_REQUEST'],
    ['join without rebalance timeout', { memberId: 'x', memberEpoch: 0, subscribedTopicNames: ['orders'], topicPartitions: [] }, 'INVALID_REQUEST'],
    ['join without subscription', { memberId: 'x', memberEpoch: 0, rebalanceTimeoutMs: 1, topicPartitions: [] }, 'INVALID_REQUEST'],
    ['join claiming partitions', { memberId: 'x', memberEpoch: 0, rebalanceTimeoutMs: 1, subscribedTopicNames: ['orders'], topicPartitions: [{ topicId: 'orders-id', partitions: [0] }] }, 'INVALID_REQUEST'],
    ['epoch below -2', { memberId: 'x', memberEpoch: -3 }, 'INVALID_REQUEST'],
    ['static leave without instance id', { memberId: 'm1', memberEpoch: -2 }, 'INVALID_REQUEST'],
    ['bad regex', { memberId: 'x', memberEpoch: 0, rebalanceTimeoutMs: 1, subscribedTopicRegex: '(a', topicPartitions: [] }, 'INVALID_REGULAR_EXPRESSION'],
    ['regex with a backreference', { memberId: 'x', memberEpoch: 0, rebalanceTimeoutMs: 1, subscribedTopicRegex: '(a)\\1', topicPartitions: [] }, 'INVALID_REGULAR_EXPRESSION'],
    ['unknown assignor', { memberId: 'x', memberEpoch: 0, rebalanceTimeoutMs: 1, subscribedTopicNames: ['orders'], serverAssignor: 'sticky', topicPartitions: [] }, 'UNSUPPORTED_ASSIGNOR'],
    ['unknown member', { memberId: 'ghost', memberEpoch: 3 }, 'UNKNOWN_MEMBER_ID'],
    ['unknown member leaving', { memberId: 'ghost', memberEpoch: -1 }, 'UNKNOWN_MEMBER_ID'],
    ['epoch from the future', { memberId: 'm1', memberEpoch: 9 }, 'FENCED_MEMBER_EPOCH'],
  ];
  for (const [name, req, error] of cases) {
    it(`${name}: ${error}`, () => {
      const h = harness();
      h.join('m1');
      const epoch = h.group.groupEpoch;
      const r = h.hb(req);
      expect(r.errorCode).toBe(ErrorCode[error]);
      expect(r.errorMessage).toMatch(/./);
      expect(h.group.groupEpoch).toBe(epoch); // a refused heartbeat changes nothing
    });
  }

  it('an older epoch is accepted only if it is the previous one and the owned partitions are a subset', () => {
    const h = harness();
    const all = owned(h.join('m1'));
    h.join('m2');
    const revoke = h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: all });
    h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: owned(revoke) }); // revoked: on to epoch 2
    const m1 = h.group.members.get('m1')!;
    expect([m1.memberEpoch, m1.previousMemberEpoch]).toEqual([2, 1]);
    // The response moving m1 to epoch 2 was lost: it retries at epoch 1 with what it owns.
    expect(h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: [{ topicId: 'orders-id', partitions: [...m1.assignedPartitions.get('orders-id')!] }] }).errorCode).toBe(0);
    // Claiming a partition it does not have at that older epoch: fenced.
    const other = [0, 1, 2, 3, 4, 5].find((p) => !m1.assignedPartitions.get('orders-id')!.has(p))!;
    expect(h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: [{ topicId: 'orders-id', partitions: [other] }] }).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH);
  });

  it('GROUP_MAX_SIZE_REACHED when the group is full', () => {
    const h = harness(undefined, { ...DEFAULT_CONSUMER_GROUP_CONFIG, maxSize: 2 });
    h.join('m1');
    h.join('m2');
    expect(h.join('m3').errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    expect(h.join('m2').errorCode).toBe(0); // a member already in the group may rejoin
  });
});

describe('static membership', () => {
  it('a restarted instance takes over its predecessor\'s partitions without a rebalance', () => {
    const h = harness();
    const all = owned(h.join('old', { instanceId: 'i1' }));
    h.join('m2');
    const revoke = h.hb({ memberId: 'old', memberEpoch: 1, topicPartitions: all }); // asked to give half to m2
    const r = h.hb({ memberId: 'old', memberEpoch: 1, topicPartitions: owned(revoke) });
    expect(r).toMatchObject({ errorCode: 0, memberEpoch: 2 });
    const had = partitionsOf(owned(revoke));
    expect(had).toHaveLength(3);

    // While the old instance is still active, its instance id cannot be taken.
    expect(h.join('new', { instanceId: 'i1' }).errorCode).toBe(ErrorCode.UNRELEASED_INSTANCE_ID);

    expect(h.hb({ memberId: 'old', memberEpoch: -2, instanceId: 'i1' })).toMatchObject({ errorCode: 0, memberEpoch: -2 });
    const epoch = h.group.groupEpoch;
    const takeover = h.join('new', { instanceId: 'i1' });
    expect(takeover.errorCode).toBe(0);
    expect(partitionsOf(owned(takeover))).toEqual(had);
    expect(h.group.groupEpoch).toBe(epoch);
    expect(h.group.members.has('old')).toBe(false);
    expect(h.group.staticMembers.get('i1')).toBe('new');
  });

  it('another member using a held instance id is fenced', () => {
    const h = harness();
    h.join('m1', { instanceId: 'i1' });
    h.join('m2');
    expect(h.hb({ memberId: 'm2', memberEpoch: 2, instanceId: 'i1' }).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(h.hb({ memberId: 'm2', memberEpoch: -2, instanceId: 'i1' }).errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
  });
});

describe('session and rebalance timeouts (fake clock)', () => {
  it('a member that stops heartbeating is fenced after the session timeout; the others get its partitions', () => {
    const h = harness();
    h.join('m1');
    h.join('m2');
    h.clock.now += 40_000;
    h.hb({ memberId: 'm1', memberEpoch: h.group.members.get('m1')!.memberEpoch, topicPartitions: [{ topicId: 'orders-id', partitions: [0, 1, 2, 3, 4, 5] }] });
    expect(expireMembers(h.group, { nowMs: h.clock.now, topics: h.topicList })).toEqual([]);
    h.clock.now += 6_000; // m2: 46 s without a heartbeat; m1: 6 s
    expect(expireMembers(h.group, { nowMs: h.clock.now, topics: h.topicList })).toEqual([{ memberId: 'm2', reason: 'session' }]);
    expect([...h.group.members.keys()]).toEqual(['m1']);
    expect(partitionsOf([{ topicId: 'orders-id', partitions: [...h.group.targetOf('m1').get('orders-id')!] }])).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('a member that does not revoke within its rebalance timeout is fenced', () => {
    const h = harness();
    const all = owned(h.join('m1', { rebalanceTimeoutMs: 10_000 }));
    h.join('m2');
    h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: all }); // asked to revoke
    expect(h.group.members.get('m1')!.state).toBe('UNREVOKED_PARTITIONS');
    expect(nextDeadline(h.group)).toBe(h.clock.now + 10_000);
    h.clock.now += 5_000;
    h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: all }); // still owns them; deadline unchanged
    h.hb({ memberId: 'm2', memberEpoch: 2, topicPartitions: [] });
    h.clock.now += 5_000;
    expect(expireMembers(h.group, { nowMs: h.clock.now, topics: h.topicList })).toEqual([{ memberId: 'm1', reason: 'rebalance' }]);
  });
});

describe('offset commit and fetch validation', () => {
  it('checks member id and epoch', () => {
    const h = harness();
    h.join('m1');
    expect(validateOffsetCommit(h.group, { memberId: 'm1', memberEpoch: 1, apiVersion: 9 })).toBeNull();
    expect(validateOffsetCommit(h.group, { memberId: 'm1', memberEpoch: 0, apiVersion: 9 })?.error).toBe('STALE_MEMBER_EPOCH');
    expect(validateOffsetCommit(h.group, { memberId: 'x', memberEpoch: 1, apiVersion: 9 })?.error).toBe('UNKNOWN_MEMBER_ID');
    expect(validateOffsetCommit(h.group, { memberId: '', memberEpoch: -1, apiVersion: 9 })?.error).toBe('UNKNOWN_MEMBER_ID');
    expect(validateOffsetCommit(h.group, { memberId: 'm1', memberEpoch: 1, apiVersion: 8 })?.error).toBe('UNSUPPORTED_VERSION');
    expect(validateOffsetCommit(h.group, { memberId: 'm1', memberEpoch: 1, apiVersion: 3, isTransactional: true })).toBeNull();
    expect(validateOffsetFetch(h.group, null, -1)).toBeNull();
    expect(validateOffsetFetch(h.group, 'm1', 7)?.error).toBe('STALE_MEMBER_EPOCH');
    h.hb({ memberId: 'm1', memberEpoch: -1 });
    expect(validateOffsetCommit(h.group, { memberId: '', memberEpoch: -1, apiVersion: 9 })).toBeNull(); // admin commit, empty group
  });
});

describe('snapshot', () => {
  it('round-trips through JSON and the loaded group carries on reconciling', () => {
    const h = harness();
    const all = owned(h.join('m1', { instanceId: 'i1' }));
    h.join('m2', { subscribedTopicRegex: 'ord.*', subscribedTopicNames: null });
    h.hb({ memberId: 'm1', memberEpoch: 1, topicPartitions: all });
    const snap = JSON.parse(JSON.stringify(snapshotConsumerGroup(h.group)));
    const loaded = loadConsumerGroup(snap, 50_000, 45_000);
    expect(snapshotConsumerGroup(loaded)).toEqual(snap);
    expect(loaded.state()).toBe(h.group.state());
    expect(loaded.staticMembers.get('i1')).toBe('m1');
    expect(loaded.currentPartitionEpoch('orders-id', 0)).toBe(h.group.currentPartitionEpoch('orders-id', 0));
    expect(nextDeadline(loaded)).toBe(95_000);
    // The revocation started before the failover completes after it.
    const kept = h.group.members.get('m1')!.assignedPartitions;
    const r = consumerGroupHeartbeat(loaded, { groupId: 'g', memberId: 'm1', memberEpoch: 1, topicPartitions: [{ topicId: 'orders-id', partitions: [...kept.get('orders-id')!] }] }, { nowMs: 50_000, topics: h.topicList });
    expect(r.memberEpoch).toBe(2);
  });

  it('refuses what it cannot load, naming why', () => {
    expect(() => loadConsumerGroup(null, 0, 1)).toThrow(/not an object/);
    expect(() => loadConsumerGroup({ version: 99 }, 0, 1)).toThrow(/version 99/);
    expect(() => loadConsumerGroup({ version: 1, groupId: 'g', members: [], targetAssignment: {}, groupEpoch: 'x' }, 0, 1)).toThrow(/groupEpoch/);
    const unknownState = loadConsumerGroup({ version: 1, groupId: 'g', groupEpoch: 1, assignmentEpoch: 1, members: [{ memberId: 'm', state: 'FUTURE', memberEpoch: 1 }], targetAssignment: {} }, 0, 1);
    expect(unknownState.members.get('m')!.state).toBe('UNKNOWN');
  });
});
