// The durable form of a consumer group: plain JSON the catalog can store and a new coordinator can load
// after a failover (Kafka keeps the same facts as records in __consumer_offsets: group metadata, member
// metadata, target assignment, current member assignment).
//
// Format (version 1): { version, groupId, groupEpoch, assignmentEpoch, assignorName, members: [member with
// assignments as { topicId: [partitions] }], targetAssignment: { memberId: { topicId: [partitions] } },
// subscribedTopics: { name: { id, partitions } } }.
// Recovery policy: deadlines are not stored; a loaded member gets a fresh session (now + session timeout),
// as Kafka does after a coordinator change. A member state this version does not know loads as UNKNOWN
// (the member is fenced on its next heartbeat). A snapshot of another version, or not an object, is
// refused with an error naming what is wrong; nothing is half-loaded.

import { type Assignment, assignmentOf, toRecord } from './assignment.ts';
import { ConsumerGroup } from './consumer-group.ts';
import { type ConsumerGroupMember, MemberState } from './member.ts';

export const CONSUMER_GROUP_SNAPSHOT_VERSION = 1;

type AssignmentJson = Record<string, number[]>;

export interface ConsumerGroupMemberJson extends Omit<ConsumerGroupMember, 'assignedPartitions' | 'partitionsPendingRevocation' | 'subscribedTopicNames'> {
  subscribedTopicNames: string[];
  assignedPartitions: AssignmentJson;
  partitionsPendingRevocation: AssignmentJson;
}

export interface ConsumerGroupSnapshot {
  version: number;
  groupId: string;
  groupEpoch: number;
  assignmentEpoch: number;
  assignorName: string;
  members: ConsumerGroupMemberJson[];
  targetAssignment: Record<string, AssignmentJson>;
  subscribedTopics: Record<string, { id: string; partitions: number }>;
}

export function snapshotConsumerGroup(g: ConsumerGroup): ConsumerGroupSnapshot {
  return {
    version: CONSUMER_GROUP_SNAPSHOT_VERSION,
    groupId: g.groupId,
    groupEpoch: g.groupEpoch,
    assignmentEpoch: g.assignmentEpoch,
    assignorName: g.assignorName,
    members: [...g.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1)).map((m) => ({
      ...m,
      subscribedTopicNames: [...m.subscribedTopicNames],
      assignedPartitions: toRecord(m.assignedPartitions),
      partitionsPendingRevocation: toRecord(m.partitionsPendingRevocation),
    })),
    targetAssignment: Object.fromEntries([...g.targetAssignment].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, a]) => [id, toRecord(a)])),
    subscribedTopics: Object.fromEntries([...g.subscribedTopics].map(([n, t]) => [n, { id: t.id, partitions: t.partitions }])),
  };
}

export function loadConsumerGroup(json: unknown, nowMs: number, sessionTimeoutMs: number): ConsumerGroup {
  const s = json as Partial<ConsumerGroupSnapshot> | null;
  if (s === null || typeof s !== 'object') throw new Error('consumer group snapshot: not an object');
  if (s.version !== CONSUMER_GROUP_SNAPSHOT_VERSION) throw new Error(`consumer group snapshot: unsupported version ${String(s.version)}`);
  if (typeof s.groupId !== 'string' || !Array.isArray(s.members) || typeof s.targetAssignment !== 'object' || s.targetAssignment === null) {
    throw new Error('consumer group snapshot: groupId, members and targetAssignment are required');
  }
  const g = new ConsumerGroup(s.groupId);
  g.groupEpoch = num(s.groupEpoch, 'groupEpoch');
  g.assignmentEpoch = num(s.assignmentEpoch, 'assignmentEpoch');
  g.assignorName = typeof s.assignorName === 'string' ? s.assignorName : '';
  const known = new Set<string>(Object.values(MemberState));
  for (const m of s.members) {
    if (typeof m?.memberId !== 'string') throw new Error('consumer group snapshot: a member has no memberId');
    g.putMember({
      ...m,
      state: known.has(m.state) ? m.state : MemberState.UNKNOWN,
      subscribedTopicNames: [...(m.subscribedTopicNames ?? [])],
      assignedPartitions: assignmentOf(m.assignedPartitions ?? {}),
      partitionsPendingRevocation: assignmentOf(m.partitionsPendingRevocation ?? {}),
    });
    g.deadlines.set(m.memberId, { sessionDeadlineMs: nowMs + sessionTimeoutMs, rebalanceDeadlineMs: null, rebalanceEpoch: m.memberEpoch });
  }
  for (const [id, a] of Object.entries(s.targetAssignment)) g.targetAssignment.set(id, assignmentOf(a) as Assignment);
  g.subscribedTopics = new Map(Object.entries(s.subscribedTopics ?? {}));
  return g;
}

function num(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new Error(`consumer group snapshot: ${name} must be an integer`);
  return v;
}
