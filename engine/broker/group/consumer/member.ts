// A KIP-848 consumer group member as the coordinator records it (Kafka's ConsumerGroupMember), and its
// reconciliation state (Kafka's MemberState). Members are immutable records; updates build new ones.

import { type Assignment, EMPTY_ASSIGNMENT } from './assignment.ts';

export const MemberState = {
  /** The member owns exactly its target assignment at the current assignment epoch. */
  STABLE: 'STABLE',
  /** The member must stop owning some partitions before it can move to the next epoch. */
  UNREVOKED_PARTITIONS: 'UNREVOKED_PARTITIONS',
  /** The member is at the target epoch but waits for partitions other members still own. */
  UNRELEASED_PARTITIONS: 'UNRELEASED_PARTITIONS',
  /** A state this version does not know (read from a newer snapshot): the member is fenced. */
  UNKNOWN: 'UNKNOWN',
} as const;
export type MemberState = (typeof MemberState)[keyof typeof MemberState];

/** Epoch a member sends to leave; -2 is a static member leaving for now (it keeps its instance id). */
export const LEAVE_GROUP_MEMBER_EPOCH = -1;
export const LEAVE_GROUP_STATIC_MEMBER_EPOCH = -2;

export interface ConsumerGroupMember {
  readonly memberId: string;
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberEpoch: number;
  /** The epoch before the last bump: a heartbeat whose response was lost may still carry it. */
  readonly previousMemberEpoch: number;
  readonly state: MemberState;
  readonly rebalanceTimeoutMs: number;
  readonly subscribedTopicNames: readonly string[];
  readonly subscribedTopicRegex: string | null;
  readonly serverAssignor: string | null;
  /** What the member owns now (what it was last told). */
  readonly assignedPartitions: Assignment;
  /** What the member must give up before it moves to the next epoch. */
  readonly partitionsPendingRevocation: Assignment;
}

export function newMember(memberId: string, fields: Partial<ConsumerGroupMember> = {}): ConsumerGroupMember {
  return {
    memberId,
    instanceId: null,
    rackId: null,
    clientId: '',
    clientHost: '',
    memberEpoch: 0,
    previousMemberEpoch: 0,
    state: MemberState.STABLE,
    rebalanceTimeoutMs: -1,
    subscribedTopicNames: [],
    subscribedTopicRegex: null,
    serverAssignor: null,
    assignedPartitions: EMPTY_ASSIGNMENT,
    partitionsPendingRevocation: EMPTY_ASSIGNMENT,
    ...fields,
  };
}

/** Moves the member to `epoch`, remembering the one it had. */
export function withEpoch(m: ConsumerGroupMember, epoch: number): ConsumerGroupMember {
  return { ...m, previousMemberEpoch: m.memberEpoch, memberEpoch: epoch };
}

export function sameSubscription(a: ConsumerGroupMember, b: ConsumerGroupMember): boolean {
  return a.subscribedTopicRegex === b.subscribedTopicRegex
    && a.subscribedTopicNames.length === b.subscribedTopicNames.length
    && [...a.subscribedTopicNames].sort().every((n, i) => n === [...b.subscribedTopicNames].sort()[i]);
}
