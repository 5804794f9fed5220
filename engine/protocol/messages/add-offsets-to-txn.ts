// AddOffsetsToTxn (25), versions 0-3. Kafka: AddOffsetsToTxnRequest.json / AddOffsetsToTxnResponse.json.
// v1, v2 same layout; v3 first flexible.

import type { MessageSpec } from '../schema.ts';

export const AddOffsetsToTxnRequest = {
  apiKey: 25,
  type: 'request',
  name: 'AddOffsetsToTxnRequest',
  validVersions: '0-3',
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
  validVersions: '0-3',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
} as const satisfies MessageSpec;
