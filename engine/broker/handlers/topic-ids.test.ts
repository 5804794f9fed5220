// Topic ids over the wire: Metadata v10+ carries them, Fetch v13+ addresses topics by id, a stale id gets
// UNKNOWN_TOPIC_ID, and every Fetch answers with session id 0 ("no fetch session": clients send full requests).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../../client/connection.ts';
import { ApiKey } from '../../protocol/api-keys.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { buildBatch } from '../../storage/records.ts';
import { testCluster, type TestCluster } from '../../test/cluster-fixture.ts';

let tc: TestCluster;
let conn: KafkaConnection;
beforeAll(async () => {
  tc = await testCluster({ brokers: 1 });
  const [host, port] = tc.bootstrap.split(':');
  conn = await KafkaConnection.connect(host, Number(port));
});
afterAll(async () => {
  await conn?.close();
  await tc?.close();
});

type Body = Record<string, unknown>;

describe('topic ids', () => {
  it('Metadata v12 returns ids; Fetch v13 reads by id; a stale id is UNKNOWN_TOPIC_ID; no fetch sessions', async () => {
    const created = (await conn.request(ApiKey.CreateTopics, 7, {
      topics: [{ name: 'by-id', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false,
    })) as { topics: { errorCode: number; topicId: string }[] };
    expect(created.topics[0].errorCode).toBe(0);
    const md = (await conn.request(ApiKey.Metadata, 12, { topics: [{ topicId: created.topics[0].topicId, name: null }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })) as {
      topics: { name: string; topicId: string; errorCode: number }[];
    };
    expect(md.topics).toEqual([expect.objectContaining({ name: 'by-id', topicId: created.topics[0].topicId, errorCode: 0 })]);

    const produced = (await conn.request(ApiKey.Produce, 9, {
      transactionalId: null, acks: -1, timeoutMs: 5000,
      topicData: [{ name: 'by-id', partitionData: [{ index: 0, records: buildBatch([{ key: 'k', value: 'hello' }]) }] }],
    })) as { responses: { partitionResponses: { errorCode: number; baseOffset: number }[] }[] };
    expect(produced.responses[0].partitionResponses[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });

    const fetch = (topicId: string) => conn.request(ApiKey.Fetch, 13, {
      replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
      forgottenTopicsData: [], rackId: '',
    }) as Promise<{ sessionId: number; responses: { topicId: string; partitions: { errorCode: number; highWatermark: number; records: Buffer }[] }[] }>;
    const good = await fetch(created.topics[0].topicId);
    expect(good.sessionId).toBe(0);
    expect(good.responses[0].topicId).toBe(created.topics[0].topicId);
    expect(good.responses[0].partitions[0]).toMatchObject({ errorCode: 0, highWatermark: 1 });
    expect(good.responses[0].partitions[0].records.includes(Buffer.from('hello'))).toBe(true);

    // Delete and recreate under the same name: the old id is now stale.
    await conn.request(ApiKey.DeleteTopics, 6, { topics: [{ name: 'by-id', topicId: 'AAAAAAAAAAAAAAAAAAAAAA' }], timeoutMs: 5000 });
    await conn.request(ApiKey.CreateTopics, 7, { topics: [{ name: 'by-id', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
    const stale = await fetch(created.topics[0].topicId);
    expect(stale.responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
    const staleMd = (await conn.request(ApiKey.Metadata, 12, { topics: [{ topicId: created.topics[0].topicId, name: null }], allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false })) as Body;
    expect((staleMd.topics as { errorCode: number }[])[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_ID);
  });
});
