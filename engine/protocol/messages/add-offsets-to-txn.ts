// AddOffsetsToTxn (25), versions 0-4. Kafka: AddOffsetsToTxnRequest.json / AddOffsetsToTxnResponse.json.
// v1 same layout; v2 PRODUCER_FENCED; v3 first flexible; v4 TRANSACTION_ABORTABLE (KIP-890).

import type { MessageSpec } from '../schema.ts';

export const AddOffsetsToTxnRequest = {
  apiKey: 25,
  type: 'request',
  name: 'AddOffsetsToTxnRequest',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+' },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
    { name: 'GroupId', type: 'string', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const AddOffsetsToTxnResponse = {
  apiKey: 25,
  type: 'response',
  name: 'AddOffsetsToTxnResponse',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
} as const satisfies MessageSpec;
