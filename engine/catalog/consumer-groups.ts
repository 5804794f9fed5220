// Durable KIP-848 consumer groups (table consumer_groups, migrations/007-consumer-groups.sql says why they
// live in the catalog). Each save is one statement, so a reader finds the old snapshot or the new one.
// Snapshots are opaque JSON here; engine/broker/group/consumer/snapshot.ts owns their format.

import type { SqliteDatabase } from './migrate.ts';

export class ConsumerGroupStore {
  private readonly sql;

  constructor(db: SqliteDatabase) {
    this.sql = {
      upsert: db.prepare<[string, string, number]>(
        `INSERT INTO consumer_groups (group_id, snapshot, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (group_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
      ),
      one: db.prepare<[string], string>('SELECT snapshot FROM consumer_groups WHERE group_id = ?').pluck(),
      remove: db.prepare<[string]>('DELETE FROM consumer_groups WHERE group_id = ?'),
      ids: db.prepare<[], string>('SELECT group_id FROM consumer_groups ORDER BY group_id').pluck(),
    };
  }

  save(groupId: string, snapshot: unknown, now = Date.now()): void {
    this.sql.upsert.run(groupId, JSON.stringify(snapshot), now);
  }

  /** The stored snapshot, parsed; undefined when the group has none. */
  load(groupId: string): unknown {
    const json = this.sql.one.get(groupId);
    return json === undefined ? undefined : (JSON.parse(json) as unknown);
  }

  delete(groupId: string): boolean {
    return this.sql.remove.run(groupId).changes > 0;
  }

  /** Ids of the stored groups, sorted. */
  list(): string[] {
    return this.sql.ids.all();
  }
}
