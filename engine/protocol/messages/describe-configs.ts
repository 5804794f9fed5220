// DescribeConfigs (32), versions 0-4. Kafka: DescribeConfigsRequest.json / DescribeConfigsResponse.json.
// v1 IncludeSynonyms, ConfigSource replaces IsDefault; v2 same layout; v3 IncludeDocumentation,
// ConfigType, Documentation (KIP-569); v4 first flexible.

import type { MessageSpec } from '../schema.ts';

export const DescribeConfigsRequest = {
  apiKey: 32,
  type: 'request',
  name: 'DescribeConfigsRequest',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Resources', type: '[]DescribeConfigsResource', versions: '0+', fields: [
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        { name: 'ConfigurationKeys', type: '[]string', versions: '0+', nullableVersions: '0+' },
      ],
    },
    { name: 'IncludeSynonyms', type: 'bool', versions: '1+', default: false },
    { name: 'IncludeDocumentation', type: 'bool', versions: '3+', default: false },
  ],
} as const satisfies MessageSpec;

export const DescribeConfigsResponse = {
  apiKey: 32,
  type: 'response',
  name: 'DescribeConfigsResponse',
  validVersions: '0-4',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results', type: '[]DescribeConfigsResult', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        { name: 'ResourceType', type: 'int8', versions: '0+' },
        { name: 'ResourceName', type: 'string', versions: '0+' },
        {
          name: 'Configs', type: '[]DescribeConfigsResourceResult', versions: '0+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'Value', type: 'string', versions: '0+', nullableVersions: '0+' },
            { name: 'ReadOnly', type: 'bool', versions: '0+' },
            { name: 'IsDefault', type: 'bool', versions: '0', ignorable: true },
            { name: 'ConfigSource', type: 'int8', versions: '1+', default: -1, ignorable: true },
            { name: 'IsSensitive', type: 'bool', versions: '0+' },
            {
              name: 'Synonyms', type: '[]DescribeConfigsSynonym', versions: '1+', ignorable: true, fields: [
                { name: 'Name', type: 'string', versions: '1+' },
                { name: 'Value', type: 'string', versions: '1+', nullableVersions: '0+' },
                { name: 'Source', type: 'int8', versions: '1+' },
              ],
            },
            { name: 'ConfigType', type: 'int8', versions: '3+', default: 0, ignorable: true },
            { name: 'Documentation', type: 'string', versions: '3+', nullableVersions: '0+', ignorable: true },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
