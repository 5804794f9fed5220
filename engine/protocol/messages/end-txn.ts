// EndTxn (26), versions 0-5. Kafka: EndTxnRequest.json / EndTxnResponse.json.
// v1 same layout; v2 PRODUCER_FENCED; v3 first flexible; v4 TRANSACTION_ABORTABLE (KIP-890);
// v5 transactions v2 (KIP-890 part 2): the epoch bumps at every EndTxn, so the response carries the
// producer id and epoch the client continues with.

import type { MessageSpec } from '../schema.ts';

export const EndTxnRequest = {
  apiKey: 26,
  type: 'request',
  name: 'EndTxnRequest',
  validVersions: '0-5',
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
  validVersions: '0-5',
  flexibleVersions: '3+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ProducerId', type: 'int64', versions: '5+', default: -1, ignorable: true },
    { name: 'ProducerEpoch', type: 'int16', versions: '5+', default: -1, ignorable: true },
  ],
} as const satisfies MessageSpec;
