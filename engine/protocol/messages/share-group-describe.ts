// ShareGroupDescribe (77), version 1 (KIP-932). Kafka: ShareGroupDescribeRequest.json /
// ShareGroupDescribeResponse.json. Version 0 (4.0 early access) is not declared. Not advertised yet.

import type { MessageSpec } from '../schema.ts';

export const ShareGroupDescribeRequest = {
  apiKey: 77,
  type: 'request',
  name: 'ShareGroupDescribeRequest',
  validVersions: '1',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupIds', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const ShareGroupDescribeResponse = {
  apiKey: 77,
  type: 'response',
  name: 'ShareGroupDescribeResponse',
  validVersions: '1',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    {
      name: 'Groups', type: '[]DescribedGroup', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
        { name: 'GroupId', type: 'string', versions: '0+' },
        { name: 'GroupState', type: 'string', versions: '0+' },
        { name: 'GroupEpoch', type: 'int32', versions: '0+' },
        { name: 'AssignmentEpoch', type: 'int32', versions: '0+' },
        { name: 'AssignorName', type: 'string', versions: '0+' },
        {
          name: 'Members', type: '[]Member', versions: '0+', fields: [
            { name: 'MemberId', type: 'string', versions: '0+' },
            { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'MemberEpoch', type: 'int32', versions: '0+' },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'SubscribedTopicNames', type: '[]string', versions: '0+' },
            {
              name: 'Assignment', type: 'Assignment', versions: '0+', fields: [
                {
                  name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', fields: [
                    { name: 'TopicId', type: 'uuid', versions: '0+' },
                    { name: 'TopicName', type: 'string', versions: '0+' },
                    { name: 'Partitions', type: '[]int32', versions: '0+' },
                  ],
                },
              ],
            },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
      ],
    },
  ],
} as const satisfies MessageSpec;
