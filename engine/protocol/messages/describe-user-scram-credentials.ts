// DescribeUserScramCredentials (50), version 0 (KIP-554), flexible. Kafka: DescribeUserScramCredentials*.json.
// A null user list describes every user; the answer never carries a salt or a key, only mechanism and iterations.

import type { MessageSpec } from '../schema.ts';

export const DescribeUserScramCredentialsRequest = {
  apiKey: 50,
  type: 'request',
  name: 'DescribeUserScramCredentialsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'Users', type: '[]UserName', versions: '0+', nullableVersions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const DescribeUserScramCredentialsResponse = {
  apiKey: 50,
  type: 'response',
  name: 'DescribeUserScramCredentialsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
    {
      name: 'Results', type: '[]DescribeUserScramCredentialsResult', versions: '0+', fields: [
        { name: 'User', type: 'string', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
        {
          name: 'CredentialInfos', type: '[]CredentialInfo', versions: '0+', fields: [
            { name: 'Mechanism', type: 'int8', versions: '0+' },
            { name: 'Iterations', type: 'int32', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
