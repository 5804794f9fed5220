// AlterUserScramCredentials (51), version 0 (KIP-554), flexible. Kafka: AlterUserScramCredentials*.json.
// The client salts the password itself and sends salt + salted password: the broker never sees a password.

import type { MessageSpec } from '../schema.ts';

export const AlterUserScramCredentialsRequest = {
  apiKey: 51,
  type: 'request',
  name: 'AlterUserScramCredentialsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    {
      name: 'Deletions', type: '[]ScramCredentialDeletion', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Mechanism', type: 'int8', versions: '0+' },
      ],
    },
    {
      name: 'Upsertions', type: '[]ScramCredentialUpsertion', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Mechanism', type: 'int8', versions: '0+' },
        { name: 'Iterations', type: 'int32', versions: '0+' },
        { name: 'Salt', type: 'bytes', versions: '0+' },
        { name: 'SaltedPassword', type: 'bytes', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const AlterUserScramCredentialsResponse = {
  apiKey: 51,
  type: 'response',
  name: 'AlterUserScramCredentialsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results', type: '[]AlterUserScramCredentialsResult', versions: '0+', fields: [
        { name: 'User', type: 'string', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;
