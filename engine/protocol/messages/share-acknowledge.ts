// ShareAcknowledge (79), versions 1-2 (KIP-932). Kafka: ShareAcknowledgeRequest.json /
// ShareAcknowledgeResponse.json. Version 0 (4.0 early access) is not declared. v2 (Kafka 4.2)
// IsRenewAck and acknowledge type 4 = renew (KIP-1222), and AcquisitionLockTimeoutMs in the response.
// Not advertised yet.

import type { MessageSpec } from '../schema.ts';
import { nodeEndpointFields } from './common.ts';
import { acknowledgementBatchFields } from './share-fetch.ts';

export const ShareAcknowledgeRequest = {
  apiKey: 79,
  type: 'request',
  name: 'ShareAcknowledgeRequest',
  validVersions: '1-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'GroupId', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'MemberId', type: 'string', versions: '0+', nullableVersions: '0+' },
    { name: 'ShareSessionEpoch', type: 'int32', versions: '0+' },
    { name: 'IsRenewAck', type: 'bool', versions: '2+', default: false },
    {
      name: 'Topics', type: '[]AcknowledgeTopic', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        {
          name: 'Partitions', type: '[]AcknowledgePartition', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'AcknowledgementBatches', type: '[]AcknowledgementBatch', versions: '0+', fields: acknowledgementBatchFields },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const ShareAcknowledgeResponse = {
  apiKey: 79,
  type: 'response',
  name: 'ShareAcknowledgeResponse',
  validVersions: '1-2',
  flexibleVersions: '0+',
  fields: [
    { name: 'ThrottleTimeMs', type: 'int32', versions: '0+' },
    { name: 'ErrorCode', type: 'int16', versions: '0+' },
    { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
    { name: 'AcquisitionLockTimeoutMs', type: 'int32', versions: '2+', ignorable: true },
    {
      name: 'Responses', type: '[]ShareAcknowledgeTopicResponse', versions: '0+', fields: [
        { name: 'TopicId', type: 'uuid', versions: '0+' },
        {
          name: 'Partitions', type: '[]PartitionData', versions: '0+', fields: [
            { name: 'PartitionIndex', type: 'int32', versions: '0+' },
            { name: 'ErrorCode', type: 'int16', versions: '0+' },
            { name: 'ErrorMessage', type: 'string', versions: '0+', nullableVersions: '0+', default: null },
            {
              name: 'CurrentLeader', type: 'LeaderIdAndEpoch', versions: '0+', fields: [
                { name: 'LeaderId', type: 'int32', versions: '0+' },
                { name: 'LeaderEpoch', type: 'int32', versions: '0+' },
              ],
            },
          ],
        },
      ],
    },
    { name: 'NodeEndpoints', type: '[]NodeEndpoint', versions: '0+', fields: nodeEndpointFields },
  ],
} as const satisfies MessageSpec;
