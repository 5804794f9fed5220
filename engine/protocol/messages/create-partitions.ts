// CreatePartitions (37), versions 0-3. Kafka: CreatePartitionsRequest.json / CreatePartitionsResponse.json.
// v1 same layout; v2 first flexible; v3 THROTTLING_QUOTA_EXCEEDED (KIP-599).

import type { MessageSpec } from '../schema.ts';

export const CreatePartitionsRequest = {
  apiKey: 37,
  type: 'request',
  name: 'CreatePartitionsRequest',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics', type: '[]CreatePartitionsTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'Count', type: 'int32', versions: '0+' },
        {
          name: 'Assignments', type: '[]CreatePartitionsAssignment', versions: '0+', nullableVersions: '0+', fields: [
            { name: 'BrokerIds', type: '[]int32', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
    { name: 'ValidateOnly', type: 'bool', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const CreatePartitionsResponse = {
  apiKey: 37,
  type: 'response',
  name: 'CreatePartitionsResponse',
  validVersions: '0-3',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Results', type: '[]CreatePartitionsTopicResult', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      ],
    },
  ],
} as const satisfies MessageSpec;
