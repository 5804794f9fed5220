// Dynamic BROKER and GROUP configs against real clusters, with clients nobody here wrote: kafkajs
// (DescribeConfigs/AlterConfigs on brokers and the cluster-wide default), @platformatic/kafka
// (IncrementalAlterConfigs on groups), librdkafka 2.15's share consumer (a group's share.auto.offset.reset),
// and a KIP-848 member over our own client fenced by its group's consumer.session.timeout.ms. Values survive
// a restart (the catalog rows are read back); bad values get Kafka's error codes and nothing is stored.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { Admin as PltAdmin } from '@platformatic/kafka';
import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Catalog } from '../catalog/catalog.ts';
import { DynamicResourceType } from '../catalog/dynamic-configs.ts';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { rdk } from './librdkafka.ts';
import { describeConsumerGroup, findCoordinator } from './consumer-group-requests.ts';

const GROUP_RESOURCE = 32;
const DYNAMIC_BROKER_CONFIG = 2;
const DYNAMIC_DEFAULT_BROKER_CONFIG = 3;
const DEFAULT_CONFIG = 5;

let tc: TestCluster | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
  await tc?.close();
  tc = undefined;
});

function kafkajsAdmin(t: TestCluster): Admin {
  const kafka = new Kafka({ clientId: 'dyn-configs-it', brokers: t.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const admin = kafka.admin();
  cleanups.push(() => admin.disconnect());
  return admin;
}

async function kafkaErrorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    const err = e as { type?: string; errors?: { type?: string }[]; cause?: { type?: string } };
    return err.type ?? err.cause?.type ?? err.errors?.find((x) => x.type)?.type ?? `no kafka error type: ${String(e)}`;
  }
  return 'no error';
}

function storedRows(t: TestCluster, type: number, name: string): Record<string, string> {
  const catalog = Catalog.open(path.join(t.dataDir, 'catalog.db'));
  try {
    return catalog.dynamicConfigs.get(type as DynamicResourceType, name);
  } finally {
    catalog.close();
  }
}

async function onBroker<T>(t: TestCluster, id: number, fn: (c: KafkaConnection) => Promise<T>): Promise<T> {
  const c = await KafkaConnection.connect('127.0.0.1', t.cluster.broker(id)!.port, { clientId: 'dyn-configs-it', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
    return await fn(c);
  } finally {
    await c.close();
  }
}

/** IncrementalAlterConfigs SET on a BROKER resource over our own client; the error code. */
async function alterBrokerResource(t: TestCluster, name: string, configs: Record<string, string>): Promise<number> {
  return onBroker(t, 1, async (c) => {
    const res = await c.request(ApiKey.IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: 4, resourceName: name, configs: Object.entries(configs).map(([n, value]) => ({ name: n, configOperation: 0, value })) }], validateOnly: false,
    });
    return (res!.responses as { errorCode: number }[])[0].errorCode;
  });
}

async function describeResource(t: TestCluster, brokerId: number, resourceType: number, resourceName: string): Promise<{ name: string; value: string; configSource: number; readOnly: boolean }[]> {
  return onBroker(t, brokerId, async (c) => {
    const res = await c.request(ApiKey.DescribeConfigs, 4, { resources: [{ resourceType, resourceName, configurationKeys: null }], includeSynonyms: false, includeDocumentation: false });
    const r = (res!.results as { errorCode: number; configs: { name: string; value: string; configSource: number; readOnly: boolean }[] }[])[0];
    expect(r.errorCode).toBe(0);
    return r.configs;
  });
}

type Entry = { configName: string; configValue: string; readOnly: boolean; isDefault: boolean; configSource: number };

async function brokerConfigs(admin: Admin, name: string): Promise<Map<string, Entry>> {
  const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name }] });
  expect(r.resources[0].errorCode).toBe(0);
  return new Map((r.resources[0].configEntries as unknown as Entry[]).map((c) => [c.configName, c]));
}

describe('dynamic broker configs (kafkajs)', () => {
  it('describes which are read-only, changes dynamic ones per broker and cluster-wide, applies them live, refuses bad ones', async () => {
    tc = await testCluster({ brokers: 2 });
    await createTopic(tc.cluster, 'dyn-t', 1, 2);
    const admin = kafkajsAdmin(tc);
    await admin.connect();

    let b1 = await brokerConfigs(admin, '1');
    expect(b1.get('message.max.bytes')).toMatchObject({ readOnly: false, isDefault: true, configSource: DEFAULT_CONFIG });
    expect(b1.get('log.cleaner.backoff.ms')).toMatchObject({ readOnly: false });
    expect(b1.get('num.partitions')).toMatchObject({ readOnly: true, configValue: '1' });
    expect(b1.get('broker.id')).toMatchObject({ readOnly: true, configValue: '1' });

    // One broker's own value.
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configEntries: [{ name: 'log.retention.ms', value: '3600000' }] }] });
    b1 = await brokerConfigs(admin, '1');
    expect(b1.get('log.retention.ms')).toMatchObject({ configValue: '3600000', configSource: DYNAMIC_BROKER_CONFIG, isDefault: false });
    expect((await brokerConfigs(admin, '2')).get('log.retention.ms')).toMatchObject({ configValue: '604800000', configSource: DEFAULT_CONFIG });

    // The cluster-wide default (resource name "", which kafkajs refuses to send: our own client does), seen
    // by every broker under a broker's own value.
    expect(await alterBrokerResource(tc, '', { 'log.retention.ms': '7200000', 'message.max.bytes': '2000' })).toBe(0);
    expect((await brokerConfigs(admin, '2')).get('log.retention.ms')).toMatchObject({ configValue: '7200000', configSource: DYNAMIC_DEFAULT_BROKER_CONFIG });
    expect((await brokerConfigs(admin, '1')).get('log.retention.ms')).toMatchObject({ configValue: '3600000', configSource: DYNAMIC_BROKER_CONFIG });
    const defaults = await describeResource(tc, 2, 4, '');
    expect(defaults.map((c) => [c.name, c.value, c.configSource])).toEqual([['log.retention.ms', '7200000', 3], ['message.max.bytes', '2000', 3]]);
    // A topic without its own retention.ms shows the broker's, with where it comes from.
    const topic = await describeResource(tc, 2, 2, 'dyn-t');
    expect(topic.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '7200000', configSource: DYNAMIC_DEFAULT_BROKER_CONFIG });

    // Applied live: the topic's default max.message.bytes is now 2000, so a bigger record is refused.
    const producer = new Kafka({ clientId: 'dyn-p', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } }).producer();
    await producer.connect();
    cleanups.push(() => producer.disconnect());
    expect(await kafkaErrorOf(producer.send({ topic: 'dyn-t', acks: -1, messages: [{ value: 'x'.repeat(5000) }] }))).toBe('MESSAGE_TOO_LARGE');
    await producer.send({ topic: 'dyn-t', acks: -1, messages: [{ value: 'small' }] });

    // Read-only and unknown names, bad values: Kafka's codes, and the stored set is unchanged.
    const before = storedRows(tc, DynamicResourceType.BROKER, '1');
    expect(await kafkaErrorOf(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configEntries: [{ name: 'num.partitions', value: '3' }] }] }))).toBe('INVALID_REQUEST');
    expect(await kafkaErrorOf(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configEntries: [{ name: 'log.retention.ms', value: 'soon' }] }] }))).toBe('INVALID_CONFIG');
    expect(await kafkaErrorOf(admin.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configEntries: [{ name: 'no.such.config', value: '1' }] }] }))).toBe('INVALID_CONFIG');
    expect(await alterBrokerResource(tc, '', { 'log.segment.bytes': '10' })).toBe(40);
    expect(storedRows(tc, DynamicResourceType.BROKER, '1')).toEqual(before);
    expect(before).toEqual({ 'log.retention.ms': '3600000' });
    expect(storedRows(tc, DynamicResourceType.BROKER, '')).toEqual({ 'log.retention.ms': '7200000', 'message.max.bytes': '2000' });
  });

  it('keeps dynamic configs across a restart', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-dyn-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    tc = await testCluster({ brokers: 1, dataDir });
    const plt = new PltAdmin({ clientId: 'dyn-plt', bootstrapBrokers: tc.bootstrap.split(',') });
    await plt.incrementalAlterConfigs({ resources: [
      { resourceType: ConfigResourceTypes.BROKER, resourceName: '1', configs: [{ name: 'log.cleaner.backoff.ms', value: '1000', configOperation: 0 }] },
      { resourceType: GROUP_RESOURCE, resourceName: 'kept', configs: [{ name: 'share.auto.offset.reset', value: 'earliest', configOperation: 0 }] },
    ] } as never);
    await plt.close();
    await tc.close();
    tc = undefined;

    // The rows as the catalog holds them.
    const catalog = Catalog.open(path.join(dataDir, 'catalog.db'));
    expect(catalog.dynamicConfigs.get(DynamicResourceType.BROKER, '1')).toEqual({ 'log.cleaner.backoff.ms': '1000' });
    expect(catalog.dynamicConfigs.get(DynamicResourceType.GROUP, 'kept')).toEqual({ 'share.auto.offset.reset': 'earliest' });
    catalog.close();

    tc = await testCluster({ brokers: 1, dataDir });
    const admin = kafkajsAdmin(tc);
    await admin.connect();
    expect((await brokerConfigs(admin, '1')).get('log.cleaner.backoff.ms')).toMatchObject({ configValue: '1000', configSource: DYNAMIC_BROKER_CONFIG });
    const group = await onBroker(tc, 1, (c) => c.request(ApiKey.DescribeConfigs, 4, { resources: [{ resourceType: GROUP_RESOURCE, resourceName: 'kept', configurationKeys: null }], includeSynonyms: false, includeDocumentation: false }));
    const entries = (group!.results as { configs: { name: string; value: string; configSource: number }[] }[])[0].configs;
    expect(entries.find((c) => c.name === 'share.auto.offset.reset')).toMatchObject({ value: 'earliest', configSource: 8 });
    expect(entries.find((c) => c.name === 'share.record.lock.duration.ms')).toMatchObject({ value: '30000', configSource: DEFAULT_CONFIG });
  });
});

async function alterGroup(t: TestCluster, group: string, configs: Record<string, string>): Promise<void> {
  const plt = new PltAdmin({ clientId: 'dyn-plt', bootstrapBrokers: t.bootstrap.split(',') });
  try {
    await plt.incrementalAlterConfigs({ resources: [{ resourceType: GROUP_RESOURCE, resourceName: group, configs: Object.entries(configs).map(([name, value]) => ({ name, value, configOperation: 0 })) }] } as never);
  } finally {
    await plt.close();
  }
}

async function groupAlterError(t: TestCluster, group: string, configs: Record<string, string>): Promise<number> {
  return onBroker(t, 1, async (c) => {
    const res = await c.request(ApiKey.IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: GROUP_RESOURCE, resourceName: group, configs: Object.entries(configs).map(([name, value]) => ({ name, configOperation: 0, value })) }], validateOnly: false,
    });
    return (res!.responses as { errorCode: number }[])[0].errorCode;
  });
}

describe('group configs', () => {
  it("a share group's share.auto.offset.reset=earliest makes a new share consumer start at the beginning", async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { groupShareHeartbeatIntervalMs: 500 } });
    await createTopic(tc.cluster, 'sq', 1, 1);
    await alterGroup(tc, 'sg-early', { 'share.auto.offset.reset': 'earliest' });
    const kafka = new Kafka({ clientId: 'dyn-p', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const p = kafka.producer();
    await p.connect();
    await p.send({ topic: 'sq', acks: -1, messages: [1, 2, 3, 4, 5].map((i) => ({ value: `m${i}` })) });
    await p.disconnect();

    const share = (group: string) => rdk(['share', '-b', tc!.bootstrap, '-t', 'sq', '-G', group, '--idle-ms', '5000']);
    const [early, late] = await Promise.all([share('sg-early'), share('sg-late')]);
    expect(early.of('error'), early.stderr.slice(-2000)).toEqual([]);
    expect(early.of('record').map((r) => r.value)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    // Without the group config the broker's default, latest: records produced before it joined are not delivered.
    expect(late.of('record')).toEqual([]);

    // A bad value is INVALID_CONFIG and the stored one stays.
    expect(await groupAlterError(tc, 'sg-early', { 'share.auto.offset.reset': 'soonest' })).toBe(40);
    expect(await groupAlterError(tc, 'sg-early', { 'share.record.lock.duration.ms': '1000' })).toBe(40);
    expect(storedRows(tc, DynamicResourceType.GROUP, 'sg-early')).toEqual({ 'share.auto.offset.reset': 'earliest' });
  });

  it("a KIP-848 member is fenced after its group's consumer.session.timeout.ms, not the broker's", async () => {
    tc = await testCluster({ brokers: 1, brokerConfig: { groupConsumerMinSessionTimeoutMs: 1000, groupConsumerMinHeartbeatIntervalMs: 100 } });
    await createTopic(tc.cluster, 'kt', 2, 1);
    // Out of the broker's bounds: INVALID_CONFIG, nothing stored.
    expect(await groupAlterError(tc, 'g-short', { 'consumer.session.timeout.ms': '500' })).toBe(40);
    expect(await groupAlterError(tc, 'g-short', { 'consumer.session.timeout.ms': '1500', 'consumer.heartbeat.interval.ms': '2000' })).toBe(40);
    expect(storedRows(tc, DynamicResourceType.GROUP, 'g-short')).toEqual({});
    await alterGroup(tc, 'g-short', { 'consumer.session.timeout.ms': '1500', 'consumer.heartbeat.interval.ms': '300' });

    const join = async (groupId: string) => {
      const coordinator = await findCoordinator(tc!.cluster, groupId);
      return onBroker(tc!, coordinator, (c) => c.request(ApiKey.ConsumerGroupHeartbeat, 1, {
        groupId, memberId: randomUUID().replaceAll('-', '').slice(0, 22), memberEpoch: 0, instanceId: null, rackId: null, rebalanceTimeoutMs: 30_000,
        subscribedTopicNames: ['kt'], subscribedTopicRegex: null, serverAssignor: null, topicPartitions: [],
      }));
    };
    const short = await join('g-short');
    const normal = await join('g-normal');
    expect(short).toMatchObject({ errorCode: 0, heartbeatIntervalMs: 300 });
    expect(normal).toMatchObject({ errorCode: 0, heartbeatIntervalMs: 5000 });
    // Neither member heartbeats again: the one whose group sets 1.5 s is fenced; the other keeps the broker's 45 s.
    await until('the g-short member to be fenced', async () => (await describeConsumerGroup(tc!.cluster, 'g-short')).members.length === 0);
    expect((await describeConsumerGroup(tc.cluster, 'g-normal')).members.map((m) => m.memberId)).toEqual([normal!.memberId]);
  });
});
