// Target assignment: what every member should own at an assignment epoch (Kafka's TargetAssignmentBuilder).
// Computed by the group's assignor from the members' resolved subscriptions; a member that is joining gets
// an empty previous assignment, a member that left simply is not in the spec.

import type { Assignment } from './assignment.ts';
import { EMPTY_ASSIGNMENT } from './assignment.ts';
import type { GroupSpec, MemberSpec, PartitionAssignor } from './assignor.ts';
import type { ConsumerGroupMember } from './member.ts';
import { type TopicsByName, resolveSubscription } from './subscription.ts';

export function computeTargetAssignment(
  members: Iterable<ConsumerGroupMember>,
  previousTarget: ReadonlyMap<string, Assignment>,
  topics: TopicsByName,
  assignor: PartitionAssignor,
): Map<string, Assignment> {
  const specs = new Map<string, MemberSpec>();
  for (const m of members) {
    specs.set(m.memberId, {
      instanceId: m.instanceId,
      rackId: m.rackId,
      subscribedTopicIds: resolveSubscription(m.subscribedTopicNames, m.subscribedTopicRegex, topics),
      assignment: previousTarget.get(m.memberId) ?? EMPTY_ASSIGNMENT,
    });
  }
  const counts = new Map<string, number>([...topics.values()].map((t) => [t.id, t.partitions]));
  const spec: GroupSpec = { members: specs };
  const result = assignor.assign(spec, (id) => counts.get(id) ?? -1);
  for (const id of specs.keys()) if (!result.has(id)) result.set(id, EMPTY_ASSIGNMENT);
  return result;
}
