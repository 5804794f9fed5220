// Consumer and share groups: summaries, members, lag, KIP-848 assignments, share state, offset resets.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

/** Kafka's group types (ListGroups v5, KIP-848/KIP-932); an older cluster reports none. */
export const GroupType = s.literal('classic', 'consumer', 'share');
export type GroupType = Infer<typeof GroupType>;

export const GroupSummary = s.named('GroupSummary', s.object({
  groupId: s.string(),
  state: s.string(),
  protocolType: s.string(),
  /** Absent when the cluster does not tell (ListGroups before v5). */
  groupType: s.optional(GroupType),
  members: s.int(),
  topics: s.array(s.string()),
  /** Sum of per-partition lag over the committed partitions; null when the offsets could not be read. */
  totalLag: s.nullable(s.int()),
  /** Partitions of the group's topics with no commit and no member: left out of totalLag. */
  uncountedPartitions: s.optional(s.int()),
}));
export type GroupSummary = Infer<typeof GroupSummary>;

export const GroupMemberInfo = s.named('GroupMemberInfo', s.object({
  memberId: s.string(),
  clientId: s.string(),
  host: s.string(),
  assignment: s.array(s.object({ topic: s.string(), partitions: s.array(s.int()) })),
}));
export type GroupMemberInfo = Infer<typeof GroupMemberInfo>;

export const GroupPartitionLag = s.named('GroupPartitionLag', s.object({
  topic: s.string(),
  partition: s.int(),
  /** null: no offset committed yet. */
  committed: s.nullable(s.int()),
  endOffset: s.int(),
  /** endOffset - committed (endOffset - logStart when nothing is committed). */
  lag: s.int(),
  memberId: s.nullable(s.string()),
}));
export type GroupPartitionLag = Infer<typeof GroupPartitionLag>;

const TopicPartitionsList = s.array(s.object({ topic: s.string(), partitions: s.array(s.int()) }));

/** A KIP-848 member as ConsumerGroupDescribe shows it: what it owns, what it will own, and the difference. */
export const ConsumerProtocolMember = s.named('ConsumerProtocolMember', s.object({
  memberId: s.string(),
  instanceId: s.nullable(s.string()),
  clientId: s.string(),
  host: s.string(),
  memberEpoch: s.int(),
  subscribedTopics: s.array(s.string()),
  subscribedTopicRegex: s.nullable(s.string()),
  /** Owned now. */
  assignment: TopicPartitionsList,
  /** What the assignor gave it at the assignment epoch. */
  targetAssignment: TopicPartitionsList,
  /**
   * Owned but no longer in its target: to be revoked. Once the member has been told (its next heartbeat),
   * Kafka's ConsumerGroupDescribe no longer lists them as owned; they then show as `pending` on the next owner.
   */
  revoking: TopicPartitionsList,
  /** In the target but not owned yet: waiting for their previous owner to revoke them. */
  pending: TopicPartitionsList,
}));
export type ConsumerProtocolMember = Infer<typeof ConsumerProtocolMember>;

export const ConsumerProtocolDetail = s.named('ConsumerProtocolDetail', s.object({
  groupEpoch: s.int(),
  assignmentEpoch: s.int(),
  assignor: s.string(),
  members: s.array(ConsumerProtocolMember),
}));
export type ConsumerProtocolDetail = Infer<typeof ConsumerProtocolDetail>;

export const GroupDetail = s.named('GroupDetail', s.object({
  groupId: s.string(),
  state: s.string(),
  protocol: s.string(),
  groupType: s.optional(GroupType),
  /** A consumer-protocol (KIP-848) group's epochs and members; absent for other groups. */
  consumer: s.optional(ConsumerProtocolDetail),
  members: s.array(GroupMemberInfo),
  offsets: s.array(GroupPartitionLag),
  totalLag: s.int(),
  /** Partitions of the group's topics with no commit and no member: left out of totalLag and offsets. */
  uncountedPartitions: s.optional(s.int()),
}));
export type GroupDetail = Infer<typeof GroupDetail>;

/** A share group's partition (KIP-932): its window, the records in flight, and the records archived as dead letters. */
export const SharePartitionState = s.named('SharePartitionState', s.object({
  topic: s.string(),
  partition: s.int(),
  stateEpoch: s.int(),
  /** The share-partition start offset: every record before it is acknowledged or archived. */
  startOffset: s.int(),
  /** One past the last offset ever delivered. */
  endOffset: s.int(),
  inFlight: s.array(s.object({
    offset: s.int(),
    state: s.literal('Available', 'Acquired', 'Acknowledged', 'Archived'),
    deliveryCount: s.int(),
    memberId: s.nullable(s.string()),
    lockDeadlineMs: s.nullable(s.int()),
  })),
  /** Records archived after a reject or after group.share.delivery.count.limit deliveries (newest last). */
  deadLetters: s.array(s.object({ offset: s.int(), deliveryCount: s.int(), reason: s.literal('rejected', 'delivery-limit') })),
  updatedAt: s.int(),
}));
export type SharePartitionState = Infer<typeof SharePartitionState>;

export const OffsetResetMode = s.literal('earliest', 'latest', 'timestamp', 'offset', 'shift');
export type OffsetResetMode = Infer<typeof OffsetResetMode>;

export const ResetOffsetsRequest = s.named('ResetOffsetsRequest', s.object({
  groupId: s.string(),
  /** Topics to reset (default: every topic the group has offsets for). */
  topics: s.optional(s.array(s.string())),
  mode: OffsetResetMode,
  /** timestamp: ms since the epoch; offset: the offset; shift: records to move by (negative = back). */
  value: s.optional(s.number()),
  /** true: only plan, change nothing. */
  dryRun: s.boolean(),
}));
export type ResetOffsetsRequest = Infer<typeof ResetOffsetsRequest>;

export const OffsetResetRow = s.named('OffsetResetRow', s.object({
  topic: s.string(),
  partition: s.int(),
  /** null: nothing committed yet. */
  current: s.nullable(s.int()),
  target: s.int(),
  logStartOffset: s.int(),
  endOffset: s.int(),
}));
export type OffsetResetRow = Infer<typeof OffsetResetRow>;

export const ResetOffsetsResult = s.named('ResetOffsetsResult', s.object({ rows: s.array(OffsetResetRow), applied: s.boolean() }));
export type ResetOffsetsResult = Infer<typeof ResetOffsetsResult>;
