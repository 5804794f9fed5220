// ElectLeaders (43), versions 0-2. Kafka: ElectLeadersRequest.json / ElectLeadersResponse.json.
// v1 ElectionType (KIP-460: 0 PREFERRED, 1 UNCLEAN) and a top-level ErrorCode; v2 first flexible.
// A null TopicPartitions means every partition.

import type { MessageSpec } from '../schema.ts';

export const ElectLeadersRequest = {
  apiKey: 43,
  type: 'request',
  name: 'ElectLeadersRequest',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ElectionType', type: 'int8', versions: '1+' },
    {
      name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', nullableVersions: '0+', fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+', default: 60000 },
  ],
} as const satisfies MessageSpec;

export const ElectLeadersResponse = {
  apiKey: 43,
  type: 'response',
  name: 'ElectLeadersResponse',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '1+' },
    {
      name: 'ReplicaElectionResults', type: '[]ReplicaElectionResult', versions: '0+', fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        {
          name: 'PartitionResult', type: '[]PartitionResult', versions: '0+', fields: [
            { name: 'PartitionId', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
