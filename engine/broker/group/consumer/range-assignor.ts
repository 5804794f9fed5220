// The `range` assignor (Kafka's server-side RangeAssignor): per topic, the subscribers in order (static
// members by instance id first, then the others by member id) each get a contiguous range of partitions,
// the first ones one extra. Members subscribed to the same topics get the same partition numbers of
// each, which co-partitioned topics rely on. Deterministic rather than sticky, as Kafka's.

import { type Assignment, AssignmentBuilder } from './assignment.ts';
import { type GroupSpec, type PartitionAssignor, knownTopics } from './assignor.ts';

export const rangeAssignor: PartitionAssignor = {
  name: 'range',
  assign(group, partitionCounts) {
    const memberIds = sortedMembers(group);
    const out = new Map(memberIds.map((id) => [id, new AssignmentBuilder()]));
    const topics = knownTopics([...group.members.values()].flatMap((m) => [...m.subscribedTopicIds]), partitionCounts);
    for (const topicId of topics) {
      const subscribers = memberIds.filter((id) => group.members.get(id)!.subscribedTopicIds.has(topicId));
      const n = partitionCounts(topicId);
      const minQuota = Math.floor(n / subscribers.length);
      let extra = n % subscribers.length;
      let start = 0;
      for (const id of subscribers) {
        const quota = minQuota + (extra > 0 ? 1 : 0);
        if (extra > 0) extra--;
        for (let p = start; p < start + quota; p++) out.get(id)!.add(topicId, p);
        start += quota;
      }
    }
    return new Map<string, Assignment>([...out].map(([id, b]) => [id, b.build()]));
  },
};

function sortedMembers(group: GroupSpec): string[] {
  return [...group.members.keys()].sort((a, b) => {
    const ia = group.members.get(a)!.instanceId;
    const ib = group.members.get(b)!.instanceId;
    if (ia !== null && ib !== null) return ia < ib ? -1 : ia > ib ? 1 : 0;
    if (ia !== null) return -1;
    if (ib !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
