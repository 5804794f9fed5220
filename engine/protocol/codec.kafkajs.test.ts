// Known-answer tests against an independent implementation: kafkajs 2.2's own request encoders
// and response decoders (node_modules/kafkajs/src/protocol/requests/<api>/v<N>/).
// Requests: kafkajs encodes a whole frame, our decodeRequest must read the same values.
// Responses: we encode a whole frame, kafkajs's decoder must read the same values.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { decodeRequest, encodeResponse } from './codec.ts';
import { EARLIEST_TIMESTAMP } from './list-offsets-timestamps.ts';

const require = createRequire(import.meta.url);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;
const kafkajsRequestFrame: (o: { correlationId: number; clientId: string; request: unknown }) => Promise<{ buffer: Buffer }> =
  require('kafkajs/src/protocol/request');

function kjs(api: string, version: number, kind: 'request' | 'response'): Any {
  return require(`kafkajs/src/protocol/requests/${api}/v${version}/${kind}`);
}

async function kafkajsRequest(api: string, version: number, args: unknown, correlationId = 4242) {
  const request = kjs(api, version, 'request')(args);
  const frame = (await kafkajsRequestFrame({ correlationId, clientId: 'kafkajs-test', request })).buffer;
  expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  const decoded = decodeRequest(frame.subarray(4));
  expect(decoded.header).toEqual({ requestApiKey: request.apiKey, requestApiVersion: version, correlationId, clientId: 'kafkajs-test' });
  return decoded.body as Any;
}

/** Our response frame, read by kafkajs's decoder (which gets the bytes after the correlation id). */
async function kafkajsDecodes(api: string, apiKey: number, version: number, body: Record<string, unknown>): Promise<Any> {
  const frame = encodeResponse(apiKey, version, 77, body);
  expect(frame.readInt32BE(0)).toBe(frame.length - 4);
  expect(frame.readInt32BE(4)).toBe(77);
  const response = kjs(api, version, 'response');
  return response.parse(await response.decode(frame.subarray(8)));
}

describe('kafkajs requests decode with our codec', () => {
  for (const v of [0, 1, 2, 3, 4, 5, 6]) {
    it(`Metadata v${v} request`, async () => {
      const body = await kafkajsRequest('metadata', v, { topics: ['alpha', 'beta'], allowAutoTopicCreation: false });
      expect(body.topics.map((t: Any) => t.name)).toEqual(['alpha', 'beta']);
      expect(body.allowAutoTopicCreation).toBe(v >= 4 ? false : true);
    });
  }

  it('Metadata v1 request: kafkajs sends an empty list as null (= all topics)', async () => {
    const request = kjs('metadata', 1, 'request')({ topics: [] });
    const frame = (await kafkajsRequestFrame({ correlationId: 1, clientId: 'c', request })).buffer;
    expect((decodeRequest(frame.subarray(4)).body as Any).topics).toBeNull();
  });

  for (const v of [3, 5, 7]) {
    it(`Produce v${v} request carries the record batch bytes untouched`, async () => {
      const body = await kafkajsRequest('produce', v, {
        acks: -1,
        timeout: 30000,
        transactionalId: null,
        producerId: -1,
        producerEpoch: 0,
        topicData: [{ topic: 'orders', partitions: [{ partition: 2, firstSequence: 0, messages: [{ key: 'k1', value: 'v1', timestamp: 1700000000000 }] }] }],
      });
      expect(body).toMatchObject({ transactionalId: null, acks: -1, timeoutMs: 30000 });
      const p = body.topicData[0].partitionData[0];
      expect(body.topicData[0].name).toBe('orders');
      expect(p.index).toBe(2);
      const records: Buffer = p.records;
      expect(Buffer.isBuffer(records)).toBe(true);
      expect(records.readInt32BE(8)).toBe(records.length - 12); // batchLength
      expect(records[16]).toBe(2); // magic v2
      expect(records.includes(Buffer.from('v1'))).toBe(true);
    });
  }

  for (const v of [4, 5, 7, 11]) {
    it(`Fetch v${v} request`, async () => {
      const body = await kafkajsRequest('fetch', v, {
        replicaId: -1,
        maxWaitTime: 500,
        minBytes: 1,
        maxBytes: 10485760,
        isolationLevel: 1,
        sessionId: 0,
        sessionEpoch: -1,
        rackId: 'rack-a',
        topics: [{ topic: 'orders', partitions: [{ partition: 3, fetchOffset: '123456789012', maxBytes: 1048576 }] }],
      });
      expect(body).toMatchObject({ replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 10485760, isolationLevel: 1 });
      expect(body.topics[0].topic).toBe('orders');
      expect(body.topics[0].partitions[0]).toMatchObject({ partition: 3, fetchOffset: 123456789012, partitionMaxBytes: 1048576 });
      if (v >= 7) expect(body).toMatchObject({ sessionId: 0, sessionEpoch: -1, forgottenTopicsData: [] });
      if (v >= 11) expect(body.rackId).toBe('rack-a');
    });
  }

  for (const v of [0, 1, 2, 3, 4, 5]) {
    it(`JoinGroup v${v} request`, async () => {
      const body = await kafkajsRequest('joinGroup', v, {
        groupId: 'g1',
        sessionTimeout: 30000,
        rebalanceTimeout: 60000,
        memberId: 'm-1',
        groupInstanceId: null,
        protocolType: 'consumer',
        groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }],
      });
      expect(body).toMatchObject({ groupId: 'g1', sessionTimeoutMs: 30000, memberId: 'm-1', protocolType: 'consumer', groupInstanceId: null });
      expect(body.rebalanceTimeoutMs).toBe(v >= 1 ? 60000 : -1);
      expect(body.protocols).toEqual([{ name: 'RoundRobinAssigner', metadata: Buffer.from([0, 1, 2]) }]);
    });
  }

  for (const v of [2, 3, 4, 5]) {
    it(`OffsetCommit v${v} request`, async () => {
      const body = await kafkajsRequest('offsetCommit', v, {
        groupId: 'g1',
        groupGenerationId: 5,
        memberId: 'm-1',
        retentionTime: -1,
        topics: [{ topic: 't', partitions: [{ partition: 0, offset: '42', metadata: null }] }],
      });
      expect(body).toMatchObject({ groupId: 'g1', generationIdOrMemberEpoch: 5, memberId: 'm-1' });
      expect(body.retentionTimeMs).toBe(-1);
      expect(body.topics).toEqual([{ name: 't', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partitionIndex: 0, committedOffset: 42, committedLeaderEpoch: -1, commitTimestamp: -1, committedMetadata: null }] }]);
    });
  }

  for (const v of [1, 2, 3]) {
    it(`ListOffsets v${v} request`, async () => {
      const body = await kafkajsRequest('listOffsets', v, { replicaId: -1, isolationLevel: 1, topics: [{ topic: 't', partitions: [{ partition: 1, timestamp: EARLIEST_TIMESTAMP }] }] });
      expect(body.replicaId).toBe(-1);
      expect(body.isolationLevel).toBe(v >= 2 ? 1 : 0);
      expect(body.topics[0]).toMatchObject({ name: 't', partitions: [{ partitionIndex: 1, timestamp: EARLIEST_TIMESTAMP }] });
    });
  }

  for (const v of [0, 1, 2, 3]) {
    it(`CreateTopics v${v} request`, async () => {
      const body = await kafkajsRequest('createTopics', v, {
        timeout: 5000,
        validateOnly: true,
        topics: [{ topic: 'new', numPartitions: 3, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      });
      expect(body.timeoutMs).toBe(5000);
      expect(body.validateOnly).toBe(v >= 1);
      expect(body.topics).toEqual([{ name: 'new', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'cleanup.policy', value: 'compact' }] }]);
    });
  }

  for (const v of [0, 1, 2]) {
    it(`ApiVersions v${v} request`, async () => {
      const body = await kafkajsRequest('apiVersions', v, {});
      expect(body).toEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
    });
  }
});

describe('our responses decode with kafkajs', () => {
  for (const v of [0, 1, 2, 3, 4, 5, 6]) {
    it(`Metadata v${v} response`, async () => {
      const decoded = await kafkajsDecodes('metadata', 3, v, {
        throttleTimeMs: 0,
        brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: 'r1' }],
        clusterId: 'cluster-xyz',
        controllerId: 1,
        topics: [{ errorCode: 0, name: 'orders', isInternal: false, partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }] }],
      });
      expect(decoded.brokers[0]).toMatchObject({ nodeId: 1, host: '127.0.0.1', port: 9092 });
      expect(decoded.topicMetadata[0]).toMatchObject({ topicErrorCode: 0, topic: 'orders' });
      expect(decoded.topicMetadata[0].partitionMetadata[0]).toMatchObject({ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1] });
      if (v >= 1) expect(decoded).toMatchObject({ controllerId: 1 });
      if (v >= 2) expect(decoded.clusterId).toBe('cluster-xyz');
    });
  }

  for (const v of [3, 5, 7]) {
    it(`Produce v${v} response`, async () => {
      const decoded = await kafkajsDecodes('produce', 0, v, {
        responses: [{ name: 'orders', partitionResponses: [{ index: 2, errorCode: 0, baseOffset: 2 ** 40, logAppendTimeMs: -1, logStartOffset: 0 }] }],
        throttleTimeMs: 0,
      });
      expect(decoded.topics[0].topicName).toBe('orders');
      expect(decoded.topics[0].partitions[0]).toMatchObject({ partition: 2, errorCode: 0, baseOffset: String(2 ** 40), logAppendTime: '-1' });
    });
  }

  for (const v of [4, 11]) {
    it(`Fetch v${v} response carries a kafkajs-encoded record batch back to kafkajs`, async () => {
      const produce = await kafkajsRequest('produce', 3, {
        acks: 1,
        timeout: 1000,
        topicData: [{ topic: 'orders', partitions: [{ partition: 0, messages: [{ key: 'k', value: 'hello', timestamp: 1700000000000 }] }] }],
      });
      const records: Buffer = produce.topicData[0].partitionData[0].records;
      const decoded = await kafkajsDecodes('fetch', 1, v, {
        throttleTimeMs: 0,
        responses: [{ topic: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: 1, lastStableOffset: 1, logStartOffset: 0, abortedTransactions: [], records }] }],
      });
      const partition = decoded.responses[0].partitions[0];
      expect(decoded.responses[0].topicName).toBe('orders');
      expect(partition).toMatchObject({ partition: 0, errorCode: 0, highWatermark: '1', lastStableOffset: '1' });
      expect(partition.messages).toHaveLength(1);
      expect(partition.messages[0].key.toString()).toBe('k');
      expect(partition.messages[0].value.toString()).toBe('hello');
    });
  }

  for (const v of [0, 1, 2, 3, 4, 5]) {
    it(`JoinGroup v${v} response`, async () => {
      const decoded = await kafkajsDecodes('joinGroup', 11, v, {
        errorCode: 0,
        generationId: 3,
        protocolName: 'RoundRobinAssigner',
        leader: 'm-1',
        memberId: 'm-2',
        members: [{ memberId: 'm-1', groupInstanceId: null, metadata: Buffer.from([9, 9]) }],
      });
      expect(decoded).toMatchObject({ errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-2' });
      expect(decoded.members[0].memberId).toBe('m-1');
      expect(Buffer.from(decoded.members[0].memberMetadata)).toEqual(Buffer.from([9, 9]));
    });
  }

  for (const v of [2, 3, 5]) {
    it(`OffsetCommit v${v} response`, async () => {
      const decoded = await kafkajsDecodes('offsetCommit', 8, v, { topics: [{ name: 't', partitions: [{ partitionIndex: 4, errorCode: 0 }] }] });
      expect(decoded.responses).toEqual([{ topic: 't', partitions: [{ partition: 4, errorCode: 0 }] }]);
    });
  }

  for (const v of [0, 1, 2]) {
    it(`ApiVersions v${v} response`, async () => {
      const decoded = await kafkajsDecodes('apiVersions', 18, v, {
        errorCode: 0,
        apiKeys: [{ apiKey: 0, minVersion: 3, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }],
        throttleTimeMs: 0,
      });
      expect(decoded.errorCode).toBe(0);
      expect(decoded.apiVersions).toEqual([{ apiKey: 0, minVersion: 3, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }]);
    });
  }
});
