// TopicAdmin against a real cluster: topics created, described, listed and deleted over the protocol, with
// Kafka's error names for refusals, and the next broker tried when one does not answer.

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopicAdmin, TopicAdminError } from '../index.ts';
import { testCluster, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster;
let admin: TopicAdmin;

beforeAll(async () => {
  tc = await testCluster({ brokers: 2 });
  admin = new TopicAdmin(() => tc.cluster.status().filter((b) => b.state === 'running'));
});
afterAll(async () => {
  await tc?.close();
});

/** A port nothing listens on: bound, then closed. */
async function deadPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const { port } = s.address() as net.AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function refusal(op: Promise<unknown>): Promise<string> {
  const e = await op.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TopicAdminError);
  return (e as TopicAdminError).errorName;
}

describe('TopicAdmin', () => {
  it('creates, describes, lists and deletes a topic', async () => {
    const created = await admin.create({ name: 'ta-orders', numPartitions: 3, replicationFactor: 2, configs: { 'retention.ms': '60000' } });
    expect(created).toMatchObject({ name: 'ta-orders', numPartitions: 3, replicationFactor: 2 });
    expect(created.topicId).toMatch(/^[A-Za-z0-9_-]{22}$/);

    const d = await admin.describe('ta-orders');
    expect(d.topicId).toBe(created.topicId);
    // Only what was set on the topic, not the defaults.
    expect(d.configs).toEqual({ 'retention.ms': '60000' });
    expect(d.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    for (const p of d.partitions) {
      expect([...p.replicas].sort()).toEqual([1, 2]);
      expect(p.replicas).toContain(p.leader);
    }
    expect(d.partitions).toEqual(
      tc.cluster.partitions().filter((p) => p.topic === 'ta-orders').map(({ topic: _topic, ...p }) => p),
    );

    await admin.create({ name: 'ta-a-first' });
    expect(await admin.list()).toEqual(['ta-a-first', 'ta-orders']);
    await admin.delete('ta-orders');
    await admin.delete('ta-a-first');
    expect(await admin.list()).toEqual([]);
  });

  it('refuses with Kafka error names and creates nothing', async () => {
    expect(await refusal(admin.create({ name: 'ta-big', numPartitions: 1, replicationFactor: 3 }))).toBe('INVALID_REPLICATION_FACTOR');
    expect(await refusal(admin.create({ name: 'ta-zero', numPartitions: 0 }))).toBe('INVALID_PARTITIONS');
    expect(await refusal(admin.create({ name: 'a/b' }))).toBe('INVALID_TOPIC_EXCEPTION');
    expect(await refusal(admin.create({ name: 'ta-cfg', configs: { 'retention.ms': '-5' } }))).toBe('INVALID_CONFIG');
    expect(await refusal(admin.describe('ta-missing'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(await refusal(admin.delete('ta-missing'))).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    await admin.create({ name: 'ta-twice' });
    expect(await refusal(admin.create({ name: 'ta-twice' }))).toBe('TOPIC_ALREADY_EXISTS');
    expect(await admin.list()).toEqual(['ta-twice']);
    await admin.delete('ta-twice');
  });

  it('tries the next broker when one does not answer, and says so when none does', async () => {
    const dead = { host: '127.0.0.1', port: await deadPort() };
    const live = tc.cluster.status().filter((b) => b.state === 'running');
    const fallback = new TopicAdmin(() => [dead, ...live]);
    expect(await fallback.list()).toEqual([]);
    expect(await refusal(new TopicAdmin(() => [dead]).list())).toBe('BROKER_NOT_AVAILABLE');
    expect(await refusal(new TopicAdmin(() => []).list())).toBe('BROKER_NOT_AVAILABLE');
  });
});
