// The broker's request handlers, by api key. An api key without a handler closes the connection (the
// listener logs it); every advertised api (engine/protocol/api-keys.ts) must appear here, which a test checks.

import { ApiKey } from '../../protocol/api-keys.ts';
import type { Handler } from './context.ts';
import { handleApiVersions } from './api-versions.ts';
import { handleMetadata, handleDescribeCluster } from './metadata.ts';
import { handleProduce } from './produce.ts';
import { handleFetch } from './fetch.ts';
import { handleListOffsets } from './list-offsets.ts';
import { handleCreateTopics, handleDeleteTopics, handleCreatePartitions, handleDeleteRecords } from './topics.ts';
import { handleDescribeConfigs, handleAlterConfigs, handleIncrementalAlterConfigs } from './configs.ts';
import { handleInitProducerId, handleDescribeProducers, handleAddPartitionsToTxn, handleAddOffsetsToTxn, handleEndTxn, handleTxnOffsetCommit } from './producers.ts';
import { handleDescribeLogDirs } from './log-dirs.ts';
import { handleOffsetForLeaderEpoch } from './leader-epoch.ts';
import { GROUP_HANDLERS } from './groups.ts';

export const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [ApiKey.ApiVersions, handleApiVersions],
  [ApiKey.Metadata, handleMetadata],
  [ApiKey.DescribeCluster, handleDescribeCluster],
  [ApiKey.Produce, handleProduce],
  [ApiKey.Fetch, handleFetch],
  [ApiKey.ListOffsets, handleListOffsets],
  [ApiKey.CreateTopics, handleCreateTopics],
  [ApiKey.DeleteTopics, handleDeleteTopics],
  [ApiKey.CreatePartitions, handleCreatePartitions],
  [ApiKey.DeleteRecords, handleDeleteRecords],
  [ApiKey.DescribeConfigs, handleDescribeConfigs],
  [ApiKey.AlterConfigs, handleAlterConfigs],
  [ApiKey.IncrementalAlterConfigs, handleIncrementalAlterConfigs],
  [ApiKey.InitProducerId, handleInitProducerId],
  [ApiKey.DescribeProducers, handleDescribeProducers],
  [ApiKey.AddPartitionsToTxn, handleAddPartitionsToTxn],
  [ApiKey.AddOffsetsToTxn, handleAddOffsetsToTxn],
  [ApiKey.EndTxn, handleEndTxn],
  [ApiKey.TxnOffsetCommit, handleTxnOffsetCommit],
  [ApiKey.DescribeLogDirs, handleDescribeLogDirs],
  [ApiKey.OffsetForLeaderEpoch, handleOffsetForLeaderEpoch],
  ...GROUP_HANDLERS,
]);
