// The local cluster's security mode from Settings: saved in the console's settings, applied by restarting the
// brokers on the new listeners; the console's own connection follows as the admin user it created, data
// written before the restart is still there, and kcat connects with the client settings the window shows.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, until } from '../../../engine/testing.ts';
import type { ClientSettings, LocalSecurity, SecurityState, Settings } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';
import { openConsoleDb } from '../stores/db.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-console-mode-'));
const { call, ok } = consoleCaller(() => backend);
const restarts: string[] = [];

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 2, basePort: 0, host: 'web', version: 'test' });
  backend.onClusterRestart((c) => void restarts.push(c.security.protocol));
});
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SASL_SSL: LocalSecurity = {
  protocol: 'SASL_SSL', saslMechanisms: ['PLAIN', 'SCRAM-SHA-512'], sslClientAuth: 'none', authorizer: true, superUsers: ['User:alice'], allowEveryoneIfNoAclFound: false,
};
const topicsOf = async () => (await ok<{ topics: { name: string }[] }>('cluster.overview')).topics.map((t) => t.name);

describe('the local cluster security mode', () => {
  it('refuses a malformed mode and keeps the saved one', async () => {
    expect((await ok<Settings>('settings.get')).localSecurity.protocol).toBe('PLAINTEXT');
    expect(await call('settings.update', { localSecurity: { ...SASL_SSL, superUsers: ['alice'] } }))
      .toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST', message: expect.stringMatching(/User:name/) } });
    expect(await call('settings.update', { localSecurity: { ...SASL_SSL, saslMechanisms: [] } }))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/at least one mechanism/) } });
    expect((await ok<Settings>('settings.get')).localSecurity.protocol).toBe('PLAINTEXT');
  });

  it('restarts on SASL_SSL: the console follows, the data stays, kcat connects with the shown snippet', async () => {
    await ok('topics.create', { name: 'before-restart', partitions: 2, replicationFactor: 2, configs: {} });
    await ok('messages.produce', { topic: 'before-restart', partition: 0, key: null, value: 'kept', format: 'text', headers: [] });
    const plainPorts = backend.cluster.status().map((b) => b.port);

    expect((await ok<Settings>('settings.update', { localSecurity: SASL_SSL })).localSecurity).toEqual(SASL_SSL);
    // Saved only: the cluster still runs PLAINTEXT until the restart.
    expect((await ok<SecurityState>('security.describe')).protocol).toBe('PLAINTEXT');

    const client = await ok<ClientSettings>('cluster.applySecurity');
    expect(restarts).toEqual(['SASL_SSL']);
    expect(client).toMatchObject({ protocol: 'SASL_SSL', sasl: { mechanism: 'PLAIN', username: 'streamlab-admin' } });
    expect(client.caFile && fs.existsSync(client.caFile)).toBe(true);
    expect(backend.cluster.status()).toHaveLength(2);
    expect(plainPorts).toHaveLength(2);

    const security = await ok<SecurityState>('security.describe');
    expect(security).toMatchObject({ protocol: 'SASL_SSL', saslMechanisms: ['PLAIN', 'SCRAM-SHA-512'], acls: [] });
    expect(security.users?.map((u) => u.name)).toContain('streamlab-admin');
    expect(await topicsOf()).toContain('before-restart');
    // The record is read up to the high watermark, which the restarted leader advances once its follower has
    // fetched again (as in Kafka): wait for that, then the record is there, and only it.
    const kept = async () => (await ok<{ records: { value: string }[] }>('messages.browse', { topic: 'before-restart', partition: 0, offset: 0, limit: 10 })).records;
    const page = await until('the record written before the restart', async () => ((await kept()).length > 0 ? kept() : undefined));
    expect(page.map((r) => Buffer.from(r.value, 'base64').toString())).toEqual(['kept']);

    // The snippet as printed: kcat lists the cluster's metadata over SASL_SSL.
    const listed = await run('sh', ['-c', client.kcat]);
    if (listed.code !== 0) console.error(client.kcat, listed.stderr);
    expect(listed.code).toBe(0);
    expect(listed.stdout.toString()).toContain('before-restart');
    expect(client.librdkafka).toContain('security.protocol=SASL_SSL');
    // Without credentials the same listener refuses.
    const anonymous = await run('kcat', ['-b', client.bootstrapServers, '-X', 'security.protocol=SSL', '-X', `ssl.ca.location=${client.caFile}`, '-L', '-m', '5']);
    expect(anonymous.stdout.toString()).not.toContain('before-restart');

    // The mode is saved in the console's database, where the next start reads it.
    const db = openConsoleDb(path.join(dir, 'console.db'));
    try {
      expect(db.settings().localSecurity).toEqual(SASL_SSL);
    } finally {
      db.close();
    }
  });

  it('switches back to PLAINTEXT', async () => {
    await ok('settings.update', { localSecurity: { ...SASL_SSL, protocol: 'PLAINTEXT', authorizer: false } });
    const client = await ok<ClientSettings>('cluster.applySecurity');
    expect(client).toMatchObject({ protocol: 'PLAINTEXT', sasl: null, caFile: null });
    expect(client.kcat).toBe(`kcat -b ${client.bootstrapServers} -X security.protocol=PLAINTEXT -L`);
    expect(await topicsOf()).toContain('before-restart');
    const listed = await run('sh', ['-c', client.kcat]);
    expect(listed.stdout.toString()).toContain('before-restart');
  });
});
