// JoinGroup (11), versions 0-9. Kafka: JoinGroupRequest.json / JoinGroupResponse.json.
// v1 RebalanceTimeoutMs; v2 ThrottleTimeMs; v4 MEMBER_ID_REQUIRED (KIP-394); v5 GroupInstanceId
// (static membership, KIP-345); v6 first flexible; v7 ProtocolType in the response (nullable
// ProtocolName); v8 Reason (KIP-800); v9 SkipAssignment (KIP-814).

import type { MessageSpec } from '../schema.ts';

export const JoinGroupRequest = {
  apiKey: 11,
  type: 'request',
  name: 'JoinGroupRequest',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    { name: 'SessionTimeoutMs', type: 'int32', versions: '0+' },
    { name: 'RebalanceTimeoutMs', type: 'int32', versions: '1+', default: -1, ignorable: true },
    { name: 'MemberId', type: 'string', versions: '0+' },
    { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null },
    { name: 'ProtocolType', type: 'string', versions: '0+' },
    {
      name: 'Protocols', type: '[]JoinGroupRequestProtocol', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Metadata', type: 'bytes', versions: '0+' },
      ],
    },
    { name: 'Reason', type: 'string', versions: '8+', nullableVersions: '8+', default: null, ignorable: true },
  ],
} as const satisfies MessageSpec;

export const JoinGroupResponse = {
  apiKey: 11,
  type: 'response',
  name: 'JoinGroupResponse',
  validVersions: '0-9',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '2+', ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'GenerationId', type: 'int32', versions: '0+', default: -1 },
    { name: 'ProtocolType', type: 'string', versions: '7+', nullableVersions: '7+', default: null, ignorable: true },
    { name: 'ProtocolName', type: 'string', versions: '0+', nullableVersions: '7+' },
    { name: 'Leader', type: 'string', versions: '0+' },
    { name: 'SkipAssignment', type: 'bool', versions: '9+', default: false },
    { name: 'MemberId', type: 'string', versions: '0+' },
    {
      name: 'Members', type: '[]JoinGroupResponseMember', versions: '0+', fields: [
        { name: 'MemberId', type: 'string', versions: '0+' },
        { name: 'GroupInstanceId', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
        { name: 'Metadata', type: 'bytes', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
