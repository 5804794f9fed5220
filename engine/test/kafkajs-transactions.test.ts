// kafkajs transactions against a real 3-broker cluster: a producer writes to several topics and partitions
// in one transaction, sends consumer offsets with it, commits some and aborts others; a read_committed
// consumer sees exactly the committed records, a read_uncommitted one sees all of them; a second producer
// with the same transactional id fences the first.

import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster;
let kafka: Kafka;

beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
  kafka = new Kafka({ clientId: 'kafkajs-txn', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  await createTopic(tc.cluster, 'txn-a', 3, 2);
  await createTopic(tc.cluster, 'txn-b', 2, 2);
  await createTopic(tc.cluster, 'txn-in', 1, 2);
});
afterAll(async () => {
  await tc?.close();
});

async function readAll(topics: string[], readUncommitted: boolean, expected: number, groupId: string): Promise<KafkaMessage[]> {
  const consumer: Consumer = kafka.consumer({ groupId, readUncommitted, maxWaitTimeInMs: 200 });
  const seen: KafkaMessage[] = [];
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message) });
    await until(`${expected} records (${readUncommitted ? 'read_uncommitted' : 'read_committed'})`, () => seen.length >= expected);
    // Nothing more arrives: a read_committed consumer must not see aborted records late either.
    await new Promise((r) => setTimeout(r, 1500));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe('kafkajs transactions', () => {
  it('commits and aborts across topics and partitions; read_committed sees exactly the committed records', async () => {
    const producer = kafka.producer({ transactionalId: 'kjs-txn-1', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    const committed: string[] = [];
    for (let round = 0; round < 6; round++) {
      const txn = await producer.transaction();
      const values = Array.from({ length: 5 }, (_, i) => `r${round}-${i}`);
      await txn.send({ topic: 'txn-a', messages: values.map((value, i) => ({ key: `k${i}`, value, partition: i % 3 })) });
      await txn.send({ topic: 'txn-b', messages: values.map((value, i) => ({ key: `k${i}`, value: `b-${value}`, partition: i % 2 })) });
      if (round % 2 === 0) {
        await txn.commit();
        committed.push(...values, ...values.map((v) => `b-${v}`));
      } else {
        await txn.abort();
      }
    }
    await producer.disconnect();

    const rc = await readAll(['txn-a', 'txn-b'], false, committed.length, 'kjs-rc');
    expect(rc.map((m) => m.value!.toString()).sort()).toEqual([...committed].sort());
    const ru = await readAll(['txn-a', 'txn-b'], true, 60, 'kjs-ru');
    expect(ru.map((m) => m.value!.toString())).toHaveLength(60);
  });

  it('sendOffsets: the group offsets become visible only when the transaction commits', async () => {
    const seed = kafka.producer();
    await seed.connect();
    await seed.send({ topic: 'txn-in', messages: Array.from({ length: 10 }, (_, i) => ({ value: `in-${i}` })) });
    await seed.disconnect();

    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer({ transactionalId: 'kjs-txn-offsets', maxInFlightRequests: 1, idempotent: true });
    await producer.connect();
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'txn-a', messages: [{ value: 'offsets-aborted', partition: 0 }] });
      await aborted.sendOffsets({ consumerGroupId: 'kjs-eos', topics: [{ topic: 'txn-in', partitions: [{ partition: 0, offset: '4' }] }] });
      await aborted.abort();
      const afterAbort = await admin.fetchOffsets({ groupId: 'kjs-eos', topics: ['txn-in'] });
      expect(afterAbort[0].partitions[0].offset).toBe('-1');

      const txn = await producer.transaction();
      await txn.send({ topic: 'txn-a', messages: [{ value: 'offsets-committed', partition: 0 }] });
      await txn.sendOffsets({ consumerGroupId: 'kjs-eos', topics: [{ topic: 'txn-in', partitions: [{ partition: 0, offset: '7' }] }] });
      await txn.commit();
      const offsets = await until('the transactional offset to be committed', async () => {
        const o = await admin.fetchOffsets({ groupId: 'kjs-eos', topics: ['txn-in'] });
        return o[0].partitions[0].offset === '7' ? o : undefined;
      });
      expect(offsets[0].partitions[0].offset).toBe('7');
    } finally {
      await producer.disconnect();
      await admin.disconnect();
    }
  });

  it('a second producer with the same transactional id fences the first', async () => {
    const first = kafka.producer({ transactionalId: 'kjs-fenced', maxInFlightRequests: 1, idempotent: true, retry: { retries: 1 } });
    await first.connect();
    const open = await first.transaction();
    await open.send({ topic: 'txn-b', messages: [{ value: 'from-the-zombie', partition: 0 }] });

    const second = kafka.producer({ transactionalId: 'kjs-fenced', maxInFlightRequests: 1, idempotent: true });
    await second.connect(); // InitProducerId: bumps the epoch and aborts the first one's open transaction
    const txn = await second.transaction();
    await txn.send({ topic: 'txn-b', messages: [{ value: 'from-the-new-one', partition: 0 }] });
    await txn.commit();

    let error: unknown;
    try {
      await open.send({ topic: 'txn-b', messages: [{ value: 'zombie-again', partition: 1 }] });
      await open.commit();
    } catch (e) {
      error = e;
    }
    const type = (error as { type?: string } | undefined)?.type ?? String(error);
    expect(['INVALID_PRODUCER_EPOCH', 'PRODUCER_FENCED']).toContain(type);
    await first.disconnect().catch(() => undefined);
    await second.disconnect();

    const seen = await readAll(['txn-b'], false, 1, 'kjs-fenced-check');
    const values = seen.map((m) => m.value!.toString());
    expect(values).toContain('from-the-new-one');
    expect(values).not.toContain('from-the-zombie');
    expect(values).not.toContain('zombie-again');
  });
});
