// ListTransactions (66), versions 0-2 (KIP-664; v1 KIP-994; v2 KIP-1152). Kafka:
// ListTransactionsRequest.json / ListTransactionsResponse.json. Flexible from v0. Filters: states and
// producer ids (empty = all); v1 DurationFilter lists only transactions running longer than that many
// ms (-1 = no filter); v2 TransactionalIdPattern, a regular expression the id must match (null or
// empty = no filter). The response is the same in every version.

import type { MessageSpec } from '../schema.ts';

export const ListTransactionsRequest = {
  apiKey: 66,
  type: 'request',
  name: 'ListTransactionsRequest',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'StateFilters', type: '[]string', versions: '0+' },
    { name: 'ProducerIdFilters', type: '[]int64', versions: '0+' },
    { name: 'DurationFilter', type: 'int64', versions: '1+', default: -1 },
    { name: 'TransactionalIdPattern', type: 'string', versions: '2+', nullableVersions: '2+', default: null },
  ],
} as const satisfies MessageSpec;

export const ListTransactionsResponse = {
  apiKey: 66,
  type: 'response',
  name: 'ListTransactionsResponse',
  validVersions: '0-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'UnknownStateFilters', type: '[]string', versions: '0+' },
    {
      name: 'TransactionStates', type: '[]TransactionState', versions: '0+', fields: [
        { name: 'TransactionalId', type: 'string', versions: '0+' },
        { name: 'ProducerId', type: 'int64', versions: '0+' },
        { name: 'TransactionState', type: 'string', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
