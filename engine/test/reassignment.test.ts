// Partition reassignment on a real 3-broker cluster: a replica moves with its data (the new replica's
// segment files hold the leader's bytes, the old broker's partition directory is deleted, leadership leaves
// a removed broker), every record reads back with kafkajs; a move to a stopped broker stays in flight and
// List shows it; cancel restores the original replicas; bad replica lists get Kafka's errors.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { until, testCluster, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster | undefined;
const closers: (() => Promise<unknown>)[] = [];
/** Data dirs a test keeps across a restart, removed after its cluster stopped. */
const keptDirs: string[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c().catch(() => undefined);
  await tc?.close();
  tc = undefined;
  for (const d of keptDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function kafka(t: TestCluster): Kafka {
  return new Kafka({ brokers: t.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 500 } });
}

const partitionDir = (t: TestCluster, broker: number, topic: string, partition: number) => path.join(t.dataDir, `broker-${broker}`, `${topic}-${partition}`);

function logBytes(t: TestCluster, broker: number, topic: string, partition: number): Buffer {
  const dir = partitionDir(t, broker, topic, partition);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
}

const state = (t: TestCluster, topic: string, partition: number) => t.cluster.partitions().find((p) => p.topic === topic && p.partition === partition)!;

async function createOn(admin: Admin, topic: string, replicas: number[]): Promise<void> {
  await admin.createTopics({ topics: [{ topic, replicaAssignment: [{ partition: 0, replicas }] }], waitForLeaders: true });
  await until(`${topic} with a full ISR`, () => tc && state(tc, topic, 0)?.isr.length === replicas.length);
}

interface AlterAnswer {
  errorCode: number;
  allowReplicationFactorChange: boolean;
  responses: { name: string; partitions: { partitionIndex: number; errorCode: number; errorMessage: string | null }[] }[];
}

interface ListAnswer {
  errorCode: number;
  topics: { name: string; partitions: { partitionIndex: number; replicas: number[]; addingReplicas: number[]; removingReplicas: number[] }[] }[];
}

describe('partition reassignment', () => {
  it('kafkajs moves partition 0 from [1,2] to [2,3]: same bytes on broker 3, broker 1 deletes its copy, every record reads back', async () => {
    tc = await testCluster({ brokers: 3 });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    // Broker 3 already follows broker 1 for another topic: the moved partition joins that fetch session.
    await createOn(admin, 'neighbour', [1, 3]);
    await createOn(admin, 'moves', [1, 2]);
    expect(state(tc, 'moves', 0).leader).toBe(1);

    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    closers.push(() => producer.disconnect());
    const values = Array.from({ length: 2000 }, (_, i) => `value-${i}-${'x'.repeat(i % 97)}`);
    for (let i = 0; i < values.length; i += 100) {
      await producer.send({ topic: 'moves', acks: -1, messages: values.slice(i, i + 100).map((value, j) => ({ key: `k${i + j}`, value, partition: 0 })) });
    }
    expect(fs.existsSync(partitionDir(tc, 3, 'moves', 0))).toBe(false);

    await admin.alterPartitionReassignments({ topics: [{ topic: 'moves', partitionAssignment: [{ partition: 0, replicas: [2, 3] }] }] });
    const done = await until('the move to complete', () => {
      const p = state(tc!, 'moves', 0);
      return p.replicas.join() === '2,3' && p.isr.slice().sort().join() === '2,3' && p;
    });
    // Broker 1 led and was removed: leadership moved to a target replica.
    expect([2, 3]).toContain(done.leader);
    await until("broker 1's partition directory to be deleted", () => !fs.existsSync(partitionDir(tc!, 1, 'moves', 0)));
    expect(fs.existsSync(path.join(tc.dataDir, 'broker-1'))).toBe(true);
    const leaderBytes = logBytes(tc, 2, 'moves', 0);
    expect(leaderBytes.length).toBeGreaterThan(20_000);
    await until('broker 3 to hold the same bytes', () => logBytes(tc!, 3, 'moves', 0).equals(leaderBytes));
    expect((await admin.listPartitionReassignments({})).topics).toEqual([]);

    const md = await admin.fetchTopicMetadata({ topics: ['moves'] });
    expect(md.topics[0].partitions[0].replicas).toEqual([2, 3]);

    const consumer = k.consumer({ groupId: 'moves-reader' });
    await consumer.connect();
    closers.push(() => consumer.disconnect());
    await consumer.subscribe({ topic: 'moves', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await until('every record to be consumed', () => seen.length >= values.length);
    expect(seen).toEqual(values);
  });

  it('a removed leader keeps leading while the new replica catches up from it, then hands over', async () => {
    tc = await testCluster({ brokers: 3 });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    await createOn(admin, 'handover', [1, 2]);
    const producer = k.producer();
    await producer.connect();
    closers.push(() => producer.disconnect());
    await producer.send({ topic: 'handover', acks: -1, messages: Array.from({ length: 200 }, (_, i) => ({ value: `h${i}`, partition: 0 })) });
    // [3,2]: broker 3 is preferred but not in the ISR, so broker 1 leads on and broker 3 fetches from it.
    await admin.alterPartitionReassignments({ topics: [{ topic: 'handover', partitionAssignment: [{ partition: 0, replicas: [3, 2] }] }] });
    const done = await until('the move to complete', () => {
      const p = state(tc!, 'handover', 0);
      return p.replicas.join() === '3,2' && p;
    });
    expect(done.leader).not.toBe(1);
    await until("broker 1's partition directory to be deleted", () => !fs.existsSync(partitionDir(tc!, 1, 'handover', 0)));
    await until('broker 3 to hold the leader\'s bytes', () => logBytes(tc!, 3, 'handover', 0).equals(logBytes(tc!, 2, 'handover', 0)));
  });

  it('a move to a stopped broker stays in flight (List shows it), cancel restores {1,2}, errors for bad replica lists', async () => {
    tc = await testCluster({ brokers: 3 });
    const admin = kafka(tc).admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    await createOn(admin, 'held', [1, 2]);
    await createOn(admin, 'other', [1, 2]);
    await tc.cluster.stopBroker(3);

    const conn = await KafkaConnection.connect('127.0.0.1', tc.cluster.broker(1)!.port, { clientId: 'reassign-test', timeoutMs: 15_000 });
    closers.push(() => conn.close());
    const alter = (partitions: { partitionIndex: number; replicas: number[] | null }[], version = 1, allowReplicationFactorChange = true, name = 'held') =>
      conn.request(ApiKey.AlterPartitionReassignments, version, { timeoutMs: 10_000, allowReplicationFactorChange, topics: [{ name, partitions }] }) as unknown as Promise<AlterAnswer>;

    const started = await alter([{ partitionIndex: 0, replicas: [2, 3] }]);
    expect(started).toMatchObject({ errorCode: 0, allowReplicationFactorChange: true, responses: [{ name: 'held', partitions: [{ partitionIndex: 0, errorCode: 0, errorMessage: null }] }] });

    // kafkajs's List (v0) and our own, filtered by topic: the merged set with adding and removing replicas.
    const listed = await admin.listPartitionReassignments({});
    expect(listed.topics).toEqual([{ name: 'held', partitions: [{ partition: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] }] }]);
    const filtered = await conn.request(ApiKey.ListPartitionReassignments, 0, { timeoutMs: 10_000, topics: [{ name: 'held', partitionIndexes: [0, 5] }, { name: 'other', partitionIndexes: [0] }, { name: 'missing', partitionIndexes: [0] }] }) as unknown as ListAnswer;
    expect(filtered).toMatchObject({ errorCode: 0, topics: [{ name: 'held', partitions: [{ partitionIndex: 0, replicas: [2, 3, 1], addingReplicas: [3], removingReplicas: [1] }] }] });
    // Nothing is lost meanwhile: broker 1 still holds its replica and the ISR is the original one.
    expect(state(tc, 'held', 0).isr.slice().sort()).toEqual([1, 2]);
    expect(fs.existsSync(partitionDir(tc, 1, 'held', 0))).toBe(true);

    const errors = await alter([
      { partitionIndex: 0, replicas: [] },
      { partitionIndex: 1, replicas: [1, 2] },
    ]);
    expect(errors.responses[0].partitions.map((p) => p.errorCode)).toEqual([ErrorCode.INVALID_REPLICA_ASSIGNMENT, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect((await alter([{ partitionIndex: 0, replicas: [1, 1] }], 0)).responses[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: expect.stringMatching(/broker 1 more than once/) });
    expect((await alter([{ partitionIndex: 0, replicas: [2, 7] }])).responses[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.INVALID_REPLICA_ASSIGNMENT, errorMessage: expect.stringMatching(/broker 7/) });
    expect((await alter([{ partitionIndex: 0, replicas: [1, 2, 3] }], 1, false)).responses[0].partitions[0].errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect((await alter([{ partitionIndex: 0, replicas: [1] }], 1, true, 'nope')).responses[0].partitions[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await alter([{ partitionIndex: 0, replicas: null }], 1, true, 'other')).responses[0].partitions[0].errorCode).toBe(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
    // The failed requests left the move as it was.
    expect(state(tc, 'held', 0).replicas).toEqual([2, 3, 1]);

    // Cancel restores the original set; as in Kafka, its order is the merged list's without the adding replicas.
    expect((await alter([{ partitionIndex: 0, replicas: null }])).responses[0].partitions[0].errorCode).toBe(0);
    expect(state(tc, 'held', 0)).toMatchObject({ replicas: [2, 1], isr: expect.arrayContaining([1, 2]) });
    expect((await admin.listPartitionReassignments({})).topics).toEqual([]);

    // Broker 3 comes back with nothing to host: it creates no directory for the cancelled move.
    await tc.cluster.startBroker(3);
    await until('broker 3 to run', () => tc!.cluster.status().find((b) => b.id === 3)?.state === 'running');
    expect(fs.existsSync(partitionDir(tc, 3, 'held', 0))).toBe(false);
    expect(state(tc, 'held', 0)).toMatchObject({ replicas: [2, 1] });
  });

  it('a move in flight survives a cluster restart and completes once its new replica runs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-reassign-restart-'));
    keptDirs.push(dataDir);
    tc = await testCluster({ brokers: 3, dataDir });
    let admin = kafka(tc).admin();
    await admin.connect();
    await createOn(admin, 'resumed', [1, 2]);
    const producer = kafka(tc).producer();
    await producer.connect();
    await producer.send({ topic: 'resumed', acks: -1, messages: Array.from({ length: 100 }, (_, i) => ({ value: `r${i}`, partition: 0 })) });
    await producer.disconnect();
    await tc.cluster.stopBroker(3);
    await admin.alterPartitionReassignments({ topics: [{ topic: 'resumed', partitionAssignment: [{ partition: 0, replicas: [2, 3] }] }] });
    expect(state(tc, 'resumed', 0).replicas).toEqual([2, 3, 1]);
    await admin.disconnect();
    await tc.close();

    tc = await testCluster({ brokers: 3, dataDir });
    admin = kafka(tc).admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    await until('the resumed move to complete', () => state(tc!, 'resumed', 0)?.replicas.join() === '2,3');
    await until("broker 1's partition directory to be deleted", () => !fs.existsSync(partitionDir(tc!, 1, 'resumed', 0)));
    await until('broker 3 to hold the leader\'s bytes', () => logBytes(tc!, 3, 'resumed', 0).equals(logBytes(tc!, 2, 'resumed', 0)));
    expect((await admin.listPartitionReassignments({})).topics).toEqual([]);
  });
});
