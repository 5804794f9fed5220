// The local cluster's security mode as Settings saves it (the 'localSecurity' row of the settings table, one
// JSON object), and the admin user the console creates for its own connection to a secured local cluster
// (the 'consoleAdmin' row: a name and a password generated once, kept out of Settings so it is not sent to
// the UI with them). A row that does not read as a valid mode reads as PLAINTEXT: the cluster still starts.

import { randomBytes } from 'node:crypto';
import type { LocalSecurity } from '../../contract.ts';
import type { SecurityConfig } from '../../../engine/index.ts';
import { ConsoleError } from '../service/errors.ts';
import type { ConsoleDb } from './db.ts';

export const DEFAULT_LOCAL_SECURITY: LocalSecurity = {
  protocol: 'PLAINTEXT', saslMechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'], sslClientAuth: 'none',
  authorizer: false, superUsers: [], allowEveryoneIfNoAclFound: false,
};

const PROTOCOLS = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'] as const;
const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;
export const CONSOLE_ADMIN_NAME = 'streamlab-admin';

/** A mode as given, or INVALID_REQUEST saying what is wrong (a principal not of the form User:name, ...). */
export function validLocalSecurity(v: LocalSecurity): LocalSecurity {
  if (!v || typeof v !== 'object') throw new ConsoleError('INVALID_REQUEST', 'The security mode must be an object.');
  if (!PROTOCOLS.includes(v.protocol)) throw new ConsoleError('INVALID_REQUEST', `The security protocol must be one of ${PROTOCOLS.join(', ')}.`);
  const mechanisms = [...new Set(v.saslMechanisms ?? [])];
  if (mechanisms.some((m) => !MECHANISMS.includes(m))) throw new ConsoleError('INVALID_REQUEST', `SASL mechanisms must be among ${MECHANISMS.join(', ')}.`);
  if (v.protocol.startsWith('SASL') && mechanisms.length === 0) throw new ConsoleError('INVALID_REQUEST', 'A SASL listener needs at least one mechanism.');
  if (v.sslClientAuth !== 'none' && v.sslClientAuth !== 'required') throw new ConsoleError('INVALID_REQUEST', "ssl.client.auth must be 'none' or 'required'.");
  const superUsers = [...new Set((v.superUsers ?? []).map((u) => String(u).trim()).filter(Boolean))];
  for (const u of superUsers) {
    if (!/^User:[^\s,;]+$/.test(u)) throw new ConsoleError('INVALID_REQUEST', `'${u}' is not a principal: give super users as User:name.`);
  }
  return {
    protocol: v.protocol, saslMechanisms: MECHANISMS.filter((m) => mechanisms.includes(m)), sslClientAuth: v.sslClientAuth,
    authorizer: v.authorizer === true, superUsers, allowEveryoneIfNoAclFound: v.allowEveryoneIfNoAclFound === true,
  };
}

export function readLocalSecurity(raw: string | undefined): LocalSecurity {
  if (raw === undefined) return DEFAULT_LOCAL_SECURITY;
  try {
    return validLocalSecurity(JSON.parse(raw) as LocalSecurity);
  } catch {
    return DEFAULT_LOCAL_SECURITY;
  }
}

/** The console's admin user, created at the first call and the same afterwards. */
export function consoleAdmin(db: ConsoleDb): { name: string; password: string } {
  const sqlite = db.sqlite;
  const fresh = { name: CONSOLE_ADMIN_NAME, password: randomBytes(18).toString('base64url') };
  if (!sqlite) return fresh;
  const row = sqlite.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?').get('consoleAdmin');
  if (row) {
    try {
      const saved = JSON.parse(row.value) as { name?: unknown; password?: unknown };
      if (typeof saved.name === 'string' && typeof saved.password === 'string') return { name: saved.name, password: saved.password };
    } catch {
      // Unreadable: replaced below.
    }
  }
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('consoleAdmin', JSON.stringify(fresh));
  return fresh;
}

/** The engine's security config for a saved mode: the console's admin is a known user and a super user. */
export function clusterSecurity(mode: LocalSecurity, admin: { name: string; password: string }): Partial<SecurityConfig> {
  return {
    protocol: mode.protocol,
    saslMechanisms: mode.saslMechanisms,
    users: [admin],
    superUsers: [`User:${admin.name}`, ...mode.superUsers],
    authorizer: mode.authorizer,
    allowEveryoneIfNoAclFound: mode.allowEveryoneIfNoAclFound,
    sslClientAuth: mode.sslClientAuth,
  };
}
