// Heartbeat (12), versions 0-4. Kafka: HeartbeatRequest.json / HeartbeatResponse.json.
// v1 ThrottleTimeMs; v3 GroupInstanceId; v4 first flexible.

import type { MessageSpec } from '../schema.ts';

export const HeartbeatRequest = {
  apiKey: 12,
  type: 'request',
  name: 'HeartbeatRequest',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+' },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '3+', nullableVersions: '3+', default: null },
  ],
} as const satisfies MessageSpec;

export const HeartbeatResponse = {
  apiKey: 12,
  type: 'response',
  name: 'HeartbeatResponse',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
  ],
} as const satisfies MessageSpec;
