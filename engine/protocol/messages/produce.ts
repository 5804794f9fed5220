// Produce (0), versions 3-13. Kafka: ProduceRequest.json / ProduceResponse.json.
// v3 TransactionalId and RecordBatch v2 (the oldest version Kafka 4 accepts); v4-v7 same layout
// (v7 allows zstd); v8 RecordErrors/ErrorMessage (KIP-467); v9 first flexible; v10 CurrentLeader
// and NodeEndpoints (KIP-951); v11 same layout (KIP-890 part 1 server-side verification); v12 same layout
// (KIP-890 part 2: transactions v2 add partitions implicitly); v13 topic ids replace names (KIP-516).
// Records are handed out as a zero-copy Buffer; the codec never parses record batches.

import type { MessageSpec } from '../schema.ts';
import { leaderIdAndEpochFields, nodeEndpointFields } from './common.ts';

export const ProduceRequest = {
  apiKey: 0,
  type: 'request',
  name: 'ProduceRequest',
  validVersions: '3-13',
  flexibleVersions: '9+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    { name: 'Acks', type: 'int16', versions: '0+' },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    {
      name: 'TopicData', type: '[]TopicProduceData', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'PartitionData', type: '[]PartitionProduceData', versions: '0+', fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const ProduceResponse = {
  apiKey: 0,
  type: 'response',
  name: 'ProduceResponse',
  validVersions: '3-13',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Responses', type: '[]TopicProduceResponse', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0-12', ignorable: true },
        { name: 'TopicId', type: 'uuid', versions: '13+', ignorable: true },
        {
          name: 'PartitionResponses', type: '[]PartitionProduceResponse', versions: '0+', fields: [
            { name: 'Index', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'BaseOffset', type: 'int64', versions: '0+' },
            { name: 'LogAppendTimeMs', type: 'int64', versions: '2+', default: -1, ignorable: true },
            { name: 'LogStartOffset', type: 'int64', versions: '5+', default: -1, ignorable: true },
            {
              name: 'RecordErrors', type: '[]BatchIndexAndErrorMessage', versions: '8+', ignorable: true, fields: [
                { name: 'BatchIndex', type: 'int32', versions: '8+' },
                { name: 'BatchIndexErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null },
              ],
            },
            { name: 'ErrorMessage', type: 'string', versions: '8+', nullableVersions: '8+', default: null, ignorable: true },
            { name: 'CurrentLeader', type: 'LeaderIdAndEpoch', versions: '10+', tag: 0, taggedVersions: '10+', ignorable: true, fields: leaderIdAndEpochFields },
          ],
        },
      ],
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', default: 0, ignorable: true },
    { name: 'NodeEndpoints', type: '[]NodeEndpoint', versions: '10+', tag: 0, taggedVersions: '10+', ignorable: true, fields: nodeEndpointFields },
  ],
} as const satisfies MessageSpec;
