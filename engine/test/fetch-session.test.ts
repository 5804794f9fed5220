// Incremental fetch sessions against a real broker: a full fetch opens the session, incremental fetches list
// only what changed, and a wrong epoch or an unknown session gets Kafka's error.

import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { createTopic, testCluster, type TestCluster } from './cluster-fixture.ts';
import { open, produce, records } from './broker-requests.ts';
import type { KafkaConnection } from '../client/connection.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

interface FetchBody { errorCode: number; sessionId: number; responses: { topic: string; partitions: { partitionIndex: number; errorCode: number; highWatermark: number | bigint; records: Buffer | null }[] }[] }

function fetch(c: KafkaConnection, sessionId: number, sessionEpoch: number, partitions: { partition: number; fetchOffset: number }[], forgotten: number[] = []): Promise<FetchBody> {
  return c.request(ApiKey.Fetch, 11, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 0, sessionId, sessionEpoch,
    topics: partitions.length ? [{ topic: 's', partitions: partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.fetchOffset, logStartOffset: -1, partitionMaxBytes: 1 << 20 })) }] : [],
    forgottenTopicsData: forgotten.length ? [{ topic: 's', partitions: forgotten }] : [],
    rackId: '',
  }) as unknown as Promise<FetchBody>;
}

const listed = (r: FetchBody) => r.responses.flatMap((t) => t.partitions.map((p) => p.partitionIndex)).sort();

describe('incremental fetch sessions (KIP-227)', () => {
  it('full fetch, then only what changed; wrong epochs and unknown sessions are refused', async () => {
    tc = await testCluster({ brokers: 1 });
    await createTopic(tc.cluster, 's', 4, 1);
    const c = await open(tc.cluster, 'session-test');
    const full = await fetch(c, 0, 0, [0, 1, 2, 3].map((partition) => ({ partition, fetchOffset: 0 })));
    expect(full.errorCode).toBe(0);
    expect(full.sessionId).toBeGreaterThan(0);
    expect(listed(full)).toEqual([0, 1, 2, 3]);

    // Nothing changed: an incremental fetch listing nothing gets nothing.
    const quiet = await fetch(c, full.sessionId, 1, []);
    expect(quiet).toMatchObject({ errorCode: 0, sessionId: full.sessionId });
    expect(listed(quiet)).toEqual([]);

    // Records arrive on partition 2: only it is listed, with its records, though the request named nothing.
    expect((await produce(c, 's', 2, records(3, 'x'))).errorCode).toBe(0);
    const one = await fetch(c, full.sessionId, 2, []);
    expect(listed(one)).toEqual([2]);
    expect(one.responses[0].partitions[0].records!.length).toBeGreaterThan(0);

    // The fetcher moves its offset past the records and forgets partition 0: nothing more to say.
    const moved = await fetch(c, full.sessionId, 3, [{ partition: 2, fetchOffset: 3 }], [0]);
    expect(listed(moved)).toEqual([]);
    expect((await produce(c, 's', 0, records(1, 'y'))).errorCode).toBe(0);
    expect(listed(await fetch(c, full.sessionId, 4, []))).toEqual([]);

    // A replayed epoch and an unknown session id are Kafka's errors; a sessionless fetch still works.
    expect((await fetch(c, full.sessionId, 4, [])).errorCode).toBe(ErrorCode.INVALID_FETCH_SESSION_EPOCH);
    expect((await fetch(c, full.sessionId + 12345, 1, [])).errorCode).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
    const sessionless = await fetch(c, 0, -1, [{ partition: 0, fetchOffset: 0 }]);
    expect(sessionless).toMatchObject({ errorCode: 0, sessionId: 0 });
    expect(listed(sessionless)).toEqual([0]);
    await c.close();
  });
});
