// Fetch over many partitions against a real broker, with Kafka's rules: a fetch answers as soon as
// fetch.min.bytes is there across its partitions (not at fetch.max.wait.ms), each partition gives at most
// its partition max bytes and the response at most max bytes (the first batch of the response excepted,
// KIP-74), and an incremental session serves the partitions a cut-short response left out first next time.

import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../protocol/api-keys.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { listenerStats, open, produce, records } from './broker-requests.ts';
import type { KafkaConnection } from '../client/connection.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

interface FetchBody { errorCode: number; sessionId: number; responses: { topic: string; partitions: { partitionIndex: number; errorCode: number; records: Buffer | null }[] }[] }

interface FetchArgs {
  partitions: { partition: number; fetchOffset: number }[];
  maxWaitMs?: number;
  minBytes?: number;
  maxBytes?: number;
  partitionMaxBytes?: number;
  sessionId?: number;
  sessionEpoch?: number;
}

function fetch(c: KafkaConnection, topic: string, a: FetchArgs): Promise<FetchBody> {
  return c.request(ApiKey.Fetch, 11, {
    replicaId: -1, maxWaitMs: a.maxWaitMs ?? 0, minBytes: a.minBytes ?? 1, maxBytes: a.maxBytes ?? 50 << 20, isolationLevel: 0,
    sessionId: a.sessionId ?? 0, sessionEpoch: a.sessionEpoch ?? -1,
    topics: a.partitions.length ? [{ topic, partitions: a.partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: -1, fetchOffset: p.fetchOffset, logStartOffset: -1, partitionMaxBytes: a.partitionMaxBytes ?? 1 << 20 })) }] : [],
    forgottenTopicsData: [],
    rackId: '',
  }) as unknown as Promise<FetchBody>;
}

/** Bytes of records per partition index in a response (partitions it did not list are absent). */
function bytesBy(r: FetchBody): Map<number, number> {
  return new Map(r.responses.flatMap((t) => t.partitions.map((p) => [p.partitionIndex, p.records?.length ?? 0] as [number, number])));
}

const SIX = [0, 1, 2, 3, 4, 5];
// Longer than the test's own timeout: a fetch that answers at all did not wait for it.
const LONG_WAIT_MS = 120_000;

describe('fetch over many partitions', () => {
  it('answers at once when one of six partitions has data, without waiting for max.wait.ms', { timeout: 30_000 }, async () => {
    tc = await testCluster({ brokers: 1 });
    await createTopic(tc.cluster, 'six', 6, 1);
    const c = await open(tc.cluster, 'fetch-limits');
    expect((await produce(c, 'six', 4, records(5, 'x'))).errorCode).toBe(0);
    const r = await fetch(c, 'six', { partitions: SIX.map((partition) => ({ partition, fetchOffset: 0 })), maxWaitMs: LONG_WAIT_MS });
    expect(r.errorCode).toBe(0);
    const bytes = bytesBy(r);
    expect([...bytes.keys()].sort()).toEqual(SIX);
    expect(bytes.get(4)).toBeGreaterThan(0);
    expect(SIX.filter((p) => p !== 4).map((p) => bytes.get(p))).toEqual([0, 0, 0, 0, 0]);
    await c.close();
  });

  it('a fetch waiting on six empty partitions answers when one of them gets records', { timeout: 30_000 }, async () => {
    tc = await testCluster({ brokers: 1 });
    await createTopic(tc.cluster, 'six', 6, 1);
    const consumer = await open(tc.cluster, 'fetch-limits-consumer');
    const producer = await open(tc.cluster, 'fetch-limits-producer');
    const before = (await listenerStats(tc.cluster)).requests;
    let answered = false;
    const waiting = fetch(consumer, 'six', { partitions: SIX.map((partition) => ({ partition, fetchOffset: 0 })), maxWaitMs: LONG_WAIT_MS }).finally(() => {
      answered = true;
    });
    // The broker has the fetch, found nothing and holds it.
    await until('the broker to receive the fetch', async () => (await listenerStats(tc!.cluster)).requests > before);
    expect(answered).toBe(false);
    expect((await produce(producer, 'six', 3, records(5, 'y'))).errorCode).toBe(0);
    const bytes = bytesBy(await waiting);
    expect(bytes.get(3)).toBeGreaterThan(0);
    expect(SIX.filter((p) => p !== 3).every((p) => bytes.get(p) === 0)).toBe(true);
    await consumer.close();
    await producer.close();
  });

  it('gives each partition at most its max bytes and the response at most max bytes, in whole batches', async () => {
    tc = await testCluster({ brokers: 1 });
    await createTopic(tc.cluster, 'limits', 3, 1);
    const c = await open(tc.cluster, 'fetch-limits');
    const B = records(10, 'z00', 1000).length; // every batch below has a key prefix of this length
    for (const p of [0, 1, 2]) for (let i = 0; i < 3; i++) expect((await produce(c, 'limits', p, records(10, `z${p}${i}`, 1000))).errorCode).toBe(0);
    const all = [0, 1, 2].map((partition) => ({ partition, fetchOffset: 0 }));

    // 2.5 batches per partition, 4 in all: two whole batches from each of the first two, none left for the third.
    const cut = bytesBy(await fetch(c, 'limits', { partitions: all, partitionMaxBytes: Math.floor(2.5 * B), maxBytes: 4 * B }));
    expect([cut.get(0), cut.get(1), cut.get(2)]).toEqual([2 * B, 2 * B, 0]);

    // No limits to speak of: every batch of every partition.
    const whole = bytesBy(await fetch(c, 'limits', { partitions: all }));
    expect([whole.get(0), whole.get(1), whole.get(2)]).toEqual([3 * B, 3 * B, 3 * B]);

    // A partition max smaller than one batch: the response's first batch still comes (KIP-74), nothing after it.
    const tiny = bytesBy(await fetch(c, 'limits', { partitions: all, partitionMaxBytes: Math.floor(B / 2) }));
    expect([tiny.get(0), tiny.get(1), tiny.get(2)]).toEqual([B, 0, 0]);
    await c.close();
  });

  it('in an incremental session, a partition that returned records goes last, so a cut-short response rotates', async () => {
    tc = await testCluster({ brokers: 1 });
    await createTopic(tc.cluster, 'rotate', 3, 1);
    const c = await open(tc.cluster, 'fetch-limits');
    const B = records(10, 'r00', 1000).length; // every batch below has a key prefix of this length
    for (const p of [0, 1, 2]) for (let i = 0; i < 4; i++) expect((await produce(c, 'rotate', p, records(10, `r${p}${i}`, 1000))).errorCode).toBe(0);
    // Room for one batch per response.
    const maxBytes = B;
    const offsets = [0, 0, 0];
    const opened = await fetch(c, 'rotate', { partitions: [0, 1, 2].map((partition) => ({ partition, fetchOffset: 0 })), maxBytes, sessionId: 0, sessionEpoch: 0 });
    expect(opened.sessionId).toBeGreaterThan(0);
    const served: number[] = [];
    const note = (r: FetchBody) => {
      for (const [p, n] of bytesBy(r)) {
        if (n === 0) continue;
        served.push(p);
        offsets[p] += 10 * (n / B);
      }
    };
    note(opened);
    // Each incremental fetch tells the broker only the offset that moved, as a session client does.
    let moved = served[0];
    for (let epoch = 1; epoch <= 6; epoch++) {
      const r = await fetch(c, 'rotate', { partitions: [{ partition: moved, fetchOffset: offsets[moved] }], maxBytes, sessionId: opened.sessionId, sessionEpoch: epoch });
      expect(r.errorCode).toBe(0);
      const before = served.length;
      note(r);
      expect(served.length).toBe(before + 1);
      moved = served[served.length - 1];
    }
    // The full fetch served partition 0 and left the order alone; from then on each partition waits its turn.
    expect(served).toEqual([0, 0, 1, 2, 0, 1, 2]);
    expect(offsets).toEqual([30, 20, 20]);
    await c.close();
  });
});
