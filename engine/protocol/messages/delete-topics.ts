// DeleteTopics (20), versions 0-6. Kafka: DeleteTopicsRequest.json / DeleteTopicsResponse.json.
// v1 ThrottleTimeMs; v4 first flexible; v5 ErrorMessage; v6 topics by name or id (KIP-516).

import type { MessageSpec } from '../schema.ts';

export const DeleteTopicsRequest = {
  apiKey: 20,
  type: 'request',
  name: 'DeleteTopicsRequest',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    {
      name: 'Topics', type: '[]DeleteTopicState', versions: '6+', fields: [
        { name: 'Name', type: 'string', versions: '6+', nullableVersions: '6+', default: null },
        { name: 'TopicId', type: 'uuid', versions: '6+' },
      ],
    },
    { name: 'TopicNames', type: '[]string', versions: '0-5', ignorable: true },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const DeleteTopicsResponse = {
  apiKey: 20,
  type: 'response',
  name: 'DeleteTopicsResponse',
  validVersions: '0-6',
  flexibleVersions: '4+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '1+', ignorable: true },
    {
      name: 'Responses', type: '[]DeletableTopicResult', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '6+' },
        { name: 'TopicId', type: 'uuid', versions: '6+', ignorable: true },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '5+', nullableVersions: '5+', default: null, ignorable: true },
      ],
    },
  ],
} as const satisfies MessageSpec;
