// Saved cluster connections (console.db, migration 002): the local cluster (implicit, id 'local') and
// external Kafka clusters with bootstrap servers, optional SASL (PLAIN, SCRAM-SHA-256/512) and TLS. The
// active one is a setting ('activeConnection'). An external connection may name its Schema Registry (URL,
// basic auth or a bearer token; migration 004). TLS may name its own CA, a client certificate and key for
// mutual TLS, or skip checking the brokers' certificates (migration 005); every PEM is parsed before it is
// saved, so a bad one is refused and nothing changes. Passwords, tokens and private keys stay in the database;
// they are never sent to the UI.

import { X509Certificate, createPrivateKey, randomUUID } from 'node:crypto';
import type { ConnectionConfig, ConnectionsState, SaslMechanism, SchemaRegistryConfig, TlsCertificates } from '../../contract.ts';
import type { ConnectionOptions } from '../kafka/connection.ts';
import type { ConsoleDb } from './db.ts';
import { ConsoleError } from '../service/errors.ts';

type Sqlite = NonNullable<ConsoleDb['sqlite']>;

interface Row { id: string; name: string; bootstrap_servers: string; sasl_mechanism: string | null; sasl_username: string | null; sasl_password: string | null; tls: number;
  registry_url?: string | null; registry_username?: string | null; registry_password?: string | null; registry_token?: string | null;
  tls_ca?: string | null; tls_client_cert?: string | null; tls_client_key?: string | null; tls_skip_verify?: number }

const MECHANISMS: SaslMechanism[] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];
export const LOCAL: ConnectionConfig = { id: 'local', name: 'Local cluster', bootstrapServers: '', sasl: null, tls: false };

export class ConnectionStore {
  constructor(private readonly db: Sqlite | undefined) {}

  private rows(): Row[] {
    return (this.db?.prepare('SELECT * FROM connections ORDER BY name').all() as Row[] | undefined) ?? [];
  }

  private toConfig(r: Row, withPassword: boolean): ConnectionConfig {
    return {
      id: r.id, name: r.name, bootstrapServers: r.bootstrap_servers, tls: r.tls === 1,
      sasl: r.sasl_mechanism ? { mechanism: r.sasl_mechanism as SaslMechanism, username: r.sasl_username ?? '', password: withPassword ? r.sasl_password ?? '' : '' } : null,
      schemaRegistry: r.registry_url
        ? { url: r.registry_url, username: r.registry_username ?? '', password: withPassword ? r.registry_password ?? '' : '', token: withPassword ? r.registry_token ?? '' : '' }
        : null,
      tlsCertificates: {
        ca: r.tls_ca ?? '', clientCert: r.tls_client_cert ?? '', clientKey: withPassword ? r.tls_client_key ?? '' : '', skipVerify: r.tls_skip_verify === 1,
      },
    };
  }

  activeId(): string {
    const v = this.db?.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get('activeConnection')?.value;
    const id = v ? (JSON.parse(v) as string) : 'local';
    return id === 'local' || this.get(id) ? id : 'local';
  }

  setActive(id: string): void {
    this.db?.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('activeConnection', JSON.stringify(id));
  }

  state(): ConnectionsState {
    return { activeId: this.activeId(), connections: [LOCAL, ...this.rows().map((r) => this.toConfig(r, false))] };
  }

  get(id: string): ConnectionConfig | undefined {
    const r = this.rows().find((x) => x.id === id);
    return r ? this.toConfig(r, true) : undefined;
  }

  /** Validate and save; an empty password on an existing connection keeps the saved one. */
  save(c: ConnectionConfig): ConnectionConfig {
    if (!this.db) throw new ConsoleError('INVALID_REQUEST', 'Connections cannot be saved here.');
    if (c?.id === 'local') throw new ConsoleError('INVALID_REQUEST', 'The local cluster is built in; it cannot be edited.');
    const name = String(c?.name ?? '').trim();
    if (!name) throw new ConsoleError('INVALID_REQUEST', 'Give the connection a name.');
    const servers = parseBootstrap(String(c?.bootstrapServers ?? ''));
    if (c.sasl && !MECHANISMS.includes(c.sasl.mechanism)) throw new ConsoleError('INVALID_REQUEST', `SASL mechanism must be one of ${MECHANISMS.join(', ')}.`);
    if (c.sasl && !c.sasl.username) throw new ConsoleError('INVALID_REQUEST', 'SASL needs a username.');
    const id = c.id && this.get(c.id) ? c.id : randomUUID();
    const password = c.sasl ? (c.sasl.password || this.get(id)?.sasl?.password || '') : null;
    // Absent: the saved registry stays; null: the connection has none.
    const savedRegistry = this.get(id)?.schemaRegistry ?? null;
    const registry = c.schemaRegistry === undefined ? savedRegistry : registryConfig(c.schemaRegistry, savedRegistry);
    const savedTls = this.get(id)?.tlsCertificates;
    const certs = c.tlsCertificates === undefined ? savedTls : tlsCertificates(c.tlsCertificates, savedTls);
    this.db.prepare(`INSERT INTO connections (id, name, bootstrap_servers, sasl_mechanism, sasl_username, sasl_password, tls) VALUES (?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, bootstrap_servers = excluded.bootstrap_servers, sasl_mechanism = excluded.sasl_mechanism,
      sasl_username = excluded.sasl_username, sasl_password = excluded.sasl_password, tls = excluded.tls`)
      .run(id, name, servers.join(','), c.sasl?.mechanism ?? null, c.sasl?.username ?? null, password, c.tls ? 1 : 0);
    this.db.prepare('UPDATE connections SET registry_url = ?, registry_username = ?, registry_password = ?, registry_token = ? WHERE id = ?')
      .run(registry?.url ?? null, registry?.username || null, registry?.password || null, registry?.token || null, id);
    this.db.prepare('UPDATE connections SET tls_ca = ?, tls_client_cert = ?, tls_client_key = ?, tls_skip_verify = ? WHERE id = ?')
      .run(certs?.ca || null, certs?.clientCert || null, certs?.clientKey || null, certs?.skipVerify ? 1 : 0, id);
    return this.get(id)!;
  }

  delete(id: string): void {
    if (id === 'local') throw new ConsoleError('INVALID_REQUEST', 'The local cluster cannot be removed.');
    this.db?.prepare('DELETE FROM connections WHERE id = ?').run(id);
    if (this.activeId() === id) this.setActive('local');
  }
}

export function parseBootstrap(text: string): string[] {
  const servers = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (servers.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Give at least one bootstrap server as host:port.');
  for (const s of servers) {
    if (!/^[^\s:]+:\d{1,5}$/.test(s)) throw new ConsoleError('INVALID_REQUEST', `'${s}' is not host:port.`);
  }
  return servers;
}

/** A registry as saved: a valid http(s) URL; empty secrets keep the saved ones; null: none. */
function registryConfig(c: SchemaRegistryConfig | null | undefined, saved: SchemaRegistryConfig | null): SchemaRegistryConfig | null {
  const url = String(c?.url ?? '').trim().replace(/\/+$/, '');
  if (!c || url === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConsoleError('INVALID_REQUEST', `'${url}' is not a URL: give the Schema Registry as http://host:port.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new ConsoleError('INVALID_REQUEST', 'The Schema Registry URL must start with http:// or https://.');
  const username = String(c.username ?? '').trim();
  const token = String(c.token ?? '') || (saved?.token ?? '');
  const password = username ? String(c.password ?? '') || (saved?.password ?? '') : '';
  if (username && String(c.token ?? '')) throw new ConsoleError('INVALID_REQUEST', 'Give the Schema Registry either a username and password or a bearer token, not both.');
  return { url, username, password, token: username ? '' : token };
}

/**
 * The certificates as saved: each PEM must parse (a CA and a client certificate as X.509, the key as a
 * private key that belongs to the certificate); an empty key keeps the saved one.
 */
function tlsCertificates(c: TlsCertificates, saved: TlsCertificates | undefined): TlsCertificates {
  const ca = String(c.ca ?? '').trim();
  const clientCert = String(c.clientCert ?? '').trim();
  const clientKey = clientCert ? String(c.clientKey ?? '').trim() || (saved?.clientKey ?? '') : '';
  if (ca) certificatesOf(ca, 'The CA certificate');
  if (!clientCert && String(c.clientKey ?? '').trim()) throw new ConsoleError('INVALID_REQUEST', 'A client key needs its client certificate.');
  if (clientCert) {
    const [cert] = certificatesOf(clientCert, 'The client certificate');
    if (!clientKey) throw new ConsoleError('INVALID_REQUEST', 'The client certificate needs its private key (PEM).');
    let key;
    try {
      key = createPrivateKey(clientKey);
    } catch {
      throw new ConsoleError('INVALID_REQUEST', 'The client key is not a PEM private key (-----BEGIN PRIVATE KEY----- ...), or it is encrypted.');
    }
    if (!cert.checkPrivateKey(key)) throw new ConsoleError('INVALID_REQUEST', 'The client key does not belong to the client certificate.');
  }
  return { ca, clientCert, clientKey, skipVerify: c.skipVerify === true };
}

/** Every certificate of a PEM bundle; a bundle without one, or with one that does not parse, is refused. */
function certificatesOf(pem: string, what: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new ConsoleError('INVALID_REQUEST', `${what} is not PEM: expected -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.`);
  return blocks.map((b, i) => {
    try {
      return new X509Certificate(b);
    } catch (e) {
      throw new ConsoleError('INVALID_REQUEST', `${what}${blocks.length > 1 ? ` (number ${i + 1} in the file)` : ''} does not parse: ${(e as Error).message}.`);
    }
  });
}

export function connectionOptions(c: ConnectionConfig): ConnectionOptions {
  const t = c.tlsCertificates;
  const tls = !c.tls ? false : !t ? true : {
    ...(t.ca ? { ca: t.ca } : {}), ...(t.clientCert ? { cert: t.clientCert, key: t.clientKey } : {}), ...(t.skipVerify ? { rejectUnauthorized: false } : {}),
  };
  return {
    bootstrapServers: parseBootstrap(c.bootstrapServers), clientId: 'streamlab-console',
    ...(c.sasl ? { sasl: c.sasl } : {}), tls,
  };
}
