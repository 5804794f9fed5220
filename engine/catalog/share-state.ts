// Durable share group state (tables share_partition_state and share_groups; migrations/008-share-state.sql
// says why they live in the catalog and how writes are fenced). The stores keep JSON opaque: the share
// group code (engine/broker/group/share/) owns the snapshot formats and validates them on load.

import type { SqliteDatabase } from './migrate.ts';

export interface SharePartitionStateRow {
  groupId: string;
  topic: string;
  partition: number;
  topicId: string;
  stateEpoch: number;
  leaderEpoch: number;
  startOffset: number;
  snapshot: unknown;
  deadLetters: unknown[];
  updatedAt: number;
}

export interface SharePartitionStateWrite {
  groupId: string;
  topic: string;
  partition: number;
  topicId: string;
  stateEpoch: number;
  leaderEpoch: number;
  startOffset: number;
  snapshot: unknown;
  deadLetters: readonly unknown[];
}

interface Row {
  group_id: string;
  topic: string;
  partition: number;
  topic_id: string;
  state_epoch: number;
  leader_epoch: number;
  start_offset: number;
  snapshot: string;
  dead_letters: string;
  updated_at: number;
}

const toState = (r: Row): SharePartitionStateRow => ({
  groupId: r.group_id,
  topic: r.topic,
  partition: r.partition,
  topicId: r.topic_id,
  stateEpoch: r.state_epoch,
  leaderEpoch: r.leader_epoch,
  startOffset: r.start_offset,
  snapshot: JSON.parse(r.snapshot) as unknown,
  deadLetters: JSON.parse(r.dead_letters) as unknown[],
  updatedAt: r.updated_at,
});

/** Why a leader's write was refused: the state was reset (or deleted) under it, or a newer leader wrote. */
export type ShareWriteOutcome = 'written' | 'fenced';

export class ShareStateStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      one: db.prepare<[string, string, number], Row>('SELECT * FROM share_partition_state WHERE group_id = ? AND topic = ? AND partition = ?'),
      epochOf: db.prepare<[string, string, number], { state_epoch: number; leader_epoch: number }>(
        'SELECT state_epoch, leader_epoch FROM share_partition_state WHERE group_id = ? AND topic = ? AND partition = ?',
      ),
      byGroup: db.prepare<[string], Row>('SELECT * FROM share_partition_state WHERE group_id = ? ORDER BY topic, partition'),
      insert: db.prepare<[string, string, number, string, number, number, number, string, string, number]>(
        `INSERT INTO share_partition_state
           (group_id, topic, partition, topic_id, state_epoch, leader_epoch, start_offset, snapshot, dead_letters, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      update: db.prepare<[number, number, string, string, number, string, string, number, number, number]>(
        `UPDATE share_partition_state SET leader_epoch = ?, start_offset = ?, snapshot = ?, dead_letters = ?, updated_at = ?
         WHERE group_id = ? AND topic = ? AND partition = ? AND state_epoch = ? AND leader_epoch <= ?`,
      ),
      reset: db.prepare<[string, string, number, string, number, string, number]>(
        `INSERT INTO share_partition_state
           (group_id, topic, partition, topic_id, state_epoch, leader_epoch, start_offset, snapshot, dead_letters, updated_at)
         VALUES (?, ?, ?, ?, 1, -1, ?, ?, '[]', ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET topic_id = excluded.topic_id,
           state_epoch = share_partition_state.state_epoch + 1, start_offset = excluded.start_offset,
           snapshot = json_set(excluded.snapshot, '$.stateEpoch', share_partition_state.state_epoch + 1),
           dead_letters = '[]', updated_at = excluded.updated_at`,
      ),
      deleteTopic: db.prepare<[string, string]>('DELETE FROM share_partition_state WHERE group_id = ? AND topic = ?'),
      deleteGroupState: db.prepare<[string]>('DELETE FROM share_partition_state WHERE group_id = ?'),
      groupIds: db.prepare<[], string>(
        'SELECT group_id FROM share_groups UNION SELECT DISTINCT group_id FROM share_partition_state ORDER BY 1',
      ).pluck(),
      putGroup: db.prepare<[string, string, number]>(
        `INSERT INTO share_groups (group_id, snapshot, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (group_id) DO UPDATE SET snapshot = excluded.snapshot, updated_at = excluded.updated_at`,
      ),
      getGroup: db.prepare<[string], string>('SELECT snapshot FROM share_groups WHERE group_id = ?').pluck(),
      deleteGroup: db.prepare<[string]>('DELETE FROM share_groups WHERE group_id = ?'),
    };
  }

  get(groupId: string, topic: string, partition: number): SharePartitionStateRow | undefined {
    const r = this.sql.one.get(groupId, topic, partition);
    return r && toState(r);
  }

  /** The row's epochs only (the leader's cheap check that its cached state is still current). */
  epochs(groupId: string, topic: string, partition: number): { stateEpoch: number; leaderEpoch: number } | undefined {
    const r = this.sql.epochOf.get(groupId, topic, partition);
    return r && { stateEpoch: r.state_epoch, leaderEpoch: r.leader_epoch };
  }

  byGroup(groupId: string): SharePartitionStateRow[] {
    return this.sql.byGroup.all(groupId).map(toState);
  }

  /**
   * A leader's writes, all in one transaction. A partition without a row is created; an existing row is
   * updated only if its state epoch matches and its leader epoch is not newer. Returns one outcome per write.
   */
  write(writes: readonly SharePartitionStateWrite[], now = Date.now()): ShareWriteOutcome[] {
    return this.db.transaction(() => writes.map((w): ShareWriteOutcome => {
      const snapshot = JSON.stringify(w.snapshot);
      const dead = JSON.stringify(w.deadLetters);
      const existing = this.sql.epochOf.get(w.groupId, w.topic, w.partition);
      if (existing === undefined) {
        if (w.stateEpoch !== 0) return 'fenced'; // it was deleted under a leader holding a reset state
        this.sql.insert.run(w.groupId, w.topic, w.partition, w.topicId, w.stateEpoch, w.leaderEpoch, w.startOffset, snapshot, dead, now);
        return 'written';
      }
      const changed = this.sql.update.run(w.leaderEpoch, w.startOffset, snapshot, dead, now, w.groupId, w.topic, w.partition, w.stateEpoch, w.leaderEpoch).changes;
      return changed === 1 ? 'written' : 'fenced';
    })).immediate();
  }

  /**
   * AlterShareGroupOffsets: every partition starts over at its new start offset with nothing in flight; the
   * state epoch moves on, so leaders holding the old state reload it. `snapshot` builds the stored snapshot
   * from the new start offset (its stateEpoch is set here).
   */
  reset(groupId: string, partitions: readonly { topic: string; partition: number; topicId: string; startOffset: number }[], snapshot: (p: { topicId: string; partition: number; startOffset: number }) => unknown, now = Date.now()): void {
    this.db.transaction(() => {
      for (const p of partitions) {
        // A new row starts at state epoch 1, so a leader still holding state epoch 0 (of a deleted row) reloads.
        const s = { ...(snapshot(p) as object), stateEpoch: 1 };
        this.sql.reset.run(groupId, p.topic, p.partition, p.topicId, p.startOffset, JSON.stringify(s), now);
      }
    }).immediate();
  }

  /** DeleteShareGroupOffsets: forgets the group's state of whole topics; returns how many rows went. */
  deleteTopics(groupId: string, topics: readonly string[]): number {
    return this.db.transaction(() => topics.reduce((n, t) => n + this.sql.deleteTopic.run(groupId, t).changes, 0)).immediate();
  }

  /** DeleteGroups of a share group: its membership and every share partition state. */
  deleteGroup(groupId: string): void {
    this.db.transaction(() => {
      this.sql.deleteGroupState.run(groupId);
      this.sql.deleteGroup.run(groupId);
    }).immediate();
  }

  /** Every share group the catalog knows of (by membership or by state). */
  groupIds(): string[] {
    return this.sql.groupIds.all();
  }

  putGroup(groupId: string, snapshot: unknown, now = Date.now()): void {
    this.sql.putGroup.run(groupId, JSON.stringify(snapshot), now);
  }

  getGroup(groupId: string): unknown {
    const s = this.sql.getGroup.get(groupId);
    return s === undefined ? undefined : (JSON.parse(s) as unknown);
  }
}
