// SaslAuthenticate (36), versions 0-2. Kafka: SaslAuthenticateRequest.json / SaslAuthenticateResponse.json.
// v1 SessionLifetimeMs (KIP-368); v2 first flexible.

import type { MessageSpec } from '../schema.ts';

export const SaslAuthenticateRequest = {
  apiKey: 36,
  type: 'request',
  name: 'SaslAuthenticateRequest',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [{ name: 'AuthBytes', type: 'bytes', versions: '0+' }],
} as const satisfies MessageSpec;

export const SaslAuthenticateResponse = {
  apiKey: 36,
  type: 'response',
  name: 'SaslAuthenticateResponse',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'AuthBytes', type: 'bytes', versions: '0+' },
    { name: 'SessionLifetimeMs', type: 'int64', versions: '1+', default: 0, ignorable: true },
  ],
} as const satisfies MessageSpec;
