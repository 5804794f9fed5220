// ListPartitionReassignments (46), version 0. Kafka: ListPartitionReassignmentsRequest.json /
// ListPartitionReassignmentsResponse.json (KIP-455). Flexible from v0. Null Topics lists every partition
// with a reassignment in progress; Replicas is the whole current set (target and removing together).

import type { MessageSpec } from '../schema.ts';

export const ListPartitionReassignmentsRequest = {
  apiKey: 46,
  type: 'request',
  name: 'ListPartitionReassignmentsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: 60000 },
    {
      name: 'Topics', type: '[]ListPartitionReassignmentsTopics', versions: '0+', nullableVersions: '0+', default: null, fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const ListPartitionReassignmentsResponse = {
  apiKey: 46,
  type: 'response',
  name: 'ListPartitionReassignmentsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Topics', type: '[]OngoingTopicReassignment', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]OngoingPartitionReassignment', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Replicas', type: '[]int32', versions: '0+' },
            { name: 'AddingReplicas', type: '[]int32', versions: '0+' },
            { name: 'RemovingReplicas', type: '[]int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
