// A consumer group as boxes: each member with the partitions it owns and their lag, the partitions no member
// owns, and for a KIP-848 group what is on its way (in the member's target, waiting for the previous owner)
// and what is being revoked. Pure, so the picture is tested without rendering. The moves between two reads
// (a partition's owner changed) are found here too, for drawing them.

import type { GroupDetail } from '../../../app/contract.ts';

export type ChipState = 'owned' | 'incoming' | 'revoking';

export interface PartitionChip {
  key: string;
  topic: string;
  partition: number;
  /** null: no lag known (a share group, or no end offset read). */
  lag: number | null;
  state: ChipState;
}

export interface MemberBox {
  memberId: string;
  clientId: string;
  host: string;
  /** KIP-848: the member's epoch (behind the assignment epoch while it reconciles). */
  epoch?: number;
  chips: PartitionChip[];
  lag: number;
}

export interface GroupLayout {
  members: MemberBox[];
  unassigned: PartitionChip[];
}

const keyOf = (topic: string, partition: number) => `${topic}-${partition}`;

function flatten(list: { topic: string; partitions: number[] }[]): [string, number][] {
  return list.flatMap((tp) => tp.partitions.map((p) => [tp.topic, p] as [string, number]));
}

const byTopicPartition = (a: PartitionChip, b: PartitionChip) => a.topic.localeCompare(b.topic) || a.partition - b.partition;

export function groupLayout(detail: GroupDetail, withLag = true): GroupLayout {
  const lag = new Map(detail.offsets.map((o) => [keyOf(o.topic, o.partition), o.lag]));
  const chip = (topic: string, partition: number, state: ChipState): PartitionChip => ({
    key: keyOf(topic, partition), topic, partition, state, lag: withLag ? (lag.get(keyOf(topic, partition)) ?? null) : null,
  });
  const taken = new Set<string>();
  let members: MemberBox[];
  if (detail.consumer) {
    members = detail.consumer.members.map((m) => {
      const revoking = new Set(flatten(m.revoking).map(([t, p]) => keyOf(t, p)));
      const chips = [
        ...flatten(m.assignment).map(([t, p]) => chip(t, p, revoking.has(keyOf(t, p)) ? 'revoking' : 'owned')),
        ...flatten(m.pending).map(([t, p]) => chip(t, p, 'incoming')),
      ];
      return { memberId: m.memberId, clientId: m.clientId, host: m.host, epoch: m.memberEpoch, chips, lag: 0 };
    });
  } else {
    members = detail.members.map((m) => ({
      memberId: m.memberId, clientId: m.clientId, host: m.host, chips: flatten(m.assignment).map(([t, p]) => chip(t, p, 'owned')), lag: 0,
    }));
  }
  for (const m of members) {
    m.chips.sort(byTopicPartition);
    for (const c of m.chips) taken.add(c.key);
    m.lag = m.chips.filter((c) => c.state !== 'incoming').reduce((n, c) => n + Math.max(0, c.lag ?? 0), 0);
  }
  members.sort((a, b) => a.clientId.localeCompare(b.clientId) || a.memberId.localeCompare(b.memberId));
  const unassigned = detail.offsets.filter((o) => !taken.has(keyOf(o.topic, o.partition))).map((o) => chip(o.topic, o.partition, 'owned')).sort(byTopicPartition);
  return { members, unassigned };
}

/** Who owns each partition (incoming partitions are not owned yet). */
export function owners(layout: GroupLayout): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of layout.members) for (const c of m.chips) if (c.state !== 'incoming') out.set(c.key, m.memberId);
  return out;
}

/**
 * Partitions now owned by another member than their last known owner: key -> that owner. `lastKnown` keeps
 * each partition's owner across reads where nobody owns it (a classic rebalance revokes everything first),
 * so a partition is seen to move from the member that left to the one that took it.
 */
export function ownerMoves(lastKnown: Map<string, string>, next: Map<string, string>): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, owner] of next) {
    const was = lastKnown.get(key);
    if (was !== undefined && was !== owner) out.set(key, was);
  }
  return out;
}

/** The group state in a sentence: Kafka's classic and consumer-protocol state names. */
export function stateSentence(state: string): string {
  switch (state.toLowerCase().replace(/_/g, '')) {
    case 'preparingrebalance': return 'Rebalancing: the coordinator waits for every member to rejoin (JoinGroup).';
    case 'completingrebalance': return 'Rebalancing: the leader’s assignment is being handed to each member (SyncGroup).';
    case 'assigning': return 'Assigning: the group epoch moved on; the assignor computes a new target assignment.';
    case 'reconciling': return 'Reconciling: members revoke what their target no longer holds, then receive what it adds.';
    case 'stable': return 'Stable: every member owns its share of the partitions.';
    case 'empty': return 'Empty: no member; committed offsets are kept.';
    case 'dead': return 'Dead: the group has no members and no offsets.';
    default: return `${state}.`;
  }
}
