// @platformatic/kafka against a real 3-broker cluster. It speaks only the flexible (compact, tagged-field)
// protocol versions, so this exercises the other half of the codec end to end: admin (topics, partitions,
// configs, offsets, records, groups), an idempotent producer, and a consumer group that loses a member.

import {
  Admin, ConfigResourceTypes, Consumer, IncrementalAlterConfigOperationTypes, Producer, stringDeserializers, stringSerializers,
  type Message, type MessagesStream,
} from '@platformatic/kafka';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor, testCluster, type TestCluster } from './cluster-fixture.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../index.ts';

const BROKERS = 3;
let tc: TestCluster;
let bootstrapBrokers: string[];
let admin: Admin;

beforeAll(async () => {
  tc = await testCluster({ brokers: BROKERS });
  bootstrapBrokers = tc.bootstrap.split(',');
  admin = new Admin({ clientId: 'plt-admin', bootstrapBrokers, retries: 3, retryDelay: 100 });
});
afterAll(async () => {
  await admin?.close();
  await tc?.close();
});

/** The Kafka error names (ProtocolError.apiId) anywhere in a @platformatic/kafka error tree. */
async function kafkaErrorsOf(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    const found: string[] = [];
    const walk = (x: unknown) => {
      const err = x as { apiId?: string; errors?: unknown[]; cause?: unknown };
      if (!err || typeof err !== 'object') return;
      if (typeof err.apiId === 'string') found.push(err.apiId);
      for (const inner of err.errors ?? []) walk(inner);
      walk(err.cause);
    };
    walk(e);
    return found.length > 0 ? [...new Set(found)] : [`no kafka error: ${String(e)}`];
  }
  return ['no error'];
}

async function endOffsets(topic: string): Promise<bigint[]> {
  const [t] = await admin.listOffsets({ topics: [{ name: topic, partitions: [...Array(await partitionCount(topic)).keys()].map((p) => ({ partitionIndex: p, timestamp: BigInt(LATEST_TIMESTAMP) })) }] });
  return t.partitions.sort((a, b) => a.partitionIndex - b.partitionIndex).map((p) => p.offset);
}

async function partitionCount(topic: string): Promise<number> {
  const md = await admin.metadata({ topics: [topic], forceUpdate: true });
  return md.topics.get(topic)!.partitionsCount;
}

describe('@platformatic/kafka admin', () => {
  it('creates topics with configs, lists them, shows their metadata', async () => {
    const created = await admin.createTopics({
      topics: ['plt-orders'],
      partitions: 4,
      replicas: 1,
      configs: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact' }],
    });
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ name: 'plt-orders', partitions: 4, replicas: 1 });
    expect(created[0].id).toMatch(/^[0-9a-f-]{36}$/);
    // CreateTopics v5+ answers with the topic's whole config, overrides and defaults.
    expect(created[0].configuration).toMatchObject({ 'retention.ms': '3600000', 'cleanup.policy': 'compact', 'segment.bytes': '1073741824' });

    expect(await admin.listTopics()).toContain('plt-orders');
    const md = await admin.metadata({ topics: ['plt-orders'], forceUpdate: true });
    expect([...md.brokers.keys()].sort()).toEqual([1, 2, 3]);
    const t = md.topics.get('plt-orders')!;
    expect(t.partitionsCount).toBe(4);
    expect(t.id).toBe(created[0].id);
    for (const p of t.partitions) {
      expect(p.replicas).toHaveLength(1);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      expect(p.offlineReplicas).toEqual([]);
    }
  });

  it('describes and alters configs (AlterConfigs and IncrementalAlterConfigs)', async () => {
    const describe = async () => {
      const [r] = await admin.describeConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: 'plt-orders' }] });
      return new Map(r.configs.map((c) => [c.name, c]));
    };
    let configs = await describe();
    // DescribeConfigs v1+ marks defaults by configSource: 1 = a topic override, 5 = Kafka's default.
    expect(configs.get('retention.ms')).toMatchObject({ value: '3600000', configSource: 1, readOnly: false, isSensitive: false });
    expect(configs.get('segment.bytes')).toMatchObject({ value: '1073741824', configSource: 5 });

    await admin.incrementalAlterConfigs({
      resources: [{
        resourceType: ConfigResourceTypes.TOPIC,
        resourceName: 'plt-orders',
        configs: [
          { name: 'retention.ms', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '60000' },
          { name: 'cleanup.policy', configOperation: IncrementalAlterConfigOperationTypes.DELETE },
        ],
      }],
    });
    configs = await describe();
    expect(configs.get('retention.ms')).toMatchObject({ value: '60000', configSource: 1 });
    expect(configs.get('cleanup.policy')).toMatchObject({ value: 'delete', configSource: 5 });

    await admin.alterConfigs({ resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: 'plt-orders', configs: [{ name: 'max.message.bytes', value: '2000000' }] }] });
    configs = await describe();
    expect(configs.get('max.message.bytes')).toMatchObject({ value: '2000000', configSource: 1 });
    expect(configs.get('retention.ms')).toMatchObject({ value: '604800000', configSource: 5 }); // AlterConfigs replaces every override

    expect(await kafkaErrorsOf(admin.incrementalAlterConfigs({
      resources: [{ resourceType: ConfigResourceTypes.TOPIC, resourceName: 'plt-orders', configs: [{ name: 'no.such.config', configOperation: IncrementalAlterConfigOperationTypes.SET, value: '1' }] }],
    }))).toEqual(['INVALID_CONFIG']);
  });

  it('refuses invalid topics with Kafka\'s errors and creates nothing', async () => {
    const cases: { topic: string; partitions?: number; replicas?: number; configs?: { name: string; value: string }[]; error: string }[] = [
      { topic: 'bad name!', error: 'INVALID_TOPIC_EXCEPTION' },
      { topic: 'plt-zero-partitions', partitions: 0, error: 'INVALID_PARTITIONS' },
      { topic: 'plt-rf-too-big', partitions: 1, replicas: BROKERS + 1, error: 'INVALID_REPLICATION_FACTOR' },
      { topic: 'plt-unknown-config', partitions: 1, configs: [{ name: 'no.such.config', value: 'x' }], error: 'INVALID_CONFIG' },
    ];
    for (const c of cases) {
      expect(await kafkaErrorsOf(admin.createTopics({ topics: [c.topic], partitions: c.partitions, replicas: c.replicas, configs: c.configs })), c.topic)
        .toEqual([c.error]);
    }
    expect(await kafkaErrorsOf(admin.createTopics({ topics: ['plt-orders'], partitions: 1 }))).toEqual(['TOPIC_ALREADY_EXISTS']);
    const names = await admin.listTopics();
    for (const c of cases) expect(names).not.toContain(c.topic);
  });

  it('adds partitions, lists offsets, deletes records, deletes topics', async () => {
    await admin.createTopics({ topics: ['plt-offsets'], partitions: 1, replicas: 1 });
    await admin.createPartitions({ topics: [{ name: 'plt-offsets', count: 2 }] });
    expect(await partitionCount('plt-offsets')).toBe(2);

    const producer = new Producer({ clientId: 'plt-offsets-producer', bootstrapBrokers, serializers: stringSerializers });
    try {
      const T0 = 1_700_000_000_000n;
      await producer.send({ messages: Array.from({ length: 10 }, (_, i) => ({ topic: 'plt-offsets', partition: 1, value: `m${i}`, timestamp: T0 + BigInt(i) * 1000n })) });
    } finally {
      await producer.close();
    }
    expect(await endOffsets('plt-offsets')).toEqual([0n, 10n]);
    const [byTime] = await admin.listOffsets({ topics: [{ name: 'plt-offsets', partitions: [{ partitionIndex: 1, timestamp: 1_700_000_004_500n }] }] });
    expect(byTime.partitions[0]).toMatchObject({ offset: 5n, timestamp: 1_700_000_005_000n });

    const [deleted] = await admin.deleteRecords({ topics: [{ name: 'plt-offsets', partitions: [{ partition: 1, offset: 4n }] }] });
    expect(deleted.partitions).toEqual([{ partition: 1, lowWatermark: 4n }]);
    const [earliest] = await admin.listOffsets({ topics: [{ name: 'plt-offsets', partitions: [{ partitionIndex: 1, timestamp: BigInt(EARLIEST_TIMESTAMP) }] }] });
    expect(earliest.partitions[0].offset).toBe(4n);

    await admin.deleteTopics({ topics: ['plt-offsets'] });
    expect(await admin.listTopics()).not.toContain('plt-offsets');
    expect(await kafkaErrorsOf(admin.deleteTopics({ topics: ['plt-offsets'] }))).toEqual(['UNKNOWN_TOPIC_OR_PARTITION']);
  });
});

describe('@platformatic/kafka producer and consumer group', () => {
  it('an idempotent producer writes N messages once, with contiguous offsets', async () => {
    const topic = 'plt-idem';
    await admin.createTopics({ topics: [topic], partitions: 3, replicas: 1 });
    const producer = new Producer({ clientId: 'plt-idem', bootstrapBrokers, serializers: stringSerializers, idempotent: true });
    const N = 3000;
    try {
      for (let i = 0; i < N; i += 100) {
        const before = await endOffsets(topic);
        const r = await producer.send({ messages: Array.from({ length: 100 }, (_, j) => ({ topic, key: `k${(i + j) % 37}`, value: `v${i + j}` })) });
        // Each send's batch on a partition starts where that partition ended before it.
        expect(r.offsets?.length).toBeGreaterThan(0);
        for (const o of r.offsets ?? []) expect(o.offset).toBe(before[o.partition]);
      }
      expect(producer.producerId).toBeGreaterThanOrEqual(0n);
    } finally {
      await producer.close();
    }
    expect((await endOffsets(topic)).reduce((a, b) => a + b, 0n)).toBe(BigInt(N));
  });

  it('three members share six partitions; one leaves; every message is consumed; committed = end offsets', async () => {
    const topic = 'plt-group';
    const groupId = 'plt-group-app';
    const M = 3000;
    await admin.createTopics({ topics: [topic], partitions: -1, replicas: -1, assignments: [0, 1, 2, 3, 4, 5].map((partition) => ({ partition, brokers: [2] })) });
    expect(await partitionCount(topic)).toBe(6);
    const producer = new Producer({ clientId: 'plt-group-producer', bootstrapBrokers, serializers: stringSerializers });
    const produce = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        await producer.send({ messages: Array.from({ length: 50 }, (_, j) => ({ topic, key: `key-${(i + j) % 97}`, value: `msg-${i + j}` })) });
      }
    };

    const deliveries: { member: string; partition: number; offset: bigint; value: string }[] = [];
    interface Member {
      name: string;
      consumer: Consumer<string, string, string, string>;
      stream: MessagesStream<string, string, string, string>;
      done: Promise<void>;
      /** Fetch responses the stream received since the member last joined. */
      fetchesSinceJoin: number;
    }
    const members: Member[] = [];
    const start = async (name: string) => {
      const consumer = new Consumer({
        clientId: `plt-${name}`, groupId, bootstrapBrokers, deserializers: stringDeserializers,
        maxWaitTime: 100, sessionTimeout: 30_000, rebalanceTimeout: 60_000, heartbeatInterval: 200,
      });
      // Manual commits, one per message and awaited before the next: "committed" means "processed".
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest', autocommit: false });
      const member = { name, consumer, stream, fetchesSinceJoin: 0 } as Member;
      consumer.on('consumer:group:join', () => void (member.fetchesSinceJoin = 0));
      stream.on('fetch', () => void member.fetchesSinceJoin++);
      const done = (async () => {
        for await (const m of stream as AsyncIterable<Message<string, string, string, string>>) {
          deliveries.push({ member: name, partition: m.partition, offset: m.offset, value: m.value });
          await m.commit();
        }
      })();
      member.done = done;
      members.push(member);
    };

    // A quiet group: Stable with n members that all joined the same generation, and every member has had two
    // fetch responses since it joined, so the fetch it had in flight during the rebalance (for its old
    // partitions) is answered and the one after it was sent for the new assignment. All of the topic's
    // partitions are on one broker, so each member has one fetch in flight at a time.
    const quiet = (n: number) => waitFor(`a quiet group of ${n}`, async () => {
      const g = (await admin.describeGroups({ groups: [groupId] })).get(groupId)!;
      const gens = new Set(members.map((m) => m.consumer.generationId));
      const ready = g.state === 'STABLE' && g.members.size === n && members.length === n && gens.size === 1 && members.every((m) => m.fetchesSinceJoin >= 2);
      return ready ? g : undefined;
    });

    // @platformatic/kafka prefetches into its stream buffer (up to highWaterMark records) and delivers whatever
    // a fetch returns, also when the fetch was sent before a rebalance moved the partition away; it commits
    // those records under its new generation, which Kafka's classic protocol accepts. With records in flight
    // across a rebalance, records repeat and a partition's committed offset can even move back and stay below
    // what its new owner consumed (seen against this broker; the client's doing, not the coordinator's). So
    // every rebalance here happens on a quiet group, and then each message is consumed exactly once.
    await start('a');
    await start('b');
    await start('c');

    const three = await quiet(3);
    expect(three.protocolType).toBe('consumer');
    const shares = [...three.members.values()].map((m) => m.assignments?.get(topic)?.partitions ?? []);
    expect(shares.flat().sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(shares.map((s) => s.length)).toEqual([2, 2, 2]);
    expect([...three.members.values()].map((m) => m.clientId).sort()).toEqual(['plt-a', 'plt-b', 'plt-c']);
    for (const m of three.members.values()) expect(m.metadata?.topics).toEqual([topic]);
    const listed = await admin.listGroups();
    expect(listed.get(groupId)).toMatchObject({ id: groupId, state: 'STABLE', protocolType: 'consumer', groupType: 'classic' });

    const committed = async () => {
      const [g] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
      const t = g.topics.find((x) => x.name === topic);
      return (t?.partitions ?? []).sort((a, b) => a.partitionIndex - b.partitionIndex).map((p) => p.committedOffset);
    };
    const settled = async (what: string, ends: bigint[]) => waitFor(what, async () => {
      const c = await committed();
      const drained = members.every((m) => m.stream.readableLength === 0);
      return drained && c.length === ends.length && c.every((o, i) => o === ends[i]) ? true : undefined;
    }, 60_000);

    // The first half is consumed by the three while it is being produced.
    await produce(0, M / 2);
    const halfEnds = await endOffsets(topic);
    expect(halfEnds.reduce((a, b) => a + b, 0n)).toBe(BigInt(M / 2));
    await settled('the first half consumed and committed', halfEnds);
    expect(deliveries).toHaveLength(M / 2);
    expect(new Set(deliveries.map((d) => d.value)).size).toBe(M / 2);
    expect(new Set(deliveries.map((d) => d.member))).toEqual(new Set(['a', 'b', 'c']));
    const phase1 = deliveries.length;

    // One member leaves a quiet group; the other two take over its partitions.
    const leaving = members.find((m) => m.name === 'c')!;
    await leaving.stream.close();
    await leaving.consumer.close();
    await leaving.done;
    members.splice(members.indexOf(leaving), 1);
    const two = await quiet(2);
    expect([...two.members.values()].flatMap((m) => m.assignments?.get(topic)?.partitions ?? []).sort()).toEqual([0, 1, 2, 3, 4, 5]);

    // The second half, produced after the rebalance, is consumed exactly once by the two remaining members,
    // each from where the group's commits left off.
    await produce(M / 2, M);
    await producer.close();
    const ends = await endOffsets(topic);
    expect(ends.reduce((a, b) => a + b, 0n)).toBe(BigInt(M));
    await settled('every message consumed and committed', ends);
    for (const m of members) {
      await m.stream.close();
      await m.consumer.close();
      await m.done;
    }

    // Exactly once, in order: per partition the group saw offsets 0..end-1, whichever member owned it.
    expect(deliveries).toHaveLength(M);
    for (let p = 0; p < 6; p++) {
      expect(deliveries.filter((d) => d.partition === p).map((d) => d.offset), `partition ${p}`)
        .toEqual(Array.from({ length: Number(ends[p]) }, (_, i) => BigInt(i)));
    }
    // The second half went to the two that stayed.
    expect(new Set(deliveries.slice(phase1).map((d) => d.member))).toEqual(new Set(['a', 'b']));

    const empty = (await admin.describeGroups({ groups: [groupId] })).get(groupId)!;
    expect(empty.state).toBe('EMPTY');
    expect(empty.members.size).toBe(0);

    // Offsets of the stopped group can be set and deleted, and the group itself deleted.
    await admin.alterConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionOffsets: [{ partition: 0, offset: 0n }, { partition: 3, offset: 1n }] }] });
    const c = await committed();
    expect([c[0], c[3]]).toEqual([0n, 1n]);
    // OffsetDelete: an Empty group subscribes to nothing, so its offsets can go partition by partition.
    await admin.deleteConsumerGroupOffsets({ groupId, topics: [{ name: topic, partitionIndexes: [3] }] });
    expect((await committed()).length).toBe(5);

    await admin.deleteGroups({ groups: [groupId] });
    expect((await admin.listGroups()).has(groupId)).toBe(false);
    expect(await committed()).toEqual([]);
  });
});
