// TxnOffsetCommit (28), versions 0-5. Kafka: TxnOffsetCommitRequest.json / TxnOffsetCommitResponse.json.
// v1 same layout; v2 CommittedLeaderEpoch; v3 first flexible, group metadata (KIP-447);
// v4 same layout, TRANSACTION_ABORTABLE (KIP-890); v5 same layout (Kafka 4.0, KIP-890 part 2): with
// transactions v2 the commit also adds the group's offsets to the transaction (no AddOffsetsToTxn).

import type { MessageSpec } from '../schema.ts';

export const TxnOffsetCommitRequest = {
  apiKey: 28,
  type: 'request',
  name: 'TxnOffsetCommitRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+' },
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+' },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '3+', default: -1 },
    { name: 'MemberId', type: 'string', versions: '3+', default: '' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
    {
      name: 'Topics', type: '[]TxnOffsetCommitRequestTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]TxnOffsetCommitRequestPartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'CommittedOffset', type: 'int64', versions: '0+' },
            { name: 'CommittedLeaderEpoch', type: 'int32', versions: '2+', default: -1, ignorable: true },
            { name: 'CommittedMetadata', type: 'string', versions: '0+', nullableVersions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const TxnOffsetCommitResponse = {
  apiKey: 28,
  type: 'response',
  name: 'TxnOffsetCommitResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Topics', type: '[]TxnOffsetCommitResponseTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]TxnOffsetCommitResponsePartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
