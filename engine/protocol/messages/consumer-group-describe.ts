// ConsumerGroupDescribe (69), versions 0-1 (KIP-848). Kafka: ConsumerGroupDescribeRequest.json /
// ConsumerGroupDescribeResponse.json. Flexible from v0; v1 MemberType (KIP-1099: -1 unknown,
// 0 classic, 1 consumer). Not advertised yet (api-keys.ts).

import type { MessageSpec } from '../schema.ts';

const describedAssignmentFields = [
  {
    name: 'TopicPartitions', type: '[]TopicPartitions', versions: '0+', fields: [
      { name: 'TopicId', type: 'uuid', versions: '0+' },
      { name: 'TopicName', type: 'string', versions: '0+' },
      { name: 'Partitions', type: '[]int32', versions: '0+' },
    ],
  },
] as const;

export const ConsumerGroupDescribeRequest = {
  apiKey: 69,
  type: 'request',
  name: 'ConsumerGroupDescribeRequest',
  validVersions: '0-1',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupIds', type: '[]string', versions: '0+' },
    { name: 'IncludeAuthorizedOperations', type: 'bool', versions: '0+' },
  ],
} as const satisfies MessageSpec;

export const ConsumerGroupDescribeResponse = {
  apiKey: 69,
  type: 'response',
  name: 'ConsumerGroupDescribeResponse',
  validVersions: '0-1',
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
            { name: 'InstanceId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'RackId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'MemberEpoch', type: 'int32', versions: '0+' },
            { name: 'ClientId', type: 'string', versions: '0+' },
            { name: 'ClientHost', type: 'string', versions: '0+' },
            { name: 'SubscribedTopicNames', type: '[]string', versions: '0+' },
            { name: 'SubscribedTopicRegex', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'Assignment', type: 'Assignment', versions: '0+', fields: describedAssignmentFields },
            { name: 'TargetAssignment', type: 'Assignment', versions: '0+', fields: describedAssignmentFields },
            { name: 'MemberType', type: 'int8', versions: '1+', default: -1, ignorable: true },
          ],
        },
        { name: 'AuthorizedOperations', type: 'int32', versions: '0+', default: -2147483648 },
      ],
    },
  ],
} as const satisfies MessageSpec;
