// The single cluster row (table `cluster`, migrations/001-cluster.sql): the cluster id that Metadata and
// DescribeCluster report, and the controller epoch.

import type { SqliteDatabase } from './migrate.ts';
import { isKafkaUuid, randomKafkaUuid } from './uuid.ts';

export interface ClusterInfo {
  /** 22-character URL-safe base64, as Kafka's cluster ids (kafka-storage.sh random-uuid). */
  clusterId: string;
  createdAt: number;
  controllerEpoch: number;
}

interface ClusterRow {
  cluster_id: string;
  created_at: number;
  controller_epoch: number;
}

const toInfo = (r: ClusterRow): ClusterInfo => ({ clusterId: r.cluster_id, createdAt: r.created_at, controllerEpoch: r.controller_epoch });

export class ClusterStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      get: db.prepare<[], ClusterRow>('SELECT cluster_id, created_at, controller_epoch FROM cluster WHERE id = 1'),
      insert: db.prepare<[string, number]>('INSERT INTO cluster (id, cluster_id, created_at) VALUES (1, ?, ?) ON CONFLICT (id) DO NOTHING'),
      bump: db.prepare<[], ClusterRow>(
        'UPDATE cluster SET controller_epoch = controller_epoch + 1 WHERE id = 1 RETURNING cluster_id, created_at, controller_epoch',
      ),
    };
  }

  /**
   * Creates the cluster row on first use (with `clusterId`, or a random one) and returns it. On an existing
   * catalog the stored id wins; asking for a different id is an error rather than a silent mismatch.
   */
  ensure(clusterId?: string, now = Date.now()): ClusterInfo {
    if (clusterId !== undefined && !isKafkaUuid(clusterId)) {
      throw new Error(`Invalid cluster id '${clusterId}': expected 22 characters of URL-safe base64`);
    }
    return this.db.transaction(() => {
      this.sql.insert.run(clusterId ?? randomKafkaUuid(), now);
      const info = toInfo(this.sql.get.get()!);
      if (clusterId !== undefined && info.clusterId !== clusterId) {
        throw new Error(`The catalog belongs to cluster ${info.clusterId}, not ${clusterId}`);
      }
      return info;
    }).immediate();
  }

  info(): ClusterInfo {
    const row = this.sql.get.get();
    if (!row) throw new Error('The catalog has no cluster row yet (Catalog.open creates it)');
    return toInfo(row);
  }

  /** A new controller took over: returns the new epoch. */
  bumpControllerEpoch(): number {
    const row = this.sql.bump.get();
    if (!row) throw new Error('The catalog has no cluster row yet (Catalog.open creates it)');
    return row.controller_epoch;
  }
}
