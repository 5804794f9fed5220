// The local Schema Registry follows the cluster: started with the cluster's security, restarted on the same
// port when Settings restarts the cluster on another mode, its schemas still there and new ones written over
// the new listeners.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalSecurity } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';
import { runLocalRegistry, type LocalRegistry } from './local-registry.ts';

let backend: Backend;
let registry: LocalRegistry;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-local-registry-'));
const { ok } = consoleCaller(() => backend);
const logs: string[] = [];

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'test' });
  registry = await runLocalRegistry(backend, { port: 0, log: (m) => void logs.push(m) });
});
afterAll(async () => {
  await registry?.close();
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const SASL_SSL: LocalSecurity = {
  protocol: 'SASL_SSL', saslMechanisms: ['SCRAM-SHA-512'], sslClientAuth: 'none', authorizer: true, superUsers: [], allowEveryoneIfNoAclFound: false,
};

async function register(url: string, subject: string, schema: object): Promise<number> {
  const res = await fetch(`${url}/subjects/${subject}/versions`, {
    method: 'POST', headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as { id: number }).id;
}

describe('the local Schema Registry', () => {
  it('restarts with the cluster on another security mode, on the same port, keeping its schemas', async () => {
    const first = registry.current;
    expect(first, logs.join('\n')).toBeDefined();
    const id = await register(first!.url, 'orders-value', { type: 'record', name: 'Order', fields: [{ name: 'id', type: 'string' }] });

    await ok('settings.update', { localSecurity: SASL_SSL });
    await ok('cluster.applySecurity');
    expect(backend.cluster.security.protocol).toBe('SASL_SSL');

    const second = registry.current;
    expect(second, logs.join('\n')).toBeDefined();
    expect(second).not.toBe(first);
    expect(second!.port).toBe(first!.port);
    // The old schema was read back over SASL_SSL, and a new one is written over it.
    const kept = await fetch(`${second!.url}/schemas/ids/${id}`);
    expect(kept.status).toBe(200);
    expect(JSON.parse(((await kept.json()) as { schema: string }).schema)).toMatchObject({ name: 'Order' });
    const next = await register(second!.url, 'payments-value', { type: 'record', name: 'Payment', fields: [{ name: 'amount', type: 'long' }] });
    expect(next).not.toBe(id);
  });
});
