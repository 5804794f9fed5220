import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ClassicGroup } from './classic-group.ts';
import { ClassicGroupMember } from './classic-group-member.ts';
import { encodeSubscription, subscribedTopicsOf } from './consumer-subscription.ts';
import { ManualScheduler } from '../scheduler.ts';
import type { JoinGroupResult } from './types.ts';

const meta = (...topics: string[]): Buffer => encodeSubscription(topics);

function member(memberId: string, protocols: string[], opts: { instance?: string; type?: string; topics?: string[] } = {}): ClassicGroupMember {
  return new ClassicGroupMember({
    memberId,
    groupInstanceId: opts.instance ?? null,
    clientId: 'client',
    clientHost: '/127.0.0.1',
    rebalanceTimeoutMs: 30_000,
    sessionTimeoutMs: 10_000,
    protocolType: opts.type ?? 'consumer',
    protocols: protocols.map((name) => ({ name, metadata: meta(...(opts.topics ?? ['orders'])) })),
  });
}

const newGroup = (clock = new ManualScheduler()): ClassicGroup => new ClassicGroup('g', clock);

describe('ClassicGroup', () => {
  it('selects the protocol every member supports, by the members\' votes', () => {
    const g = newGroup();
    g.add(member('a', ['range', 'roundrobin']));
    g.add(member('b', ['range', 'roundrobin']));
    g.add(member('c', ['roundrobin', 'range']));
    expect(g.selectProtocol()).toBe('range');

    // A member that supports only one protocol restricts the candidates, whatever the votes.
    g.add(member('d', ['roundrobin']));
    expect(g.selectProtocol()).toBe('roundrobin');
    g.remove('d');
    expect(g.selectProtocol()).toBe('range');
  });

  it('accepts a joiner only with the group\'s protocol type and a protocol all members support', () => {
    const g = newGroup();
    expect(g.supportsProtocols('', new Set(['range']))).toBe(false);
    expect(g.supportsProtocols('consumer', new Set())).toBe(false);
    expect(g.supportsProtocols('consumer', new Set(['range']))).toBe(true);
    g.add(member('a', ['range', 'roundrobin']));
    g.transitionTo('PreparingRebalance');
    expect(g.protocolType).toBe('consumer');
    expect(g.supportsProtocols('connect', new Set(['range']))).toBe(false);
    expect(g.supportsProtocols('consumer', new Set(['sticky']))).toBe(false);
    expect(g.supportsProtocols('consumer', new Set(['sticky', 'roundrobin']))).toBe(true);
  });

  it('makes the first member the leader and hands leadership on when it leaves', () => {
    const g = newGroup();
    g.add(member('a', ['range']));
    g.add(member('b', ['range']));
    g.add(member('c', ['range']));
    expect(g.leaderId).toBe('a');
    g.remove('a');
    expect(g.leaderId).toBe('b');
    g.remove('b');
    g.remove('c');
    expect(g.leaderId).toBeNull();
  });

  it('elects a rejoined member when the leader did not rejoin', () => {
    const g = newGroup();
    g.add(member('a', ['range']));
    g.add(member('b', ['range']), () => undefined);
    expect(g.leaderId).toBe('a');
    expect(g.maybeElectNewJoinedLeader()).toBe(true);
    expect(g.leaderId).toBe('b');
    expect(g.notYetRejoinedMembers().map((m) => m.memberId)).toEqual(['a']);
    expect(g.hasAllMembersJoined()).toBe(false);
    const empty = newGroup();
    expect(empty.maybeElectNewJoinedLeader()).toBe(false);
  });

  it('moves through the generations and refuses invalid transitions', () => {
    const g = newGroup();
    expect(() => g.transitionTo('Stable')).toThrow(/cannot move from Empty to Stable/);
    g.add(member('a', ['range']));
    g.transitionTo('PreparingRebalance');
    g.initNextGeneration();
    expect(g.state).toBe('CompletingRebalance');
    expect(g.generationId).toBe(1);
    expect(g.protocolName).toBe('range');
    g.transitionTo('Stable');
    g.remove('a');
    g.transitionTo('PreparingRebalance');
    g.initNextGeneration();
    expect(g.state).toBe('Empty');
    expect(g.generationId).toBe(2);
    expect(g.protocolName).toBeNull();
    g.transitionTo('Dead');
    expect(g.canRebalance()).toBe(false);
  });

  it('knows the topics its consumers subscribe to (for OffsetDelete)', () => {
    const g = newGroup();
    g.add(member('a', ['range'], { topics: ['orders'] }));
    g.add(member('b', ['range'], { topics: ['payments', 'orders'] }));
    g.transitionTo('PreparingRebalance');
    g.initNextGeneration();
    expect([...(g.subscribedTopics ?? [])].sort()).toEqual(['orders', 'payments']);
    expect(g.isSubscribedToTopic('payments')).toBe(true);
    expect(g.isSubscribedToTopic('audit')).toBe(false);

    const connect = newGroup();
    connect.add(member('w', ['default'], { type: 'connect' }));
    connect.transitionTo('PreparingRebalance');
    connect.initNextGeneration();
    expect(connect.subscribedTopics).toBeNull();
    expect(connect.isSubscribedToTopic('orders')).toBe(false);
  });

  it('replaces a static member\'s id and fences a request parked with the old one', async () => {
    const g = newGroup();
    let parked: JoinGroupResult | undefined;
    g.add(member('old', ['range'], { instance: 'i-1' }), (r) => (parked = r));
    g.add(member('other', ['range']));
    expect(g.isStaticMemberFenced('i-1', 'old')).toBe(false);
    const replaced = g.replaceStaticMember('i-1', 'old', 'new');
    expect(parked?.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(replaced.groupInstanceId).toBe('i-1');
    expect(g.leaderId).toBe('new');
    expect(g.staticMemberId('i-1')).toBe('new');
    expect(g.isStaticMemberFenced('i-1', 'old')).toBe(true);
    expect(g.validateMember('old', 'i-1')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(g.validateMember('new', 'i-1')).toBe(ErrorCode.NONE);
    expect(g.validateMember('new', 'i-2')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(g.validateMember('old', null)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('runs, replaces and cancels its named timers on the injected clock', () => {
    const clock = new ManualScheduler();
    const g = newGroup(clock);
    const fired: string[] = [];
    g.schedule('t', 100, () => fired.push('first'));
    g.schedule('t', 200, () => fired.push('second'));
    g.schedule('u', 50, () => fired.push('u'));
    clock.advance(150);
    expect(fired).toEqual(['u']);
    clock.advance(50);
    expect(fired).toEqual(['u', 'second']);
    g.schedule('v', 10, () => fired.push('v'));
    g.cancelAllTimers();
    clock.advance(100);
    expect(fired).toEqual(['u', 'second']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('matches a rejoin only with the same protocols in the same order', () => {
    const m = member('a', ['range', 'roundrobin']);
    expect(m.matches([{ name: 'range', metadata: meta('orders') }, { name: 'roundrobin', metadata: meta('orders') }])).toBe(true);
    expect(m.matches([{ name: 'roundrobin', metadata: meta('orders') }, { name: 'range', metadata: meta('orders') }])).toBe(false);
    expect(m.matches([{ name: 'range', metadata: meta('payments') }, { name: 'roundrobin', metadata: meta('orders') }])).toBe(false);
  });
});

describe('consumer subscription', () => {
  it('reads the topics of any subscription version and rejects garbage', () => {
    expect(subscribedTopicsOf(encodeSubscription(['orders', 'payments'], Buffer.from('x'), 3))).toEqual(['orders', 'payments']);
    expect(subscribedTopicsOf(encodeSubscription([]))).toEqual([]);
    expect(subscribedTopicsOf(Buffer.from([0, 0, 0, 0, 0, 5, 0, 9, 65]))).toBeNull();
    expect(subscribedTopicsOf(Buffer.from([0, 1]))).toBeNull();
  });
});
