// The registry of every API we declare: api key -> request and response schemas, and every
// message spec re-exported by name (so handlers can write MessageValue<typeof ProduceRequest>).

import { parseVersions } from '../schema.ts';
import type { MessageSpec } from '../schema.ts';
import { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from './add-offsets-to-txn.ts';
import { AddPartitionsToTxnRequest, AddPartitionsToTxnResponse } from './add-partitions-to-txn.ts';
import { AlterConfigsRequest, AlterConfigsResponse } from './alter-configs.ts';
import { AlterShareGroupOffsetsRequest, AlterShareGroupOffsetsResponse } from './alter-share-group-offsets.ts';
import { ApiVersionsRequest, ApiVersionsResponse } from './api-versions.ts';
import { ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse } from './consumer-group-describe.ts';
import { ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse } from './consumer-group-heartbeat.ts';
import { CreateAclsRequest, CreateAclsResponse } from './create-acls.ts';
import { CreatePartitionsRequest, CreatePartitionsResponse } from './create-partitions.ts';
import { CreateTopicsRequest, CreateTopicsResponse } from './create-topics.ts';
import { DeleteAclsRequest, DeleteAclsResponse } from './delete-acls.ts';
import { DeleteGroupsRequest, DeleteGroupsResponse } from './delete-groups.ts';
import { DeleteRecordsRequest, DeleteRecordsResponse } from './delete-records.ts';
import { DeleteShareGroupOffsetsRequest, DeleteShareGroupOffsetsResponse } from './delete-share-group-offsets.ts';
import { DeleteTopicsRequest, DeleteTopicsResponse } from './delete-topics.ts';
import { DescribeAclsRequest, DescribeAclsResponse } from './describe-acls.ts';
import { DescribeClusterRequest, DescribeClusterResponse } from './describe-cluster.ts';
import { DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse } from './describe-topic-partitions.ts';
import { ElectLeadersRequest, ElectLeadersResponse } from './elect-leaders.ts';
import { AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse } from './alter-partition-reassignments.ts';
import { ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse } from './list-partition-reassignments.ts';
import { DescribeConfigsRequest, DescribeConfigsResponse } from './describe-configs.ts';
import { DescribeGroupsRequest, DescribeGroupsResponse } from './describe-groups.ts';
import { DescribeLogDirsRequest, DescribeLogDirsResponse } from './describe-log-dirs.ts';
import { DescribeProducersRequest, DescribeProducersResponse } from './describe-producers.ts';
import { DescribeTransactionsRequest, DescribeTransactionsResponse } from './describe-transactions.ts';
import { DescribeShareGroupOffsetsRequest, DescribeShareGroupOffsetsResponse } from './describe-share-group-offsets.ts';
import { DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse } from './describe-user-scram-credentials.ts';
import { AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse } from './alter-user-scram-credentials.ts';
import { EndTxnRequest, EndTxnResponse } from './end-txn.ts';
import { FetchRequest, FetchResponse } from './fetch.ts';
import { FindCoordinatorRequest, FindCoordinatorResponse } from './find-coordinator.ts';
import { HeartbeatRequest, HeartbeatResponse } from './heartbeat.ts';
import { IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse } from './incremental-alter-configs.ts';
import { InitProducerIdRequest, InitProducerIdResponse } from './init-producer-id.ts';
import { JoinGroupRequest, JoinGroupResponse } from './join-group.ts';
import { LeaveGroupRequest, LeaveGroupResponse } from './leave-group.ts';
import { ListGroupsRequest, ListGroupsResponse } from './list-groups.ts';
import { ListOffsetsRequest, ListOffsetsResponse } from './list-offsets.ts';
import { ListTransactionsRequest, ListTransactionsResponse } from './list-transactions.ts';
import { MetadataRequest, MetadataResponse } from './metadata.ts';
import { OffsetCommitRequest, OffsetCommitResponse } from './offset-commit.ts';
import { OffsetDeleteRequest, OffsetDeleteResponse } from './offset-delete.ts';
import { OffsetFetchRequest, OffsetFetchResponse } from './offset-fetch.ts';
import { OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse } from './offset-for-leader-epoch.ts';
import { ProduceRequest, ProduceResponse } from './produce.ts';
import { SaslAuthenticateRequest, SaslAuthenticateResponse } from './sasl-authenticate.ts';
import { SaslHandshakeRequest, SaslHandshakeResponse } from './sasl-handshake.ts';
import { ShareAcknowledgeRequest, ShareAcknowledgeResponse } from './share-acknowledge.ts';
import { ShareFetchRequest, ShareFetchResponse } from './share-fetch.ts';
import { ShareGroupDescribeRequest, ShareGroupDescribeResponse } from './share-group-describe.ts';
import { ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse } from './share-group-heartbeat.ts';
import { SyncGroupRequest, SyncGroupResponse } from './sync-group.ts';
import { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from './txn-offset-commit.ts';
import { WriteTxnMarkersRequest, WriteTxnMarkersResponse } from './write-txn-markers.ts';

export interface ApiSpec {
  readonly apiKey: number;
  readonly name: string;
  readonly request: MessageSpec;
  readonly response: MessageSpec;
  /** The versions declared (and decodable); the broker advertises ADVERTISED_API_VERSIONS. */
  readonly minVersion: number;
  readonly maxVersion: number;
}

function api(name: string, request: MessageSpec, response: MessageSpec): ApiSpec {
  const req = parseVersions(request.validVersions);
  const res = parseVersions(response.validVersions);
  if (request.apiKey !== response.apiKey || req.min !== res.min || req.max !== res.max) {
    throw new Error(`${name}: request and response specs disagree (api key or versions)`);
  }
  return { apiKey: request.apiKey, name, request, response, minVersion: req.min, maxVersion: req.max };
}

/** In api key order. */
export const API_LIST: readonly ApiSpec[] = [
  api('Produce', ProduceRequest, ProduceResponse),
  api('Fetch', FetchRequest, FetchResponse),
  api('ListOffsets', ListOffsetsRequest, ListOffsetsResponse),
  api('Metadata', MetadataRequest, MetadataResponse),
  api('OffsetCommit', OffsetCommitRequest, OffsetCommitResponse),
  api('OffsetFetch', OffsetFetchRequest, OffsetFetchResponse),
  api('FindCoordinator', FindCoordinatorRequest, FindCoordinatorResponse),
  api('JoinGroup', JoinGroupRequest, JoinGroupResponse),
  api('Heartbeat', HeartbeatRequest, HeartbeatResponse),
  api('LeaveGroup', LeaveGroupRequest, LeaveGroupResponse),
  api('SyncGroup', SyncGroupRequest, SyncGroupResponse),
  api('DescribeGroups', DescribeGroupsRequest, DescribeGroupsResponse),
  api('ListGroups', ListGroupsRequest, ListGroupsResponse),
  api('SaslHandshake', SaslHandshakeRequest, SaslHandshakeResponse),
  api('ApiVersions', ApiVersionsRequest, ApiVersionsResponse),
  api('CreateTopics', CreateTopicsRequest, CreateTopicsResponse),
  api('DeleteTopics', DeleteTopicsRequest, DeleteTopicsResponse),
  api('DeleteRecords', DeleteRecordsRequest, DeleteRecordsResponse),
  api('InitProducerId', InitProducerIdRequest, InitProducerIdResponse),
  api('OffsetForLeaderEpoch', OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse),
  api('AddPartitionsToTxn', AddPartitionsToTxnRequest, AddPartitionsToTxnResponse),
  api('AddOffsetsToTxn', AddOffsetsToTxnRequest, AddOffsetsToTxnResponse),
  api('EndTxn', EndTxnRequest, EndTxnResponse),
  api('WriteTxnMarkers', WriteTxnMarkersRequest, WriteTxnMarkersResponse),
  api('TxnOffsetCommit', TxnOffsetCommitRequest, TxnOffsetCommitResponse),
  api('DescribeAcls', DescribeAclsRequest, DescribeAclsResponse),
  api('CreateAcls', CreateAclsRequest, CreateAclsResponse),
  api('DeleteAcls', DeleteAclsRequest, DeleteAclsResponse),
  api('DescribeConfigs', DescribeConfigsRequest, DescribeConfigsResponse),
  api('AlterConfigs', AlterConfigsRequest, AlterConfigsResponse),
  api('DescribeLogDirs', DescribeLogDirsRequest, DescribeLogDirsResponse),
  api('SaslAuthenticate', SaslAuthenticateRequest, SaslAuthenticateResponse),
  api('CreatePartitions', CreatePartitionsRequest, CreatePartitionsResponse),
  api('DeleteGroups', DeleteGroupsRequest, DeleteGroupsResponse),
  api('IncrementalAlterConfigs', IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse),
  api('OffsetDelete', OffsetDeleteRequest, OffsetDeleteResponse),
  api('DescribeUserScramCredentials', DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse),
  api('AlterUserScramCredentials', AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse),
  api('DescribeCluster', DescribeClusterRequest, DescribeClusterResponse),
  api('DescribeProducers', DescribeProducersRequest, DescribeProducersResponse),
  api('DescribeTransactions', DescribeTransactionsRequest, DescribeTransactionsResponse),
  api('ListTransactions', ListTransactionsRequest, ListTransactionsResponse),
  api('ConsumerGroupHeartbeat', ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse),
  api('ConsumerGroupDescribe', ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse),
  api('ShareGroupHeartbeat', ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse),
  api('ShareGroupDescribe', ShareGroupDescribeRequest, ShareGroupDescribeResponse),
  api('ShareFetch', ShareFetchRequest, ShareFetchResponse),
  api('ShareAcknowledge', ShareAcknowledgeRequest, ShareAcknowledgeResponse),
  api('DescribeShareGroupOffsets', DescribeShareGroupOffsetsRequest, DescribeShareGroupOffsetsResponse),
  api('AlterShareGroupOffsets', AlterShareGroupOffsetsRequest, AlterShareGroupOffsetsResponse),
  api('DeleteShareGroupOffsets', DeleteShareGroupOffsetsRequest, DeleteShareGroupOffsetsResponse),
  api('DescribeTopicPartitions', DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse),
  api('ElectLeaders', ElectLeadersRequest, ElectLeadersResponse),
  api('AlterPartitionReassignments', AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse),
  api('ListPartitionReassignments', ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse),
];

export const API_SPECS: Readonly<Record<number, ApiSpec>> = Object.fromEntries(API_LIST.map((a) => [a.apiKey, a]));

export {
  AddOffsetsToTxnRequest, AddOffsetsToTxnResponse,
  AddPartitionsToTxnRequest, AddPartitionsToTxnResponse,
  AlterConfigsRequest, AlterConfigsResponse,
  AlterShareGroupOffsetsRequest, AlterShareGroupOffsetsResponse,
  ApiVersionsRequest, ApiVersionsResponse,
  ConsumerGroupDescribeRequest, ConsumerGroupDescribeResponse,
  ConsumerGroupHeartbeatRequest, ConsumerGroupHeartbeatResponse,
  CreateAclsRequest, CreateAclsResponse,
  CreatePartitionsRequest, CreatePartitionsResponse,
  CreateTopicsRequest, CreateTopicsResponse,
  DeleteAclsRequest, DeleteAclsResponse,
  DeleteGroupsRequest, DeleteGroupsResponse,
  DeleteRecordsRequest, DeleteRecordsResponse,
  DeleteShareGroupOffsetsRequest, DeleteShareGroupOffsetsResponse,
  DeleteTopicsRequest, DeleteTopicsResponse,
  DescribeAclsRequest, DescribeAclsResponse,
  DescribeClusterRequest, DescribeClusterResponse,
  DescribeTopicPartitionsRequest, DescribeTopicPartitionsResponse,
  ElectLeadersRequest, ElectLeadersResponse,
  AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse,
  ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse,
  DescribeConfigsRequest, DescribeConfigsResponse,
  DescribeGroupsRequest, DescribeGroupsResponse,
  DescribeLogDirsRequest, DescribeLogDirsResponse,
  DescribeProducersRequest, DescribeProducersResponse,
  DescribeTransactionsRequest, DescribeTransactionsResponse,
  DescribeShareGroupOffsetsRequest, DescribeShareGroupOffsetsResponse,
  DescribeUserScramCredentialsRequest, DescribeUserScramCredentialsResponse,
  AlterUserScramCredentialsRequest, AlterUserScramCredentialsResponse,
  EndTxnRequest, EndTxnResponse,
  FetchRequest, FetchResponse,
  FindCoordinatorRequest, FindCoordinatorResponse,
  HeartbeatRequest, HeartbeatResponse,
  IncrementalAlterConfigsRequest, IncrementalAlterConfigsResponse,
  InitProducerIdRequest, InitProducerIdResponse,
  JoinGroupRequest, JoinGroupResponse,
  LeaveGroupRequest, LeaveGroupResponse,
  ListGroupsRequest, ListGroupsResponse,
  ListOffsetsRequest, ListOffsetsResponse,
  ListTransactionsRequest, ListTransactionsResponse,
  MetadataRequest, MetadataResponse,
  OffsetCommitRequest, OffsetCommitResponse,
  OffsetDeleteRequest, OffsetDeleteResponse,
  OffsetFetchRequest, OffsetFetchResponse,
  OffsetForLeaderEpochRequest, OffsetForLeaderEpochResponse,
  ProduceRequest, ProduceResponse,
  SaslAuthenticateRequest, SaslAuthenticateResponse,
  SaslHandshakeRequest, SaslHandshakeResponse,
  ShareAcknowledgeRequest, ShareAcknowledgeResponse,
  ShareFetchRequest, ShareFetchResponse,
  ShareGroupDescribeRequest, ShareGroupDescribeResponse,
  ShareGroupHeartbeatRequest, ShareGroupHeartbeatResponse,
  SyncGroupRequest, SyncGroupResponse,
  TxnOffsetCommitRequest, TxnOffsetCommitResponse,
  WriteTxnMarkersRequest, WriteTxnMarkersResponse,
};
