// ShareFetch (78), versions 1-2 (KIP-932). Kafka: ShareFetchRequest.json / ShareFetchResponse.json.
// Version 0 (4.0 early access) is not declared. v1 MaxRecords/BatchSize and AcquisitionLockTimeoutMs;
// v2 (Kafka 4.2) ShareAcquireMode (KIP-1206: 0 batch-optimized, 1 record-limit) and IsRenewAck with
// acknowledge type 4 = renew (KIP-1222). Acknowledge types: 0 gap, 1 accept, 2 release, 3 reject, 4 renew.
// Share session epochs: 0 opens a session, -1 closes it, otherwise the next epoch. Not advertised yet.

import type { MessageSpec } from '../schema.ts';
import { nodeEndpointFields } from './common.ts';

export const acknowledgementBatchFields = [
  { name: 'FirstOffset', type: 'int64', versions: '0+' },
  { name: 'LastOffset', type: 'int64', versions: '0+' },
  { name: 'AcknowledgeTypes', type: '[]int8', versions: '0+' },
] as const;

export const ShareFetchRequest = {
  apiKey: 78,
  type: 'request',
  name: 'ShareFetchRequest',
  validVersions: '1-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'MemberId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'ShareSessionEpoch', type: 'int32', versions: '0+' },
    { name: 'MaxWaitMs', type: 'int32', versions: '0+' },
    { name: 'MinBytes', type: 'int32', versions: '0+' },
    { name: 'MaxBytes', type: 'int32', versions: '0+', default: 0x7fffffff },
    { name: 'MaxRecords', type: 'int32', versions: '1+' },
    { name: 'BatchSize', type: 'int32', versions: '1+' },
    { name: 'ShareAcquireMode', type: 'int8', versions: '2+' },
    { name: 'IsRenewAck', type: 'bool', versions: '2+', default: false },
    {
      name: 'Topics', type: '[]FetchTopic', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        {
          name: 'Partitions', type: '[]FetchPartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'PartitionMaxBytes', type: 'int32', versions: '0' },
            { name: 'AcknowledgementBatches', type: '[]AcknowledgementBatch', versions: '0+', fields: acknowledgementBatchFields },
          ],
        },
      ],
    },
    {
      name: 'ForgottenTopicsData', type: '[]ForgottenTopic', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        { name: 'Partitions', type: '[]int32', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const ShareFetchResponse = {
  apiKey: 78,
  type: 'response',
  name: 'ShareFetchResponse',
  validVersions: '1-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'AcquisitionLockTimeoutMs', type: 'int32', versions: '1+' },
    {
      name: 'Responses', type: '[]ShareFetchableTopicResponse', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        {
          name: 'Partitions', type: '[]PartitionData', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            { name: 'AcknowledgeErrorCode', type: 'int16', versions: '0+' },
            { name: 'AcknowledgeErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            {
              name: 'CurrentLeader', type: 'LeaderIdAndEpoch', versions: '0+', fields: [
                { name: 'LeaderId', type: 'int32', versions: '0+' },
                { name: 'LeaderEpoch', type: 'int32', versions: '0+' },
              ],
            },
            { name: 'Records', type: 'records', versions: '0+', nullableVersions: '0+' },
            {
              name: 'AcquiredRecords', type: '[]AcquiredRecords', versions: '0+', fields: [
                { name: 'FirstOffset', type: 'int64', versions: '0+' },
                { name: 'LastOffset', type: 'int64', versions: '0+' },
                { name: 'DeliveryCount', type: 'int16', versions: '0+' },
              ],
            },
          ],
        },
      ],
    },
    { name: 'NodeEndpoints', type: '[]NodeEndpoint', versions: '0+', fields: nodeEndpointFields },
  ],
} as const satisfies MessageSpec;
