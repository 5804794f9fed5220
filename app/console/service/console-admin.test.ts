// Issue 5's console methods against a real local cluster: metrics history, offset resets, group and topic
// administration, adding a broker, and switching to an "external" connection (the local brokers' own
// bootstrap address, without SASL or TLS: no SASL-enabled cluster runs here).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import type { ConnectionsState, LagPoint, ResetOffsetsResult, ThroughputPoint, TopicDetail, TopicSegments } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-admin-'));
const { call, ok } = consoleCaller(() => backend);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let kafka: kafkajs.Kafka;

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 2, basePort: 0, host: 'web', version: 'test' });
  kafka = new kafkajs.Kafka({ brokers: backend.cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  await ok('topics.create', { name: 'events', partitions: 2, replicationFactor: 2, configs: {} });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'events', messages: Array.from({ length: 20 }, (_, i) => ({ partition: i % 2, value: `v${i}`, timestamp: String(1_700_000_000_000 + i * 1000) })) });
  await producer.disconnect();
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('console admin on the local cluster', () => {
  it('records throughput and group lag (in records and in seconds) every second', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'lagging', topic: 'events', partitions: [{ partition: 0, offset: '2' }] });
    await admin.disconnect();
    await sleep(1500);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'events', messages: Array.from({ length: 50 }, (_, i) => ({ partition: 0, value: `more${i}` })) });
    await producer.disconnect();
    await sleep(2500);
    const cluster = await ok<ThroughputPoint[]>('metrics.cluster', {});
    expect(cluster.some((p) => p.messagesPerSec > 0 && p.bytesPerSec > 0)).toBe(true);
    const topic = await ok<ThroughputPoint[]>('metrics.topic', { topic: 'events' });
    expect(topic.reduce((s, p) => s + p.messagesPerSec, 0)).toBeGreaterThan(0);
    expect(Object.keys(await ok<Record<string, unknown>>('metrics.topics', {}))).toContain('events');
    const lag = await ok<LagPoint[]>('metrics.group', { groupId: 'lagging' });
    const last = lag.at(-1)!;
    // Partition 0 committed at 2 of 60; partition 1 has no commit and is not assigned, so it is not counted.
    expect(last.lag).toBe(58);
    // The record at offset 2 was written with a 2023 timestamp: over two years old.
    expect(last.lagSeconds).toBeGreaterThan(365 * 86400);
  });

  it('plans offset resets, applies them only to an empty group, and deletes groups', async () => {
    const plan = await ok<ResetOffsetsResult>('groups.resetOffsets', { groupId: 'lagging', mode: 'earliest', dryRun: true });
    // Every partition of the group's topic is reset, not only the committed one (as Kafka's tool resets a topic).
    expect(plan).toEqual({ applied: false, rows: [
      { topic: 'events', partition: 0, current: 2, target: 0, logStartOffset: 0, endOffset: 60 },
      { topic: 'events', partition: 1, current: null, target: 0, logStartOffset: 0, endOffset: 10 },
    ] });
    const byTime = await ok<ResetOffsetsResult>('groups.resetOffsets', { groupId: 'lagging', topics: ['events'], mode: 'timestamp', value: 1_700_000_000_000 + 5000, dryRun: true });
    expect(byTime.rows.map((r) => [r.partition, r.target])).toEqual([[0, 3], [1, 2]]); // odd records went to partition 1
    expect((await ok<ResetOffsetsResult>('groups.resetOffsets', { groupId: 'lagging', mode: 'shift', value: 5, dryRun: false })).applied).toBe(true);
    const after = await ok<{ offsets: { committed: number }[] }>('groups.describe', { groupId: 'lagging' });
    expect(after.offsets[0].committed).toBe(7);

    // An active member: Kafka refuses the commit, and the console says why.
    const consumer = kafka.consumer({ groupId: 'active', sessionTimeout: 10_000, heartbeatInterval: 500 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'events', fromBeginning: true });
    let seen = 0;
    await consumer.run({ eachMessage: async () => { seen++; } });
    for (let i = 0; i < 100 && seen < 60; i++) await sleep(100);
    const refused = await call('groups.resetOffsets', { groupId: 'active', mode: 'earliest', dryRun: false });
    expect(refused).toMatchObject({ ok: false, error: { name: 'UNKNOWN_MEMBER_ID', message: expect.stringMatching(/only while the group is empty/) } });
    expect(await call('groups.delete', { groupId: 'active' })).toMatchObject({ ok: false, error: { name: 'NON_EMPTY_GROUP' } });
    await consumer.disconnect();
    await ok('groups.delete', { groupId: 'active' });
    expect((await ok<{ groupId: string }[]>('groups.list')).map((g) => g.groupId)).not.toContain('active');
  }, 30_000);

  it('edits configs, adds partitions, shows segments and purges', async () => {
    const edited = await ok<TopicDetail>('topics.alterConfigs', { topic: 'events', set: { 'retention.ms': '7200000' }, reset: [] });
    expect(edited.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '7200000', isDefault: false });
    expect(await call('topics.alterConfigs', { topic: 'events', set: { 'retention.ms': 'soon' }, reset: [] })).toMatchObject({ ok: false, error: { name: 'INVALID_CONFIG' } });
    const back = await ok<TopicDetail>('topics.alterConfigs', { topic: 'events', set: {}, reset: ['retention.ms'] });
    expect(back.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ isDefault: true });

    expect((await ok<TopicDetail>('topics.addPartitions', { topic: 'events', totalCount: 3 })).partitions).toHaveLength(3);
    expect(await call('topics.addPartitions', { topic: 'events', totalCount: 2 })).toMatchObject({ ok: false, error: { name: 'INVALID_PARTITIONS' } });

    const seg = await ok<TopicSegments>('topics.segments', { topic: 'events' });
    expect(seg.available).toBe(true);
    expect(seg.partitions.map((p) => p.partition)).toEqual([0, 1, 2]);
    expect(seg.partitions[0].segments[0]).toMatchObject({ baseOffset: 0 });
    expect(seg.partitions[0].segments[0].sizeBytes).toBeGreaterThan(0);

    await ok('topics.purge', { topic: 'events' });
    const purged = await ok<TopicDetail>('topics.describe', { topic: 'events' });
    expect(purged.partitions.map((p) => p.logStartOffset)).toEqual(purged.partitions.map((p) => p.highWatermark));
    expect(purged.partitions[0].highWatermark).toBe(60);
  });

  it('adds a broker', async () => {
    const brokers = await ok<{ id: number; state: string }[]>('brokers.add');
    expect(brokers.map((b) => [b.id, b.state])).toEqual([[1, 'running'], [2, 'running'], [3, 'running']]);
  });

  it('switches to an external connection (the local brokers as if external) and back', async () => {
    expect(await call('connections.save', { id: '', name: 'bad', bootstrapServers: 'nohost', sasl: null, tls: false })).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST' } });
    const saved = await ok<ConnectionsState>('connections.save', { id: '', name: 'As external', bootstrapServers: backend.cluster.bootstrapServers, sasl: null, tls: false });
    const ext = saved.connections.find((c) => c.name === 'As external')!;
    expect(saved.activeId).toBe('local');
    expect((await ok<ConnectionsState>('connections.use', { id: ext.id })).activeId).toBe(ext.id);
    const overview = await ok<{ local: boolean; topics: { name: string }[] }>('cluster.overview');
    expect(overview.local).toBe(false);
    expect(overview.topics.map((t) => t.name)).toContain('events');
    expect(await call('brokers.action', { brokerId: 1, action: 'stop' })).toMatchObject({ ok: false, error: { name: 'NOT_LOCAL_CLUSTER' } });
    expect(await call('brokers.add')).toMatchObject({ ok: false, error: { name: 'NOT_LOCAL_CLUSTER' } });
    expect((await ok<TopicSegments>('topics.segments', { topic: 'events' })).available).toBe(false);
    expect((await ok<ConnectionsState>('connections.delete', { id: ext.id })).activeId).toBe('local');
    expect((await ok<{ local: boolean }>('cluster.overview')).local).toBe(true);
  });
});
