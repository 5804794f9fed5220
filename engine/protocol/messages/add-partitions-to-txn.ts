// AddPartitionsToTxn (24), versions 0-5. Kafka: AddPartitionsToTxnRequest.json /
// AddPartitionsToTxnResponse.json. v1 same layout; v2 PRODUCER_FENCED; v3 first flexible.
// v4 (KIP-890 part 1) batches several transactions and adds VerifyOnly: brokers send it to the
// coordinator to check a transactional produce; v5 TRANSACTION_ABORTABLE. Clients send v0-v3 only,
// whose fields keep Kafka's "V3AndBelow" prefix.

import type { MessageSpec } from '../schema.ts';

export const AddPartitionsToTxnRequest = {
  apiKey: 24,
  type: 'request',
  name: 'AddPartitionsToTxnRequest',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    {
      name: 'Transactions', type: '[]AddPartitionsToTxnTransaction', versions: '4+', fields: [
        { name: 'TransactionalId', type: 'string', versions: '4+' },
        { name: 'ProducerId', type: 'int64', versions: '4+' },
        { name: 'ProducerEpoch', type: 'int16', versions: '4+' },
        { name: 'VerifyOnly', type: 'bool', versions: '4+', default: false },
        {
          name: 'Topics', type: '[]AddPartitionsToTxnTopic', versions: '4+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'Partitions', type: '[]int32', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'V3AndBelowTransactionalId', type: 'string', versions: '0-3' },
    { name: 'V3AndBelowProducerId', type: 'int64', versions: '0-3' },
    { name: 'V3AndBelowProducerEpoch', type: 'int16', versions: '0-3' },
    {
      name: 'V3AndBelowTopics', type: '[]AddPartitionsToTxnTopic', versions: '0-3', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const AddPartitionsToTxnResponse = {
  apiKey: 24,
  type: 'response',
  name: 'AddPartitionsToTxnResponse',
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '4+', ignorable: true },
    {
      name: 'ResultsByTransaction', type: '[]AddPartitionsToTxnResult', versions: '4+', fields: [
        { name: 'TransactionalId', type: 'string', versions: '4+' },
        {
          name: 'TopicResults', type: '[]AddPartitionsToTxnTopicResult', versions: '4+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            {
              name: 'ResultsByPartition', type: '[]AddPartitionsToTxnPartitionResult', versions: '0+', fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'PartitionErrorCode', type: 'int16', versions: '0+' },
              ],
            },
          ],
        },
      ],
    },
    {
      name: 'ResultsByTopicV3AndBelow', type: '[]AddPartitionsToTxnTopicResult', versions: '0-3', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'ResultsByPartition', type: '[]AddPartitionsToTxnPartitionResult', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'PartitionErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
