// The console's broker and group configs against a real local cluster, through the contract: what a broker
// describes, an edit applied and read back, Kafka's refusal passed on with nothing written, and group configs.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResourceConfig } from '../../contract.ts';
import { startBackend, type Backend } from '../service/start.ts';
import { consoleCaller } from '../service/test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-configs-'));
const { call, ok } = consoleCaller(() => backend);

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'test' });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const byName = (configs: ResourceConfig[]) => new Map(configs.map((c) => [c.name, c]));

describe('console broker and group configs', () => {
  it('describes a broker, edits a dynamic config, and passes on Kafka\'s refusal with nothing written', async () => {
    const before = byName(await ok<ResourceConfig[]>('brokers.configs', { brokerId: 1 }));
    expect(before.get('log.retention.ms')).toMatchObject({ value: '604800000', source: 'default', readOnly: false });
    expect(before.get('num.partitions')).toMatchObject({ readOnly: true });

    const after = byName(await ok<ResourceConfig[]>('brokers.alterConfigs', { brokerId: 1, set: { 'log.retention.ms': '86400000' }, reset: [] }));
    expect(after.get('log.retention.ms')).toMatchObject({ value: '86400000', source: 'dynamic-broker', isDefault: false });

    const bad = await call('brokers.alterConfigs', { brokerId: 1, set: { 'log.retention.ms': 'soon' }, reset: [] });
    expect(bad.ok ? 'ok' : bad.error.name).toBe('INVALID_CONFIG');
    const readOnly = await call('brokers.alterConfigs', { brokerId: 1, set: { 'num.partitions': '3' }, reset: [] });
    expect(readOnly.ok ? 'ok' : readOnly.error.name).toBe('INVALID_REQUEST');
    expect(byName(await ok<ResourceConfig[]>('brokers.configs', { brokerId: 1 })).get('log.retention.ms')?.value).toBe('86400000');

    const reset = byName(await ok<ResourceConfig[]>('brokers.alterConfigs', { brokerId: 1, set: {}, reset: ['log.retention.ms'] }));
    expect(reset.get('log.retention.ms')).toMatchObject({ value: '604800000', source: 'default' });
  });

  it('describes and edits a group\'s configs', async () => {
    const before = byName(await ok<ResourceConfig[]>('groups.configs', { groupId: 'orders-queue' }));
    expect(before.get('share.auto.offset.reset')).toMatchObject({ value: 'latest', source: 'default' });
    const after = byName(await ok<ResourceConfig[]>('groups.alterConfigs', { groupId: 'orders-queue', set: { 'share.auto.offset.reset': 'earliest' }, reset: [] }));
    expect(after.get('share.auto.offset.reset')).toMatchObject({ value: 'earliest', source: 'group' });
    const bad = await call('groups.alterConfigs', { groupId: 'orders-queue', set: { 'consumer.session.timeout.ms': '10' }, reset: [] });
    expect(bad.ok ? 'ok' : bad.error.name).toBe('INVALID_CONFIG');
    expect(byName(await ok<ResourceConfig[]>('groups.configs', { groupId: 'orders-queue' })).get('consumer.session.timeout.ms')?.value).toBe('45000');
  });
});
