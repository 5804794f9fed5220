// Test helpers for the catalog's tests: a real catalog file in a fresh temp dir, removed afterwards.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { Catalog, type CatalogOptions } from './catalog.ts';

export interface TempCatalog {
  dir: string;
  file: string;
  catalog: Catalog;
  /** Closes and opens the same file again (the current catalog is replaced). */
  reopen(opts?: CatalogOptions): Catalog;
}

/** Registers beforeEach/afterEach hooks; read the fields inside tests. */
export function useTempCatalog(brokerIds: number[] = [1, 2, 3]): TempCatalog {
  const t = {} as TempCatalog;
  beforeEach(() => {
    t.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-catalog-'));
    t.file = path.join(t.dir, 'catalog.db');
    t.catalog = Catalog.open(t.file);
    for (const id of brokerIds) t.catalog.brokers.register({ brokerId: id, host: '127.0.0.1', port: 9091 + id }, 1000);
    t.reopen = (opts) => {
      t.catalog.close();
      t.catalog = Catalog.open(t.file, opts);
      return t.catalog;
    };
  });
  afterEach(() => {
    t.catalog.close();
    fs.rmSync(t.dir, { recursive: true, force: true });
  });
  return t;
}

export function kafkaErrorOf(fn: () => unknown): Error & { errorName?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { errorName?: string };
  }
  throw new Error('expected a throw');
}
