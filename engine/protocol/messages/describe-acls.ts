// DescribeAcls (29), versions 1-3 (v0 removed in Kafka 4, KIP-896). Kafka: DescribeAclsRequest.json / DescribeAclsResponse.json.
// v1 pattern type filter (KIP-290); v2 first flexible; v3 adds the USER resource type (same layout).

import type { MessageSpec } from '../schema.ts';

export const DescribeAclsRequest = {
  apiKey: 29,
  type: 'request',
  name: 'DescribeAclsRequest',
  validVersions: '1-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'ResourceTypeFilter', type: 'int8', versions: '0+' },
    { name: 'ResourceNameFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'PatternTypeFilter', type: 'int8', versions: '1+', default: 3 },
    { name: 'PrincipalFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'HostFilter', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'Operation', type: 'int8', versions: '0+' },
    { name: 'PermissionType', type: 'int8', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const DescribeAclsResponse = {
  apiKey: 29,
  type: 'response',
  name: 'DescribeAclsResponse',
  validVersions: '1-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Resources', type: '[]DescribeAclsResource', versions: '0+', fields: [
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        { name: 'PatternType', type: 'int8', versions: '1+', default: 3 },
        {
          name: 'Acls', type: '[]AclDescription', versions: '0+', fields: [
            { name: 'Principal', type: 'string', versions: '0+' },
            { name: 'Host', type: 'string', versions: '0+' },
            { name: 'Operation', type: 'int8', versions: '0+' },
            { name: 'PermissionType', type: 'int8', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
