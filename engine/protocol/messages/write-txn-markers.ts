// WriteTxnMarkers (27), versions 0-1. Kafka: WriteTxnMarkersRequest.json / WriteTxnMarkersResponse.json.
// Sent by the transaction coordinator to each partition leader: append a COMMIT or ABORT control batch
// for the producer. v1 first flexible. TransactionResult: false = abort, true = commit.

import type { MessageSpec } from '../schema.ts';

export const WriteTxnMarkersRequest = {
  apiKey: 27,
  type: 'request',
  name: 'WriteTxnMarkersRequest',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'Markers', type: '[]WritableTxnMarker', versions: '0+', fields: [
        { name: 'ProducerId', type: 'int64', versions: '0+' },
        { name: 'ProducerEpoch', type: 'int16', versions: '0+' },
        { name: 'TransactionResult', type: 'bool', versions: '0+' },
        {
          name: 'Topics', type: '[]WritableTxnMarkerTopic', versions: '0+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            { name: 'PartitionIndexes', type: '[]int32', versions: '0+' },
          ],
        },
        { name: 'CoordinatorEpoch', type: 'int32', versions: '0+' },
      ],
    },
  ],
} as const satisfies MessageSpec;

export const WriteTxnMarkersResponse = {
  apiKey: 27,
  type: 'response',
  name: 'WriteTxnMarkersResponse',
  validVersions: '0-1',
  flexibleVersions: '1+',
  fields: [
    {
      name: 'Markers', type: '[]WritableTxnMarkerResult', versions: '0+', fields: [
        { name: 'ProducerId', type: 'int64', versions: '0+' },
        {
          name: 'Topics', type: '[]WritableTxnMarkerTopicResult', versions: '0+', fields: [
            { name: 'Name', type: 'string', versions: '0+' },
            {
              name: 'Partitions', type: '[]WritableTxnMarkerPartitionResult', versions: '0+', fields: [
                { name: 'PartitionIndex', type: 'int32', versions: '0+' },
                { name: 'ErrorCode', type: 'int16', versions: '0+' },
              ],
            },
          ],
        },
      ],
    },
  ],
} as const satisfies MessageSpec;
