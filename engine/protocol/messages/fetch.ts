// Fetch (1), versions 4-18. Kafka: FetchRequest.json / FetchResponse.json.
// v4 IsolationLevel/LastStableOffset/AbortedTransactions (oldest Kafka 4 accepts); v5 LogStartOffset;
// v7 fetch sessions (KIP-227); v9 CurrentLeaderEpoch (KIP-320); v11 RackId/PreferredReadReplica
// (KIP-392); v12 first flexible, LastFetchedEpoch, tagged DivergingEpoch/CurrentLeader/SnapshotId;
// v13 topic ids replace topic names (KIP-516); v14 same layout; v15 ReplicaId moves into the tagged
// ReplicaState (KIP-903); v16 tagged NodeEndpoints in the response (KIP-951); v17 a follower's tagged
// ReplicaDirectoryId (KIP-853); v18 a follower's tagged HighWatermark (KIP-1166). The response is v16's.
// Records are a zero-copy Buffer on decode; on encode a Buffer or a list of Buffers (segment slices).

import type { MessageSpec } from '../schema.ts';
import { leaderIdAndEpochFields, nodeEndpointFields } from './common.ts';

export const FetchRequest = {
  apiKey: 1,
  type: 'request',
  name: 'FetchRequest',
  validVersions: '4-18',
  flexibleVersions: '12+',
  fields: [
    { name: 'ClusterId', type: 'string', versions: '12+', nullableVersions: '12+', default: null, tag: 0, taggedVersions: '12+', ignorable: true },
    { name: 'ReplicaId', type: 'int32', versions: '0-14', default: -1 },
    {
      name: 'ReplicaState', type: 'ReplicaState', versions: '15+', tag: 1, taggedVersions: '15+', fields: [
        { name: 'ReplicaId', type: 'int32', versions: '15+', default: -1 },
        { name: 'ReplicaEpoch', type: 'int64', versions: '15+', default: -1 },
      ],
    },
    { name: 'MaxWaitMs', type: 'int32', versions: '0+' },
    { name: 'MinBytes', type: 'int32', versions: '0+' },
    { name: 'MaxBytes', type: 'int32', versions: '3+', default: 0x7fffffff, ignorable: true },
    { name: 'IsolationLevel', type: 'int8', versions: '4+', default: 0, ignorable: true },
    { name: 'SessionId', type: 'int32', versions: '7+', default: 0, ignorable: true },
    { name: 'SessionEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
    {
      name: 'Topics', type: '[]FetchTopic', versions: '0+', fields: [
        { name: 'Topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'Partitions', type: '[]FetchPartition', versions: '0+', fields: [
            { name: 'Partition', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
            { name: 'FetchOffset', type: 'int64', versions: '0+' },
            { name: 'LastFetchedEpoch', type: 'int32', versions: '12+', default: -1 },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            { name: 'PartitionMaxBytes', type: 'int32', versions: '0+' },
            { name: 'ReplicaDirectoryId', type: 'uuid', versions: '17+', tag: 0, taggedVersions: '17+', ignorable: true },
            // Long.MAX_VALUE: the fetcher does not tell its high watermark.
            { name: 'HighWatermark', type: 'int64', versions: '18+', tag: 1, taggedVersions: '18+', default: 9223372036854775807n, ignorable: true },
          ],
        },
      ],
    },
    {
      name: 'ForgottenTopicsData', type: '[]ForgottenTopic', versions: '7+', fields: [
        { name: 'Topic', type: 'string', versions: '7-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        { name: 'Partitions', type: '[]int32', versions: '7+' },
      ],
    },
    { name: 'RackId', type: 'string', versions: '11+', default: '', ignorable: true },
  ],
} as const satisfies MessageSpec;

export const FetchResponse = {
  apiKey: 1,
  type: 'response',
  name: 'FetchResponse',
  validVersions: '4-18',
  flexibleVersions: '12+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '7+', ignorable: true },
    { name: 'SessionId', type: 'int32', versions: '7+', default: 0 },
    {
      name: 'Responses', type: '[]FetchableTopicResponse', versions: '0+', fields: [
        { name: 'Topic', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'Partitions', type: '[]PartitionData', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'HighWatermark', type: 'int64', versions: '0+' },
            { name: 'LastStableOffset', type: 'int64', versions: '4+', default: -1, ignorable: true },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            {
              name: 'DivergingEpoch', type: 'EpochEndOffset', versions: '12+', tag: 0, taggedVersions: '12+', fields: [
                { name: 'Epoch', type: 'int32', versions: '12+', default: -1 },
                { name: 'EndOffset', type: 'int64', versions: '12+', default: -1 },
              ],
            },
            { name: 'CurrentLeader', type: 'LeaderIdAndEpoch', versions: '12+', tag: 1, taggedVersions: '12+', fields: leaderIdAndEpochFields },
            {
              name: 'SnapshotId', type: 'SnapshotId', versions: '12+', tag: 2, taggedVersions: '12+', fields: [
                { name: 'EndOffset', type: 'int64', versions: '0+', default: -1 },
                { name: 'Epoch', type: 'int32', versions: '0+', default: -1 },
              ],
            },
            {
              name: 'AbortedTransactions', type: '[]AbortedTransaction', versions: '4+', nullableVersions: '4+', ignorable: true, fields: [
                { name: 'ProducerId', type: 'int64', versions: '4+' },
                { name: 'FirstOffset', type: 'int64', versions: '4+' },
              ],
            },
            { name: 'PreferredReadReplica', type: 'int32', versions: '11+', default: -1 },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
    { name: 'NodeEndpoints', type: '[]NodeEndpoint', versions: '16+', tag: 0, taggedVersions: '16+', ignorable: true, fields: nodeEndpointFields },
  ],
} as const satisfies MessageSpec;
