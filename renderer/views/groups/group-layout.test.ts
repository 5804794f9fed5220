// The group as boxes: a classic group's members with their partitions and lag and the partitions nobody
// owns; a KIP-848 member mid-rebalance with what it revokes and what is on its way; a rebalance's moves.

import { describe, expect, it } from 'vitest';
import type { GroupDetail } from '../../../app/contract.ts';
import { groupLayout, ownerMoves, owners, stateSentence } from './group-layout.ts';

const lagRow = (partition: number, lag: number, memberId: string | null) => ({ topic: 'orders', partition, committed: 0, endOffset: lag, lag, memberId });

const classic = (assign: Record<string, number[]>, offsets = [lagRow(0, 3, 'm1'), lagRow(1, 0, 'm1'), lagRow(2, 5, 'm2'), lagRow(3, 7, null)]): GroupDetail => ({
  groupId: 'g', state: 'Stable', protocol: 'range', offsets, totalLag: 15,
  members: Object.entries(assign).map(([memberId, partitions]) => ({ memberId, clientId: `c-${memberId}`, host: '/127.0.0.1', assignment: [{ topic: 'orders', partitions }] })),
});

describe('group layout', () => {
  it('a classic group: members with their partitions and lag, the unowned ones apart', () => {
    const l = groupLayout(classic({ m1: [1, 0], m2: [2] }));
    expect(l.members.map((m) => [m.memberId, m.chips.map((c) => `${c.key}:${c.lag}`), m.lag])).toEqual([
      ['m1', ['orders-0:3', 'orders-1:0'], 3],
      ['m2', ['orders-2:5'], 5],
    ]);
    expect(l.unassigned.map((c) => c.key)).toEqual(['orders-3']);
    // A share group is drawn without lag.
    expect(groupLayout(classic({ m1: [0] }), false).members[0].chips[0].lag).toBeNull();
  });

  it('a KIP-848 member revoking, another waiting for those partitions', () => {
    const detail: GroupDetail = {
      ...classic({}), state: 'Reconciling',
      consumer: {
        groupEpoch: 3, assignmentEpoch: 3, assignor: 'uniform',
        members: [
          { memberId: 'a', instanceId: null, clientId: 'x', host: 'h', memberEpoch: 2, subscribedTopics: ['orders'], subscribedTopicRegex: null,
            assignment: [{ topic: 'orders', partitions: [0, 1] }], targetAssignment: [{ topic: 'orders', partitions: [0] }], revoking: [{ topic: 'orders', partitions: [1] }], pending: [] },
          { memberId: 'b', instanceId: null, clientId: 'y', host: 'h', memberEpoch: 3, subscribedTopics: ['orders'], subscribedTopicRegex: null,
            assignment: [], targetAssignment: [{ topic: 'orders', partitions: [1] }], revoking: [], pending: [{ topic: 'orders', partitions: [1] }] },
        ],
      },
    };
    const l = groupLayout(detail);
    expect(l.members.map((m) => [m.memberId, m.epoch, m.chips.map((c) => `${c.key}:${c.state}`)])).toEqual([
      ['a', 2, ['orders-0:owned', 'orders-1:revoking']],
      ['b', 3, ['orders-1:incoming']],
    ]);
    // orders-1 is still owned by a (revoking), so it is not unassigned; b does not own it yet.
    expect(owners(l).get('orders-1')).toBe('a');
    expect(l.unassigned.map((c) => c.key)).toEqual(['orders-2', 'orders-3']);
    expect(stateSentence('Reconciling')).toMatch(/revoke/);
  });

  it('a rebalance moves the partitions of a member that left to the one that stays', () => {
    const before = owners(groupLayout(classic({ m1: [0, 1], m2: [2, 3] })));
    const after = owners(groupLayout(classic({ m1: [0, 1, 2, 3] })));
    expect([...ownerMoves(before, after)]).toEqual([['orders-2', 'm2'], ['orders-3', 'm2']]);
    // The first read is no move; a read where nobody owns them does not hide where they came from.
    expect(ownerMoves(new Map(), after).size).toBe(0);
    const between = owners(groupLayout(classic({ m1: [] })));
    expect(between.size).toBe(0);
    expect([...ownerMoves(new Map([...before, ...between]), after)].map(([k]) => k)).toEqual(['orders-2', 'orders-3']);
  });
});
