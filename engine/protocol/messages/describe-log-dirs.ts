// DescribeLogDirs (35), versions 0-4. Kafka: DescribeLogDirsRequest.json / DescribeLogDirsResponse.json.
// v1 same layout; v2 first flexible; v3 top-level ErrorCode; v4 TotalBytes/UsableBytes (KIP-827).

import type { MessageSpec } from '../schema.ts';

export const DescribeLogDirsRequest = {
  apiKey: 35,
  type: 'request',
  name: 'DescribeLogDirsRequest',
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    {
      name: 'Topics', type: '[]DescribableLogDirTopic', versions: '0+', nullableVersions: '0+', fields: [
        { name: 'Topic', type: 'string', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const DescribeLogDirsResponse = {
  apiKey: 35,
  type: 'response',
  name: 'DescribeLogDirsResponse',
  validVersions: '0-4',
  flexibleVersions: '2+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '3+', ignorable: true },
    {
      name: 'Results', type: '[]DescribeLogDirsResult', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'LogDir', type: 'string', versions: '0+' },
        {
          name: 'Topics', type: '[]DescribeLogDirsTopic', versions: '0+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            {
              name: 'Partitions', type: '[]DescribeLogDirsPartition', versions: '0+', fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'PartitionSize', type: 'int64', versions: '0+' },
                { name: 'OffsetLag', type: 'int64', versions: '0+' },
                { name: 'IsFutureKey', type: 'bool', versions: '0+' },
              ],
            },
          ],
        },
        { name: 'TotalBytes', type: 'int64', versions: '4+', default: -1, ignorable: true },
        { name: 'UsableBytes', type: 'int64', versions: '4+', default: -1, ignorable: true },
      ],
    },
  ],
} as const satisfies MessageSpec;
