// A KIP-932 share group and its heartbeat (Kafka's ShareGroup and the share part of GroupMetadataManager).
// Members subscribe by topic name; the `simple` assignor computes the target; there is no revocation
// protocol (records, not partitions, are what members hold), so on its next heartbeat a member takes its
// target and the assignment epoch at once. The group epoch bumps when members join or leave, change their
// subscription, or a subscribed topic appears, disappears or grows.
//
// Heartbeat errors, as Kafka's: INVALID_REQUEST, UNKNOWN_MEMBER_ID, FENCED_MEMBER_EPOCH,
// GROUP_MAX_SIZE_REACHED. States: Empty, Stable (Dead is the coordinator's business). A member's epoch
// must be exactly the one it was last given.

import { type ErrorName, ErrorCode, KafkaError } from '../../../protocol/error-codes.ts';
import { type Assignment, type TopicPartitions, EMPTY_ASSIGNMENT, assignmentOf, equal, toRecord, toTopicPartitions } from '../consumer/assignment.ts';
import type { MemberSpec } from '../consumer/assignor.ts';
import { type TopicsByName, resolveSubscription } from '../consumer/subscription.ts';
import { simpleAssignor } from './simple-assignor.ts';

export interface ShareGroupConfig {
  /** group.share.heartbeat.interval.ms */
  readonly heartbeatIntervalMs: number;
  /** group.share.session.timeout.ms */
  readonly sessionTimeoutMs: number;
  /** group.share.max.size */
  readonly maxSize: number;
}

export const DEFAULT_SHARE_GROUP_CONFIG: ShareGroupConfig = { heartbeatIntervalMs: 5000, sessionTimeoutMs: 45000, maxSize: 200 };

export interface ShareGroupMember {
  readonly memberId: string;
  readonly rackId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly memberEpoch: number;
  readonly subscribedTopicNames: readonly string[];
  readonly assignment: Assignment;
}

export interface ShareHeartbeatRequest {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  rackId?: string | null;
  subscribedTopicNames?: readonly string[] | null;
}

export interface ShareHeartbeatResponse {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: { topicPartitions: TopicPartitions[] } | null;
}

export class ShareGroup {
  groupEpoch = 0;
  assignmentEpoch = 0;
  readonly members = new Map<string, ShareGroupMember>();
  readonly sessionDeadlines = new Map<string, number>();
  /** What each member should hold at the assignment epoch; a member takes it on its next heartbeat. */
  readonly targetAssignment = new Map<string, Assignment>();
  /** Subscribed topic name -> "id/partitions", to notice metadata changes. */
  private subscribed = new Map<string, string>();

  constructor(readonly groupId: string) {}

  state(): 'Empty' | 'Stable' {
    return this.members.size === 0 ? 'Empty' : 'Stable';
  }

  /** The members sharing a partition (the share-partition view of the UI). */
  membersOf(topicId: string, partition: number): string[] {
    return [...this.members.values()].filter((m) => m.assignment.get(topicId)?.has(partition)).map((m) => m.memberId).sort();
  }

  heartbeat(req: ShareHeartbeatRequest, ctx: { nowMs: number; topics: TopicsByName; clientId?: string; clientHost?: string }, config = DEFAULT_SHARE_GROUP_CONFIG): ShareHeartbeatResponse {
    try {
      return this.doHeartbeat(req, ctx, config);
    } catch (e) {
      if (!(e instanceof KafkaError)) throw e;
      return { errorCode: e.code, errorMessage: e.message, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
    }
  }

  private doHeartbeat(req: ShareHeartbeatRequest, ctx: { nowMs: number; topics: TopicsByName; clientId?: string; clientHost?: string }, config: ShareGroupConfig): ShareHeartbeatResponse {
    if (req.groupId === '') fail('INVALID_REQUEST', 'GroupId can\'t be empty.');
    if (req.memberId === '') fail('INVALID_REQUEST', 'MemberId can\'t be empty.');
    if (req.rackId === '') fail('INVALID_REQUEST', 'RackId can\'t be empty.');
    if (req.memberEpoch < -1) fail('INVALID_REQUEST', `MemberEpoch ${req.memberEpoch} is invalid.`);
    if (req.memberEpoch === 0 && (req.subscribedTopicNames == null || req.subscribedTopicNames.length === 0)) {
      fail('INVALID_REQUEST', 'SubscribedTopicNames must be set in first request.');
    }
    const existing = this.members.get(req.memberId);
    if (req.memberEpoch === -1) {
      if (existing === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${this.groupId}.`);
      this.removeMember(req.memberId, ctx.topics);
      return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: req.memberId, memberEpoch: -1, heartbeatIntervalMs: 0, assignment: null };
    }
    let bump = false;
    let member: ShareGroupMember;
    if (existing === undefined) {
      if (req.memberEpoch !== 0) fail('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${this.groupId}.`);
      if (this.members.size >= config.maxSize) fail('GROUP_MAX_SIZE_REACHED', `The share group has reached its maximum capacity of ${config.maxSize} members.`);
      member = { memberId: req.memberId, rackId: null, clientId: '', clientHost: '', memberEpoch: 0, subscribedTopicNames: [], assignment: EMPTY_ASSIGNMENT };
      bump = true;
    } else {
      if (req.memberEpoch !== 0 && req.memberEpoch !== existing.memberEpoch) {
        fail('FENCED_MEMBER_EPOCH', `The share group member has epoch ${req.memberEpoch}; the coordinator knows ${existing.memberEpoch}.`);
      }
      member = existing;
    }
    const names = req.subscribedTopicNames ?? member.subscribedTopicNames;
    if (names.length !== member.subscribedTopicNames.length || [...names].sort().some((n, i) => n !== [...member.subscribedTopicNames].sort()[i])) bump = true;
    member = { ...member, subscribedTopicNames: [...names], rackId: req.rackId ?? member.rackId, clientId: ctx.clientId ?? member.clientId, clientHost: ctx.clientHost ?? member.clientHost };
    this.members.set(member.memberId, member);
    if (this.refreshSubscribed(ctx.topics)) bump = true;
    if (bump) this.groupEpoch++;
    this.maybeAssign(ctx.topics);
    this.sessionDeadlines.set(member.memberId, ctx.nowMs + config.sessionTimeoutMs);
    // No revocation step in share groups: the member moves to the target at once.
    const after = { ...member, memberEpoch: this.assignmentEpoch, assignment: this.targetAssignment.get(member.memberId) ?? EMPTY_ASSIGNMENT };
    this.members.set(after.memberId, after);

    const changed = req.memberEpoch === 0 || existing === undefined || !equal(after.assignment, existing.assignment) || after.memberEpoch !== existing.memberEpoch;
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: after.memberId,
      memberEpoch: after.memberEpoch,
      heartbeatIntervalMs: config.heartbeatIntervalMs,
      assignment: changed ? { topicPartitions: toTopicPartitions(after.assignment) } : null,
    };
  }

  /** Members silent for longer than group.share.session.timeout.ms leave the group. */
  expireMembers(nowMs: number, topics: TopicsByName): string[] {
    const gone = [...this.sessionDeadlines].filter(([, d]) => nowMs >= d).map(([id]) => id).sort();
    for (const id of gone) this.removeMember(id, topics);
    return gone;
  }

  private removeMember(memberId: string, topics: TopicsByName): void {
    this.members.delete(memberId);
    this.sessionDeadlines.delete(memberId);
    this.targetAssignment.delete(memberId);
    this.groupEpoch++;
    this.refreshSubscribed(topics);
    this.maybeAssign(topics);
  }

  private refreshSubscribed(topics: TopicsByName): boolean {
    const next = new Map<string, string>();
    for (const m of this.members.values()) for (const n of m.subscribedTopicNames) {
      const t = topics.get(n);
      if (t !== undefined) next.set(n, `${t.id}/${t.partitions}`);
    }
    const changed = next.size !== this.subscribed.size || [...next].some(([n, v]) => this.subscribed.get(n) !== v);
    this.subscribed = next;
    return changed;
  }

  private maybeAssign(topics: TopicsByName): void {
    if (this.groupEpoch <= this.assignmentEpoch) return;
    const specs = new Map<string, MemberSpec>([...this.members.values()].map((m) => [m.memberId, {
      instanceId: null, rackId: m.rackId, subscribedTopicIds: resolveSubscription(m.subscribedTopicNames, null, topics), assignment: m.assignment,
    }]));
    const counts = new Map([...topics.values()].map((t) => [t.id, t.partitions]));
    const target = simpleAssignor.assign({ members: specs }, (id) => counts.get(id) ?? -1);
    this.assignmentEpoch = this.groupEpoch;
    this.targetAssignment.clear();
    for (const id of this.members.keys()) this.targetAssignment.set(id, target.get(id) ?? EMPTY_ASSIGNMENT);
  }

  // ---- durable form: { version: 1, groupId, groupEpoch, assignmentEpoch, members, targetAssignment } ----
  // Deadlines are not stored: loaded members get a fresh session, as after a coordinator failover.

  snapshot(): ShareGroupSnapshot {
    return {
      version: 1,
      groupId: this.groupId,
      groupEpoch: this.groupEpoch,
      assignmentEpoch: this.assignmentEpoch,
      members: [...this.members.values()].sort((a, b) => (a.memberId < b.memberId ? -1 : 1)).map((m) => ({ ...m, subscribedTopicNames: [...m.subscribedTopicNames], assignment: toRecord(m.assignment) })),
      targetAssignment: Object.fromEntries([...this.targetAssignment].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, a]) => [id, toRecord(a)])),
    };
  }

  static load(json: unknown, nowMs: number, topics: TopicsByName, config = DEFAULT_SHARE_GROUP_CONFIG): ShareGroup {
    const s = json as Partial<ShareGroupSnapshot> | null;
    if (s === null || typeof s !== 'object' || s.version !== 1 || typeof s.groupId !== 'string' || !Array.isArray(s.members)) {
      throw new Error('share group snapshot: expected { version: 1, groupId, members }');
    }
    const g = new ShareGroup(s.groupId);
    g.groupEpoch = s.groupEpoch ?? 0;
    g.assignmentEpoch = s.assignmentEpoch ?? 0;
    for (const m of s.members) {
      if (typeof m?.memberId !== 'string') throw new Error('share group snapshot: a member has no memberId');
      g.members.set(m.memberId, { ...m, assignment: assignmentOf(m.assignment ?? {}) });
      g.sessionDeadlines.set(m.memberId, nowMs + config.sessionTimeoutMs);
    }
    for (const [id, a] of Object.entries(s.targetAssignment ?? {})) g.targetAssignment.set(id, assignmentOf(a));
    g.refreshSubscribed(topics);
    return g;
  }
}

export interface ShareGroupSnapshot {
  version: 1;
  groupId: string;
  groupEpoch: number;
  assignmentEpoch: number;
  members: (Omit<ShareGroupMember, 'assignment' | 'subscribedTopicNames'> & { subscribedTopicNames: string[]; assignment: Record<string, number[]> })[];
  targetAssignment: Record<string, Record<string, number[]>>;
}

function fail(name: ErrorName, message: string): never {
  throw new KafkaError(name, message);
}
