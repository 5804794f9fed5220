// ApiVersions (18), versions 0-4. Kafka: ApiVersionsRequest.json / ApiVersionsResponse.json.
// v1 adds ThrottleTimeMs; v3 is the first flexible version (client software name/version, tagged
// feature lists); v4 only allows SupportedFeatures.MinVersion = 0 (KAFKA-17011).
// The response header is always v0 (see codec.ts).

import type { MessageSpec } from '../schema.ts';

export const ApiVersionsRequest = {
  apiKey: 18,
  type: 'request',
  name: 'ApiVersionsRequest',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ClientSoftwareName', type: 'string', versions: '3+', ignorable: true },
    { name: 'ClientSoftwareVersion', type: 'string', versions: '3+', ignorable: true },
  ],
} as const satisfies MessageSpec;

export const ApiVersionsResponse = {
  apiKey: 18,
  type: 'response',
  name: 'ApiVersionsResponse',
  validVersions: '0-4',
  flexibleVersions: '3+',
  fields: [
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    {
      name: 'ApiKeys', type: '[]ApiVersion', versions: '0+', fields: [
        { name: 'ApiKey', type: 'int16', versions: '0+' },
        { name: 'MinVersion', type: 'int16', versions: '0+' },
        { name: 'MaxVersion', type: 'int16', versions: '0+' },
      ],
    },
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'SupportedFeatures', type: '[]SupportedFeatureKey', versions: '3+', tag: 0, taggedVersions: '3+', ignorable: true,
      fields: [
        { name: 'Name', type: 'string', versions: '3+' },
        { name: 'MinVersion', type: 'int16', versions: '3+' },
        { name: 'MaxVersion', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'FinalizedFeaturesEpoch', type: 'int64', versions: '3+', tag: 1, taggedVersions: '3+', default: -1, ignorable: true },
    {
      name: 'FinalizedFeatures', type: '[]FinalizedFeatureKey', versions: '3+', tag: 2, taggedVersions: '3+', ignorable: true,
      fields: [
        { name: 'Name', type: 'string', versions: '3+' },
        { name: 'MaxVersionLevel', type: 'int16', versions: '3+' },
        { name: 'MinVersionLevel', type: 'int16', versions: '3+' },
      ],
    },
    { name: 'ZkMigrationReady', type: 'bool', versions: '3+', tag: 3, taggedVersions: '3+', default: false, ignorable: true },
  ],
} as const satisfies MessageSpec;
