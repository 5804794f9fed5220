// The cluster catalog: one SQLite file the controller owns (DESIGN.md). It opens the file through
// migrate.ts (WAL, foreign keys, numbered migrations in ./migrations), makes sure the cluster row exists,
// and exposes one store per table group. Every store prepares its statements once, here, per Catalog.
//
// better-sqlite3 is synchronous: each call is a short local transaction, and a connection belongs to
// one thread. The controller opens the catalog; brokers learn metadata from the controller.

import { fileURLToPath } from 'node:url';
import { BrokerStore } from './brokers.ts';
import { CheckpointStore } from './checkpoints.ts';
import { type ClusterInfo, ClusterStore } from './cluster.ts';
import { ConsumerGroupStore } from './consumer-groups.ts';
import { GroupOffsetStore } from './group-offsets.ts';
import { type OpenOptions, type SqliteDatabase, openDatabase, schemaVersion } from './migrate.ts';
import { PartitionStore } from './partitions.ts';
import { ShareStateStore } from './share-state.ts';
import { TopicStore } from './topics.ts';
import { PendingTxnOffsetStore, TransactionStore } from './transactions.ts';
import { AclStore, ScramCredentialStore } from './security.ts';
import { DynamicConfigStore } from './dynamic-configs.ts';

/**
 * The catalog's migrations, next to this module. A bundled build must ship this directory as files
 * (the .sql files are read at run time, not imported).
 */
export const CATALOG_MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));

export interface CatalogOptions extends OpenOptions {
  /** The cluster id for a new catalog (default: random). An existing catalog must already have it. */
  clusterId?: string;
  /** Migrations directory; only tests change it. */
  migrationsDir?: string;
}

export class Catalog {
  readonly cluster: ClusterStore;
  readonly brokers: BrokerStore;
  readonly topics: TopicStore;
  readonly partitions: PartitionStore;
  readonly checkpoints: CheckpointStore;
  readonly groupOffsets: GroupOffsetStore;
  readonly transactions: TransactionStore;
  readonly pendingTxnOffsets: PendingTxnOffsetStore;
  readonly consumerGroups: ConsumerGroupStore;
  readonly shareState: ShareStateStore;
  readonly acls: AclStore;
  readonly scramCredentials: ScramCredentialStore;
  readonly dynamicConfigs: DynamicConfigStore;
  private closed = false;

  private constructor(readonly db: SqliteDatabase) {
    this.cluster = new ClusterStore(db);
    this.brokers = new BrokerStore(db);
    this.partitions = new PartitionStore(db);
    this.topics = new TopicStore(db, this.partitions);
    this.checkpoints = new CheckpointStore(db);
    this.groupOffsets = new GroupOffsetStore(db);
    this.transactions = new TransactionStore(db);
    this.pendingTxnOffsets = new PendingTxnOffsetStore(db);
    this.consumerGroups = new ConsumerGroupStore(db);
    this.shareState = new ShareStateStore(db);
    this.acls = new AclStore(db);
    this.scramCredentials = new ScramCredentialStore(db);
    this.dynamicConfigs = new DynamicConfigStore(db);
  }

  /** Opens (creating and migrating as needed) the catalog at `file`. */
  static open(file: string, opts: CatalogOptions = {}): Catalog {
    const db = openDatabase(file, opts.migrationsDir ?? CATALOG_MIGRATIONS_DIR, opts);
    try {
      const catalog = new Catalog(db);
      catalog.cluster.ensure(opts.clusterId);
      return catalog;
    } catch (e) {
      db.close();
      throw e;
    }
  }

  get clusterInfo(): ClusterInfo {
    return this.cluster.info();
  }

  get schemaVersion(): number {
    return schemaVersion(this.db);
  }

  /** Runs `fn` in one transaction across stores (nested store transactions become savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /** Closes the file; idempotent. A WAL checkpoint runs on close, so the -wal file is folded back in. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }
}
