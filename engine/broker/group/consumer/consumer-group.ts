// A KIP-848 consumer group (Kafka's ConsumerGroup): its members, the group epoch (bumped whenever the
// members, their subscriptions or the subscribed topics' metadata change), the target assignment and the
// epoch it was computed at, who owns which partition at which epoch, and the members' session and
// rebalance deadlines (times from the injected clock, never read here).
//
// The group state follows from those numbers, as in Kafka: Empty (no members), Assigning (the target is
// older than the group epoch), Reconciling (some member has not reached the target), Stable.

import { type Assignment, EMPTY_ASSIGNMENT, union } from './assignment.ts';
import type { PartitionAssignor } from './assignor.ts';
import { type ConsumerGroupMember, MemberState } from './member.ts';
import { type TopicsByName, isInternalTopic, compileSubscriptionRegex } from './subscription.ts';
import { computeTargetAssignment } from './target-assignment.ts';

export type ConsumerGroupState = 'Empty' | 'Assigning' | 'Reconciling' | 'Stable' | 'Dead';

/** What the group last saw of a subscribed topic; a change bumps the group epoch. */
export interface SubscribedTopic {
  readonly id: string;
  readonly partitions: number;
}

export interface MemberDeadlines {
  sessionDeadlineMs: number;
  /** Set while the member must revoke partitions: it is fenced if still revoking at that epoch then. */
  rebalanceDeadlineMs: number | null;
  rebalanceEpoch: number;
}

export class ConsumerGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  /** The assignor that computed the current target (shown by ConsumerGroupDescribe). */
  assignorName = '';
  readonly members = new Map<string, ConsumerGroupMember>();
  readonly targetAssignment = new Map<string, Assignment>();
  /** instance id -> member id of the static member holding it. */
  readonly staticMembers = new Map<string, string>();
  subscribedTopics = new Map<string, SubscribedTopic>();
  readonly deadlines = new Map<string, MemberDeadlines>();
  private readonly partitionEpochs = new Map<string, Map<number, number>>();

  constructor(readonly groupId: string) {}

  state(): ConsumerGroupState {
    if (this.members.size === 0) return 'Empty';
    if (this.groupEpoch > this.assignmentEpoch) return 'Assigning';
    for (const m of this.members.values()) {
      if (m.state !== MemberState.STABLE || m.memberEpoch !== this.assignmentEpoch) return 'Reconciling';
    }
    return 'Stable';
  }

  /** The epoch of the member that owns or is revoking a partition, -1 if none does. */
  currentPartitionEpoch(topicId: string, partition: number): number {
    return this.partitionEpochs.get(topicId)?.get(partition) ?? -1;
  }

  targetOf(memberId: string): Assignment {
    return this.targetAssignment.get(memberId) ?? EMPTY_ASSIGNMENT;
  }

  /** Adds or replaces a member, keeping partition ownership and the static-member index in step. */
  putMember(m: ConsumerGroupMember): void {
    const old = this.members.get(m.memberId);
    if (old !== undefined) this.releasePartitions(old);
    this.members.set(m.memberId, m);
    if (m.instanceId !== null) this.staticMembers.set(m.instanceId, m.memberId);
    for (const [t, ps] of union(m.assignedPartitions, m.partitionsPendingRevocation)) {
      let byPartition = this.partitionEpochs.get(t);
      if (byPartition === undefined) this.partitionEpochs.set(t, (byPartition = new Map()));
      for (const p of ps) byPartition.set(p, m.memberEpoch);
    }
  }

  removeMember(memberId: string): ConsumerGroupMember | undefined {
    const old = this.members.get(memberId);
    if (old === undefined) return undefined;
    this.releasePartitions(old);
    this.members.delete(memberId);
    this.targetAssignment.delete(memberId);
    this.deadlines.delete(memberId);
    if (old.instanceId !== null && this.staticMembers.get(old.instanceId) === memberId) this.staticMembers.delete(old.instanceId);
    return old;
  }

  private releasePartitions(m: ConsumerGroupMember): void {
    for (const [t, ps] of union(m.assignedPartitions, m.partitionsPendingRevocation)) {
      const byPartition = this.partitionEpochs.get(t);
      if (byPartition === undefined) continue;
      for (const p of ps) byPartition.delete(p);
      if (byPartition.size === 0) this.partitionEpochs.delete(t);
    }
  }

  /**
   * Re-reads the subscribed topics from the metadata; true (and the new view kept) when a subscribed topic
   * appeared, disappeared, was recreated or gained partitions, which is a reason to bump the group epoch.
   */
  refreshSubscribedTopics(topics: TopicsByName): boolean {
    const next = new Map<string, SubscribedTopic>();
    const names = new Set<string>();
    const regexes = new Set<string>();
    for (const m of this.members.values()) {
      for (const n of m.subscribedTopicNames) names.add(n);
      if (m.subscribedTopicRegex !== null && m.subscribedTopicRegex !== '') regexes.add(m.subscribedTopicRegex);
    }
    const compiled = [...regexes].map(compileSubscriptionRegex);
    for (const t of topics.values()) {
      if (names.has(t.name) || (!isInternalTopic(t.name) && compiled.some((re) => re.test(t.name)))) {
        next.set(t.name, { id: t.id, partitions: t.partitions });
      }
    }
    const changed = next.size !== this.subscribedTopics.size
      || [...next].some(([n, t]) => this.subscribedTopics.get(n)?.id !== t.id || this.subscribedTopics.get(n)?.partitions !== t.partitions);
    if (changed) this.subscribedTopics = next;
    return changed;
  }

  /** Recomputes the target assignment when the group epoch moved past it. */
  maybeComputeTargetAssignment(topics: TopicsByName, assignor: PartitionAssignor): boolean {
    if (this.groupEpoch <= this.assignmentEpoch && this.members.size > 0) return false;
    const target = computeTargetAssignment(this.members.values(), this.targetAssignment, topics, assignor);
    this.targetAssignment.clear();
    for (const [id, a] of target) this.targetAssignment.set(id, a);
    this.assignmentEpoch = this.groupEpoch;
    this.assignorName = assignor.name;
    return true;
  }
}
