// Saved external connections with their own TLS material, against secured clusters: a connection that trusts
// the cluster's CA reads it over SSL, one without the CA is refused with a certificate error named as such,
// a client certificate opens a listener that demands one (mTLS); a PEM that does not parse is refused and
// nothing is saved; the private key never comes back to the UI.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClientCertificate, loadOrCreateClusterTls } from '../../../engine/index.ts';
import { createTopic, testCluster, type TestCluster } from '../../../engine/testing.ts';
import type { ConnectionConfig, ConnectionsState } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';

let backend: Backend;
let ssl: TestCluster;
let mtls: TestCluster;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-console-tls-'));
const { call, ok } = consoleCaller(() => backend);

beforeAll(async () => {
  [backend, ssl, mtls] = await Promise.all([
    startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'test' }),
    testCluster({ security: { protocol: 'SSL', allowEveryoneIfNoAclFound: true } }),
    testCluster({ security: { protocol: 'SSL', sslClientAuth: 'required', allowEveryoneIfNoAclFound: true } }),
  ]);
  await createTopic(ssl.cluster, 'over-tls', 1, 1);
  await createTopic(mtls.cluster, 'over-mtls', 1, 1);
});
afterAll(async () => {
  await backend?.stop();
  await ssl?.close();
  await mtls?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const caOf = (tc: TestCluster) => fs.readFileSync(tc.cluster.security.caFile!, 'utf8');
const topicsOf = async () => (await ok<{ topics: { name: string }[] }>('cluster.overview')).topics.map((t) => t.name);
const external = (name: string, tc: TestCluster, certs: ConnectionConfig['tlsCertificates']): ConnectionConfig =>
  ({ id: '', name, bootstrapServers: tc.bootstrap, sasl: null, tls: true, schemaRegistry: null, tlsCertificates: certs });
const saved = (s: ConnectionsState, name: string) => s.connections.find((c) => c.name === name)!;

describe('external connections with certificates', () => {
  it('with the cluster CA it reads the cluster over SSL; without it the certificate is refused, named as such', async () => {
    const withCa = saved(await ok('connections.save', external('tls-ca', ssl, { ca: caOf(ssl), clientCert: '', clientKey: '', skipVerify: false })), 'tls-ca');
    expect(withCa.tlsCertificates).toMatchObject({ ca: caOf(ssl).trim(), skipVerify: false });
    await ok('connections.use', { id: withCa.id });
    expect(await topicsOf()).toContain('over-tls');

    const noCa = saved(await ok('connections.save', external('tls-no-ca', ssl, { ca: '', clientCert: '', clientKey: '', skipVerify: false })), 'tls-no-ca');
    await ok('connections.use', { id: noCa.id });
    const refused = await call('cluster.overview');
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.name).toBe('TLS_CERTIFICATE_REJECTED');
      expect(refused.error.message).toMatch(/CA certificate/);
    }

    // Skipping verification reaches the cluster without its CA (and is off unless asked for).
    await ok('connections.save', { ...noCa, tlsCertificates: { ca: '', clientCert: '', clientKey: '', skipVerify: true } });
    await ok('connections.use', { id: 'local' });
    await ok('connections.use', { id: noCa.id });
    expect(await topicsOf()).toContain('over-tls');
    await ok('connections.use', { id: 'local' });
  });

  it('a client certificate opens a listener that requires one; the key is never sent back', async () => {
    const material = loadOrCreateClusterTls(path.join(mtls.dataDir, 'tls'));
    const client = createClientCertificate(material.ca, 'console-user');
    const c = saved(await ok('connections.save', external('mtls', mtls, { ca: caOf(mtls), clientCert: client.cert, clientKey: client.key, skipVerify: false })), 'mtls');
    expect(c.tlsCertificates?.clientCert).toContain('BEGIN CERTIFICATE');
    expect(c.tlsCertificates?.clientKey).toBe('');
    expect(JSON.stringify(await ok('connections.list'))).not.toContain('PRIVATE KEY');
    await ok('connections.use', { id: c.id });
    expect(await topicsOf()).toContain('over-mtls');

    // Saved again with an empty key (as the form sends it): the saved key stays and still works.
    await ok('connections.save', { ...c, name: 'mtls renamed' });
    await ok('connections.use', { id: 'local' });
    await ok('connections.use', { id: c.id });
    expect(await topicsOf()).toContain('over-mtls');

    const noCert = saved(await ok('connections.save', external('mtls-no-cert', mtls, { ca: caOf(mtls), clientCert: '', clientKey: '', skipVerify: false })), 'mtls-no-cert');
    await ok('connections.use', { id: noCert.id });
    expect((await call('cluster.overview')).ok).toBe(false);
    await ok('connections.use', { id: 'local' });
  });

  it('refuses a PEM that does not parse, a key of another certificate, and saves nothing', async () => {
    const before = await ok<ConnectionsState>('connections.list');
    const bad = await call('connections.save', external('bad-ca', ssl, { ca: '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----', clientCert: '', clientKey: '', skipVerify: false }));
    expect(bad).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST', message: expect.stringMatching(/CA certificate does not parse/) } });
    expect(await call('connections.save', external('bad-ca', ssl, { ca: 'hello', clientCert: '', clientKey: '', skipVerify: false })))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/CA certificate is not PEM/) } });

    const material = loadOrCreateClusterTls(path.join(mtls.dataDir, 'tls'));
    const a = createClientCertificate(material.ca, 'a');
    const b = createClientCertificate(material.ca, 'b');
    expect(await call('connections.save', external('mismatch', mtls, { ca: '', clientCert: a.cert, clientKey: b.key, skipVerify: false })))
      .toMatchObject({ ok: false, error: { message: 'The client key does not belong to the client certificate.' } });
    expect(await call('connections.save', external('no-key', mtls, { ca: '', clientCert: a.cert, clientKey: 'junk', skipVerify: false })))
      .toMatchObject({ ok: false, error: { message: expect.stringMatching(/not a PEM private key/) } });
    expect(await ok('connections.list')).toEqual(before);
  });
});
