import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { G, ctx, flush, harness, heartbeat, joinRequest, stableGroup, subscription, watch } from './test-support.ts';
import type { JoinGroupResult } from './types.ts';

const uuidSuffix = /-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('GroupCoordinator: rebalances', () => {
  it('brings three members into one generation, delivers the leader\'s assignments, rebalances on leave and on session expiry', async () => {
    const h = harness();
    const c = h.coordinator;

    // KIP-394: v4+ joiners without a member id are told to come back with a generated one.
    const a0 = await c.joinGroup(joinRequest(G, ''), ctx('client-a', 5));
    expect(a0.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(a0.memberId).toMatch(/^client-a-/);
    expect(a0.memberId).toMatch(uuidSuffix);
    const a = watch(c.joinGroup(joinRequest(G, a0.memberId), ctx('client-a', 5)));
    // v0-3 joiners are added at once.
    const b = watch(c.joinGroup(joinRequest(G, ''), ctx('client-b', 3)));
    const c0 = await c.joinGroup(joinRequest(G, ''), ctx('client-c', 7));
    expect(c0.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const cc = watch(c.joinGroup(joinRequest(G, c0.memberId), ctx('client-c', 7)));

    await flush();
    expect([a.done, b.done, cc.done]).toEqual([false, false, false]);
    expect(c.group(G)?.state).toBe('PreparingRebalance');
    h.clock.advance(6000);
    await flush();
    const joined = [a.value, b.value, cc.value];
    expect(joined.map((r) => r.errorCode)).toEqual([0, 0, 0]);
    expect(new Set(joined.map((r) => r.generationId))).toEqual(new Set([1]));
    expect(new Set(joined.map((r) => r.leader))).toEqual(new Set([a0.memberId]));
    expect(joined.map((r) => r.members.length)).toEqual([3, 0, 0]);
    expect(joined.map((r) => r.protocolName)).toEqual(['range', 'range', 'range']);
    expect(b.value.memberId).toMatch(/^client-b-/);
    expect(a.value.members.map((m) => m.metadata.equals(subscription('orders')))).toEqual([true, true, true]);

    // Followers sync first and wait; the leader's assignments reach everyone (c was left out: empty).
    const syncB = watch(c.syncGroup({ groupId: G, generationId: 1, memberId: b.value.memberId, assignments: [] }));
    const syncC = watch(c.syncGroup({ groupId: G, generationId: 1, memberId: cc.value.memberId, assignments: [] }));
    await flush();
    expect([syncB.done, syncC.done]).toEqual([false, false]);
    const syncA = await c.syncGroup({
      groupId: G, generationId: 1, memberId: a0.memberId,
      assignments: [{ memberId: a0.memberId, assignment: Buffer.from('p0') }, { memberId: b.value.memberId, assignment: Buffer.from('p1,p2') }],
    });
    await flush();
    expect(syncA).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
    expect(syncA.assignment.toString()).toBe('p0');
    expect(syncB.value.assignment.toString()).toBe('p1,p2');
    expect(syncC.value.errorCode).toBe(0);
    expect(syncC.value.assignment.length).toBe(0);
    expect(c.group(G)?.state).toBe('Stable');
    expect(heartbeat(h, a.value)).toBe(ErrorCode.NONE);

    // c leaves: the others learn it from their heartbeats, rejoin, and get generation 2.
    const left = c.leaveGroup({ groupId: G, members: [{ memberId: cc.value.memberId, groupInstanceId: null }] }, 3);
    expect(left).toEqual({ errorCode: 0, members: [{ memberId: cc.value.memberId, groupInstanceId: null, errorCode: 0 }] });
    expect(heartbeat(h, a.value)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(heartbeat(h, b.value)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const a2 = watch(c.joinGroup(joinRequest(G, a0.memberId), ctx('client-a', 5)));
    await flush();
    expect(a2.done).toBe(false);
    const b2 = watch(c.joinGroup(joinRequest(G, b.value.memberId), ctx('client-b', 3)));
    await flush();
    expect([a2.value.generationId, b2.value.generationId]).toEqual([2, 2]);
    expect(a2.value.members.map((m) => m.memberId).sort()).toEqual([a0.memberId, b.value.memberId].sort());
    await c.syncGroup({ groupId: G, generationId: 2, memberId: a0.memberId, assignments: [] });
    await c.syncGroup({ groupId: G, generationId: 2, memberId: b.value.memberId, assignments: [] });
    expect(c.group(G)?.state).toBe('Stable');

    // a stops heartbeating; b keeps going. After a's session timeout (10 s) a is removed and b must rejoin.
    for (let t = 0; t < 4; t++) {
      h.clock.advance(3000);
      expect(heartbeat(h, b2.value)).toBe(t < 3 ? ErrorCode.NONE : ErrorCode.REBALANCE_IN_PROGRESS);
    }
    expect(c.group(G)?.has(a0.memberId)).toBe(false);
    expect(heartbeat(h, a2.value)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const b3 = await c.joinGroup(joinRequest(G, b.value.memberId), ctx('client-b', 3));
    expect(b3).toMatchObject({ errorCode: 0, generationId: 3, leader: b.value.memberId });
    expect(b3.members.map((m) => m.memberId)).toEqual([b.value.memberId]);
  });

  it('puts members that join during the initial delay into one generation, bounded by the rebalance timeout', async () => {
    const h = harness();
    const c = h.coordinator;
    const req = joinRequest(G, '', { rebalanceTimeoutMs: 5000 });
    const a = watch(c.joinGroup(req, ctx('a', 3)));
    h.clock.advance(2000);
    const b = watch(c.joinGroup(req, ctx('b', 3)));
    h.clock.advance(2000);
    // The delay (3 s) was extended because b joined, but only up to the rebalance timeout (5 s).
    const cc = watch(c.joinGroup(req, ctx('c', 3)));
    h.clock.advance(999);
    await flush();
    expect([a.done, b.done, cc.done]).toEqual([false, false, false]);
    h.clock.advance(1);
    await flush();
    expect([a.value.generationId, b.value.generationId, cc.value.generationId]).toEqual([1, 1, 1]);
    expect(a.value.members).toHaveLength(3);

    // A later joiner starts a new (not delayed) rebalance: generation 2.
    const d = watch(c.joinGroup(req, ctx('d', 3)));
    for (const r of [a, b, cc]) void c.joinGroup(joinRequest(G, r.value.memberId, { rebalanceTimeoutMs: 5000 }), ctx('x', 3));
    await flush();
    expect(d.value.generationId).toBe(2);
  });

  it('completes a rebalance at the rebalance timeout without the members that did not rejoin', async () => {
    const h = harness();
    const c = h.coordinator;
    const [a, b] = await stableGroup(h, ['a', 'b']);
    // a rejoins with new metadata: a rebalance starts; b keeps heartbeating but never rejoins.
    const a2 = watch(c.joinGroup(joinRequest(G, a.memberId, { protocols: [{ name: 'range', metadata: subscription('orders', 'payments') }] }), ctx('a', 3)));
    for (let t = 0; t < 9; t++) {
      h.clock.advance(3000);
      expect(heartbeat(h, b)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    h.clock.advance(2999);
    await flush();
    expect(a2.done).toBe(false);
    h.clock.advance(1);
    await flush();
    expect(a2.value).toMatchObject({ errorCode: 0, generationId: 2, leader: a.memberId });
    expect(a2.value.members.map((m) => m.memberId)).toEqual([a.memberId]);
    expect(heartbeat(h, b)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('removes members that never send SyncGroup within the rebalance timeout', async () => {
    const h = harness();
    const c = h.coordinator;
    const joins = ['a', 'b'].map((id) => watch(c.joinGroup(joinRequest(G, '', { sessionTimeoutMs: 60_000 }), ctx(id, 3))));
    h.clock.advance(6000);
    await flush();
    const [a, b] = joins.map((j) => j.value);
    await c.syncGroup({ groupId: G, generationId: 1, memberId: a.memberId, assignments: [] });
    h.clock.advance(30_000);
    expect(c.group(G)?.has(b.memberId)).toBe(false);
    expect(c.group(G)?.state).toBe('PreparingRebalance');
  });

  it('keeps static members across a restart without a rebalance, and fences the old member id', async () => {
    const h2 = harness();
    const statics = ['a', 'b'].map((id) => watch(h2.coordinator.joinGroup(joinRequest(G, '', { groupInstanceId: `instance-${id}` }), ctx(id, 5))));
    h2.clock.advance(6000);
    await flush();
    const [sa, sb] = statics.map((s) => s.value);
    expect(sa.memberId).toMatch(/^instance-a-/);
    for (const r of [sa, sb]) {
      await h2.coordinator.syncGroup({
        groupId: G, generationId: 1, memberId: r.memberId,
        assignments: r.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(m.groupInstanceId ?? '') })),
      });
    }
    expect(h2.coordinator.group(G)?.state).toBe('Stable');

    // instance-a restarts: empty member id, same instance id. Same generation, old leader id (v5 < 9).
    const restarted = await h2.coordinator.joinGroup(joinRequest(G, '', { groupInstanceId: 'instance-a' }), ctx('a', 5));
    expect(restarted).toMatchObject({ errorCode: 0, generationId: 1, leader: sa.memberId, skipAssignment: false, members: [] });
    expect(restarted.memberId).not.toBe(sa.memberId);
    const group = h2.coordinator.group(G);
    expect(group?.state).toBe('Stable');
    expect(group?.generationId).toBe(1);
    expect(heartbeat(h2, sa, 'instance-a')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(heartbeat(h2, { memberId: restarted.memberId, generationId: 1 }, 'instance-a')).toBe(ErrorCode.NONE);
    const sync = await h2.coordinator.syncGroup({ groupId: G, generationId: 1, memberId: restarted.memberId, groupInstanceId: 'instance-a', assignments: [] });
    expect(sync.assignment.toString()).toBe('instance-a');
    const staleSync = await h2.coordinator.syncGroup({ groupId: G, generationId: 1, memberId: sa.memberId, groupInstanceId: 'instance-a', assignments: [] });
    expect(staleSync.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const staleJoin = await h2.coordinator.joinGroup(joinRequest(G, sa.memberId, { groupInstanceId: 'instance-a' }), ctx('a', 5));
    expect(staleJoin.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const staleCommit = h2.coordinator.commitOffsets({
      groupId: G, generationIdOrMemberEpoch: 1, memberId: sa.memberId, groupInstanceId: 'instance-a',
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: null }] }],
    }, 7);
    expect(staleCommit.topics[0].partitions[0].errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);

    // A v9 leader that restarts is told to skip the assignment (KIP-814) and sees the members.
    const leaderAgain = await h2.coordinator.joinGroup(joinRequest(G, '', { groupInstanceId: 'instance-a' }), ctx('a', 9));
    expect(leaderAgain).toMatchObject({ errorCode: 0, generationId: 1, leader: leaderAgain.memberId, skipAssignment: true });
    expect(leaderAgain.members).toHaveLength(2);
    expect(h2.coordinator.group(G)?.generationId).toBe(1);

    // LeaveGroup v3 by instance id alone (an admin removing a static member) starts a rebalance.
    const left = h2.coordinator.leaveGroup({ groupId: G, members: [{ memberId: '', groupInstanceId: 'instance-b' }] }, 3);
    expect(left.members).toEqual([{ memberId: '', groupInstanceId: 'instance-b', errorCode: 0 }]);
    expect(h2.coordinator.group(G)?.state).toBe('PreparingRebalance');
    expect(h2.coordinator.group(G)?.hasStaticMember('instance-b')).toBe(false);
  });

  it('keeps a static member that misses a rebalance until its session expires', async () => {
    const h = harness();
    const c = h.coordinator;
    const joins = ['a', 'b'].map((id) => watch(c.joinGroup(joinRequest(G, '', { groupInstanceId: id, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 }), ctx(id, 5))));
    h.clock.advance(6000);
    await flush();
    const [a, b] = joins.map((j) => j.value);
    for (const r of [a, b]) await c.syncGroup({ groupId: G, generationId: 1, memberId: r.memberId, groupInstanceId: r === a ? 'a' : 'b', assignments: [] });
    const a2 = watch(c.joinGroup(joinRequest(G, a.memberId, { groupInstanceId: 'a', sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000, protocols: [{ name: 'range', metadata: subscription('payments') }] }), ctx('a', 5)));
    h.clock.advance(20_000);
    await flush();
    expect(a2.value.generationId).toBe(2);
    expect(a2.value.members.map((m) => m.groupInstanceId).sort()).toEqual(['a', 'b']);
    expect(c.group(G)?.has(b.memberId)).toBe(true);
  });

  it('answers heartbeats with UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION and REBALANCE_IN_PROGRESS as Kafka does', async () => {
    const h = harness();
    const c = h.coordinator;
    expect(heartbeat(h, { memberId: 'nobody', generationId: 1 })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const [a, b] = await stableGroup(h, ['a', 'b']);
    expect(heartbeat(h, { memberId: 'nobody', generationId: 1 })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(heartbeat(h, { memberId: a.memberId, generationId: 0 })).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(heartbeat(h, a)).toBe(ErrorCode.NONE);
    void c.joinGroup(joinRequest(G, ''), ctx('c', 3));
    expect(heartbeat(h, b)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const sync = await c.syncGroup({ groupId: G, generationId: 1, memberId: b.memberId, assignments: [] });
    expect(sync.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(c.heartbeat({ groupId: '', generationId: 1, memberId: a.memberId }).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
  });
});

describe('GroupCoordinator: join validation', () => {
  it('refuses session timeouts outside group.min/max.session.timeout.ms', async () => {
    const h = harness({ groupMinSessionTimeoutMs: 1000, groupMaxSessionTimeoutMs: 20_000 });
    const low = await h.coordinator.joinGroup(joinRequest(G, '', { sessionTimeoutMs: 999 }), ctx('a', 5));
    const high = await h.coordinator.joinGroup(joinRequest(G, 'm-1', { sessionTimeoutMs: 20_001 }), ctx('a', 5));
    const ok = await h.coordinator.joinGroup(joinRequest(G, '', { sessionTimeoutMs: 20_000 }), ctx('a', 5));
    expect(low).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT, memberId: '', protocolName: '' });
    expect(high).toMatchObject({ errorCode: ErrorCode.INVALID_SESSION_TIMEOUT, memberId: 'm-1' });
    expect(ok.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const dflt = harness();
    expect((await dflt.coordinator.joinGroup(joinRequest(G, '', { sessionTimeoutMs: 5999 }), ctx('a', 5))).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
  });

  it('answers INCONSISTENT_GROUP_PROTOCOL for a protocol type or protocols that do not fit', async () => {
    const h = harness();
    const c = h.coordinator;
    expect((await c.joinGroup(joinRequest(G, '', { protocols: [] }), ctx('a', 3))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await c.joinGroup(joinRequest(G, '', { protocolType: '' }), ctx('a', 3))).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const [a] = await stableGroup(h, ['a']);
    const connect = await c.joinGroup(joinRequest(G, '', { protocolType: 'connect' }), ctx('b', 3));
    expect(connect).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, generationId: -1 });
    const roundrobin = await c.joinGroup(joinRequest(G, '', { protocols: [{ name: 'roundrobin', metadata: subscription('orders') }] }), ctx('b', 7));
    expect(roundrobin).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, protocolName: null });
    const syncV5 = await c.syncGroup({ groupId: G, generationId: 1, memberId: a.memberId, protocolType: 'consumer', protocolName: 'sticky', assignments: [] });
    expect(syncV5.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const syncType = await c.syncGroup({ groupId: G, generationId: 1, memberId: a.memberId, protocolType: 'connect', protocolName: null, assignments: [] });
    expect(syncType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(c.group(G)?.state).toBe('Stable');
  });

  it('answers GROUP_MAX_SIZE_REACHED beyond group.max.size', async () => {
    const h = harness({ groupMaxSize: 2 });
    const c = h.coordinator;
    const a = watch(c.joinGroup(joinRequest(G, ''), ctx('a', 3)));
    const b = watch(c.joinGroup(joinRequest(G, ''), ctx('b', 3)));
    const third = await c.joinGroup(joinRequest(G, ''), ctx('c', 3));
    expect(third).toMatchObject({ errorCode: ErrorCode.GROUP_MAX_SIZE_REACHED, memberId: '' });
    h.clock.advance(6000);
    await flush();
    expect([a.value.members.length, b.value.errorCode]).toEqual([2, 0]);
    await c.syncGroup({ groupId: G, generationId: 1, memberId: a.value.memberId, assignments: [] });
    const fourth = await c.joinGroup(joinRequest(G, ''), ctx('d', 3));
    expect(fourth.errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    expect(c.group(G)?.size).toBe(2);
    expect(c.group(G)?.state).toBe('Stable');
  });

  it('serves groups of other protocol types (connect) without interpreting assignments', async () => {
    const h = harness({ groupInitialRebalanceDelayMs: 0 });
    const c = h.coordinator;
    const w = watch(c.joinGroup(joinRequest('connect-cluster', '', { protocolType: 'connect', protocols: [{ name: 'sessioned', metadata: Buffer.from([1, 2, 3]) }] }), ctx('worker', 3)));
    h.clock.advance(0);
    await flush();
    expect(w.value).toMatchObject({ errorCode: 0, protocolType: 'connect', protocolName: 'sessioned', generationId: 1 });
    expect(w.value.members[0].metadata).toEqual(Buffer.from([1, 2, 3]));
    const s = await c.syncGroup({ groupId: 'connect-cluster', generationId: 1, memberId: w.value.memberId, assignments: [{ memberId: w.value.memberId, assignment: Buffer.from([9, 9]) }] });
    expect(s.assignment).toEqual(Buffer.from([9, 9]));
    expect(c.describeGroups(['connect-cluster']).groups[0]).toMatchObject({ groupState: 'Stable', protocolType: 'connect', protocolData: 'sessioned' });
  });

  it('expires a v4+ joiner that never comes back with its member id', async () => {
    const h = harness();
    const c = h.coordinator;
    const first = await c.joinGroup(joinRequest(G, ''), ctx('a', 5));
    expect(c.group(G)?.isPendingMember(first.memberId)).toBe(true);
    h.clock.advance(10_000);
    expect(c.group(G)?.isPendingMember(first.memberId)).toBe(false);
    const late = await c.joinGroup(joinRequest(G, first.memberId), ctx('a', 5));
    expect(late.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('answers parked requests when shut down and refuses new ones, leaving no timers', async () => {
    const h = harness();
    const c = h.coordinator;
    const parked = watch(c.joinGroup(joinRequest(G, ''), ctx('a', 3)));
    await flush();
    expect(parked.done).toBe(false);
    c.shutdown();
    await flush();
    expect(parked.value.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(h.clock.pendingTimers).toBe(0);
    expect((await c.joinGroup(joinRequest(G, ''), ctx('a', 3))).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(heartbeat(h, { memberId: 'x', generationId: 1 })).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    expect(c.listGroups().errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('answers a parked follower SyncGroup with NOT_COORDINATOR on shutdown', async () => {
    const h = harness();
    const c = h.coordinator;
    const joins = ['a', 'b'].map((id) => watch(c.joinGroup(joinRequest(G, ''), ctx(id, 3))));
    h.clock.advance(6000);
    await flush();
    const follower = joins.map((j) => j.value).find((r) => r.members.length === 0) as JoinGroupResult;
    const sync = watch(c.syncGroup({ groupId: G, generationId: 1, memberId: follower.memberId, assignments: [] }));
    await flush();
    expect(sync.done).toBe(false);
    c.shutdown();
    await flush();
    expect(sync.value.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
  });

  it('answers a v0-2 LeaveGroup with the member\'s error at the top level', async () => {
    const h = harness();
    await stableGroup(h, ['a']);
    expect(h.coordinator.leaveGroup({ groupId: G, memberId: 'nobody' }, 1)).toEqual({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] });
    expect(h.coordinator.leaveGroup({ groupId: 'other', memberId: 'nobody' }, 0)).toEqual({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] });
    const member = h.coordinator.group(G)?.members[0].memberId as string;
    expect(h.coordinator.leaveGroup({ groupId: G, memberId: member }, 2)).toEqual({ errorCode: 0, members: [] });
    // The last member left: the group rebalanced straight to Empty with a new generation.
    expect(h.coordinator.group(G)?.state).toBe('Empty');
    expect(h.coordinator.group(G)?.generationId).toBe(2);
  });
});
