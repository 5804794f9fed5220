// Share sessions and the records their members hold, over the wire with our own protocol client on a real
// broker: when a member's share session lets go of a partition (its connection closed, or the partition was
// forgotten) before it read what its last ShareFetch acquired, the next member's fetch of those records is
// their first delivery (delivery count 1), as from Kafka.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { buildBatch } from '../storage/records.ts';
import { testCluster, until, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster;
const conns: KafkaConnection[] = [];
beforeAll(async () => {
  tc = await testCluster({ brokers: 1 });
});
afterAll(async () => {
  for (const c of conns) await c.close().catch(() => {});
  await tc?.close();
});

async function connect(): Promise<KafkaConnection> {
  const [host, port] = tc.bootstrap.split(':');
  const c = await KafkaConnection.connect(host, Number(port));
  conns.push(c);
  return c;
}

interface Acquired { firstOffset: number; lastOffset: number; deliveryCount: number }
interface FetchAnswer { errorCode: number; responses: { partitions: { errorCode: number; acquiredRecords: Acquired[] }[] }[] }

async function shareFetch(c: KafkaConnection, o: { groupId: string; memberId: string; epoch: number; topicId: string; forget?: boolean; maxWaitMs?: number }): Promise<FetchAnswer> {
  return (await c.request(ApiKey.ShareFetch, 1, {
    groupId: o.groupId, memberId: o.memberId, shareSessionEpoch: o.epoch, maxWaitMs: o.maxWaitMs ?? 0, minBytes: 1, maxBytes: 1 << 20,
    maxRecords: 100, batchSize: 100,
    topics: o.forget ? [] : [{ topicId: o.topicId, partitions: [{ partitionIndex: 0, acknowledgementBatches: [] }] }],
    forgottenTopicsData: o.forget ? [{ topicId: o.topicId, partitions: [0] }] : [],
  })) as unknown as FetchAnswer;
}

const acquired = (a: FetchAnswer) => a.responses.flatMap((t) => t.partitions.flatMap((p) => p.acquiredRecords.map((r) => ({ ...r, firstOffset: Number(r.firstOffset), lastOffset: Number(r.lastOffset) }))));

async function topicWithRecords(c: KafkaConnection, name: string, groupId: string, memberId: string): Promise<string> {
  const created = (await c.request(ApiKey.CreateTopics, 7, {
    topics: [{ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false,
  })) as { topics: { errorCode: number; topicId: string }[] };
  expect(created.topics[0].errorCode).toBe(0);
  const topicId = created.topics[0].topicId;
  // The first fetch starts the share partition at the log end (share.auto.offset.reset=latest); then records come.
  await until(`${name} to be served`, async () => (await shareFetch(c, { groupId, memberId, epoch: 0, topicId })).responses[0]?.partitions[0]?.errorCode === ErrorCode.NONE);
  const produced = (await c.request(ApiKey.Produce, 9, {
    transactionalId: null, acks: -1, timeoutMs: 5000,
    topicData: [{ name, partitionData: [{ index: 0, records: buildBatch([0, 1, 2, 3, 4].map((i) => ({ key: 'k', value: `v${i}` }))) }] }],
  })) as { responses: { partitionResponses: { errorCode: number }[] }[] };
  expect(produced.responses[0].partitionResponses[0].errorCode).toBe(0);
  return topicId;
}

describe('share sessions letting go of what their members hold', () => {
  it('a member whose connection closes: the records its last fetch acquired are a first delivery to the next member', async () => {
    const a = await connect();
    const b = await connect();
    const topicId = await topicWithRecords(a, 'share-conn-closed', 'g1', 'member-a');
    // A's fetch acquires 0-4; its connection closes before A reads the answer.
    const epoch = 1;
    expect(acquired(await shareFetch(a, { groupId: 'g1', memberId: 'member-a', epoch, topicId }))).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
    await a.close();
    const got = await until('the closed member\'s records to come back', async () => {
      const r = acquired(await shareFetch(b, { groupId: 'g1', memberId: 'member-b', epoch: 0, topicId }));
      return r.length > 0 ? r : undefined;
    }, 10_000);
    expect(got).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
  });

  it('a member that forgets the partition: what it held goes to the next member as a first delivery', async () => {
    const a = await connect();
    const b = await connect();
    const topicId = await topicWithRecords(a, 'share-forgotten', 'g2', 'member-a');
    expect(acquired(await shareFetch(a, { groupId: 'g2', memberId: 'member-a', epoch: 1, topicId }))).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
    const forgot = await shareFetch(a, { groupId: 'g2', memberId: 'member-a', epoch: 2, topicId, forget: true });
    expect(forgot.errorCode).toBe(ErrorCode.NONE);
    expect(acquired(await shareFetch(b, { groupId: 'g2', memberId: 'member-b', epoch: 0, topicId }))).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
  });
});
