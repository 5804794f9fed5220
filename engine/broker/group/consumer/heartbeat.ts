// ConsumerGroupHeartbeat (KIP-848) as one transport-free function: a decoded request, the group, the
// topics and the time in; the response and the group's new state out. Errors are Kafka's:
// INVALID_REQUEST, INVALID_REGULAR_EXPRESSION, UNSUPPORTED_ASSIGNOR, UNKNOWN_MEMBER_ID,
// FENCED_MEMBER_EPOCH, UNRELEASED_INSTANCE_ID, FENCED_INSTANCE_ID, GROUP_MAX_SIZE_REACHED.
//
// The order of a heartbeat, as in Kafka's GroupMetadataManager: validate; find, create or take over (a
// static member) the member; check its epoch; apply what changed in its subscription; bump the group
// epoch when members, subscriptions or subscribed topics changed; recompute the target if it is behind;
// reconcile this member towards its target; reset its session deadline and (while it has partitions to
// revoke) its rebalance deadline.

import { type ErrorName, ErrorCode, KafkaError } from '../../../protocol/error-codes.ts';
import { type TopicPartitions, equal, has, toTopicPartitions } from './assignment.ts';
import type { PartitionAssignor } from './assignor.ts';
import type { ConsumerGroup } from './consumer-group.ts';
import { reconcile } from './current-assignment-builder.ts';
import { type ConsumerGroupMember, LEAVE_GROUP_MEMBER_EPOCH, LEAVE_GROUP_STATIC_MEMBER_EPOCH, MemberState, newMember, sameSubscription } from './member.ts';
import { rangeAssignor } from './range-assignor.ts';
import { type TopicsByName, compileSubscriptionRegex } from './subscription.ts';
import { uniformAssignor } from './uniform-assignor.ts';

/** Kafka's broker configs for consumer groups, with Kafka's defaults. */
export interface ConsumerGroupConfig {
  /** group.consumer.heartbeat.interval.ms */
  readonly heartbeatIntervalMs: number;
  /** group.consumer.session.timeout.ms */
  readonly sessionTimeoutMs: number;
  /** group.consumer.max.size */
  readonly maxSize: number;
  /** group.consumer.assignors: the first is the default. */
  readonly assignors: readonly PartitionAssignor[];
}

export const DEFAULT_CONSUMER_GROUP_CONFIG: ConsumerGroupConfig = {
  heartbeatIntervalMs: 5000,
  sessionTimeoutMs: 45000,
  maxSize: 0x7fffffff,
  assignors: [uniformAssignor, rangeAssignor],
};

export interface ConsumerHeartbeatRequest {
  groupId: string;
  memberId: string;
  memberEpoch: number;
  instanceId?: string | null;
  rackId?: string | null;
  rebalanceTimeoutMs?: number;
  subscribedTopicNames?: readonly string[] | null;
  subscribedTopicRegex?: string | null;
  serverAssignor?: string | null;
  topicPartitions?: readonly TopicPartitions[] | null;
}

export interface ConsumerHeartbeatResponse {
  errorCode: number;
  errorMessage: string | null;
  memberId: string | null;
  memberEpoch: number;
  heartbeatIntervalMs: number;
  assignment: { topicPartitions: TopicPartitions[] } | null;
}

export interface HeartbeatContext {
  readonly nowMs: number;
  readonly topics: TopicsByName;
  readonly clientId?: string;
  readonly clientHost?: string;
}

export function consumerGroupHeartbeat(
  group: ConsumerGroup,
  req: ConsumerHeartbeatRequest,
  ctx: HeartbeatContext,
  config: ConsumerGroupConfig = DEFAULT_CONSUMER_GROUP_CONFIG,
): ConsumerHeartbeatResponse {
  try {
    validate(req, config);
    if (req.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      return leave(group, req, ctx, config);
    }
    return join(group, req, ctx, config);
  } catch (e) {
    if (!(e instanceof KafkaError)) throw e;
    return { errorCode: e.code, errorMessage: e.message, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
  }
}

function fail(name: ErrorName, message: string): never {
  throw new KafkaError(name, message);
}

function validate(req: ConsumerHeartbeatRequest, config: ConsumerGroupConfig): void {
  if (req.groupId === '') fail('INVALID_REQUEST', 'GroupId can\'t be empty.');
  if (req.memberId === '') fail('INVALID_REQUEST', 'MemberId can\'t be empty.');
  if (req.instanceId === '') fail('INVALID_REQUEST', 'InstanceId can\'t be empty.');
  if (req.rackId === '') fail('INVALID_REQUEST', 'RackId can\'t be empty.');
  if (req.memberEpoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) fail('INVALID_REQUEST', `MemberEpoch ${req.memberEpoch} is invalid.`);
  if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH && (req.instanceId ?? null) === null) {
    fail('INVALID_REQUEST', 'InstanceId can\'t be null when MemberEpoch is -2.');
  }
  if (req.memberEpoch === 0) {
    if ((req.rebalanceTimeoutMs ?? -1) === -1) fail('INVALID_REQUEST', 'RebalanceTimeoutMs must be provided in first request.');
    if (req.topicPartitions == null || req.topicPartitions.length > 0) fail('INVALID_REQUEST', 'TopicPartitions must be empty when (re-)joining.');
    if (req.subscribedTopicNames == null && req.subscribedTopicRegex == null) {
      fail('INVALID_REQUEST', 'SubscribedTopicNames or SubscribedTopicRegex must be set in first request.');
    }
  }
  if (req.subscribedTopicRegex != null && req.subscribedTopicRegex !== '') compileSubscriptionRegex(req.subscribedTopicRegex);
  if (req.serverAssignor != null && !config.assignors.some((a) => a.name === req.serverAssignor)) {
    fail('UNSUPPORTED_ASSIGNOR', `ServerAssignor ${req.serverAssignor} is not supported. Supported assignors: ${config.assignors.map((a) => a.name).join(', ')}.`);
  }
}

function leave(group: ConsumerGroup, req: ConsumerHeartbeatRequest, ctx: HeartbeatContext, config: ConsumerGroupConfig): ConsumerHeartbeatResponse {
  const instanceId = req.instanceId ?? null;
  let member: ConsumerGroupMember | undefined;
  if (instanceId !== null) {
    const holder = group.staticMembers.get(instanceId);
    if (holder === undefined) fail('UNKNOWN_MEMBER_ID', `Instance id ${instanceId} is unknown.`);
    if (holder !== req.memberId) fail('FENCED_INSTANCE_ID', `Instance id ${instanceId} is in use by another member.`);
    member = group.members.get(holder);
  } else {
    member = group.members.get(req.memberId);
  }
  if (member === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${group.groupId}.`);

  if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
    // A static member going away for a while (a restart): it keeps its partitions and target, so the
    // instance that comes back takes them over without a rebalance. The session timeout still applies.
    group.putMember({ ...member, previousMemberEpoch: member.memberEpoch, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH });
  } else {
    group.removeMember(member.memberId);
    group.groupEpoch++;
    group.refreshSubscribedTopics(ctx.topics);
    group.maybeComputeTargetAssignment(ctx.topics, chooseAssignor(group, config));
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: req.memberId, memberEpoch: req.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
}

function join(group: ConsumerGroup, req: ConsumerHeartbeatRequest, ctx: HeartbeatContext, config: ConsumerGroupConfig): ConsumerHeartbeatResponse {
  const instanceId = req.instanceId ?? null;
  const owned = req.topicPartitions ?? null;
  let member = group.members.get(req.memberId);
  let bump = false;

  if (req.memberEpoch === 0) {
    const holder = instanceId === null ? undefined : group.staticMembers.get(instanceId);
    if (holder !== undefined && holder !== req.memberId) {
      const previous = group.members.get(holder)!;
      if (previous.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
        fail('UNRELEASED_INSTANCE_ID', `Static member ${holder} with instance id ${instanceId} is not released yet.`);
      }
      // The new incarnation takes the old one's place: its partitions, target and epoch.
      const target = group.targetOf(holder);
      group.removeMember(holder);
      member = { ...previous, memberId: req.memberId, memberEpoch: previous.previousMemberEpoch };
      group.targetAssignment.set(req.memberId, target);
    } else if (member === undefined) {
      if (group.members.size >= config.maxSize) fail('GROUP_MAX_SIZE_REACHED', `The consumer group has reached its maximum capacity of ${config.maxSize} members.`);
      member = newMember(req.memberId, { instanceId });
      bump = true;
    } else {
      // A known member rejoining from scratch: it owns nothing any more, so it gets its target afresh.
      member = { ...member, memberEpoch: 0, previousMemberEpoch: 0, state: MemberState.STABLE, assignedPartitions: new Map(), partitionsPendingRevocation: new Map() };
    }
  } else {
    if (member === undefined) fail('UNKNOWN_MEMBER_ID', `Member ${req.memberId} is not a member of group ${group.groupId}.`);
    if (instanceId !== null && member.instanceId !== instanceId) fail('FENCED_INSTANCE_ID', `Member ${req.memberId} does not hold instance id ${instanceId}.`);
    checkMemberEpoch(member, req.memberEpoch, owned);
  }

  const updated: ConsumerGroupMember = {
    ...member,
    instanceId: instanceId ?? member.instanceId,
    rackId: req.rackId ?? member.rackId,
    clientId: ctx.clientId ?? member.clientId,
    clientHost: ctx.clientHost ?? member.clientHost,
    rebalanceTimeoutMs: req.rebalanceTimeoutMs !== undefined && req.rebalanceTimeoutMs !== -1 ? req.rebalanceTimeoutMs : member.rebalanceTimeoutMs,
    subscribedTopicNames: req.subscribedTopicNames ?? member.subscribedTopicNames,
    subscribedTopicRegex: req.subscribedTopicRegex ?? member.subscribedTopicRegex,
    serverAssignor: req.serverAssignor ?? member.serverAssignor,
  };
  if (!sameSubscription(updated, member) || updated.serverAssignor !== member.serverAssignor) bump = true;
  group.putMember(updated);
  if (group.refreshSubscribedTopics(ctx.topics)) bump = true;
  if (bump) group.groupEpoch++;
  group.maybeComputeTargetAssignment(ctx.topics, chooseAssignor(group, config));

  const before = group.members.get(req.memberId)!;
  const after = reconcile({
    member: before,
    targetAssignmentEpoch: group.assignmentEpoch,
    targetAssignment: group.targetOf(req.memberId),
    currentPartitionEpoch: (t, p) => (has(before.assignedPartitions, t, p) ? -1 : group.currentPartitionEpoch(t, p)),
    ownedTopicPartitions: owned,
  });
  group.putMember(after);
  scheduleDeadlines(group, after, ctx.nowMs, config);

  const full = req.rebalanceTimeoutMs !== undefined && req.rebalanceTimeoutMs !== -1
    && (req.subscribedTopicNames != null || req.subscribedTopicRegex != null) && owned !== null;
  const changed = req.memberEpoch === 0 || after.memberEpoch !== member.memberEpoch || !equal(after.assignedPartitions, member.assignedPartitions);
  return {
    errorCode: ErrorCode.NONE,
    errorMessage: null,
    memberId: after.memberId,
    memberEpoch: after.memberEpoch,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    assignment: changed || full ? { topicPartitions: toTopicPartitions(after.assignedPartitions) } : null,
  };
}

/**
 * A member may be one epoch behind only if the response that moved it on was lost and what it reports
 * owning is still a subset of what it has; anything else is fenced.
 */
function checkMemberEpoch(member: ConsumerGroupMember, received: number, owned: readonly TopicPartitions[] | null): void {
  if (received > member.memberEpoch) {
    fail('FENCED_MEMBER_EPOCH', `The consumer group member has a greater member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}).`);
  }
  if (received < member.memberEpoch) {
    const subset = owned !== null && owned.every((tp) => tp.partitions.every((p) => has(member.assignedPartitions, tp.topicId, p)));
    if (received !== member.previousMemberEpoch || !subset) {
      fail('FENCED_MEMBER_EPOCH', `The consumer group member has a smaller member epoch (${received}) than the one known by the group coordinator (${member.memberEpoch}).`);
    }
  }
}

/** The assignor most members ask for, else the first configured one (group.consumer.assignors). */
export function chooseAssignor(group: ConsumerGroup, config: ConsumerGroupConfig): PartitionAssignor {
  const votes = new Map<string, number>();
  for (const m of group.members.values()) if (m.serverAssignor !== null) votes.set(m.serverAssignor, (votes.get(m.serverAssignor) ?? 0) + 1);
  let best: string | null = null;
  for (const [name, n] of votes) if (best === null || n > votes.get(best)! || (n === votes.get(best)! && name < best)) best = name;
  return config.assignors.find((a) => a.name === best) ?? config.assignors[0];
}

function scheduleDeadlines(group: ConsumerGroup, m: ConsumerGroupMember, nowMs: number, config: ConsumerGroupConfig): void {
  const previous = group.deadlines.get(m.memberId);
  const revoking = m.state === MemberState.UNREVOKED_PARTITIONS;
  // The rebalance deadline starts when revocation is first asked for at an epoch and is kept until done.
  const keep = revoking && previous?.rebalanceDeadlineMs != null && previous.rebalanceEpoch === m.memberEpoch;
  group.deadlines.set(m.memberId, {
    sessionDeadlineMs: nowMs + config.sessionTimeoutMs,
    rebalanceDeadlineMs: keep ? previous!.rebalanceDeadlineMs : revoking ? nowMs + Math.max(0, m.rebalanceTimeoutMs) : null,
    rebalanceEpoch: m.memberEpoch,
  });
}

export interface ExpiredMember {
  readonly memberId: string;
  readonly reason: 'session' | 'rebalance';
}

/**
 * Fences the members whose session ended (no heartbeat in group.consumer.session.timeout.ms) or who did
 * not revoke within their rebalance timeout; the group epoch moves on and the target is recomputed.
 */
export function expireMembers(
  group: ConsumerGroup,
  ctx: Pick<HeartbeatContext, 'nowMs' | 'topics'>,
  config: ConsumerGroupConfig = DEFAULT_CONSUMER_GROUP_CONFIG,
): ExpiredMember[] {
  const expired: ExpiredMember[] = [];
  for (const [memberId, d] of group.deadlines) {
    if (ctx.nowMs >= d.sessionDeadlineMs) expired.push({ memberId, reason: 'session' });
    else if (d.rebalanceDeadlineMs !== null && ctx.nowMs >= d.rebalanceDeadlineMs) {
      const m = group.members.get(memberId);
      if (m?.state === MemberState.UNREVOKED_PARTITIONS && m.memberEpoch === d.rebalanceEpoch) expired.push({ memberId, reason: 'rebalance' });
    }
  }
  if (expired.length === 0) return expired;
  for (const e of expired) group.removeMember(e.memberId);
  group.groupEpoch++;
  group.refreshSubscribedTopics(ctx.topics);
  group.maybeComputeTargetAssignment(ctx.topics, chooseAssignor(group, config));
  return expired;
}

/** When the next expiry check is due (the earliest deadline), or null with no members. */
export function nextDeadline(group: ConsumerGroup): number | null {
  let next: number | null = null;
  for (const d of group.deadlines.values()) {
    for (const t of [d.sessionDeadlineMs, d.rebalanceDeadlineMs]) if (t !== null && (next === null || t < next)) next = t;
  }
  return next;
}
