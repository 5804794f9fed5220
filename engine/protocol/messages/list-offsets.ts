// ListOffsets (2), versions 1-11. Kafka: ListOffsetsRequest.json / ListOffsetsResponse.json.
// v1 one offset per partition (MaxNumOffsets/OldStyleOffsets are v0 only); v2 IsolationLevel;
// v4 CurrentLeaderEpoch/LeaderEpoch (KIP-320); v6 first flexible; v7 max timestamp (KIP-734);
// v8 local log start offset (KIP-405); v9 last tiered offset (KIP-1005). v7-v9 change only the
// special timestamps a client may send, not the layout; v10 TimeoutMs for reads from remote storage (KIP-1075);
// v11 (the layout of v10) the earliest pending upload offset (KIP-1023).

import type { MessageSpec } from '../schema.ts';

export const ListOffsetsRequest = {
  apiKey: 2,
  type: 'request',
  name: 'ListOffsetsRequest',
  validVersions: '1-11',
  flexibleVersions: '6+',
  fields: [
    { name: 'ReplicaId', type: 'int32', versions: '0+' },
    { name: 'IsolationLevel', type: 'int8', versions: '2+' },
    {
      name: 'Topics', type: '[]ListOffsetsTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]ListOffsetsPartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'CurrentLeaderEpoch', type: 'int32', versions: '4+', default: -1, ignorable: true },
            { name: 'Timestamp', type: 'int64', versions: '0+' },
            { name: 'MaxNumOffsets', type: 'int32', versions: '0', default: 1 },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '10+', ignorable: true },
  ],
} as const satisfies MessageSpec;

export const ListOffsetsResponse = {
  apiKey: 2,
  type: 'response',
  name: 'ListOffsetsResponse',
  validVersions: '1-11',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Topics', type: '[]ListOffsetsTopicResponse', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]ListOffsetsPartitionResponse', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'OldStyleOffsets', type: '[]int64', versions: '0', ignorable: false },
            { name: 'Timestamp', type: 'int64', versions: '1+', default: -1, ignorable: false },
            { name: 'Offset', type: 'int64', versions: '1+', default: -1, ignorable: false },
            { name: 'LeaderEpoch', type: 'int32', versions: '4+', default: -1 },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
