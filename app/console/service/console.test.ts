// The console against a real local cluster, over the Kafka protocol only (Cluster object for lifecycle).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';

import { startBackend, type Backend } from './start.ts';
import { TopicAdmin } from '../../../engine/index.ts';
import { consoleCaller } from './test-support.ts';
import { DEFAULT_LOCAL_SECURITY } from '../stores/local-security.ts';
import type { ClusterEventRecord } from '../../contract.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-console-'));
const { call, ok } = consoleCaller(() => backend);

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 3, basePort: 0, host: 'web', version: 'test' });
});
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('console on the local cluster', () => {
  it("creates topics, answering refusals with Kafka's error names", async () => {
    const t = await ok<{ partitions: number; health: string }>('topics.create', { name: 'orders', partitions: 3, replicationFactor: 1, configs: { 'retention.ms': '3600000' } });
    expect(t).toMatchObject({ partitions: 3, health: 'healthy' });
    expect(await call('topics.create', { name: 'orders', partitions: 3, replicationFactor: 1, configs: {} })).toMatchObject({ ok: false, error: { name: 'TOPIC_ALREADY_EXISTS' } });
    expect(await call('topics.create', { name: 'x', partitions: 1, replicationFactor: 5, configs: {} })).toMatchObject({ ok: false, error: { name: 'INVALID_REPLICATION_FACTOR' } });
    expect(await call('topics.create', { name: 'x', partitions: 1, replicationFactor: 1, configs: { 'retention.ms': 'abc' } })).toMatchObject({ ok: false, error: { name: 'INVALID_CONFIG' } });
  });

  it('produces (refusing bad JSON), browses pages and describes partitions', async () => {
    expect(await call('messages.produce', { topic: 'orders', partition: 0, key: null, value: '{', format: 'json', headers: [] })).toMatchObject({ ok: false, error: { name: 'INVALID_JSON' } });
    for (let i = 0; i < 5; i++) {
      const r = await ok<{ offset: number }>('messages.produce', { topic: 'orders', partition: 0, key: `k${i}`, value: JSON.stringify({ i }), format: 'json', headers: [{ key: 'h', value: String(i) }] });
      expect(r.offset).toBe(i);
    }
    const page = await ok<{ highWatermark: number; records: { offset: number; key: string; value: string; headers: { key: string; value: string }[] }[] }>('messages.browse', { topic: 'orders', partition: 0, offset: 2, limit: 2 });
    expect(page.highWatermark).toBe(5);
    expect(page.records.map((r) => r.offset)).toEqual([2, 3]);
    expect(Buffer.from(page.records[0].key, 'base64').toString()).toBe('k2');
    expect(Buffer.from(page.records[0].value, 'base64').toString()).toBe('{"i":2}');
    expect(Buffer.from(page.records[0].headers[0].value, 'base64').toString()).toBe('2');
    const detail = await ok<{ partitions: { partition: number; highWatermark: number; endOffset: number; logStartOffset: number; sizeBytes: number }[]; configs: { name: string; value: string; isDefault: boolean }[] }>('topics.describe', { topic: 'orders' });
    expect(detail.partitions[0]).toMatchObject({ partition: 0, logStartOffset: 0, highWatermark: 5, endOffset: 5 });
    expect(detail.partitions[0].sizeBytes).toBeGreaterThan(0);
    expect(detail.configs.find((c) => c.name === 'retention.ms')).toMatchObject({ value: '3600000', isDefault: false });
  });

  it('describes a consumer group with per-partition lag', async () => {
    const kafka = new kafkajs.Kafka({ brokers: backend.cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.setOffsets({ groupId: 'g1', topic: 'orders', partitions: [{ partition: 0, offset: '1' }] });
    await admin.disconnect();
    const groups = await ok<{ groupId: string; totalLag: number }[]>('groups.list');
    expect(groups.find((g) => g.groupId === 'g1')).toMatchObject({ totalLag: 4 });
    const g = await ok<{ offsets: unknown[] }>('groups.describe', { groupId: 'g1' });
    expect(g.offsets).toEqual([{ topic: 'orders', partition: 0, committed: 1, endOffset: 5, lag: 4, memberId: null }]);
  });

  it('kills a broker (its partitions go offline) and restarts it', async () => {
    const before = await ok<{ brokers: { id: number; leaderCount: number }[] }>('cluster.overview');
    const victim = before.brokers.find((b) => b.leaderCount > 0)!.id;
    const brokers = await ok<{ id: number; state: string }[]>('brokers.action', { brokerId: victim, action: 'kill' });
    expect(brokers.find((b) => b.id === victim)?.state).toBe('killed');
    const during = await ok<{ offlinePartitions: number; topics: { health: string }[] }>('cluster.overview');
    expect(during.offlinePartitions).toBeGreaterThan(0);
    expect(during.topics[0].health).toBe('offline');
    await ok('brokers.action', { brokerId: victim, action: 'restart' });
    const after = await ok<{ offlinePartitions: number; brokers: { state: string }[] }>('cluster.overview');
    expect(after.brokers.every((b) => b.state === 'running')).toBe(true);
    expect(after.offlinePartitions).toBe(0);
  });

  it('keeps settings in its own database', async () => {
    expect(await ok('settings.update', { theme: 'light' })).toEqual({ theme: 'light', defaultBrokerCount: 3, metricsRetentionDays: 7, brokerDefaults: {}, localSecurity: DEFAULT_LOCAL_SECURITY });
    expect(await ok('settings.get')).toEqual({ theme: 'light', defaultBrokerCount: 3, metricsRetentionDays: 7, brokerDefaults: {}, localSecurity: DEFAULT_LOCAL_SECURITY });
    // Broker defaults by Kafka's names, refused with Kafka's message (nothing saved then).
    expect(await ok('settings.update', { brokerDefaults: { 'num.partitions': '4', 'log.retention.hours': '24' } })).toMatchObject({ brokerDefaults: { 'num.partitions': '4', 'log.retention.hours': '24' } });
    expect(await call('settings.update', { brokerDefaults: { 'num.partitions': 'four' } })).toMatchObject({
      ok: false, error: { name: 'INVALID_REQUEST', message: 'Broker defaults: Invalid value four for configuration num.partitions: Not a number of type INT' },
    });
    expect(await call('settings.update', { brokerDefaults: { 'num.partition': '4' } })).toMatchObject({ ok: false, error: { message: expect.stringContaining('Unknown broker config name: num.partition') } });
    expect(await ok('settings.get')).toMatchObject({ brokerDefaults: { 'num.partitions': '4', 'log.retention.hours': '24' } });
    expect(await ok('settings.update', { metricsRetentionDays: 14 })).toMatchObject({ metricsRetentionDays: 14 });
    expect(await call('settings.update', { defaultBrokerCount: 0 })).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST' } });
    expect(await call('settings.update', { theme: 'pink' })).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST' } });
    expect(fs.existsSync(path.join(dir, 'console.db'))).toBe(true);
  });

  it('starts the next local cluster with the saved broker defaults', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-defaults-'));
    const db = path.join(other, 'console.db');
    const first = await startBackend({ clusterDir: path.join(other, 'cluster'), consoleDbFile: db, brokers: 1, basePort: 0, host: 'web', version: 'test' });
    const firstCall = consoleCaller(() => first);
    await firstCall.ok('settings.update', { brokerDefaults: { 'num.partitions': '3' } });
    await first.stop();
    const next = await startBackend({ clusterDir: path.join(other, 'cluster'), consoleDbFile: db, brokers: 1, basePort: 0, host: 'web', version: 'test' });
    try {
      const admin = new TopicAdmin(() => next.cluster.status().filter((b) => b.state === 'running'), 'defaults-test');
      const created = await admin.create({ name: 'sized-by-default', numPartitions: -1, replicationFactor: -1, configs: {} });
      expect(created.numPartitions).toBe(3);
    } finally {
      await next.stop();
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('refuses a request that does not fit the contract, naming the field, and keeps serving', async () => {
    const bad = [
      ['messages.browse', { topic: 'orders', partition: 'zero', offset: 0, limit: 10 }, 'partition'],
      ['messages.produce', { topic: 'orders', value: 'v' }, 'partition'],
      ['topics.create', { name: 'n', partitions: 1, replicationFactor: 1, configs: { 'retention.ms': 5 } }, "configs.retention.ms"],
      ['messages.offsetForTime', { topic: 'orders', partition: 0, timestamp: '2024-01-01' }, 'timestamp'],
      ['topics.describe', undefined, ''],
      ['groups.resetOffsets', { groupId: 'g', mode: 'sideways', dryRun: true }, 'mode'],
    ] as const;
    for (const [method, request, field] of bad) {
      const r = await call(method, request);
      expect(r).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST', field, message: expect.stringContaining(method) } });
    }
    expect(await call('no.such.method' as never, {})).toMatchObject({ ok: false, error: { name: 'UNKNOWN_METHOD' } });
    // Nothing was created by the refused call, and the console still answers.
    const topics = await ok<{ topics: { name: string }[] }>('cluster.overview');
    expect(topics.topics.map((t) => t.name)).not.toContain('n');
  });

  it("streams the cluster's own events with their cause and keeps them for a window opened later", async () => {
    await ok('topics.create', { name: 'replicated', partitions: 1, replicationFactor: 3, configs: {} });
    const seen: ClusterEventRecord[] = [];
    const off = backend.console.onEvent((event, payload) => {
      if (event === 'cluster.events') seen.push(...(payload as { events: ClusterEventRecord[] }).events);
    });
    try {
      const map = await ok<{ topics: { name: string; partitions: { leader: number; leaderEpoch: number }[] }[] }>('cluster.map');
      const p0 = map.topics.find((t) => t.name === 'replicated')!.partitions[0];
      await ok('brokers.action', { brokerId: p0.leader, action: 'kill' });
      const moved = seen.find((e) => e.type === 'leader-change' && e.topic === 'replicated');
      expect(seen.find((e) => e.type === 'broker-down')).toMatchObject({ broker: p0.leader, cause: expect.stringContaining('killed') });
      expect(moved).toMatchObject({ from: p0.leader, cause: `its leader, broker ${p0.leader}, was killed` });
      expect(moved!.leaderEpoch).toBeGreaterThan(p0.leaderEpoch);
      expect(seen.find((e) => e.type === 'isr-change' && e.topic === 'replicated')?.cause).toBe(`broker ${p0.leader} is down`);
      await ok('brokers.action', { brokerId: p0.leader, action: 'restart' });
      await expect.poll(() => seen.some((e) => e.type === 'isr-change' && e.topic === 'replicated' && e.toIsr?.includes(p0.leader)), { timeout: 20_000 }).toBe(true);
      // The history holds what was streamed, oldest first.
      const history = await ok<{ live: boolean; events: ClusterEventRecord[] }>('cluster.events');
      expect(history.live).toBe(true);
      expect(history.events.slice(-seen.length)).toEqual(seen);
    } finally {
      off();
    }
  });
});
