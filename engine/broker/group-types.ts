// Inputs and results of the group coordinator. Field names are those of the decoded Kafka messages
// (engine/protocol/messages/*.ts, Kafka's JSON names in camelCase), so a request handler passes a decoded
// body in and encodes a result out ({ throttleTimeMs, ...result }) with no renaming. Inputs accept
// both what the decoder produces (every field present) and hand-written objects (optional fields).

import type { Int64 } from '../protocol/reader.ts';

export interface RequestContext {
  clientId: string;
  clientHost: string;
  apiVersion: number;
}

// ---- JoinGroup (11) ------------------------------------------------------------------------

export interface JoinGroupProtocol {
  name: string;
  metadata: Uint8Array;
}

export interface JoinGroupRequest {
  groupId: string;
  sessionTimeoutMs: number;
  /** v1+; v0 (or -1) means "the session timeout", as Kafka does. */
  rebalanceTimeoutMs?: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType: string;
  protocols: readonly JoinGroupProtocol[];
  reason?: string | null;
}

export interface JoinGroupResponseMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  /** null on errors (v7+ nullable). */
  protocolType: string | null;
  /** null on errors for v7+; '' for v0-6, where the field is not nullable. */
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  /** Every member's metadata for the chosen protocol, for the leader only. */
  members: JoinGroupResponseMember[];
}

// ---- SyncGroup (14) ------------------------------------------------------------------------

export interface SyncGroupRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType?: string | null;
  protocolName?: string | null;
  assignments: readonly { memberId: string; assignment: Uint8Array }[];
}

export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Buffer;
}

// ---- Heartbeat (12) ------------------------------------------------------------------------

export interface HeartbeatRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

export interface HeartbeatResult {
  errorCode: number;
}

// ---- LeaveGroup (13) -----------------------------------------------------------------------

export interface LeaveGroupMemberIdentity {
  memberId: string;
  groupInstanceId?: string | null;
  reason?: string | null;
}

export interface LeaveGroupRequest {
  groupId: string;
  /** v0-2. */
  memberId?: string;
  /** v3+. */
  members?: readonly LeaveGroupMemberIdentity[];
}

export interface LeaveGroupMemberResult {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
}

export interface LeaveGroupResult {
  /** v0-2: the first member error (there is one member); v3+: only group-level errors. */
  errorCode: number;
  /** v3+ per-member results ([] for v0-2). */
  members: LeaveGroupMemberResult[];
}

// ---- OffsetCommit (8) ----------------------------------------------------------------------

export interface OffsetCommitRequestPartition {
  partitionIndex: number;
  committedOffset: Int64;
  committedLeaderEpoch?: number;
  committedMetadata?: string | null;
}

export interface OffsetCommitRequest {
  groupId: string;
  generationIdOrMemberEpoch?: number;
  memberId?: string;
  groupInstanceId?: string | null;
  /** v2-4; -1 = the broker default (no expiry here). */
  retentionTimeMs?: Int64;
  topics: readonly { name: string; partitions: readonly OffsetCommitRequestPartition[] }[];
}

export interface OffsetCommitResult {
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}

// ---- OffsetFetch (9) -----------------------------------------------------------------------

export interface OffsetFetchRequestTopic {
  name: string;
  partitionIndexes: readonly number[];
}

export interface OffsetFetchRequest {
  /** v0-7. */
  groupId?: string;
  /** v0-7; null = every partition with a committed offset (v2+). */
  topics?: readonly OffsetFetchRequestTopic[] | null;
  /** v8+. */
  groups?: readonly { groupId: string; topics: readonly OffsetFetchRequestTopic[] | null }[];
  /** Ignored: there are no transactional offset commits here. */
  requireStable?: boolean;
}

export interface OffsetFetchPartition {
  partitionIndex: number;
  committedOffset: number;
  committedLeaderEpoch: number;
  metadata: string | null;
  errorCode: number;
}

export interface OffsetFetchTopic {
  name: string;
  partitions: OffsetFetchPartition[];
}

export interface OffsetFetchGroup {
  groupId: string;
  topics: OffsetFetchTopic[];
  errorCode: number;
}

/** v0-7 use topics + errorCode (groups is []); v8+ use groups (topics is []). */
export interface OffsetFetchResult {
  topics: OffsetFetchTopic[];
  errorCode: number;
  groups: OffsetFetchGroup[];
}

// ---- DescribeGroups (15), ListGroups (16), DeleteGroups (42), OffsetDelete (47) -----------

export interface DescribedGroupMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroup {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  /** The selected protocol name (e.g. "range") when Stable, else ''. */
  protocolData: string;
  members: DescribedGroupMember[];
}

export interface DescribeGroupsResult {
  groups: DescribedGroup[];
}

export interface ListedGroup {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

export interface ListGroupsResult {
  errorCode: number;
  groups: ListedGroup[];
}

export interface DeleteGroupsResult {
  results: { groupId: string; errorCode: number }[];
}

export interface OffsetDeleteRequest {
  groupId: string;
  topics: readonly { name: string; partitions: readonly { partitionIndex: number }[] }[];
}

export interface OffsetDeleteResult {
  errorCode: number;
  topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[];
}
