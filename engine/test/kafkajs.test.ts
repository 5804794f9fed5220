// kafkajs 2.2 against a real 3-broker cluster. kafkajs speaks only the old, non-flexible protocol versions, so
// this exercises that half of the codec end to end: the admin API (topics, partitions, configs, offsets,
// DeleteRecords, cluster), Kafka's error codes for bad admin input, an idempotent producer, and a 3-member
// consumer group that loses a member while consuming.

import fs from 'node:fs';
import path from 'node:path';
import { AssignerProtocol, ConfigResourceTypes, Kafka, logLevel, type Admin, type Consumer, type KafkaMessage } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, testCluster, type TestCluster } from './cluster-fixture.ts';

const BROKERS = 3;
let tc: TestCluster;
let kafka: Kafka;
let admin: Admin;

beforeAll(async () => {
  tc = await testCluster({ brokers: BROKERS });
  kafka = new Kafka({ clientId: 'kafkajs-it', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 5 } });
  admin = kafka.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await tc?.close();
});

/** kafkajs errors carry Kafka's error name in `type` (KafkaJSProtocolError) or in their cause/errors. */
async function kafkaErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { type?: string; errors?: { type?: string }[]; groups?: { error?: { type?: string } }[]; originalError?: { type?: string }; cause?: { type?: string } };
    return err.type ?? err.originalError?.type ?? err.cause?.type ?? err.errors?.find((x) => x.type)?.type ?? err.groups?.find((g) => g.error?.type)?.error?.type
      ?? `no kafka error type: ${String(e)}`;
  }
  return 'no error';
}

async function topicNames(): Promise<string[]> {
  return admin.listTopics();
}

describe('kafkajs admin', () => {
  it('creates topics with configs; lists them, their metadata and cluster', async () => {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: 'adm-orders', numPartitions: 4, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact' }] },
        { topic: 'adm-plain', numPartitions: 1 },
      ],
    });
    expect(created).toBe(true);
    // Creating it again is TOPIC_ALREADY_EXISTS, which kafkajs reports as false.
    expect(await admin.createTopics({ topics: [{ topic: 'adm-plain' }] })).toBe(false);

    expect(await topicNames()).toEqual(expect.arrayContaining(['adm-orders', 'adm-plain']));
    const meta = await admin.fetchTopicMetadata({ topics: ['adm-orders'] });
    expect(meta.topics).toHaveLength(1);
    const parts = meta.topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    expect(parts.map((p) => p.partitionId)).toEqual([0, 1, 2, 3]);
    for (const p of parts) {
      expect(p.partitionErrorCode).toBe(0);
      expect(p.replicas).toHaveLength(1);
      expect(p.isr).toEqual(p.replicas);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.leader).toBeGreaterThanOrEqual(1);
      expect(p.leader).toBeLessThanOrEqual(BROKERS);
    }

    const cluster = await admin.describeCluster();
    expect(cluster.brokers.map((b) => b.nodeId).sort()).toEqual([1, 2, 3]);
    const ports = tc.bootstrap.split(',').map((s) => Number(s.split(':')[1])).sort();
    expect(cluster.brokers.map((b) => b.port).sort()).toEqual(ports);
    expect(cluster.brokers.every((b) => b.host === '127.0.0.1')).toBe(true);
    expect(cluster.clusterId).toMatch(/\S/);
    expect(cluster.brokers.map((b) => b.nodeId)).toContain(cluster.controller);
  });

  it('describes configs with values and default markers, and alters them', async () => {
    const describe = async () => {
      const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders' }] });
      expect(r.resources).toHaveLength(1);
      expect(r.resources[0].errorCode).toBe(0);
      return new Map(r.resources[0].configEntries.map((c) => [c.configName, c]));
    };
    let configs = await describe();
    expect(configs.get('retention.ms')).toMatchObject({ configValue: '3600000', isDefault: false });
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'compact', isDefault: false });
    // Kafka's defaults, marked as such.
    expect(configs.get('segment.bytes')).toMatchObject({ configValue: '1073741824', isDefault: true });
    expect(configs.get('min.insync.replicas')).toMatchObject({ configValue: '1', isDefault: true });
    expect(configs.get('max.message.bytes')).toMatchObject({ isDefault: true });

    // Only the named keys when asked for some.
    const some = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders', configNames: ['retention.ms'] }] });
    expect(some.resources[0].configEntries.map((c) => c.configName)).toEqual(['retention.ms']);

    // AlterConfigs (non-incremental) replaces the whole set of overrides: cleanup.policy goes back to its default.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders', configEntries: [{ name: 'retention.ms', value: '7200000' }, { name: 'segment.bytes', value: '1048576' }] }] });
    configs = await describe();
    expect(configs.get('retention.ms')).toMatchObject({ configValue: '7200000', isDefault: false });
    expect(configs.get('segment.bytes')).toMatchObject({ configValue: '1048576', isDefault: false });
    expect(configs.get('cleanup.policy')).toMatchObject({ configValue: 'delete', isDefault: true });

    // validateOnly changes nothing; an unknown config or a bad value is INVALID_CONFIG and changes nothing.
    await admin.alterConfigs({ validateOnly: true, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders', configEntries: [{ name: 'retention.ms', value: '1' }] }] });
    expect(await kafkaErrorOf(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders', configEntries: [{ name: 'no.such.config', value: '1' }] }] })))
      .toBe('INVALID_CONFIG');
    expect(await kafkaErrorOf(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.TOPIC, name: 'adm-orders', configEntries: [{ name: 'retention.ms', value: 'soon' }] }] })))
      .toBe('INVALID_CONFIG');
    configs = await describe();
    expect(configs.get('retention.ms')?.configValue).toBe('7200000');

    // Broker configs are readable.
    const b = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1' }] });
    expect(b.resources[0].errorCode).toBe(0);
    expect(b.resources[0].configEntries.find((c) => c.configName === 'broker.id')?.configValue).toBe('1');
  });

  it('refuses invalid topics with Kafka\'s errors and creates nothing', async () => {
    const cases: { topic: string; numPartitions?: number; replicationFactor?: number; configEntries?: { name: string; value: string }[]; error: string }[] = [
      { topic: 'bad name!', error: 'INVALID_TOPIC_EXCEPTION' },
      { topic: '..', error: 'INVALID_TOPIC_EXCEPTION' },
      { topic: 'x'.repeat(250), error: 'INVALID_TOPIC_EXCEPTION' },
      { topic: 'adm-zero-partitions', numPartitions: 0, error: 'INVALID_PARTITIONS' },
      { topic: 'adm-rf-too-big', numPartitions: 1, replicationFactor: BROKERS + 1, error: 'INVALID_REPLICATION_FACTOR' },
      { topic: 'adm-rf-zero', numPartitions: 1, replicationFactor: 0, error: 'INVALID_REPLICATION_FACTOR' },
      { topic: 'adm-unknown-config', configEntries: [{ name: 'no.such.config', value: 'x' }], error: 'INVALID_CONFIG' },
      { topic: 'adm-bad-config-value', configEntries: [{ name: 'retention.ms', value: 'forever' }], error: 'INVALID_CONFIG' },
      { topic: 'adm-bad-policy', configEntries: [{ name: 'cleanup.policy', value: 'shred' }], error: 'INVALID_CONFIG' },
    ];
    for (const c of cases) {
      const { error, ...topic } = c;
      expect(await kafkaErrorOf(admin.createTopics({ topics: [topic] })), c.topic).toBe(error);
    }
    const names = await topicNames();
    for (const c of cases) expect(names, c.topic).not.toContain(c.topic);
    // validateOnly checks without creating.
    // kafkajs waits for leaders of a validate-only topic unless told not to.
    expect(await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: 'adm-validate-only', numPartitions: 2 }] })).toBe(true);
    expect(await topicNames()).not.toContain('adm-validate-only');
  });

  it('adds partitions; refuses to shrink', async () => {
    await admin.createPartitions({ topicPartitions: [{ topic: 'adm-plain', count: 3 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['adm-plain'] });
    expect(meta.topics[0].partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2]);
    expect(await kafkaErrorOf(admin.createPartitions({ topicPartitions: [{ topic: 'adm-plain', count: 2 }] }))).toBe('INVALID_PARTITIONS');
    expect(await kafkaErrorOf(admin.createPartitions({ topicPartitions: [{ topic: 'adm-no-such-topic', count: 2 }] }))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    const after = await admin.fetchTopicOffsets('adm-plain');
    expect(after.map((p) => p.partition).sort()).toEqual([0, 1, 2]);
  });

  it('lists offsets, by timestamp too, and deletes records (consumers start at the new low watermark)', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'adm-offsets', numPartitions: 1 }] });
    const producer = kafka.producer();
    await producer.connect();
    const T0 = 1_700_000_000_000;
    // 20 messages with timestamps T0, T0+1000, ..., in two sends.
    for (const half of [0, 10]) {
      await producer.send({
        topic: 'adm-offsets',
        messages: Array.from({ length: 10 }, (_, i) => ({ value: `m${half + i}`, timestamp: String(T0 + (half + i) * 1000) })),
      });
    }
    await producer.disconnect();

    expect(await admin.fetchTopicOffsets('adm-offsets')).toEqual([{ partition: 0, offset: '20', high: '20', low: '0' }]);
    // The first offset with a timestamp at or after the one asked for.
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-offsets', T0 + 5000)).toEqual([{ partition: 0, offset: '5' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-offsets', T0 + 4500)).toEqual([{ partition: 0, offset: '5' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-offsets', T0 - 1)).toEqual([{ partition: 0, offset: '0' }]);
    // Past the last timestamp Kafka answers -1, which kafkajs turns into the high watermark.
    expect(await admin.fetchTopicOffsetsByTimestamp('adm-offsets', T0 + 60_000)).toEqual([{ partition: 0, offset: '20' }]);

    await admin.deleteTopicRecords({ topic: 'adm-offsets', partitions: [{ partition: 0, offset: '7' }] });
    expect(await admin.fetchTopicOffsets('adm-offsets')).toEqual([{ partition: 0, offset: '20', high: '20', low: '7' }]);
    // Below the low watermark is out of range for DeleteRecords' purpose: nothing moves back.
    await admin.deleteTopicRecords({ topic: 'adm-offsets', partitions: [{ partition: 0, offset: '3' }] });
    expect((await admin.fetchTopicOffsets('adm-offsets'))[0].low).toBe('7');

    // A new consumer from the beginning starts at 7.
    const seen = await consumeFromBeginning('adm-offsets', 'adm-offsets-reader', 13);
    expect(seen.map((m) => m.offset)).toEqual(Array.from({ length: 13 }, (_, i) => String(7 + i)));
    expect(seen.map((m) => m.value?.toString())).toEqual(Array.from({ length: 13 }, (_, i) => `m${7 + i}`));
  });

  it('deletes topics: gone from the list and from metadata', async () => {
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic: 'adm-doomed', numPartitions: 2 }] });
    expect(await topicNames()).toContain('adm-doomed');
    await admin.deleteTopics({ topics: ['adm-doomed'] });
    expect(await topicNames()).not.toContain('adm-doomed');
    // Fetching its metadata now fails with UNKNOWN_TOPIC_OR_PARTITION (auto-creation is not asked by the admin).
    expect(await kafkaErrorOf(admin.fetchTopicMetadata({ topics: ['adm-doomed'] }))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await kafkaErrorOf(admin.deleteTopics({ topics: ['adm-doomed'] }))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
  });
});

/** Reads `count` messages of a topic from the beginning with a fresh group, then stops. */
async function consumeFromBeginning(topic: string, groupId: string, count: number): Promise<(KafkaMessage & { partition: number })[]> {
  const consumer = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const seen: (KafkaMessage & { partition: number })[] = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push({ ...message, partition }) });
    await waitFor(`${count} messages of ${topic}`, () => (seen.length >= count ? true : undefined));
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

describe('kafkajs idempotent producer', () => {
  it('produces N messages: offsets contiguous per partition, no duplicates', async () => {
    const topic = 'idem';
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const N = 3000;
    const BATCH = 100;
    const baseOffsets = new Map<number, number[]>();
    for (let start = 0; start < N; start += BATCH) {
      const records = await producer.send({
        topic,
        acks: -1,
        messages: Array.from({ length: BATCH }, (_, i) => ({ key: `k${(start + i) % 31}`, value: `v${start + i}` })),
      });
      for (const r of records) {
        expect(r.errorCode).toBe(0);
        (baseOffsets.get(r.partition) ?? baseOffsets.set(r.partition, []).get(r.partition)!).push(Number(r.baseOffset));
      }
    }
    await producer.disconnect();

    const offsets = await admin.fetchTopicOffsets(topic);
    expect(offsets.reduce((n, p) => n + Number(p.high), 0)).toBe(N);
    // Each send's batch for a partition starts where the previous one ended.
    for (const p of offsets) {
      const bases = baseOffsets.get(p.partition) ?? [];
      expect(bases[0] ?? 0).toBe(0);
      for (let i = 1; i < bases.length; i++) expect(bases[i]).toBeGreaterThan(bases[i - 1]);
    }

    const seen = await consumeFromBeginning(topic, 'idem-reader', N);
    // Exactly N, every value once, and per partition the offsets are 0..n-1 in order.
    expect(seen).toHaveLength(N);
    expect(new Set(seen.map((m) => m.value!.toString())).size).toBe(N);
    for (const p of offsets) {
      expect(seen.filter((m) => m.partition === p.partition).map((m) => Number(m.offset))).toEqual(Array.from({ length: Number(p.high) }, (_, i) => i));
    }
  });

  it('stamps batches with the producer id and sequence numbers the broker checks', async () => {
    const topic = 'idem-raw';
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 5; i++) await producer.send({ topic, messages: [{ value: `a${i}` }, { value: `b${i}` }] });
    await producer.disconnect();
    // The broker kept the batches as sent: each carries the producer id and the next base sequence.
    const batches = await segmentBatches(topic, 0);
    expect(batches).toHaveLength(5);
    expect(new Set(batches.map((b) => b.producerId)).size).toBe(1);
    expect(batches[0].producerId).toBeGreaterThanOrEqual(0);
    expect(batches.map((b) => b.baseSequence)).toEqual([0, 2, 4, 6, 8]);
    expect(batches.map((b) => b.baseOffset)).toEqual([0, 2, 4, 6, 8]);
  });
});

/** Batch headers of a partition, read from its leader's first segment file (Kafka's on-disk format). */
async function segmentBatches(topic: string, partition: number): Promise<{ baseOffset: number; producerId: number; baseSequence: number }[]> {
  const meta = await admin.fetchTopicMetadata({ topics: [topic] });
  const leader = meta.topics[0].partitions.find((p) => p.partitionId === partition)!.leader;
  const buf = fs.readFileSync(path.join(tc.dataDir, `broker-${leader}`, `${topic}-${partition}`, '00000000000000000000.log'));
  const batches: { baseOffset: number; producerId: number; baseSequence: number }[] = [];
  // RecordBatch v2: baseOffset int64, batchLength int32, ..., producerId int64 at 43, baseSequence int32 at 53.
  for (let pos = 0; pos + 61 <= buf.length;) {
    const len = buf.readInt32BE(pos + 8);
    batches.push({ baseOffset: Number(buf.readBigInt64BE(pos)), producerId: Number(buf.readBigInt64BE(pos + 43)), baseSequence: buf.readInt32BE(pos + 53) });
    pos += 12 + len;
  }
  return batches;
}

describe('kafkajs consumer group', () => {
  it('three members share six partitions, one leaves, every message is consumed once', async () => {
    const topic = 'grp-orders';
    const groupId = 'grp-orders-app';
    const M = 3000;
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 6 }] });

    // Every delivery, by consumer: what the group processed.
    const deliveries: { consumer: string; partition: number; offset: number; value: string }[] = [];
    const consumers: Consumer[] = [];
    const start = async (name: string) => {
      const c = kafka.consumer({ groupId, sessionTimeout: 30_000, rebalanceTimeout: 60_000, heartbeatInterval: 200, maxWaitTimeInMs: 100 });
      await c.connect();
      await c.subscribe({ topic, fromBeginning: true });
      // autoCommitThreshold 1: the offset after each message is committed (and awaited) before the next one
      // is handed over; kafkajs also commits what it resolved when a heartbeat reports a rebalance and
      // before it leaves. So every processed message is committed before its partition can move.
      await c.run({
        autoCommit: true,
        autoCommitThreshold: 1,
        eachMessage: async ({ partition, message }) => {
          deliveries.push({ consumer: name, partition, offset: Number(message.offset), value: message.value!.toString() });
        },
      });
      consumers.push(c);
      return c;
    };

    const producer = kafka.producer();
    await producer.connect();
    const produce = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        await producer.send({ topic, messages: Array.from({ length: 50 }, (_, j) => ({ key: `key-${(i + j) % 97}`, value: `msg-${i + j}` })) });
      }
    };
    // The first half is produced while the members join.
    const firstHalf = produce(0, M / 2);
    await start('c1');
    await start('c2');
    const c3 = await start('c3');
    await firstHalf;

    // While running: the group is Stable with three members, each with a share of the six partitions.
    const described = await waitFor('a stable group of three', async () => {
      const { groups } = await admin.describeGroups([groupId]);
      const g = groups[0];
      return g.state === 'Stable' && g.members.length === 3 ? g : undefined;
    });
    expect(described.protocolType).toBe('consumer');
    expect(described.protocol).toBe('RoundRobinAssigner');
    const shares = described.members.map((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!.assignment[topic] ?? []);
    expect(shares.map((s) => s.length)).toEqual([2, 2, 2]);
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const m of described.members) {
      expect(m.clientId).toBe('kafkajs-it');
      expect(m.clientHost).toBe('127.0.0.1');
      expect(AssignerProtocol.MemberMetadata.decode(m.memberMetadata)!.topics).toEqual([topic]);
    }
    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });

    // After some consumption, one member leaves; the other two take over its partitions.
    await waitFor('a third of the messages, some by each member', () => {
      const who = new Set(deliveries.map((d) => d.consumer));
      return deliveries.length >= M / 3 && who.size === 3 ? true : undefined;
    }, 90_000); // a commit per message: a thousand round trips, slow on a loaded machine
    await c3.disconnect();
    consumers.splice(consumers.indexOf(c3), 1);
    const after = await waitFor('a stable group of two', async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return groups[0].state === 'Stable' && groups[0].members.length === 2 ? groups[0] : undefined;
    });
    expect(after.members.flatMap((m) => AssignerProtocol.MemberAssignment.decode(m.memberAssignment)!.assignment[topic] ?? []).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    // The second half is produced after the rebalance, so the two remaining members consume it.
    await produce(M / 2, M);
    await producer.disconnect();
    await waitFor('every message', () => (new Set(deliveries.map((d) => d.value)).size === M ? true : undefined), 60_000);

    // Committed offsets reach the end offsets (the last commit follows the last delivery).
    const ends = new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
    expect([...ends.values()].reduce((n, h) => n + Number(h), 0)).toBe(M);
    await waitFor('committed = end offsets', async () => {
      const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return t.partitions.every((p) => p.offset === ends.get(p.partition)) ? true : undefined;
    });
    for (const c of consumers) await c.disconnect();

    // At least once: every message. And, with every processed offset committed before each rebalance and no
    // member expelled by a timeout, exactly once: no offset delivered twice across the group.
    const byOffset = new Map<string, string[]>();
    for (const d of deliveries) {
      const k = `${d.partition}:${d.offset}`;
      (byOffset.get(k) ?? byOffset.set(k, []).get(k)!).push(d.consumer);
    }
    const twice = [...byOffset].filter(([, who]) => who.length > 1);
    expect(twice, `delivered more than once: ${JSON.stringify(twice.slice(0, 10))}`).toEqual([]);
    expect(deliveries).toHaveLength(M);
    expect(new Set(deliveries.map((d) => d.consumer))).toEqual(new Set(['c1', 'c2', 'c3']));
    // Per partition, the group saw offsets 0..end-1 in order, whichever member had the partition.
    for (const [p, end] of ends) {
      expect(deliveries.filter((d) => d.partition === p).map((d) => d.offset)).toEqual(Array.from({ length: Number(end) }, (_, i) => i));
    }

    // The stopped group is Empty and keeps its offsets.
    const empty = (await admin.describeGroups([groupId])).groups[0];
    expect(empty.state).toBe('Empty');
    expect(empty.members).toEqual([]);
    expect((await admin.listGroups()).groups).toContainEqual({ groupId, protocolType: 'consumer' });
  }, 180_000);

  it('resets, sets and deletes the offsets of a stopped group', async () => {
    const topic = 'grp-orders';
    const groupId = 'grp-orders-app';
    const committed = async () => {
      const [t] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return t.partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset);
    };
    const ends = (await admin.fetchTopicOffsets(topic)).sort((a, b) => a.partition - b.partition).map((p) => p.high);
    expect(await committed()).toEqual(ends);

    // kafkajs resets by committing Kafka's "earliest" sentinel (-2) from a short-lived member of the group; Kafka
    // stores any offset as given. (kafkajs waits forever if that commit fails, hence the bound.)
    await bounded(admin.resetOffsets({ groupId, topic, earliest: true }), 'resetOffsets');
    expect(await committed()).toEqual(['-2', '-2', '-2', '-2', '-2', '-2']);
    // resolveOffsets turns the sentinel into the low watermark and commits that.
    const [resolved] = await admin.fetchOffsets({ groupId, topics: [topic], resolveOffsets: true });
    expect(resolved.partitions.map((p) => p.offset)).toEqual(['0', '0', '0', '0', '0', '0']);
    expect(await committed()).toEqual(['0', '0', '0', '0', '0', '0']);

    await bounded(admin.setOffsets({ groupId, topic, partitions: [{ partition: 0, offset: '3' }, { partition: 5, offset: '1' }] }), 'setOffsets');
    expect(await committed()).toEqual(['3', '0', '0', '0', '0', '1']);

    // A member of the group resumes each partition from its committed offset.
    const first = new Map<number, number>();
    const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await c.connect();
    try {
      await c.subscribe({ topic, fromBeginning: false });
      await c.run({ eachMessage: async ({ partition, message }) => void (first.has(partition) || first.set(partition, Number(message.offset))) });
      await waitFor('a message of every partition', () => (first.size === 6 ? true : undefined));
    } finally {
      await c.disconnect();
    }
    expect([...first].sort((a, b) => a[0] - b[0])).toEqual([[0, 3], [1, 0], [2, 0], [3, 0], [4, 0], [5, 1]]);

    // A group with members cannot be deleted; a stopped one can, with its offsets.
    await admin.deleteGroups([groupId]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain(groupId);
    expect(await committed()).toEqual(['-1', '-1', '-1', '-1', '-1', '-1']);
    expect(await kafkaErrorOf(admin.deleteGroups([groupId]))).toBe('GROUP_ID_NOT_FOUND');
  });

  it('refuses to delete a group that has members', async () => {
    const topic = 'grp-busy';
    const groupId = 'grp-busy-app';
    await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 1 }] });
    const c = kafka.consumer({ groupId, sessionTimeout: 10_000, heartbeatInterval: 500, maxWaitTimeInMs: 100 });
    await c.connect();
    try {
      await c.subscribe({ topic });
      await c.run({ eachMessage: async () => undefined });
      await waitFor('a stable group', async () => ((await admin.describeGroups([groupId])).groups[0].state === 'Stable' ? true : undefined));
      expect(await kafkaErrorOf(admin.deleteGroups([groupId]))).toBe('NON_EMPTY_GROUP');
    } finally {
      await c.disconnect();
    }
    await admin.deleteGroups([groupId]);
  });
});

/** Fails instead of hanging when a kafkajs call never settles. */
function bounded<T>(p: Promise<T>, what: string, ms = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}
