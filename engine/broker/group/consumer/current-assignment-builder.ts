// Reconciliation of one member towards its target assignment, as one pure state machine (Kafka's
// CurrentAssignmentBuilder): member + target assignment (+ epoch) + what the client says it owns +
// who else owns which partition -> the member's next state.
//
// The rule that makes rebalances safe: a partition moves to a new owner only after the previous owner
// reported it revoked. A member first gives up what it must (UNREVOKED_PARTITIONS, staying in its epoch),
// then jumps to the target epoch and receives what is free; partitions another member still owns are
// withheld (UNRELEASED_PARTITIONS) until they are released.

import { KafkaError } from '../../../protocol/error-codes.ts';
import { type Assignment, type TopicPartitions, EMPTY_ASSIGNMENT, has } from './assignment.ts';
import { type ConsumerGroupMember, MemberState, withEpoch } from './member.ts';

export interface ReconcileInput {
  readonly member: ConsumerGroupMember;
  readonly targetAssignmentEpoch: number;
  readonly targetAssignment: Assignment;
  /** The epoch of the member owning (or revoking) a partition, -1 when nobody does. */
  readonly currentPartitionEpoch: (topicId: string, partition: number) => number;
  /** The partitions the client reports owning; null when the heartbeat did not carry them. */
  readonly ownedTopicPartitions: readonly TopicPartitions[] | null;
}

export function reconcile(input: ReconcileInput): ConsumerGroupMember {
  const { member, targetAssignmentEpoch } = input;
  switch (member.state) {
    case MemberState.STABLE:
      return member.memberEpoch === targetAssignmentEpoch ? member : next(input, member.memberEpoch);
    case MemberState.UNREVOKED_PARTITIONS:
      // Stuck until the client stops reporting the revoked partitions; then on to the next epoch.
      if (ownsAny(input.ownedTopicPartitions, member.partitionsPendingRevocation)) return member;
      return next(input, member.memberEpoch + 1);
    case MemberState.UNRELEASED_PARTITIONS:
      return next(input, member.memberEpoch);
    case MemberState.UNKNOWN:
      // Only a downgrade gets here: start the member over from nothing.
      if (input.ownedTopicPartitions === null || input.ownedTopicPartitions.some((tp) => tp.partitions.length > 0)) {
        throw new KafkaError('FENCED_MEMBER_EPOCH', 'the member is in an unknown state; it must abandon its partitions and rejoin');
      }
      return next(input, targetAssignmentEpoch);
  }
}

/** Owned as reported; a heartbeat without the field proves nothing, so it counts as still owning. */
function ownsAny(owned: readonly TopicPartitions[] | null, partitions: Assignment): boolean {
  if (owned === null) return true;
  return owned.some((tp) => tp.partitions.some((p) => has(partitions, tp.topicId, p)));
}

function next(input: ReconcileInput, memberEpoch: number): ConsumerGroupMember {
  const { member, targetAssignment, targetAssignmentEpoch } = input;
  const current = member.assignedPartitions;
  const assigned = new Map<string, Set<number>>();
  const revoking = new Map<string, Set<number>>();
  const assigning = new Map<string, Set<number>>();
  let unreleased = false;

  for (const topicId of new Set([...targetAssignment.keys(), ...current.keys()])) {
    const target = targetAssignment.get(topicId) ?? new Set<number>();
    const owned = current.get(topicId) ?? new Set<number>();
    const keep = [...owned].filter((p) => target.has(p));
    const revoke = [...owned].filter((p) => !target.has(p));
    const add: number[] = [];
    for (const p of target) {
      if (owned.has(p)) continue;
      if (input.currentPartitionEpoch(topicId, p) !== -1) unreleased = true;
      else add.push(p);
    }
    if (keep.length > 0) assigned.set(topicId, new Set(keep));
    if (revoke.length > 0) revoking.set(topicId, new Set(revoke));
    if (add.length > 0) assigning.set(topicId, new Set(add));
  }

  if (revoking.size > 0 && ownsAny(input.ownedTopicPartitions, revoking)) {
    return { ...withEpoch(member, memberEpoch), state: MemberState.UNREVOKED_PARTITIONS, assignedPartitions: assigned, partitionsPendingRevocation: revoking };
  }
  for (const [t, ps] of assigning) {
    const s = assigned.get(t) ?? new Set<number>();
    for (const p of ps) s.add(p);
    assigned.set(t, s);
  }
  return {
    ...withEpoch(member, targetAssignmentEpoch),
    state: unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
    assignedPartitions: assigned,
    partitionsPendingRevocation: EMPTY_ASSIGNMENT,
  };
}
