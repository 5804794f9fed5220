// The server-side assignor contract (Kafka's ConsumerGroupPartitionAssignor): a pure function from the
// members' subscriptions (topic ids), their current target assignment and the topics' partition counts to
// a new target assignment for every member. Assignors never see names, clocks or the network.

import type { Assignment } from './assignment.ts';

export interface MemberSpec {
  readonly instanceId: string | null;
  readonly rackId: string | null;
  readonly subscribedTopicIds: ReadonlySet<string>;
  /** The member's previous target assignment, for stickiness. */
  readonly assignment: Assignment;
}

export interface GroupSpec {
  readonly members: ReadonlyMap<string, MemberSpec>;
}

/** Partitions per topic id; -1 for a topic the metadata does not know. */
export type PartitionCounts = (topicId: string) => number;

export interface PartitionAssignor {
  readonly name: string;
  assign(group: GroupSpec, partitionCounts: PartitionCounts): Map<string, Assignment>;
}

/** Every member subscribes to the same topics (Kafka's SubscriptionType.HOMOGENEOUS). */
export function isHomogeneous(group: GroupSpec): boolean {
  let first: ReadonlySet<string> | null = null;
  for (const m of group.members.values()) {
    if (first === null) first = m.subscribedTopicIds;
    else if (m.subscribedTopicIds.size !== first.size || [...m.subscribedTopicIds].some((t) => !first!.has(t))) return false;
  }
  return true;
}

/** Topics an assignor may hand out: subscribed and known to the metadata, in a stable order. */
export function knownTopics(ids: Iterable<string>, partitionCounts: PartitionCounts): string[] {
  return [...new Set(ids)].filter((t) => partitionCounts(t) > 0).sort();
}
