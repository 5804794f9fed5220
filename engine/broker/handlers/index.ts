// The broker's request handlers, one per api it serves, keyed by Kafka's api name. The table's type lists
// every api of engine/protocol/api-keys.ts except those the broker declares but does not serve, so an api
// without a handler (or a handler for the wrong api) does not compile; a test checks that the table serves
// exactly the advertised apis. The listener looks handlers up by api key (handlersByApiKey).

import { ApiKey, type ApiKeyName } from '../../protocol/api-keys.ts';
import type { RequestHandler } from '../listener.ts';
import type { BrokerContext, Handler } from './context.ts';
import { handleApiVersions } from './api-versions.ts';
import { handleMetadata, handleDescribeCluster } from './metadata.ts';
import { handleDescribeTopicPartitions } from './describe-topic-partitions.ts';
import { handleElectLeaders } from './elect-leaders.ts';
import { handleAlterPartitionReassignments, handleListPartitionReassignments } from './reassignments.ts';
import { handleProduce } from './produce.ts';
import { handleFetch } from './fetch.ts';
import { handleListOffsets } from './list-offsets.ts';
import { handleCreateTopics, handleDeleteTopics, handleCreatePartitions, handleDeleteRecords } from './topics.ts';
import { handleDescribeConfigs, handleAlterConfigs, handleIncrementalAlterConfigs } from './configs.ts';
import { handleDescribeProducers } from './producers.ts';
import {
  handleInitProducerId, handleAddPartitionsToTxn, handleAddOffsetsToTxn, handleEndTxn, handleTxnOffsetCommit, handleWriteTxnMarkers,
  handleDescribeTransactions, handleListTransactions,
} from './transactions.ts';
import { handleDescribeLogDirs } from './log-dirs.ts';
import { handleOffsetForLeaderEpoch } from './leader-epoch.ts';
import {
  handleFindCoordinator, handleJoinGroup, handleSyncGroup, handleHeartbeat, handleLeaveGroup, handleOffsetCommit,
  handleOffsetFetch, handleDescribeGroups, handleListGroups, handleDeleteGroups, handleOffsetDelete,
} from './groups.ts';
import { handleConsumerGroupHeartbeat, handleConsumerGroupDescribe } from './consumer-groups.ts';
import {
  handleShareGroupHeartbeat, handleShareGroupDescribe, handleShareFetch, handleShareAcknowledge,
  handleDescribeShareGroupOffsets, handleAlterShareGroupOffsets, handleDeleteShareGroupOffsets,
} from './share.ts';

import { handleSaslHandshake, handleSaslAuthenticate } from './sasl.ts';
import { handleDescribeAcls, handleCreateAcls, handleDeleteAcls } from './acls.ts';
import { handleDescribeUserScramCredentials, handleAlterUserScramCredentials } from './scram-credentials.ts';

/** Declared in engine/protocol but not served (nor advertised). Empty today: every declared api is served. */
export type UnservedApi = never;

export type ServedApi = Exclude<ApiKeyName, UnservedApi>;

export type HandlerTable = { readonly [K in ServedApi]: Handler<K> };

export const HANDLERS: HandlerTable = {
  Produce: handleProduce,
  Fetch: handleFetch,
  ListOffsets: handleListOffsets,
  Metadata: handleMetadata,
  OffsetCommit: handleOffsetCommit,
  OffsetFetch: handleOffsetFetch,
  FindCoordinator: handleFindCoordinator,
  JoinGroup: handleJoinGroup,
  Heartbeat: handleHeartbeat,
  LeaveGroup: handleLeaveGroup,
  SyncGroup: handleSyncGroup,
  DescribeGroups: handleDescribeGroups,
  ListGroups: handleListGroups,
  ApiVersions: handleApiVersions,
  CreateTopics: handleCreateTopics,
  DeleteTopics: handleDeleteTopics,
  DeleteRecords: handleDeleteRecords,
  InitProducerId: handleInitProducerId,
  OffsetForLeaderEpoch: handleOffsetForLeaderEpoch,
  AddPartitionsToTxn: handleAddPartitionsToTxn,
  AddOffsetsToTxn: handleAddOffsetsToTxn,
  EndTxn: handleEndTxn,
  TxnOffsetCommit: handleTxnOffsetCommit,
  WriteTxnMarkers: handleWriteTxnMarkers,
  DescribeConfigs: handleDescribeConfigs,
  AlterConfigs: handleAlterConfigs,
  DescribeLogDirs: handleDescribeLogDirs,
  CreatePartitions: handleCreatePartitions,
  DeleteGroups: handleDeleteGroups,
  IncrementalAlterConfigs: handleIncrementalAlterConfigs,
  OffsetDelete: handleOffsetDelete,
  DescribeCluster: handleDescribeCluster,
  DescribeProducers: handleDescribeProducers,
  DescribeTransactions: handleDescribeTransactions,
  ListTransactions: handleListTransactions,
  ConsumerGroupHeartbeat: handleConsumerGroupHeartbeat,
  ConsumerGroupDescribe: handleConsumerGroupDescribe,
  ShareGroupHeartbeat: handleShareGroupHeartbeat,
  ShareGroupDescribe: handleShareGroupDescribe,
  ShareFetch: handleShareFetch,
  ShareAcknowledge: handleShareAcknowledge,
  DescribeShareGroupOffsets: handleDescribeShareGroupOffsets,
  AlterShareGroupOffsets: handleAlterShareGroupOffsets,
  DeleteShareGroupOffsets: handleDeleteShareGroupOffsets,
  SaslHandshake: handleSaslHandshake,
  SaslAuthenticate: handleSaslAuthenticate,
  DescribeAcls: handleDescribeAcls,
  CreateAcls: handleCreateAcls,
  DeleteAcls: handleDeleteAcls,
  DescribeUserScramCredentials: handleDescribeUserScramCredentials,
  AlterUserScramCredentials: handleAlterUserScramCredentials,
  DescribeTopicPartitions: handleDescribeTopicPartitions,
  ElectLeaders: handleElectLeaders,
  AlterPartitionReassignments: handleAlterPartitionReassignments,
  ListPartitionReassignments: handleListPartitionReassignments,
};

export const SERVED_APIS = Object.keys(HANDLERS) as readonly ServedApi[];

/**
 * The table by api key, bound to one broker, as the listener dispatches. The listener hands each handler
 * the body the codec decoded with the request schema of that very api key, which is the body type the
 * handler declares: this is the one place where that link is taken on trust rather than checked.
 */
export function handlersByApiKey(broker: BrokerContext, table: HandlerTable = HANDLERS): ReadonlyMap<number, RequestHandler> {
  const byKey = new Map<number, RequestHandler>();
  for (const name of Object.keys(table) as ServedApi[]) {
    const handler = table[name] as unknown as (body: unknown, req: Parameters<RequestHandler>[1], broker: BrokerContext) => ReturnType<RequestHandler>;
    byKey.set(ApiKey[name], (body, req) => handler(body, req, broker));
  }
  return byKey;
}
