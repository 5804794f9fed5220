// EndTxn (26), versions 0-3. Kafka: EndTxnRequest.json / EndTxnResponse.json.
// v1, v2 same layout; v3 first flexible. (v4 errors / v5 response epoch, KIP-890, not declared.)

import type { MessageSpec } from '../schema.ts';

export const EndTxnRequest = {
  apiKey: 26,
  type: 'request',
  name: 'EndTxnRequest',
  validVersions: '0-3',
  flexibleVersions: '3+',
  fields: [
    { name: 'TransactionalId', type: 'string', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '0+' },
    { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
    { name: 'Committed', type: 'bool', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const EndTxnResponse = {
  apiKey: 26,
  type: 'response',
  name: 'EndTxnResponse',
  validVersions: '0-3',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
} as const satisfies MessageSpec;
