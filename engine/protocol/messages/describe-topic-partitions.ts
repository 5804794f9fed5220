// DescribeTopicPartitions (75), version 0 (KIP-966): Metadata's topic and partition part, paged by a cursor
// (topic name, partition index) so a cluster with very many partitions is described in bounded answers.
// Kafka: DescribeTopicPartitionsRequest.json / DescribeTopicPartitionsResponse.json. Flexible from v0.

import type { MessageSpec } from '../schema.ts';

const cursorFields = [
  { name: 'TopicName', type: 'string', versions: '0+' },
  { name: 'PartitionIndex', type: 'int32', versions: '0+' },
] as const;

export const DescribeTopicPartitionsRequest = {
  apiKey: 75,
  type: 'request',
  name: 'DescribeTopicPartitionsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'Topics', type: '[]TopicRequest', versions: '0+', fields: [{ name: 'Name', type: 'string', versions: '0+' }] },
    { name: 'ResponsePartitionLimit', type: 'int32', versions: '0+', default: 2000 },
    { name: 'Cursor', type: 'Cursor', versions: '0+', nullableVersions: '0+', default: null, fields: cursorFields },
  ],
} as const satisfies MessageSpec;

export const DescribeTopicPartitionsResponse = {
  apiKey: 75,
  type: 'response',
  name: 'DescribeTopicPartitionsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Topics', type: '[]DescribeTopicPartitionsResponseTopic', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'IsInternal', type: 'bool', versions: '0+', default: false },
        {
          name: 'Partitions', type: '[]DescribeTopicPartitionsResponsePartition', versions: '0+', fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LeaderId', type: 'int32', versions: '0+' },
            { name: 'LeaderEpoch', type: 'int32', versions: '0+', default: -1 },
            { name: 'ReplicaNodes', type: '[]int32', versions: '0+' },
            { name: 'IsrNodes', type: '[]int32', versions: '0+' },
            { name: 'EligibleLeaderReplicas', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'LastKnownELR', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'OfflineReplicas', type: '[]int32', versions: '0+' },
          ],
        },
        { name: 'TopicAuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
      ],
    },
    { name: 'NextCursor', type: 'Cursor', versions: '0+', nullableVersions: '0+', default: null, fields: cursorFields },
  ],
} as const satisfies MessageSpec;
