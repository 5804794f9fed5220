// The `uniform` assignor (Kafka's UniformAssignor, the default of group.consumer.assignors): every member
// ends up with as many partitions as any other, give or take one, and keeps as many of the partitions it
// already had as balance allows (sticky). Homogeneous subscriptions use quotas; heterogeneous ones assign
// the least-shared topics first and then move partitions from the fullest to the emptiest eligible member.
// Unlike Kafka's, it is not rack-aware.

import { type Assignment, AssignmentBuilder } from './assignment.ts';
import { type GroupSpec, type PartitionAssignor, type PartitionCounts, isHomogeneous, knownTopics } from './assignor.ts';

type TP = readonly [string, number];

export const uniformAssignor: PartitionAssignor = {
  name: 'uniform',
  assign(group, partitionCounts) {
    if (group.members.size === 0) return new Map();
    return isHomogeneous(group) ? homogeneous(group, partitionCounts) : heterogeneous(group, partitionCounts);
  },
};

function sortedMemberIds(group: GroupSpec): string[] {
  return [...group.members.keys()].sort();
}

function homogeneous(group: GroupSpec, counts: PartitionCounts): Map<string, Assignment> {
  const memberIds = sortedMemberIds(group);
  const topics = knownTopics(group.members.get(memberIds[0])!.subscribedTopicIds, counts);
  const all: TP[] = topics.flatMap((t) => Array.from({ length: counts(t) }, (_, p) => [t, p] as const));
  const minQuota = Math.floor(all.length / memberIds.length);
  let extras = all.length % memberIds.length;

  const taken = new Set<string>();
  const out = new Map(memberIds.map((id) => [id, new AssignmentBuilder()]));
  // Keep what each member had, up to its quota (one more while extra partitions remain).
  for (const id of memberIds) {
    const kept = out.get(id)!;
    const previous = validPartitions(group.members.get(id)!.assignment, new Set(topics), counts);
    for (const [t, p] of previous) {
      const limit = minQuota + (extras > 0 ? 1 : 0);
      if (kept.size >= limit) break;
      kept.add(t, p);
      taken.add(key(t, p));
    }
    if (kept.size > minQuota) extras--;
  }
  const free = all.filter(([t, p]) => !taken.has(key(t, p)));
  // First everyone up to the minimum, then the remaining extras one each.
  for (const id of memberIds) {
    const b = out.get(id)!;
    while (b.size < minQuota && free.length > 0) b.add(...free.shift()!);
  }
  for (const id of memberIds) {
    if (free.length === 0) break;
    const b = out.get(id)!;
    if (b.size === minQuota) b.add(...free.shift()!);
  }
  return new Map([...out].map(([id, b]) => [id, b.build()]));
}

function heterogeneous(group: GroupSpec, counts: PartitionCounts): Map<string, Assignment> {
  const memberIds = sortedMemberIds(group);
  const subscribers = new Map<string, string[]>();
  for (const id of memberIds) {
    for (const t of knownTopics(group.members.get(id)!.subscribedTopicIds, counts)) {
      const list = subscribers.get(t) ?? [];
      list.push(id);
      subscribers.set(t, list);
    }
  }
  const out = new Map(memberIds.map((id) => [id, new AssignmentBuilder()]));
  const owner = new Map<string, string>();
  for (const id of memberIds) {
    const m = group.members.get(id)!;
    for (const [t, p] of validPartitions(m.assignment, new Set(knownTopics(m.subscribedTopicIds, counts)), counts)) {
      if (owner.has(key(t, p))) continue;
      owner.set(key(t, p), id);
      out.get(id)!.add(t, p);
    }
  }
  // Least-shared topics first: their partitions have the fewest places to go.
  const topics = [...subscribers.keys()].sort((a, b) => subscribers.get(a)!.length - subscribers.get(b)!.length || (a < b ? -1 : 1));
  for (const t of topics) {
    for (let p = 0; p < counts(t); p++) {
      if (owner.has(key(t, p))) continue;
      const to = leastLoaded(subscribers.get(t)!, out);
      owner.set(key(t, p), to);
      out.get(to)!.add(t, p);
    }
  }
  // Balance: move one partition at a time from a fuller member to an emptier one that subscribes to it.
  for (let moves = 0; moves < owner.size * memberIds.length; moves++) {
    if (!moveOne(memberIds, out, subscribers)) break;
  }
  return new Map([...out].map(([id, b]) => [id, b.build()]));
}

function moveOne(memberIds: string[], out: Map<string, AssignmentBuilder>, subscribers: Map<string, string[]>): boolean {
  const bySize = [...memberIds].sort((a, b) => out.get(b)!.size - out.get(a)!.size || (a < b ? -1 : 1));
  for (const from of bySize) {
    for (const to of [...bySize].reverse()) {
      if (out.get(from)!.size - out.get(to)!.size <= 1) break;
      const movable = [...out.get(from)!.partitions()].filter(([t]) => subscribers.get(t)!.includes(to)).sort(byTopicPartition).pop();
      if (movable === undefined) continue;
      out.get(from)!.remove(...movable);
      out.get(to)!.add(...movable);
      return true;
    }
  }
  return false;
}

function leastLoaded(candidates: readonly string[], out: Map<string, AssignmentBuilder>): string {
  return candidates.reduce((best, id) => (out.get(id)!.size < out.get(best)!.size ? id : best));
}

function validPartitions(a: Assignment, topics: ReadonlySet<string>, counts: PartitionCounts): TP[] {
  const r: TP[] = [];
  for (const [t, ps] of a) if (topics.has(t)) for (const p of ps) if (p < counts(t)) r.push([t, p]);
  return r.sort(byTopicPartition);
}

function byTopicPartition(a: TP, b: TP): number {
  return a[0] === b[0] ? a[1] - b[1] : a[0] < b[0] ? -1 : 1;
}

function key(t: string, p: number): string {
  return `${t}:${p}`;
}
