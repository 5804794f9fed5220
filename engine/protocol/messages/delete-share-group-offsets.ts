// DeleteShareGroupOffsets (92), version 0 (KIP-932). Kafka: DeleteShareGroupOffsetsRequest.json /
// DeleteShareGroupOffsetsResponse.json. Whole topics only; an empty share group only (NON_EMPTY_GROUP).
// Not advertised yet.

import type { MessageSpec } from '../schema.ts';

export const DeleteShareGroupOffsetsRequest = {
  apiKey: 92,
  type: 'request',
  name: 'DeleteShareGroupOffsetsRequest',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+' },
    {
      name: 'Topics', type: '[]DeleteShareGroupOffsetsRequestTopic', versions: '0+', fields: [
        { name: 'TopicName', type: 'string', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const DeleteShareGroupOffsetsResponse = {
  apiKey: 92,
  type: 'response',
  name: 'DeleteShareGroupOffsetsResponse',
  validVersions: '0',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    {
      name: 'Responses', type: '[]DeleteShareGroupOffsetsResponseTopic', versions: '0+', fields: [
        { name: 'TopicName', type: 'string', versions: '0+' },
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
      ],
    },
  ],
} as const satisfies MessageSpec;
