// SaslHandshake (17), versions 0-1. Kafka: SaslHandshakeRequest.json / SaslHandshakeResponse.json.
// v0: SASL tokens follow as raw frames; v1: tokens go in SaslAuthenticate requests. Never flexible.

import type { MessageSpec } from '../schema.ts';

export const SaslHandshakeRequest = {
  apiKey: 17,
  type: 'request',
  name: 'SaslHandshakeRequest',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [{ name: 'Mechanism', type: 'string', versions: '0+' }],
} as const satisfies MessageSpec;

export const SaslHandshakeResponse = {
  apiKey: 17,
  type: 'response',
  name: 'SaslHandshakeResponse',
  validVersions: '0-1',
  flexibleVersions: 'none',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'Mechanisms', type: '[]string', versions: '0+' },
  ],
} as const satisfies MessageSpec;
