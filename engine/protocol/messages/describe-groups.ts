// DescribeGroups (15), versions 0-6. Kafka: DescribeGroupsRequest.json / DescribeGroupsResponse.json.
// v1 ThrottleTimeMs; v3 AuthorizedOperations; v4 GroupInstanceId; v5 first flexible; v6 ErrorMessage and
// GROUP_ID_NOT_FOUND for an unknown group (KIP-1043).

import type { MessageSpec } from '../schema.ts';

export const DescribeGroupsRequest = {
  apiKey: 15,
  type: 'request',
  name: 'DescribeGroupsRequest',
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'Groups', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '3+' },
  ],
} as const satisfies MessageSpec;

export const DescribeGroupsResponse = {
  apiKey: 15,
  type: 'response',
  name: 'DescribeGroupsResponse',
  validVersions: '0-6',
  flexibleVersions: '5+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Groups', type: '[]DescribedGroup', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'ProtocolType', type: 'string', versions: '0+' },
        { name: 'ProtocolData', type: 'string', versions: '0+' },
        {
          name: 'Members', type: '[]DescribedGroupMember', versions: '0+', fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'GroupInstanceId', type: 'string', versions: '4+', nullableVersions: '4+', default: null, ignorable: true },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'MemberMetadata', type: 'bytes', versions: '0+' },
            { name: 'MemberAssignment', type: 'bytes', versions: '0+' },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '3+', default: -2147483648 },
      ],
    },
  ],
} as const satisfies MessageSpec;
