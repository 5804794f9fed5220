// Partition reassignments in progress (table `partition_reassignments`, migrations/011): the adding and
// removing replicas of each partition being moved. The partition's own row (partitions.ts) holds the
// merged replica list meanwhile; both are written in one transaction by the controller, so a restart finds
// either the old assignment or the reassignment, never half of one. A row disappears with its partition
// (ON DELETE CASCADE) or when the reassignment completes or is cancelled.

import type { SqliteDatabase } from './migrate.ts';

export interface OngoingReassignment {
  topic: string;
  partition: number;
  addingReplicas: number[];
  removingReplicas: number[];
}

interface Row {
  topic: string;
  partition: number;
  adding_replicas: string;
  removing_replicas: string;
}

const toReassignment = (r: Row): OngoingReassignment => ({
  topic: r.topic,
  partition: r.partition,
  addingReplicas: JSON.parse(r.adding_replicas) as number[],
  removingReplicas: JSON.parse(r.removing_replicas) as number[],
});

export class ReassignmentStore {
  private readonly sql;

  constructor(db: SqliteDatabase) {
    this.sql = {
      get: db.prepare<[string, number], Row>('SELECT * FROM partition_reassignments WHERE topic = ? AND partition = ?'),
      list: db.prepare<[], Row>('SELECT * FROM partition_reassignments ORDER BY topic, partition'),
      put: db.prepare<[string, number, string, string]>(
        `INSERT INTO partition_reassignments (topic, partition, adding_replicas, removing_replicas) VALUES (?, ?, ?, ?)
         ON CONFLICT (topic, partition) DO UPDATE SET adding_replicas = excluded.adding_replicas, removing_replicas = excluded.removing_replicas`,
      ),
      clear: db.prepare<[string, number]>('DELETE FROM partition_reassignments WHERE topic = ? AND partition = ?'),
    };
  }

  get(topic: string, partition: number): OngoingReassignment | undefined {
    const row = this.sql.get.get(topic, partition);
    return row && toReassignment(row);
  }

  list(): OngoingReassignment[] {
    return this.sql.list.all().map(toReassignment);
  }

  /** Records (or replaces) the partition's reassignment; empty adding and removing lists clear it. */
  set(r: OngoingReassignment): void {
    if (r.addingReplicas.length === 0 && r.removingReplicas.length === 0) this.sql.clear.run(r.topic, r.partition);
    else this.sql.put.run(r.topic, r.partition, JSON.stringify(r.addingReplicas), JSON.stringify(r.removingReplicas));
  }

  clear(topic: string, partition: number): void {
    this.sql.clear.run(topic, partition);
  }
}
