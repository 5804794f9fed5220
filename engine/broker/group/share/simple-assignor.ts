// The `simple` assignor of share groups (Kafka's SimpleAssignor, KIP-932). Unlike a consumer group, a
// share group may give one partition to several members: records are handed out one acquisition at a
// time, so members sharing a partition never see the same record at once.
//
// With at least as many partitions as members, every partition goes to exactly one member, balanced and
// sticky (the uniform assignor's rule). With more members than partitions, every member gets one
// partition and every partition gets an even share of the members (again keeping what a member had).
// Heterogeneous subscriptions apply the same per topic among that topic's subscribers.

import { type Assignment, AssignmentBuilder } from '../consumer/assignment.ts';
import { type GroupSpec, type MemberSpec, type PartitionAssignor, type PartitionCounts, isHomogeneous, knownTopics } from '../consumer/assignor.ts';
import { uniformAssignor } from '../consumer/uniform-assignor.ts';

export const simpleAssignor: PartitionAssignor = {
  name: 'simple',
  assign(group, partitionCounts) {
    if (group.members.size === 0) return new Map();
    if (isHomogeneous(group)) return assignAmong(group, [...group.members.keys()], knownTopics(first(group).subscribedTopicIds, partitionCounts), partitionCounts);
    const out = new Map<string, AssignmentBuilder>([...group.members.keys()].map((id) => [id, new AssignmentBuilder()]));
    const topics = knownTopics([...group.members.values()].flatMap((m) => [...m.subscribedTopicIds]), partitionCounts);
    for (const t of topics) {
      const subscribers = [...group.members].filter(([, m]) => m.subscribedTopicIds.has(t)).map(([id]) => id);
      for (const [id, a] of assignAmong(group, subscribers, [t], partitionCounts)) {
        for (const p of a.get(t) ?? []) out.get(id)!.add(t, p);
      }
    }
    return new Map([...out].map(([id, b]) => [id, b.build()]));
  },
};

function first(group: GroupSpec): MemberSpec {
  return group.members.values().next().value!;
}

function assignAmong(group: GroupSpec, memberIds: string[], topics: string[], counts: PartitionCounts): Map<string, Assignment> {
  const partitions = topics.flatMap((t) => Array.from({ length: counts(t) }, (_, p) => [t, p] as const));
  if (partitions.length >= memberIds.length || partitions.length === 0) {
    const sub: GroupSpec = {
      members: new Map(memberIds.map((id) => {
        const m = group.members.get(id)!;
        return [id, { ...m, subscribedTopicIds: new Set(topics) }];
      })),
    };
    return uniformAssignor.assign(sub, counts);
  }
  // More members than partitions: each member one partition, each partition floor or ceil(M/P) members.
  const sorted = [...memberIds].sort();
  const minPer = Math.floor(sorted.length / partitions.length);
  let extras = sorted.length % partitions.length;
  const load = new Map(partitions.map(([t, p]) => [`${t}:${p}`, 0]));
  const chosen = new Map<string, readonly [string, number]>();
  for (const id of sorted) {
    for (const [t, ps] of group.members.get(id)!.assignment) {
      const p = [...ps].sort((a, b) => a - b).find((x) => load.has(`${t}:${x}`));
      if (p === undefined) continue;
      const n = load.get(`${t}:${p}`)!;
      if (n < minPer || (n === minPer && extras > 0)) {
        if (n === minPer) extras--;
        load.set(`${t}:${p}`, n + 1);
        chosen.set(id, [t, p]);
        break;
      }
    }
  }
  for (const id of sorted) {
    if (chosen.has(id)) continue;
    const [t, p] = partitions.reduce((best, tp) => (load.get(`${tp[0]}:${tp[1]}`)! < load.get(`${best[0]}:${best[1]}`)! ? tp : best));
    load.set(`${t}:${p}`, load.get(`${t}:${p}`)! + 1);
    chosen.set(id, [t, p]);
  }
  return new Map(sorted.map((id) => {
    const b = new AssignmentBuilder();
    b.add(...chosen.get(id)!);
    return [id, b.build()];
  }));
}
