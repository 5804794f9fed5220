// Inputs and results of the group coordinator, derived from the protocol schemas (engine/protocol/messages/),
// so a request handler passes a decoded body in and encodes a result out ({ throttleTimeMs, ...result })
// with no renaming, and a field the schema does not have does not compile.
//
// Inputs are the decoded request bodies with the fields the coordinator cannot do without required and the
// others optional: the decoder gives every field (a field absent in the version holds its default), tests
// and tools may leave out what they do not use. Results are the response bodies without the throttle time.

import type { MessageSpec, MessageValue } from '../../protocol/schema.ts';
import type {
  DeleteGroupsResponse, DescribeGroupsResponse, HeartbeatRequest as HeartbeatRequestSpec, HeartbeatResponse,
  JoinGroupRequest as JoinGroupRequestSpec, JoinGroupResponse, LeaveGroupRequest as LeaveGroupRequestSpec,
  LeaveGroupResponse, ListGroupsResponse, OffsetCommitRequest as OffsetCommitRequestSpec, OffsetCommitResponse,
  OffsetDeleteRequest as OffsetDeleteRequestSpec, OffsetDeleteResponse, OffsetFetchRequest as OffsetFetchRequestSpec,
  OffsetFetchResponse, SyncGroupRequest as SyncGroupRequestSpec, SyncGroupResponse,
} from '../../protocol/messages/index.ts';
import type { Item, RequestContext } from '../handlers/context.ts';

/** Fields K of a decoded struct must be given; the others may be left out. */
type Given<V, K extends keyof V> = Pick<V, K> & Partial<Omit<V, K>>;

/** A coordinator result: the response body without the throttle time (the handler adds it). */
type Result<M extends MessageSpec> = Omit<MessageValue<M>, 'throttleTimeMs'>;

/** What the coordinator knows of the request's sender. */
export type MemberRequestContext = Pick<RequestContext, 'clientId' | 'clientHost' | 'apiVersion'>;

// ---- JoinGroup (11), SyncGroup (14), Heartbeat (12), LeaveGroup (13) -------------------------

export type JoinGroupProtocol = Item<MessageValue<typeof JoinGroupRequestSpec>['protocols']>;
export type JoinGroupRequest = Given<MessageValue<typeof JoinGroupRequestSpec>, 'groupId' | 'sessionTimeoutMs' | 'memberId' | 'protocolType' | 'protocols'>;
export type JoinGroupResult = Result<typeof JoinGroupResponse>;
export type JoinGroupResponseMember = Item<JoinGroupResult['members']>;

export type SyncGroupRequest = Given<MessageValue<typeof SyncGroupRequestSpec>, 'groupId' | 'generationId' | 'memberId' | 'assignments'>;
export type SyncGroupResult = Result<typeof SyncGroupResponse>;

export type HeartbeatRequest = Given<MessageValue<typeof HeartbeatRequestSpec>, 'groupId' | 'generationId' | 'memberId'>;
export type HeartbeatResult = Result<typeof HeartbeatResponse>;

type LeaveGroupBody = MessageValue<typeof LeaveGroupRequestSpec>;
export type LeaveGroupMemberIdentity = Given<Item<LeaveGroupBody['members']>, 'memberId'>;
/** v0-2 carry memberId, v3+ members. */
export type LeaveGroupRequest = Given<Omit<LeaveGroupBody, 'members'>, 'groupId'> & { members?: readonly LeaveGroupMemberIdentity[] };
/** errorCode: v0-2 the one member's error; v3+ group-level errors only, members the per-member results. */
export type LeaveGroupResult = Result<typeof LeaveGroupResponse>;
export type LeaveGroupMemberResult = Item<LeaveGroupResult['members']>;

// ---- OffsetCommit (8), OffsetFetch (9), OffsetDelete (47) -------------------------------------

type OffsetCommitBody = MessageValue<typeof OffsetCommitRequestSpec>;
type OffsetCommitTopic = Item<OffsetCommitBody['topics']>;
export type OffsetCommitRequestPartition = Given<Item<OffsetCommitTopic['partitions']>, 'partitionIndex' | 'committedOffset'>;
export type OffsetCommitRequest = Given<Omit<OffsetCommitBody, 'topics'>, 'groupId'> & {
  topics: readonly (Pick<OffsetCommitTopic, 'name'> & { partitions: readonly OffsetCommitRequestPartition[] })[];
};
export type OffsetCommitResult = Result<typeof OffsetCommitResponse>;

type OffsetFetchBody = MessageValue<typeof OffsetFetchRequestSpec>;
type OffsetFetchGroupBody = Item<OffsetFetchBody['groups']>;
export type OffsetFetchRequestTopic = Item<OffsetFetchBody['topics']>;
/** v0-7: groupId and topics (null = every committed partition, v2+); v8+: groups. */
export type OffsetFetchRequest = Partial<Omit<OffsetFetchBody, 'groups'>> & {
  groups?: readonly Given<OffsetFetchGroupBody, 'groupId' | 'topics'>[];
};
/** v0-7 use topics + errorCode (groups is []); v8+ use groups (topics is []). */
export type OffsetFetchResult = Result<typeof OffsetFetchResponse>;
export type OffsetFetchGroup = Item<OffsetFetchResult['groups']>;
/** A group's topic as v8+ answer it (v10 adds its id); v0-7's topics are the same without the id. */
export type OffsetFetchTopic = Item<OffsetFetchGroup['topics']>;
export type OffsetFetchPartition = Item<OffsetFetchTopic['partitions']>;

export type OffsetDeleteRequest = MessageValue<typeof OffsetDeleteRequestSpec>;
export type OffsetDeleteResult = Result<typeof OffsetDeleteResponse>;

// ---- DescribeGroups (15), ListGroups (16), DeleteGroups (42) ----------------------------------

/** The handler adds authorizedOperations. */
export type DescribedGroup = Omit<Item<MessageValue<typeof DescribeGroupsResponse>['groups']>, 'authorizedOperations'>;
export type DescribedGroupMember = Item<DescribedGroup['members']>;
export type DescribeGroupsResult = { groups: DescribedGroup[] };

export type ListGroupsResult = Result<typeof ListGroupsResponse>;
export type ListedGroup = Item<ListGroupsResult['groups']>;

export type DeleteGroupsResult = Result<typeof DeleteGroupsResponse>;
