// The console's own state, in its own SQLite file (<app data>/console.db), separate from the cluster
// catalog (DESIGN.md, data path 3): settings (001; broker defaults and the local cluster's security mode as one JSON row each), metrics history and saved connections (002,
// metrics-store.ts and connections.ts), producer templates (003), as numbered migrations in ./console-migrations/.
//
// Migrations: the engine's mechanism (openDatabase: numbered NNN-name.sql files, PRAGMA user_version, one
// transaction per migration, newer schemas refused), applied at open.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../../engine/index.ts';
import type { Settings } from '../../contract.ts';
import { DEFAULT_LOCAL_SECURITY, readLocalSecurity } from './local-security.ts';

/** Next to this module in the sources and next to main.js in the Electron bundle (vite copies it). */
export const CONSOLE_MIGRATIONS_DIR = fileURLToPath(new URL('./console-migrations/', import.meta.url));

export const DEFAULT_SETTINGS: Settings = { theme: 'dark', defaultBrokerCount: 3, metricsRetentionDays: 7, brokerDefaults: {}, localSecurity: DEFAULT_LOCAL_SECURITY };

/** The small interface the rest of the console uses; tests may pass an in-memory one. */
export interface ConsoleDb {
  settings(): Settings;
  updateSettings(patch: Partial<Settings>): Settings;
  /** The open database, for modules keeping their own tables (templates.ts); absent in test doubles. */
  readonly sqlite?: ReturnType<typeof openDatabase>;
  close(): void;
}

/** The saved broker settings (name -> value); anything else in the row reads as none. */
function brokerDefaults(raw: string | undefined): Record<string, string> {
  try {
    const v: unknown = raw === undefined ? {} : JSON.parse(raw);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return {};
    return Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

export function openConsoleDb(file: string, migrationsDir = CONSOLE_MIGRATIONS_DIR): ConsoleDb {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = openDatabase(file, migrationsDir);
  const get = db.prepare<[string], { value: string }>('SELECT value FROM settings WHERE key = ?');
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const num = (k: 'defaultBrokerCount' | 'metricsRetentionDays'): number => {
    const v = get.get(k)?.value;
    const n = v === undefined ? NaN : Number(JSON.parse(v));
    return Number.isFinite(n) ? n : DEFAULT_SETTINGS[k];
  };
  const read = (): Settings => {
    const theme = get.get('theme')?.value;
    return {
      theme: theme === '"light"' ? 'light' : theme === '"dark"' ? 'dark' : DEFAULT_SETTINGS.theme,
      defaultBrokerCount: num('defaultBrokerCount'),
      metricsRetentionDays: num('metricsRetentionDays'),
      brokerDefaults: brokerDefaults(get.get('brokerDefaults')?.value),
      localSecurity: readLocalSecurity(get.get('localSecurity')?.value),
    };
  };
  return {
    settings: read,
    updateSettings(patch) {
      db.transaction(() => {
        if (patch.theme !== undefined) put.run('theme', JSON.stringify(patch.theme));
        if (patch.defaultBrokerCount !== undefined) put.run('defaultBrokerCount', JSON.stringify(patch.defaultBrokerCount));
        if (patch.metricsRetentionDays !== undefined) put.run('metricsRetentionDays', JSON.stringify(patch.metricsRetentionDays));
        if (patch.brokerDefaults !== undefined) put.run('brokerDefaults', JSON.stringify(patch.brokerDefaults));
        if (patch.localSecurity !== undefined) put.run('localSecurity', JSON.stringify(patch.localSecurity));
      })();
      return read();
    },
    sqlite: db,
    close: () => db.close(),
  };
}
