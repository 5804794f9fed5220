// A reusable SQLite opener with numbered-file migrations. The cluster catalog uses it, and so will the
// console's own state file, each with its own migrations directory.
//
// Migrations are files named `NNN-name.sql` (001-cluster.sql, 002-add-x.sql, ...). Numbers start at 001
// and run without gaps; a gap, a duplicate number or a badly named .sql file is an error, so a half-copied
// migrations dir fails loudly instead of migrating to a schema nobody wrote. Every migration newer than
// the stored version runs in its own transaction, together with the version bump: a migration is either
// applied completely or not at all. Migration files must not contain BEGIN/COMMIT themselves.
//
// The version lives in PRAGMA user_version, not in a schema_migrations table: it is a field of the
// database header that SQLite writes inside the same transaction (so it rolls back with a failed
// migration), it needs no bookkeeping table in every schema that reuses this module, and any tool can
// read it (`sqlite3 file 'PRAGMA user_version'`). What we lose is a per-migration applied_at history,
// which a desktop app's local file does not need.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

export type SqliteDatabase = Database.Database;

export interface OpenOptions {
  /** How long a writer waits for another connection's lock before SQLITE_BUSY. Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * 'NORMAL' (default) or 'FULL'. See the comment in openDatabase for why NORMAL is the default.
   */
  synchronous?: 'NORMAL' | 'FULL';
}

export interface Migration {
  version: number;
  name: string;
  file: string;
}

const MIGRATION_NAME = /^(\d{3})-([a-z0-9][a-z0-9_-]*)\.sql$/;

/** Reads and validates the migration files of `dir`, sorted by number. Non-.sql files are ignored. */
export function listMigrations(dir: string): Migration[] {
  let entries: string[];
  try {
    entries = fs.readdirSync(dir);
  } catch (e) {
    throw new Error(`Migrations directory ${dir} cannot be read: ${(e as Error).message}`);
  }
  const byVersion = new Map<number, Migration>();
  for (const entry of entries) {
    if (!entry.endsWith('.sql')) continue;
    const m = MIGRATION_NAME.exec(entry);
    if (!m) {
      throw new Error(`Migration file name '${entry}' in ${dir} is invalid: expected NNN-name.sql (e.g. 001-cluster.sql)`);
    }
    const version = Number(m[1]);
    const existing = byVersion.get(version);
    if (existing) {
      throw new Error(`Duplicate migration number ${m[1]} in ${dir}: '${existing.name}.sql' and '${entry}'`);
    }
    byVersion.set(version, { version, name: entry.slice(0, -'.sql'.length), file: path.join(dir, entry) });
  }
  const migrations = [...byVersion.values()].sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) {
      const missing = String(i + 1).padStart(3, '0');
      throw new Error(`Migration ${missing} is missing in ${dir}: numbers must run 001, 002, ... without gaps (found ${m.name}.sql)`);
    }
  });
  return migrations;
}

/** The schema version stored in the file (0 for a new, empty database). */
export function schemaVersion(db: SqliteDatabase): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Opens (creating if needed) `file`, sets the connection pragmas, and applies every migration of
 * `migrationsDir` newer than the file's schema version. Refuses a file whose version is newer than the
 * newest migration: that file was written by a newer Streamlab, and running old code on it could lose data.
 */
export function openDatabase(file: string, migrationsDir: string, opts: OpenOptions = {}): SqliteDatabase {
  // Validate the migrations before touching the file, so a broken install never creates a half database.
  const migrations = listMigrations(migrationsDir);
  const db = new Database(file);
  try {
    // WAL: readers (the UI's metadata reads) never block the controller's writes, and a commit is one
    // sequential append to the -wal file.
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal' && file !== ':memory:') throw new Error(`${file}: cannot switch to WAL (journal_mode=${String(mode)})`);
    // synchronous=NORMAL in WAL mode: a commit survives a crash of the process (the -wal file is written
    // before commit returns), and the database is never corrupted; only a power loss or OS crash can lose
    // the last few commits, which fsync at checkpoint time then bounds. That is the same durability Kafka
    // itself gives its logs (flush.messages/flush.ms default to "never": page cache plus replication).
    // Each group of related writes (a batch of partition checkpoints, a topic with its partitions and
    // configs, an offset commit) is one transaction, so whatever survives is a consistent state: the loader
    // reconciles checkpoints against segment files, and a lost offset commit means re-delivery, which
    // Kafka consumers already tolerate. FULL is available for callers that want an fsync per commit.
    db.pragma(`synchronous = ${opts.synchronous ?? 'NORMAL'}`);
    // foreign_keys is per connection and off by default in SQLite; the schema relies on ON DELETE CASCADE.
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(opts.busyTimeoutMs ?? 5000))}`);
    migrate(db, migrations, file);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function migrate(db: SqliteDatabase, migrations: Migration[], file: string): void {
  const latest = migrations.length;
  const checkNotNewer = (current: number): void => {
    if (current > latest) {
      throw new Error(
        `${file} has schema version ${current}, newer than this build knows (${latest}). ` +
          'It was written by a newer version of Streamlab; open it with that version (the file was not modified).',
      );
    }
  };
  checkNotNewer(schemaVersion(db));
  let applied = 0;
  for (const m of migrations) {
    const sql = fs.readFileSync(m.file, 'utf8');
    // IMMEDIATE takes the write lock up front, and the version is re-read under it: two processes opening
    // the same file at once apply each migration exactly once.
    db.transaction(() => {
      const current = schemaVersion(db);
      checkNotNewer(current);
      if (current >= m.version) return;
      if (current !== m.version - 1) throw new Error(`${file}: cannot apply ${m.name} on schema version ${current}`);
      try {
        db.exec(sql);
      } catch (e) {
        throw new Error(`Migration ${m.name}.sql failed on ${file}: ${(e as Error).message}`, { cause: e });
      }
      db.pragma(`user_version = ${m.version}`);
      applied++;
    }).immediate();
  }
  if (applied > 0) {
    // A migration that added foreign keys to existing rows must leave them consistent.
    const violations = db.pragma('foreign_key_check') as unknown[];
    if (violations.length > 0) throw new Error(`${file}: foreign key violations after migration: ${JSON.stringify(violations.slice(0, 5))}`);
  }
}
