import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, describe, expect, it } from 'vitest';
import { createClientCertificate, loadOrCreateClusterTls, principalOfCertificate } from './certificates.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-tls-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('cluster TLS material', () => {
  it('makes a CA and a broker certificate for 127.0.0.1 that a TLS client verifies, with mTLS', async () => {
    const material = loadOrCreateClusterTls(dir);
    const ca = new X509Certificate(material.ca.cert);
    const broker = new X509Certificate(material.broker.cert);
    expect(ca.ca).toBe(true);
    expect(broker.ca).toBe(false);
    expect(broker.checkIssued(ca)).toBe(true);
    expect(broker.subjectAltName).toContain('IP Address:127.0.0.1');
    expect(broker.subjectAltName).toContain('DNS:localhost');
    expect(fs.statSync(path.join(dir, 'ca-key.pem')).mode & 0o077).toBe(0);

    const client = createClientCertificate(material.ca, 'alice');
    expect(principalOfCertificate(client.cert)).toBe('User:CN=alice,O=Streamlab local cluster');
    const server = tls.createServer({ key: material.broker.key, cert: material.broker.cert, ca: material.ca.cert, requestCert: true, rejectUnauthorized: true }, (s) => {
      s.end(principalOfCertificate(s.getPeerCertificate().raw));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const got = await new Promise<string>((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, ca: material.ca.cert, key: client.key, cert: client.cert }, () => undefined);
      let out = '';
      s.on('data', (d) => (out += d));
      s.on('end', () => resolve(out));
      s.on('error', reject);
    });
    expect(got).toBe('User:CN=alice,O=Streamlab local cluster');
    // Without the CA the client refuses the broker: the certificate is really checked.
    await expect(new Promise((resolve, reject) => {
      const s = tls.connect({ host: '127.0.0.1', port, key: client.key, cert: client.cert }, () => resolve('connected'));
      s.on('error', reject);
    })).rejects.toThrow(/self-signed|unable to verify|certificate/i);
    server.close();
  });

  it('keeps the same CA across restarts and replaces a damaged set', () => {
    const first = loadOrCreateClusterTls(dir);
    expect(loadOrCreateClusterTls(dir).ca.cert).toBe(first.ca.cert);
    fs.writeFileSync(path.join(dir, 'broker.pem'), 'garbage');
    const again = loadOrCreateClusterTls(dir);
    expect(again.ca.cert).not.toBe(first.ca.cert);
    expect(new X509Certificate(again.broker.cert).checkIssued(new X509Certificate(again.ca.cert))).toBe(true);
  });
});
