// AddPartitionsToTxn (24), versions 0-3. Kafka: AddPartitionsToTxnRequest.json /
// AddPartitionsToTxnResponse.json. v1 same layout; v2 same (throttle first); v3 first flexible.
// Kafka's v4+ (batched transactions, broker-to-broker only, KIP-890) is not declared: clients
// send v0-v3; the field names keep Kafka's "V3AndBelow" prefix.

import type { MessageSpec } from '../schema.ts';

export const AddPartitionsToTxnRequest = {
  apiKey: 24,
  type: 'request',
  name: 'AddPartitionsToTxnRequest',
  validVersions: '0-3',
  flexibleVersions: '3+',
  fields: [
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
  validVersions: '0-3',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
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
