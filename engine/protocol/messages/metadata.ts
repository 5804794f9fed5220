// Metadata (3), versions 0-13. Kafka: MetadataRequest.json / MetadataResponse.json.
// v0: an empty topic list means all topics; v1+: null means all topics, empty means none.
// v1 rack/controller/internal; v2 ClusterId; v3 ThrottleTimeMs; v4 AllowAutoTopicCreation;
// v5 OfflineReplicas; v7 LeaderEpoch; v8 authorized operations; v9 first flexible; v10 topic ids;
// v11 drops IncludeClusterAuthorizedOperations (moved to DescribeCluster); v12 nullable topic name
// in the response (topics requested by id only); v13 a top-level ErrorCode in the response (KIP-1102:
// REBOOTSTRAP_REQUIRED), the request as v12.

import type { MessageSpec } from '../schema.ts';

export const MetadataRequest = {
  apiKey: 3,
  type: 'request',
  name: 'MetadataRequest',
  validVersions: '0-13',
  flexibleVersions: '9+',
  fields: [
    {
      name: 'Topics', type: '[]MetadataRequestTopic', versions: '0+', nullableVersions: '1+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '10+' },
      ],
    },
    { name: 'AllowAutoTopicCreation', type: 'bool', versions: '4+', default: true },
    { name: 'IncludeClusterAuthorizedOperations', type: 'bool', versions: '8-10' },
    { name: 'IncludeTopicAuthorizedOperations', type: 'bool', versions: '8+' },
  ],
} as const satisfies MessageSpec;

export const MetadataResponse = {
  apiKey: 3,
  type: 'response',
  name: 'MetadataResponse',
  validVersions: '0-13',
  flexibleVersions: '9+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '3+', ignorable: true },
    {
      name: 'Brokers', type: '[]MetadataResponseBroker', versions: '0+', fields: [
        { name: 'NodeId', type: 'int32', versions: '0+' },
        { name: 'Host', type: 'string', versions: '0+' },
        { name: 'Port', type: 'int32', versions: '0+' },
        { name: 'Rack', type: 'string', versions: '1+', nullableVersions: '1+', ignorable: true, default: null },
      ],
    },
    { name: 'ClusterId', type: 'string', versions: '2+', nullableVersions: '2+', ignorable: true, default: null },
    { name: 'ControllerId', type: 'int32', versions: '1+', default: -1, ignorable: true },
    {
      name: 'Topics', type: '[]MetadataResponseTopic', versions: '0+', fields: [
        { name: 'ErrorCode', type: 'int16', versions: '0+' },
        { name: 'Name', type: 'string', versions: '0+', nullableVersions: '12+' },
        { name: 'TopicId', type: 'uuid', versions: '10+', ignorable: true },
        { name: 'IsInternal', type: 'bool', versions: '1+', default: false, ignorable: true },
        {
          name: 'Partitions', type: '[]MetadataResponsePartition', versions: '0+', fields: [
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'LeaderId', type: 'int32', versions: '0+' },
            { name: 'LeaderEpoch', type: 'int32', versions: '7+', default: -1, ignorable: true },
            { name: 'ReplicaNodes', type: '[]int32', versions: '0+' },
            { name: 'IsrNodes', type: '[]int32', versions: '0+' },
            { name: 'OfflineReplicas', type: '[]int32', versions: '5+', ignorable: true },
          ],
        },
        { name: 'TopicAuthorizedOperations', type: 'int32', versions: '8+', default: -2147483648, ignorable: true },
      ],
    },
    { name: 'ClusterAuthorizedOperations', type: 'int32', versions: '8-10', default: -2147483648, ignorable: true },
    { name: 'ErrorCode', type: 'int16', versions: '13+', ignorable: true },
  ],
} as const satisfies MessageSpec;
