// Replication across real brokers: followers fetch over the protocol, the high watermark follows the ISR,
// a killed leader is replaced from the ISR, a restarted broker truncates, catches up and takes its preferred
// leadership back, and the replicated bytes match the leader's exactly.

import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin, type Producer } from 'kafkajs';
import type { ClusterEvent } from '../index.ts';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { buildBatch } from '../storage/records.ts';
import { createTopic, until, testCluster, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

function kafka(t: TestCluster): Kafka {
  return new Kafka({ brokers: t.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 20, initialRetryTime: 50, maxRetryTime: 500 } });
}

async function partitionState(admin: Admin, topic: string, partition: number) {
  const md = await admin.fetchTopicMetadata({ topics: [topic] });
  return md.topics[0].partitions.find((p) => p.partitionId === partition)!;
}

function logBytes(t: TestCluster, broker: number, topic: string, partition: number): Buffer {
  const dir = path.join(t.dataDir, `broker-${broker}`, `${topic}-${partition}`);
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
  return Buffer.concat(files.map((f) => fs.readFileSync(path.join(dir, f))));
}

async function produceN(producer: Producer, topic: string, from: number, n: number): Promise<void> {
  for (let i = from; i < from + n; i += 50) {
    const messages = Array.from({ length: Math.min(50, from + n - i) }, (_, j) => ({ key: `k${i + j}`, value: `v${i + j}`, partition: 0 }));
    await producer.send({ topic, acks: -1, messages });
  }
}

describe('replication', () => {
  it('replicates to every ISR member, fails over on a kill, and the restarted broker catches up byte for byte', async () => {
    tc = await testCluster({ brokers: 3, brokerConfig: { replicaLagTimeMaxMs: 2000 } });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'rep', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await produceN(producer, 'rep', 0, 500);

    const before = await partitionState(admin, 'rep', 0);
    expect(before.isr.sort()).toEqual([1, 2, 3]);
    const leader = before.leader;
    const preferred = before.replicas[0];
    expect(leader).toBe(preferred);

    // The controller's view before the kill: the leader epoch and the ISR in the order it keeps them.
    const image = tc.cluster.partitions().find((p) => p.topic === 'rep' && p.partition === 0)!;
    const survivors = image.isr.filter((b) => b !== leader);
    // Kafka's rule: the preferred replica is gone, so the first live ISR member in assignment order leads.
    const successor = image.replicas.find((b) => survivors.includes(b))!;
    const events: ClusterEvent[] = [];
    tc.cluster.on('event', (e) => events.push(e));
    await tc.cluster.killBroker(leader);
    // Exactly these transitions, in this order: the broker goes down, a survivor is elected with the next
    // epoch, the ISR shrinks to the survivors, and the partition is under-replicated.
    expect(events).toEqual([
      { type: 'broker-down', broker: leader },
      { type: 'leader-change', topic: 'rep', partition: 0, from: leader, to: successor, leaderEpoch: image.leaderEpoch + 1 },
      { type: 'isr-change', topic: 'rep', partition: 0, from: image.isr, to: survivors },
      { type: 'under-replicated', topic: 'rep', partition: 0 },
    ]);
    events.length = 0;
    const after = await until('a new leader', async () => {
      const s = await partitionState(admin, 'rep', 0);
      return s.leader !== leader && s.leader >= 0 ? s : undefined;
    });
    expect(after.isr).not.toContain(leader);
    await produceN(producer, 'rep', 500, 500);

    await tc.cluster.startBroker(leader);
    // It catches up, rejoins the ISR, and takes its preferred leadership back.
    const healed = await until('the ISR to heal and the preferred leader to return', async () => {
      const s = await partitionState(admin, 'rep', 0);
      return s.isr.length === 3 && s.leader === preferred ? s : undefined;
    });
    expect(healed.isr.sort()).toEqual([1, 2, 3]);
    // Back: the broker comes up; once it has caught up the leader adds it to the ISR, and in that same change
    // the preferred replica takes its leadership back with the next epoch: fully replicated again.
    expect(events).toEqual([
      { type: 'broker-up', broker: leader },
      { type: 'leader-change', topic: 'rep', partition: 0, from: successor, to: leader, leaderEpoch: image.leaderEpoch + 2 },
      { type: 'isr-change', topic: 'rep', partition: 0, from: survivors, to: [1, 2, 3] },
      { type: 'fully-replicated', topic: 'rep', partition: 0 },
    ]);
    await produceN(producer, 'rep', 1000, 100);

    // Every replica holds the same bytes.
    await until('followers to reach the leader', () => {
      const logs = [1, 2, 3].map((b) => logBytes(tc!, b, 'rep', 0));
      return logs.every((l) => l.equals(logs[0]));
    });

    // And a consumer sees every acknowledged record once, in order.
    const consumer = k.consumer({ groupId: 'rep-check' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'rep', fromBeginning: true });
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    await until('all records consumed', () => seen.length >= 1100);
    await consumer.disconnect();
    expect(seen).toEqual(Array.from({ length: 1100 }, (_, i) => `v${i}`));
    await producer.disconnect();
    await admin.disconnect();
  });

  it('acks=all to a topic just created is acknowledged while the followers long-poll their other partitions', async () => {
    // Followers hold fetches for seconds. A leader that starts leading a partition answers their held fetches
    // at once, so the next one asks for it: the produce's own 2 s timeout (below the followers' poll) holds.
    tc = await testCluster({ brokers: 3 });
    const conns = new Map<number, KafkaConnection>();
    for (const b of tc.cluster.status()) conns.set(b.id, await KafkaConnection.connect(b.host, b.port, { clientId: 'just-created', timeoutMs: 15_000 }));
    try {
      const codes: number[] = [];
      for (let i = 0; i < 12; i++) {
        await createTopic(tc.cluster, `fresh-${i}`, 1, 3);
        const leader = tc.cluster.partitions().find((p) => p.topic === `fresh-${i}`)!.leader;
        const r = (await conns.get(leader)!.request(ApiKey.Produce, 9, {
          transactionalId: null, acks: -1, timeoutMs: 2000, topicData: [{ name: `fresh-${i}`, partitionData: [{ index: 0, records: buildBatch([{ key: 'k', value: `v${i}` }]) }] }],
        })) as { responses: { partitionResponses: { errorCode: number }[] }[] };
        codes.push(r.responses[0].partitionResponses[0].errorCode);
      }
      expect(codes).toEqual(codes.map(() => 0));
      // Every replica holds the record, not only the leader.
      await until('every replica to hold the last record', () => tc!.cluster.partitions().find((p) => p.topic === 'fresh-11')!.isr.length === 3);
      for (const b of [1, 2, 3]) expect(logBytes(tc, b, 'fresh-11', 0).includes(Buffer.from('v11'))).toBe(true);
    } finally {
      for (const c of conns.values()) await c.close();
    }
  });

  it('acks=all answers NOT_ENOUGH_REPLICAS below min.insync.replicas', async () => {
    tc = await testCluster({ brokers: 2, brokerConfig: { replicaLagTimeMaxMs: 1000 } });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'strict', numPartitions: 1, replicationFactor: 2, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
    const s = await partitionState(admin, 'strict', 0);
    const follower = s.replicas.find((r) => r !== s.leader)!;
    await tc.cluster.killBroker(follower);
    await until('the ISR to shrink', async () => (await partitionState(admin, 'strict', 0)).isr.length === 1);
    const live = tc.cluster.status().filter((b) => b.state === 'running').map((b) => `${b.host}:${b.port}`);
    const producer = new Kafka({ brokers: live, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
    await producer.connect();
    const err = await producer.send({ topic: 'strict', acks: -1, messages: [{ value: 'x' }] }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeDefined();
    // kafkajs wraps the broker's error (its `type` is Kafka's error name) in a retries-exceeded error.
    expect((err as { cause?: { type?: string } }).cause?.type).toBe('NOT_ENOUGH_REPLICAS');
    expect((await admin.fetchTopicOffsets('strict'))[0].high).toBe('0');
    // acks=1 still works.
    await expect(producer.send({ topic: 'strict', acks: 1, messages: [{ value: 'y' }] })).resolves.toBeDefined();
    await producer.disconnect();
    await admin.disconnect();
  });

  it('a controlled shutdown moves leadership with no error reaching an idempotent producer', async () => {
    tc = await testCluster({ brokers: 3 });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'moving', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const leader = (await partitionState(admin, 'moving', 0)).leader;
    let sent = 0;
    const errors: unknown[] = [];
    const sending = (async () => {
      while (sent < 600) {
        try {
          await producer.send({ topic: 'moving', acks: -1, messages: [{ value: `m${sent}`, partition: 0 }] });
          sent++;
        } catch (e) {
          errors.push(e);
          return;
        }
      }
    })();
    await until('some records in', () => sent > 100);
    await tc.cluster.stopBroker(leader);
    await sending;
    expect(errors).toEqual([]);
    const s = await partitionState(admin, 'moving', 0);
    expect(s.leader).not.toBe(leader);
    const offsets = await admin.fetchTopicOffsets('moving');
    expect(Number(offsets[0].high)).toBe(600);
    await producer.disconnect();
    await admin.disconnect();
  });
});
