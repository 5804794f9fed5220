import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CATALOG_MIGRATIONS_DIR } from './catalog.ts';
import { listMigrations, openDatabase, schemaVersion } from './migrate.ts';

let dir: string;
let migrations: string;
let file: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-migrate-'));
  migrations = path.join(dir, 'migrations');
  fs.mkdirSync(migrations);
  file = path.join(dir, 'test.db');
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, sql: string): void => fs.writeFileSync(path.join(migrations, name), sql);

const tables = (db: Database.Database): string[] =>
  db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe('openDatabase', () => {
  it('migrates an empty file to the latest catalog version', () => {
    const latest = listMigrations(CATALOG_MIGRATIONS_DIR).length;
    expect(latest).toBeGreaterThanOrEqual(3);
    const db = openDatabase(file, CATALOG_MIGRATIONS_DIR);
    try {
      expect(schemaVersion(db)).toBe(latest);
      expect(tables(db)).toEqual(
        expect.arrayContaining(['cluster', 'brokers', 'topics', 'topic_configs', 'partitions', 'partition_checkpoints', 'group_offsets']),
      );
    } finally {
      db.close();
    }
  });

  it('sets WAL, synchronous=NORMAL, foreign keys and a busy timeout', () => {
    const db = openDatabase(file, CATALOG_MIGRATIONS_DIR, { busyTimeoutMs: 1234 });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('busy_timeout', { simple: true })).toBe(1234);
    } finally {
      db.close();
    }
  });

  it('reopening applies nothing again and keeps the data', () => {
    write('001-counter.sql', 'CREATE TABLE applied (n INTEGER); INSERT INTO applied VALUES (1);');
    write('002-more.sql', 'INSERT INTO applied VALUES (2);');
    let db = openDatabase(file, migrations);
    db.prepare('INSERT INTO applied VALUES (100)').run();
    db.close();
    db = openDatabase(file, migrations);
    db.close();
    db = openDatabase(file, migrations);
    try {
      expect(schemaVersion(db)).toBe(2);
      expect(db.prepare<[], number>('SELECT n FROM applied ORDER BY n').pluck().all()).toEqual([1, 2, 100]);
    } finally {
      db.close();
    }
  });

  it('applies only the migrations newer than the stored version', () => {
    write('001-a.sql', 'CREATE TABLE applied (n INTEGER); INSERT INTO applied VALUES (1);');
    openDatabase(file, migrations).close();
    write('002-b.sql', 'INSERT INTO applied VALUES (2);');
    const db = openDatabase(file, migrations);
    try {
      expect(schemaVersion(db)).toBe(2);
      expect(db.prepare<[], number>('SELECT n FROM applied ORDER BY n').pluck().all()).toEqual([1, 2]);
    } finally {
      db.close();
    }
  });

  it('refuses a database newer than the code and leaves it untouched', () => {
    write('001-a.sql', 'CREATE TABLE a (n INTEGER);');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER)');
    raw.pragma('user_version = 7');
    raw.close();
    expect(() => openDatabase(file, migrations)).toThrow(/schema version 7, newer than this build knows \(1\)/);
    const check = new Database(file);
    try {
      expect(schemaVersion(check)).toBe(7);
      expect(tables(check)).toEqual(['future']);
    } finally {
      check.close();
    }
  });

  it('rolls a failing migration back completely and keeps the previous version', () => {
    write('001-a.sql', 'CREATE TABLE a (n INTEGER NOT NULL); INSERT INTO a VALUES (1);');
    openDatabase(file, migrations).close();
    // Creates a table and changes a row before it fails: none of it may remain.
    write('002-bad.sql', 'CREATE TABLE b (x INTEGER); UPDATE a SET n = 99; INSERT INTO a VALUES (NULL);');
    expect(() => openDatabase(file, migrations)).toThrow(/Migration 002-bad\.sql failed.*NOT NULL/);
    const check = new Database(file);
    try {
      expect(schemaVersion(check)).toBe(1);
      expect(tables(check)).toEqual(['a']);
      expect(check.prepare<[], number>('SELECT n FROM a').pluck().all()).toEqual([1]);
    } finally {
      check.close();
    }
  });

  it('stops at the failing migration when several are pending', () => {
    write('001-a.sql', 'CREATE TABLE a (n INTEGER);');
    write('002-b.sql', 'CREATE TABLE b (n INTEGER);');
    write('003-bad.sql', 'CREATE TABLE c (n INTEGER); SELECT * FROM no_such_table;');
    expect(() => openDatabase(file, migrations)).toThrow(/003-bad/);
    const check = new Database(file);
    try {
      expect(schemaVersion(check)).toBe(2);
      expect(tables(check)).toEqual(['a', 'b']);
    } finally {
      check.close();
    }
  });

  it('with no migrations, opens a database at version 0', () => {
    const db = openDatabase(file, migrations);
    try {
      expect(schemaVersion(db)).toBe(0);
    } finally {
      db.close();
    }
  });
});

describe('listMigrations', () => {
  it('sorts by number and ignores non-.sql files', () => {
    write('002-b.sql', '');
    write('001-a.sql', '');
    write('010-later.txt', '');
    write('README.md', '');
    expect(listMigrations(migrations).map((m) => [m.version, m.name])).toEqual([[1, '001-a'], [2, '002-b']]);
  });

  it.each([
    ['1-a.sql'],
    ['0001-a.sql'],
    ['001_a.sql'],
    ['001-.sql'],
    ['001-Upper.sql'],
    ['abc-a.sql'],
  ])('rejects the file name %s', (name) => {
    write(name, '');
    expect(() => listMigrations(migrations)).toThrow(/is invalid: expected NNN-name\.sql/);
  });

  it('rejects a duplicate number', () => {
    write('001-a.sql', '');
    write('001-b.sql', '');
    expect(() => listMigrations(migrations)).toThrow(/Duplicate migration number 001/);
  });

  it('rejects a gap, and a first migration other than 001', () => {
    write('001-a.sql', '');
    write('003-c.sql', '');
    expect(() => listMigrations(migrations)).toThrow(/Migration 002 is missing/);
    fs.rmSync(path.join(migrations, '001-a.sql'));
    expect(() => listMigrations(migrations)).toThrow(/Migration 001 is missing/);
  });

  it('does not create the database file when the migrations are invalid', () => {
    write('001-a.sql', '');
    write('003-c.sql', '');
    expect(() => openDatabase(file, migrations)).toThrow(/missing/);
    expect(fs.existsSync(file)).toBe(false);
  });
});
