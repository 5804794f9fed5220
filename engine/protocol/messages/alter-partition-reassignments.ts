// AlterPartitionReassignments (45), versions 0-1. Kafka: AlterPartitionReassignmentsRequest.json /
// AlterPartitionReassignmentsResponse.json (KIP-455). Flexible from v0. Null Replicas cancels the
// partition's reassignment in progress. v1 (KIP-860) adds AllowReplicationFactorChange: false refuses a
// target whose size differs from the current replica count (INVALID_REPLICATION_FACTOR); the response
// echoes it.

import type { MessageSpec } from '../schema.ts';

export const AlterPartitionReassignmentsRequest = {
  apiKey: 45,
  type: 'request',
  name: 'AlterPartitionReassignmentsRequest',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: 60000 },
    { name: 'AllowReplicationFactorChange', type: 'bool', versions: '1+', default: true },
    {
      name: 'Topics', type: '[]ReassignableTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]ReassignablePartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Replicas', type: '[]int32', versions: '0+', nullableVersions: '0+', default: null },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const AlterPartitionReassignmentsResponse = {
  apiKey: 45,
  type: 'response',
  name: 'AlterPartitionReassignmentsResponse',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'AllowReplicationFactorChange', type: 'bool', versions: '1+', default: true, ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Responses', type: '[]ReassignableTopicResponse', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]ReassignablePartitionResponse', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
