// AlterShareGroupOffsets (91), version 0 (KIP-932). Kafka: AlterShareGroupOffsetsRequest.json /
// AlterShareGroupOffsetsResponse.json. Only an empty share group can be altered (NON_EMPTY_GROUP).
// Not advertised yet.

import type { MessageSpec } from '../schema.ts';

export const AlterShareGroupOffsetsRequest = {
  apiKey: 91,
  type: 'request',
  name: 'AlterShareGroupOffsetsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    {
      name: 'Topics', type: '[]AlterShareGroupOffsetsRequestTopic', versions: '0+', fields: [
        { name: 'TopicName', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]AlterShareGroupOffsetsRequestPartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'StartOffset', type: 'int64', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const AlterShareGroupOffsetsResponse = {
  apiKey: 91,
  type: 'response',
  name: 'AlterShareGroupOffsetsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    {
      name: 'Responses', type: '[]AlterShareGroupOffsetsResponseTopic', versions: '0+', fields: [
        { name: 'TopicName', type: 'string', versions: '0+' },
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        {
          name: 'Partitions', type: '[]AlterShareGroupOffsetsResponsePartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
