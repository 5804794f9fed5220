// OffsetFetch (9), versions 1-10. Kafka: OffsetFetchRequest.json / OffsetFetchResponse.json.
// v2 null Topics = all topics, top-level ErrorCode; v3 ThrottleTimeMs; v5 CommittedLeaderEpoch;
// v6 first flexible; v7 RequireStable (KIP-447); v8 batched Groups (KIP-709); v9 MemberId and
// MemberEpoch for the KIP-848 consumer protocol; v10 names each topic by TopicId instead of Name.

import type { MessageSpec } from '../schema.ts';

export const OffsetFetchRequest = {
  apiKey: 9,
  type: 'request',
  name: 'OffsetFetchRequest',
  validVersions: '1-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0-7' },
    {
      name: 'Topics', type: '[]OffsetFetchRequestTopic', versions: '0-7', nullableVersions: '2-7', fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        { name: 'PartitionIndexes', type: '[]int32', versions: '0-7' },
      ],
    },
    {
      name: 'Groups', type: '[]OffsetFetchRequestGroup', versions: '8+', fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        { name: 'MemberId', type: 'string', versions: '9+', nullableVersions: '9+', default: null, ignorable: true },
        { name: 'MemberEpoch', type: 'int32', versions: '9+', default: -1, ignorable: true },
        {
          name: 'Topics', type: '[]OffsetFetchRequestTopics', versions: '8+', nullableVersions: '8+', fields: [
            { name: 'Name', type: 'string', versions: '8-9' },
            { name: 'TopicId', type: 'uuid', versions: '10+' },
            { name: 'PartitionIndexes', type: '[]int32', versions: '8+' },
          ],
        },
      ],
    },
    { name: 'RequireStable', type: 'bool', versions: '7+', default: false },
  ],
} as const satisfies MessageSpec;

export const OffsetFetchResponse = {
  apiKey: 9,
  type: 'response',
  name: 'OffsetFetchResponse',
  validVersions: '1-10',
  flexibleVersions: '6+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Topics', type: '[]OffsetFetchResponseTopic', versions: '0-7', fields: [
        { name: 'Name', type: 'string', versions: '0-7' },
        {
          name: 'Partitions', type: '[]OffsetFetchResponsePartition', versions: '0-7', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0-7' },
            { name: 'CommittedOffset', type: 'int64', versions: '0-7' },
            { name: 'CommittedLeaderEpoch', type: 'int32', versions: '5-7', default: -1, ignorable: true },
            { name: 'Metadata', type: 'string', versions: '0-7', nullableVersions: '0-7' },
            { name: 'ErrorCode', type: 'int16', versions: '0-7' },
          ],
        },
      ],
    },
    { name: 'ErrorCode', type: 'int16', versions: '2-7', default: 0, ignorable: true },
    {
      name: 'Groups', type: '[]OffsetFetchResponseGroup', versions: '8+', fields: [
        { name: 'GroupId', type: 'string', versions: '8+' },
        {
          name: 'Topics', type: '[]OffsetFetchResponseTopics', versions: '8+', fields: [
            { name: 'Name', type: 'string', versions: '8-9' },
            { name: 'TopicId', type: 'uuid', versions: '10+' },
            {
              name: 'Partitions', type: '[]OffsetFetchResponsePartitions', versions: '8+', fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '8+' },
                { name: 'CommittedOffset', type: 'int64', versions: '8+' },
                { name: 'CommittedLeaderEpoch', type: 'int32', versions: '8+', default: -1, ignorable: true },
                { name: 'Metadata', type: 'string', versions: '8+', nullableVersions: '8+' },
                { name: 'ErrorCode', type: 'int16', versions: '8+' },
              ],
            },
          ],
        },
        { name: 'ErrorCode', type: 'int16', versions: '8+', default: 0, ignorable: true },
      ],
    },
  ],
} as const satisfies MessageSpec;
