import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CATALOG_MIGRATIONS_DIR, Catalog } from './catalog.ts';
import { listMigrations } from './migrate.ts';
import { useTempCatalog } from './test-support.ts';
import { isKafkaUuid, kafkaUuidFromBytes, kafkaUuidToBytes, randomKafkaUuid } from './uuid.ts';

const t = useTempCatalog([]);
const LATEST = listMigrations(CATALOG_MIGRATIONS_DIR).length;

describe('Catalog', () => {
  it('creates the cluster row once, with a Kafka-style cluster id that is stable across reopen', () => {
    const info = t.catalog.clusterInfo;
    expect(isKafkaUuid(info.clusterId)).toBe(true);
    expect(info.controllerEpoch).toBe(0);
    expect(t.catalog.cluster.bumpControllerEpoch()).toBe(1);
    t.reopen();
    expect(t.catalog.clusterInfo).toEqual({ ...info, controllerEpoch: 1 });
    expect(t.catalog.schemaVersion).toBe(LATEST);
  });

  it('refuses to open a catalog as another cluster', () => {
    const { clusterId } = t.catalog.clusterInfo;
    t.catalog.close();
    const other = clusterId === 'MkU3OEVBNTcwNTJENDM2Qg' ? 'AAAAAAAAAAAAAAAAAAAAAg' : 'MkU3OEVBNTcwNTJENDM2Qg';
    expect(() => Catalog.open(t.file, { clusterId: other })).toThrow(/belongs to cluster/);
    expect(t.reopen({ clusterId }).clusterInfo.clusterId).toBe(clusterId);
  });

  it('uses a given cluster id for a new catalog', () => {
    const file = path.join(t.dir, 'other.db');
    const c = Catalog.open(file, { clusterId: 'MkU3OEVBNTcwNTJENDM2Qg' });
    try {
      expect(c.clusterInfo.clusterId).toBe('MkU3OEVBNTcwNTJENDM2Qg');
    } finally {
      c.close();
    }
    expect(() => Catalog.open(path.join(t.dir, 'bad.db'), { clusterId: 'short' })).toThrow(/Invalid cluster id/);
  });

  it('registers brokers, bumps the epoch on re-registration, and tracks state', () => {
    const b = t.catalog.brokers.register({ brokerId: 1, host: '127.0.0.1', port: 9092, rack: 'r1' }, 10);
    expect(b).toEqual({ brokerId: 1, host: '127.0.0.1', port: 9092, rack: 'r1', state: 'starting', registeredAt: 10, epoch: 0 });
    t.catalog.brokers.register({ brokerId: 0, host: '127.0.0.1', port: 0 }, 11);
    expect(t.catalog.brokers.setState(1, 'running')?.state).toBe('running');
    expect(t.catalog.brokers.setEndpoint(0, '127.0.0.1', 9093)?.port).toBe(9093);
    expect(t.catalog.brokers.register({ brokerId: 1, host: '127.0.0.1', port: 9094 }, 20)).toMatchObject({ port: 9094, epoch: 1, registeredAt: 20, rack: null });
    t.reopen();
    expect(t.catalog.brokers.list().map((x) => [x.brokerId, x.port, x.epoch])).toEqual([[0, 9093, 0], [1, 9094, 1]]);
    expect(t.catalog.brokers.setState(5, 'running')).toBeUndefined();
    expect(() => t.catalog.brokers.setState(1, 'bogus' as never)).toThrow(/CHECK/);
    expect(t.catalog.brokers.remove(0)).toBe(true);
    expect(t.catalog.brokers.get(0)).toBeUndefined();
  });

  it('runs a transaction across stores', () => {
    t.catalog.brokers.register({ brokerId: 1, host: 'h', port: 1 });
    expect(() =>
      t.catalog.transaction(() => {
        t.catalog.topics.create({ name: 'a', partitions: [{ replicas: [1] }] });
        t.catalog.groupOffsets.commit('g', [{ topic: 'a', partition: 0, committedOffset: 1 }]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(t.catalog.topics.names()).toEqual([]);
    expect(t.catalog.groupOffsets.listGroups()).toEqual([]);
  });

  it('closes idempotently and leaves a file other SQLite readers can open', () => {
    t.catalog.close();
    t.catalog.close();
    expect(t.catalog.isOpen).toBe(false);
    expect(fs.existsSync(`${t.file}-wal`)).toBe(false); // folded back on close
    const raw = new Database(t.file, { readonly: true });
    try {
      expect(raw.pragma('user_version', { simple: true })).toBe(LATEST);
    } finally {
      raw.close();
    }
  });
});

describe('Kafka UUIDs', () => {
  it('round-trips between the string and the 16 bytes', () => {
    for (let i = 0; i < 100; i++) {
      const id = randomKafkaUuid();
      expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
      const bytes = kafkaUuidToBytes(id);
      expect(bytes.length).toBe(16);
      expect(bytes[6] >> 4).toBe(4); // version 4
      expect(kafkaUuidFromBytes(bytes)).toBe(id);
    }
    expect(isKafkaUuid('AAAAAAAAAAAAAAAAAAAAAB')).toBe(false); // non-zero padding bits
    expect(isKafkaUuid('AAAAAAAAAAAAAAAAAAAA')).toBe(false);
    expect(isKafkaUuid('AAAAAAAAAAAAAAAAAAAA+A')).toBe(false);
  });
});
