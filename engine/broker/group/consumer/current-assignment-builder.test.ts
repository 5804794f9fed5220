import { describe, expect, it } from 'vitest';
import { assignmentOf, toRecord } from './assignment.ts';
import { reconcile } from './current-assignment-builder.ts';
import type { MemberState} from './member.ts';
import { type ConsumerGroupMember, newMember } from './member.ts';

const A = 'topic-a-id';
const B = 'topic-b-id';

function member(fields: Partial<ConsumerGroupMember>): ConsumerGroupMember {
  return newMember('m1', { memberEpoch: 10, previousMemberEpoch: 9, ...fields });
}

interface Case {
  name: string;
  member: ConsumerGroupMember;
  targetEpoch: number;
  target: Record<string, number[]>;
  /** Partitions another member owns (or is revoking). */
  ownedElsewhere?: Record<string, number[]>;
  reported: Record<string, number[]> | null;
  expect: { state: MemberState; epoch: number; assigned: Record<string, number[]>; revoking: Record<string, number[]> };
}

const cases: Case[] = [
  {
    name: 'stable at the target epoch stays as it is',
    member: member({ assignedPartitions: assignmentOf({ [A]: [0, 1] }) }),
    targetEpoch: 10, target: { [A]: [0, 1] }, reported: { [A]: [0, 1] },
    expect: { state: 'STABLE', epoch: 10, assigned: { [A]: [0, 1] }, revoking: {} },
  },
  {
    name: 'new partitions that nobody owns are assigned at once, at the target epoch',
    member: member({ assignedPartitions: assignmentOf({ [A]: [0] }) }),
    targetEpoch: 11, target: { [A]: [0, 1], [B]: [0] }, reported: { [A]: [0] },
    expect: { state: 'STABLE', epoch: 11, assigned: { [A]: [0, 1], [B]: [0] }, revoking: {} },
  },
  {
    name: 'partitions leaving the member are revoked first; the epoch stays',
    member: member({ assignedPartitions: assignmentOf({ [A]: [0, 1, 2] }) }),
    targetEpoch: 11, target: { [A]: [0], [B]: [3] }, reported: { [A]: [0, 1, 2] },
    expect: { state: 'UNREVOKED_PARTITIONS', epoch: 10, assigned: { [A]: [0] }, revoking: { [A]: [1, 2] } },
  },
  {
    name: 'revocation waits while the client still reports a revoked partition',
    member: member({ state: 'UNREVOKED_PARTITIONS', assignedPartitions: assignmentOf({ [A]: [0] }), partitionsPendingRevocation: assignmentOf({ [A]: [1, 2] }) }),
    targetEpoch: 11, target: { [A]: [0], [B]: [3] }, reported: { [A]: [0, 2] },
    expect: { state: 'UNREVOKED_PARTITIONS', epoch: 10, assigned: { [A]: [0] }, revoking: { [A]: [1, 2] } },
  },
  {
    name: 'a heartbeat without owned partitions proves nothing: still waiting',
    member: member({ state: 'UNREVOKED_PARTITIONS', assignedPartitions: assignmentOf({ [A]: [0] }), partitionsPendingRevocation: assignmentOf({ [A]: [1] }) }),
    targetEpoch: 11, target: { [A]: [0] }, reported: null,
    expect: { state: 'UNREVOKED_PARTITIONS', epoch: 10, assigned: { [A]: [0] }, revoking: { [A]: [1] } },
  },
  {
    name: 'once revoked, the member moves to the target epoch and gets the free partitions',
    member: member({ state: 'UNREVOKED_PARTITIONS', assignedPartitions: assignmentOf({ [A]: [0] }), partitionsPendingRevocation: assignmentOf({ [A]: [1, 2] }) }),
    targetEpoch: 11, target: { [A]: [0], [B]: [3] }, reported: { [A]: [0] },
    expect: { state: 'STABLE', epoch: 11, assigned: { [A]: [0], [B]: [3] }, revoking: {} },
  },
  {
    name: 'a partition another member still owns is withheld: UNRELEASED_PARTITIONS',
    member: member({ assignedPartitions: assignmentOf({ [A]: [0] }) }),
    targetEpoch: 11, target: { [A]: [0, 1, 2] }, ownedElsewhere: { [A]: [2] }, reported: { [A]: [0] },
    expect: { state: 'UNRELEASED_PARTITIONS', epoch: 11, assigned: { [A]: [0, 1] }, revoking: {} },
  },
  {
    name: 'the withheld partition is assigned when released',
    member: member({ memberEpoch: 11, state: 'UNRELEASED_PARTITIONS', assignedPartitions: assignmentOf({ [A]: [0, 1] }) }),
    targetEpoch: 11, target: { [A]: [0, 1, 2] }, reported: { [A]: [0, 1] },
    expect: { state: 'STABLE', epoch: 11, assigned: { [A]: [0, 1, 2] }, revoking: {} },
  },
  {
    name: 'nothing to revoke nor assign but some unreleased: waits at the target epoch',
    member: member({ assignedPartitions: assignmentOf({}) }),
    targetEpoch: 11, target: { [A]: [5] }, ownedElsewhere: { [A]: [5] }, reported: {},
    expect: { state: 'UNRELEASED_PARTITIONS', epoch: 11, assigned: {}, revoking: {} },
  },
  {
    name: 'revoked partitions the client already dropped do not hold it back',
    member: member({ assignedPartitions: assignmentOf({ [A]: [0, 1] }) }),
    targetEpoch: 11, target: { [A]: [0] }, reported: { [A]: [0] },
    expect: { state: 'STABLE', epoch: 11, assigned: { [A]: [0] }, revoking: {} },
  },
];

describe('reconcile (current assignment builder)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const elsewhere = assignmentOf(c.ownedElsewhere ?? {});
      const next = reconcile({
        member: c.member,
        targetAssignmentEpoch: c.targetEpoch,
        targetAssignment: assignmentOf(c.target),
        currentPartitionEpoch: (t, p) => (elsewhere.get(t)?.has(p) ? 7 : -1),
        ownedTopicPartitions: c.reported === null ? null : Object.entries(c.reported).map(([topicId, partitions]) => ({ topicId, partitions })),
      });
      expect({ state: next.state, epoch: next.memberEpoch, assigned: toRecord(next.assignedPartitions), revoking: toRecord(next.partitionsPendingRevocation) }).toEqual(c.expect);
    });
  }

  it('an epoch bump remembers the previous epoch', () => {
    const next = reconcile({
      member: member({}), targetAssignmentEpoch: 12, targetAssignment: assignmentOf({ [A]: [0] }),
      currentPartitionEpoch: () => -1, ownedTopicPartitions: [],
    });
    expect([next.memberEpoch, next.previousMemberEpoch]).toEqual([12, 10]);
  });

  it('a member in an unknown state that still owns partitions is fenced', () => {
    const input = {
      member: member({ state: 'UNKNOWN' as const, assignedPartitions: assignmentOf({ [A]: [0] }) }),
      targetAssignmentEpoch: 12, targetAssignment: assignmentOf({ [A]: [0] }), currentPartitionEpoch: () => -1,
    };
    expect(() => reconcile({ ...input, ownedTopicPartitions: [{ topicId: A, partitions: [0] }] })).toThrow(/FENCED_MEMBER_EPOCH/);
    expect(reconcile({ ...input, ownedTopicPartitions: [] }).state).toBe('STABLE');
  });
});
