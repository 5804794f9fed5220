// TLS material for a local cluster: a CA made on first start, a broker certificate it signs (SAN 127.0.0.1,
// ::1 and localhost), and client certificates for mTLS. Keys come from node:crypto (fast, native); node-forge
// builds and signs the X.509 certificates, which node:crypto cannot. Everything is PEM, so the CA can be handed
// to any client (ssl.ca.location, ssl.truststore via keytool, NODE_EXTRA_CA_CERTS).
//
// On disk (<data dir>/tls/): ca.pem, ca-key.pem (0600), broker.pem, broker-key.pem (0600). They are kept across
// restarts so clients that trusted the CA keep working; a missing or unreadable file makes new ones.

import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type Forge from 'node-forge';

// node-forge is loaded only when a certificate is made: every broker thread imports this file (for
// principalOfCertificate), and loading forge there costs start time and memory for nothing.
const require = createRequire(import.meta.url);
let forgeModule: typeof Forge | undefined;
const forge = (): typeof Forge => (forgeModule ??= require('node-forge') as typeof Forge);

export interface KeyAndCert {
  key: string;
  cert: string;
}

export interface ClusterTls {
  ca: KeyAndCert;
  broker: KeyAndCert;
}

const DAY = 24 * 60 * 60 * 1000;

function rsaKey(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function build(opts: {
  subject: string;
  publicPem: string;
  signerKeyPem: string;
  issuer?: Forge.pki.Certificate;
  days: number;
  ca: boolean;
  altNames?: { dns?: string[]; ips?: string[] };
  clientAuth?: boolean;
}): string {
  const cert = forge().pki.createCertificate();
  cert.publicKey = forge().pki.publicKeyFromPem(opts.publicPem);
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`; // positive
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = new Date(Date.now() + opts.days * DAY);
  // Most significant first (O, then CN), as openssl writes them; the RFC 2253 form then reads "CN=...,O=...".
  const subject = [{ name: 'organizationName', value: 'Streamlab local cluster' }, { name: 'commonName', value: opts.subject }];
  cert.setSubject(subject);
  cert.setIssuer(opts.issuer ? opts.issuer.subject.attributes : subject);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: opts.ca, critical: true },
    opts.ca
      ? { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true }
      : { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ];
  if (!opts.ca) extensions.push({ name: 'extKeyUsage', serverAuth: !opts.clientAuth, clientAuth: true });
  if (opts.altNames) {
    extensions.push({
      name: 'subjectAltName',
      altNames: [...(opts.altNames.dns ?? []).map((value) => ({ type: 2, value })), ...(opts.altNames.ips ?? []).map((ip) => ({ type: 7, ip }))],
    });
  }
  cert.setExtensions(extensions);
  cert.sign(forge().pki.privateKeyFromPem(opts.signerKeyPem), forge().md.sha256.create());
  return forge().pki.certificateToPem(cert);
}

export function createCa(commonName = 'Streamlab local CA'): KeyAndCert {
  const k = rsaKey();
  return { key: k.privatePem, cert: build({ subject: commonName, publicPem: k.publicPem, signerKeyPem: k.privatePem, days: 3650, ca: true }) };
}

function issue(ca: KeyAndCert, commonName: string, opts: { altNames?: { dns?: string[]; ips?: string[] }; clientAuth?: boolean }): KeyAndCert {
  const k = rsaKey();
  const issuer = forge().pki.certificateFromPem(ca.cert);
  return { key: k.privatePem, cert: build({ subject: commonName, publicPem: k.publicPem, signerKeyPem: ca.key, issuer, days: 825, ca: false, ...opts }) };
}

export function createBrokerCertificate(ca: KeyAndCert, hosts: string[] = ['localhost']): KeyAndCert {
  return issue(ca, 'localhost', { altNames: { dns: hosts, ips: ['127.0.0.1', '::1'] } });
}

/** A client certificate for mTLS; its subject becomes the principal (User:CN=<name>,O=...) as Kafka maps it. */
export function createClientCertificate(ca: KeyAndCert, name: string): KeyAndCert {
  return issue(ca, name, { clientAuth: true });
}

/**
 * Kafka's default principal for a TLS client: the subject in RFC 2253 form (X500Principal.getName()), whose
 * attributes come last-in-the-certificate first.
 */
export function principalOfCertificate(pem: string | Buffer): string {
  const subject = new X509Certificate(pem).subject; // certificate order, one per line: "O=...\nCN=alice"
  return `User:${subject.split('\n').reverse().join(',')}`;
}

/** Loads <dir>/ca*.pem and broker*.pem, or makes and writes them. */
export function loadOrCreateClusterTls(dir: string): ClusterTls {
  const files = { caCert: 'ca.pem', caKey: 'ca-key.pem', cert: 'broker.pem', key: 'broker-key.pem' };
  const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
  try {
    const tls = { ca: { cert: read(files.caCert), key: read(files.caKey) }, broker: { cert: read(files.cert), key: read(files.key) } };
    if (new X509Certificate(tls.broker.cert).checkIssued(new X509Certificate(tls.ca.cert))) return tls;
  } catch {
    // missing or unreadable: make new ones below
  }
  fs.mkdirSync(dir, { recursive: true });
  const ca = createCa();
  const broker = createBrokerCertificate(ca);
  const write = (f: string, s: string, mode: number) => fs.writeFileSync(path.join(dir, f), s, { mode });
  write(files.caKey, ca.key, 0o600);
  write(files.caCert, ca.cert, 0o644);
  write(files.key, broker.key, 0o600);
  write(files.cert, broker.cert, 0o644);
  return { ca, broker };
}
