// DeleteRecords (21), versions 0-2. Kafka: DeleteRecordsRequest.json / DeleteRecordsResponse.json.
// v1 same layout; v2 first flexible.

import type { MessageSpec } from '../schema.ts';

export const DeleteRecordsRequest = {
  apiKey: 21,
  type: 'request',
  name: 'DeleteRecordsRequest',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics', type: '[]DeleteRecordsTopic', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]DeleteRecordsPartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'Offset', type: 'int64', versions: '0+' },
          ],
        },
      ],
    },
    { name: 'TimeoutMs', type: 'int32', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const DeleteRecordsResponse = {
  apiKey: 21,
  type: 'response',
  name: 'DeleteRecordsResponse',
  validVersions: '0-2',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Topics', type: '[]DeleteRecordsTopicResult', versions: '0+', fields: [
        { name: 'Name', type: 'string', versions: '0+' },
        {
          name: 'Partitions', type: '[]DeleteRecordsPartitionResult', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LowWatermark', type: 'int64', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
