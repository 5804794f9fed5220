// librdkafka 2.15 with group.protocol=consumer (KIP-848) against a real 3-broker cluster: a group whose members
// join and leave while consuming, every record read once, the commits visible to kafkajs' admin; a kafkajs
// (classic protocol) group on the same topic at the same time; a kill of the group's coordinator, after which
// the group keeps its members, their epochs and its offsets; and a regex subscription that follows added
// partitions and new topics.

import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { describeConsumerGroup, findCoordinator, listGroups } from './consumer-group-requests.ts';
import { rdk, startDriver, type DriverRun, type RunningDriver } from './librdkafka.ts';

let tc: TestCluster;
let admin: Admin;
let kafka: Kafka;

beforeAll(async () => {
  tc = await testCluster({ brokers: 3, brokerConfig: { groupConsumerHeartbeatIntervalMs: 500, groupConsumerSessionTimeoutMs: 15_000 } });
  kafka = new Kafka({ clientId: 'kip848-it', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 8 } });
  admin = kafka.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin?.disconnect();
  await tc?.close();
});

const CONSUMER = ['-X', 'group.protocol=consumer', '-X', 'auto.offset.reset=earliest'];

function consumer(topic: string, group: string, extra: string[] = []): RunningDriver {
  return startDriver(['consume', '-b', tc.bootstrap, '-t', topic, '-G', group, ...CONSUMER, ...extra], { timeoutMs: 180_000 });
}

function ok(run: DriverRun): DriverRun {
  expect(run.code, run.stderr + JSON.stringify(run.of('error'))).toBe(0);
  expect(run.of('error').filter((e) => e.fatal)).toEqual([]);
  return run;
}

async function produce(topic: string, n: number, extra: string[] = []): Promise<void> {
  const r = ok(await rdk(['produce', '-b', tc.bootstrap, '-t', topic, '-n', String(n), ...extra]));
  expect(r.of('done')[0]).toMatchObject({ produced: n, failed: 0 });
}

async function committedTotal(group: string, topic: string): Promise<number> {
  const offsets = await admin.fetchOffsets({ groupId: group, topics: [topic] });
  return offsets[0].partitions.reduce((n, p) => n + Math.max(0, Number(p.offset)), 0);
}

describe('librdkafka 2.15, group.protocol=consumer', () => {
  it('a group whose members join and leave reads every record once, and commits them', async () => {
    const topic = 'kip848-churn';
    const group = 'kip848-churn-group';
    const N = 3_000;
    await createTopic(tc.cluster, topic, 6, 3);

    // A and B share the topic before anything is written; A leaves after 500 records, C joins while the
    // records arrive, B stays to the end.
    const a = consumer(topic, group, ['--max', '500', '--idle-ms', '30000']);
    const b = consumer(topic, group, ['--idle-ms', '10000']);
    await until('a stable group of two members that both own partitions', async () => {
      const d = await describeConsumerGroup(tc.cluster, group);
      return d.groupState === 'Stable' && d.members.length === 2 && d.members.every((m) => m.assignment.topicPartitions.length > 0);
    }, 60_000);
    const producing = produce(topic, N);
    await until('A to read', () => a.events.some((e) => e.event === 'record'), 60_000);
    const c = consumer(topic, group, ['--idle-ms', '10000']);
    await producing;
    const runs = (await Promise.all([a.done, b.done, c.done])).map(ok);

    const values = runs.flatMap((r) => r.of('record').map((rec) => rec.value));
    expect(new Set(values).size).toBe(N);
    expect(values.length).toBe(N);
    expect(runs[0].of('record').length).toBe(500);
    expect(runs.every((r) => r.of('assigned').length > 0)).toBe(true);

    // The commits are visible to another client (OffsetFetch), and the group is Empty with its epochs kept.
    expect(await committedTotal(group, topic)).toBe(N);
    const d = await describeConsumerGroup(tc.cluster, group);
    expect(d).toMatchObject({ errorCode: 0, groupState: 'Empty', assignorName: 'uniform' });
    expect(d.groupEpoch).toBeGreaterThanOrEqual(6); // three joins and three leaves at least
  });
});

describe('a classic group and a KIP-848 group side by side', () => {
  it('kafkajs (classic) and librdkafka (consumer) groups both read the whole topic; ListGroups tells their types apart', async () => {
    const topic = 'kip848-side-by-side';
    const N = 1_000;
    await createTopic(tc.cluster, topic, 4, 3);
    await produce(topic, N);

    const seen: string[] = [];
    const kjs = kafka.consumer({ groupId: 'side-classic', sessionTimeout: 10_000, heartbeatInterval: 500 });
    await kjs.connect();
    await kjs.subscribe({ topics: [topic], fromBeginning: true });
    await kjs.run({ eachMessage: async ({ message }) => void seen.push(message.value!.toString()) });
    const rdkRun = ok(await consumer(topic, 'side-consumer', ['--idle-ms', '6000']).done);
    await until('kafkajs to read every record', () => seen.length >= N, 60_000);

    const groups = await listGroups(tc.cluster);
    await kjs.disconnect();
    expect(new Set(rdkRun.of('record').map((r) => r.value)).size).toBe(N);
    expect(new Set(seen).size).toBe(N);
    expect(groups.find((g) => g.groupId === 'side-classic')).toMatchObject({ groupType: 'classic', protocolType: 'consumer', groupState: 'Stable' });
    expect(groups.find((g) => g.groupId === 'side-consumer')).toMatchObject({ groupType: 'consumer', protocolType: 'consumer', groupState: 'Empty' });
    const consumerOnly = await listGroups(tc.cluster, ['consumer']);
    expect(consumerOnly.some((g) => g.groupId === 'side-classic')).toBe(false);
    expect(consumerOnly.some((g) => g.groupId === 'side-consumer')).toBe(true);

    // kafkajs' describe (DescribeGroups v<6) sees a KIP-848 group as Kafka 4 shows it: Dead, no error.
    const described = await admin.describeGroups(['side-consumer']);
    expect(described.groups[0]).toMatchObject({ groupId: 'side-consumer', state: 'Dead', protocolType: '' });

    // The broker's KIP-848 settings, by Kafka's names.
    const configs = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1' }] });
    const byName = new Map(configs.resources[0].configEntries.map((e) => [e.configName, e.configValue]));
    expect(byName.get('group.consumer.heartbeat.interval.ms')).toBe('500');
    expect(byName.get('group.consumer.session.timeout.ms')).toBe('15000');
    expect(byName.get('group.consumer.assignors')).toBe('uniform,range');
  });
});

describe('coordinator failover', () => {
  it('a kill of the coordinator keeps the group, its members\' epochs and its offsets', async () => {
    const topic = 'kip848-failover';
    const group = 'kip848-failover-group';
    await createTopic(tc.cluster, topic, 4, 3);
    await produce(topic, 400);

    const a = consumer(topic, group, ['--idle-ms', '25000', '-X', 'auto.commit.interval.ms=200']);
    const b = consumer(topic, group, ['--idle-ms', '25000', '-X', 'auto.commit.interval.ms=200']);
    const count = () => [a, b].reduce((n, d) => n + d.events.filter((e) => e.event === 'record').length, 0);
    await until('both members to read the first records', () => count() >= 400, 60_000);
    const before = await until('a stable two-member group', async () => {
      const d = await describeConsumerGroup(tc.cluster, group);
      return d.groupState === 'Stable' && d.members.length === 2 ? d : undefined;
    }, 60_000);
    await until('the first records to be committed', async () => (await committedTotal(group, topic)) === 400, 30_000);

    const coordinator = await findCoordinator(tc.cluster, group);
    await tc.cluster.killBroker(coordinator);
    const after = await describeConsumerGroup(tc.cluster, group);
    expect(await findCoordinator(tc.cluster, group)).not.toBe(coordinator);
    // The new coordinator read the group back: same members, same epochs, same assignments.
    expect(after.groupEpoch).toBe(before.groupEpoch);
    expect(after.members.map((m) => [m.memberId, m.memberEpoch, m.assignment])).toEqual(before.members.map((m) => [m.memberId, m.memberEpoch, m.assignment]));
    expect(await committedTotal(group, topic)).toBe(400);

    // The members go on with the new coordinator: new records are read and committed, none read twice.
    await produce(topic, 200);
    await until('the new records to be read', () => count() >= 600, 60_000);
    await until('the new records to be committed', async () => (await committedTotal(group, topic)) === 600, 30_000);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    const runs = await Promise.all([a.done, b.done]);
    // Both producer runs write v-0, v-1, ...: a record is told apart by its partition and offset.
    const positions = runs.flatMap((r) => r.of('record').map((rec) => `${rec.partition}:${rec.offset}`));
    expect(positions.length).toBe(600);
    expect(new Set(positions).size).toBe(600);
    await tc.cluster.startBroker(coordinator);
  });
});


describe('the group follows the metadata', () => {
  it('partitions added to a subscribed topic and a topic matching a regex subscription reach the members', async () => {
    const group = 'kip848-metadata-group';
    await createTopic(tc.cluster, 'kip848-re-a', 2, 3);
    const member = consumer('^kip848-re-.*', group, ['--idle-ms', '60000']);
    const owned = async (n: number) => until(`the member to own ${n} partitions`, async () => {
      const d = await describeConsumerGroup(tc.cluster, group);
      const m = d.members[0];
      const count = m ? m.assignment.topicPartitions.reduce((k, tp) => k + tp.partitions.length, 0) : 0;
      return d.groupState === 'Stable' && count === n ? d : undefined;
    }, 60_000);
    const first = await owned(2);
    expect(first.members[0].subscribedTopicRegex).toContain('^kip848-re-.*'); // librdkafka sends it as (^kip848-re-.*)

    await admin.createPartitions({ topicPartitions: [{ topic: 'kip848-re-a', count: 4 }] });
    const grown = await owned(4);
    expect(grown.groupEpoch).toBeGreaterThan(first.groupEpoch);

    await createTopic(tc.cluster, 'kip848-re-b', 1, 3);
    await createTopic(tc.cluster, 'kip848-other', 1, 3);
    const widened = await owned(5);
    expect(widened.members[0].assignment.topicPartitions.map((tp) => tp.topicName).sort()).toEqual(['kip848-re-a', 'kip848-re-b']);

    // The new partitions are read: one record to each of the added partitions and to the new topic.
    await produce('kip848-re-b', 3);
    await produce('kip848-re-a', 40);
    await until('records of the new topic and of the added partitions', () => {
      const records = member.events.filter((e) => e.event === 'record') as { topic: string; partition: number }[];
      return records.some((r) => r.topic === 'kip848-re-b') && records.some((r) => r.topic === 'kip848-re-a' && r.partition >= 2);
    }, 60_000);
    member.child.kill('SIGTERM');
    const run = ok(await member.done);
    expect(run.of('record').some((r) => r.topic === 'kip848-other')).toBe(false);
  });
});
