// Committed consumer group offsets (table group_offsets, migrations/003-group-offsets.sql; the SQL file
// says why they live in the catalog). An OffsetCommit is one transaction: all of its partitions or none.

import { KafkaError } from '../protocol/error-codes.ts';
import type { SqliteDatabase } from './migrate.ts';

export interface TopicPartitionRef {
  topic: string;
  partition: number;
}

export interface OffsetCommit extends TopicPartitionRef {
  committedOffset: number;
  /** The leader epoch of the last consumed record; -1 if unknown. */
  leaderEpoch?: number;
  metadata?: string | null;
  /** Defaults to the commit time passed to commit(). */
  commitTimestamp?: number;
  expireTimestamp?: number | null;
}

export interface CommittedOffset extends TopicPartitionRef {
  groupId: string;
  committedOffset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
  expireTimestamp: number | null;
}

/**
 * Writes a group's offsets in one SQLite transaction, all or none: an empty group id, or any partition the
 * catalog does not have, fails the whole write (UNKNOWN_TOPIC_OR_PARTITION) before a row changes.
 */
export function writeOffsetsAtomically(
  db: SqliteDatabase,
  partitionExists: { get(topic: string, partition: number): unknown },
  groupId: string,
  offsets: readonly OffsetCommit[],
  write: (o: OffsetCommit) => void,
): void {
  if (groupId === '') throw new KafkaError('INVALID_GROUP_ID', 'The group id must not be empty');
  db.transaction(() => {
    for (const o of offsets) {
      if (partitionExists.get(o.topic, o.partition) === undefined) {
        throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Partition ${o.topic}-${o.partition} does not exist`);
      }
      write(o);
    }
  }).immediate();
}

interface OffsetRow {
  group_id: string;
  topic: string;
  partition: number;
  committed_offset: number;
  leader_epoch: number;
  metadata: string | null;
  commit_timestamp: number;
  expire_timestamp: number | null;
}

const toOffset = (r: OffsetRow): CommittedOffset => ({
  groupId: r.group_id,
  topic: r.topic,
  partition: r.partition,
  committedOffset: r.committed_offset,
  leaderEpoch: r.leader_epoch,
  metadata: r.metadata,
  commitTimestamp: r.commit_timestamp,
  expireTimestamp: r.expire_timestamp,
});

export class GroupOffsetStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      partitionExists: db.prepare<[string, number], number>('SELECT 1 FROM partitions WHERE topic = ? AND partition = ?').pluck(),
      upsert: db.prepare<[string, string, number, number, number, string | null, number, number | null]>(
        `INSERT INTO group_offsets
           (group_id, topic, partition, committed_offset, leader_epoch, metadata, commit_timestamp, expire_timestamp)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET committed_offset = excluded.committed_offset,
           leader_epoch = excluded.leader_epoch, metadata = excluded.metadata,
           commit_timestamp = excluded.commit_timestamp, expire_timestamp = excluded.expire_timestamp`,
      ),
      byGroup: db.prepare<[string], OffsetRow>('SELECT * FROM group_offsets WHERE group_id = ? ORDER BY topic, partition'),
      one: db.prepare<[string, string, number], OffsetRow>(
        'SELECT * FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?',
      ),
      deleteGroup: db.prepare<[string]>('DELETE FROM group_offsets WHERE group_id = ?'),
      deleteOne: db.prepare<[string, string, number]>('DELETE FROM group_offsets WHERE group_id = ? AND topic = ? AND partition = ?'),
      groups: db.prepare<[], string>('SELECT DISTINCT group_id FROM group_offsets ORDER BY group_id').pluck(),
      byTopic: db.prepare<[string], OffsetRow>('SELECT * FROM group_offsets WHERE topic = ? ORDER BY group_id, partition'),
    };
  }

  /**
   * Commits offsets for a group, all or none. A partition that does not exist fails the whole commit with
   * UNKNOWN_TOPIC_OR_PARTITION (the coordinator filters per partition first if it wants partial success).
   */
  commit(groupId: string, offsets: readonly OffsetCommit[], now = Date.now()): void {
    writeOffsetsAtomically(this.db, this.sql.partitionExists, groupId, offsets, (o) =>
      this.sql.upsert.run(groupId, o.topic, o.partition, o.committedOffset, o.leaderEpoch ?? -1, o.metadata ?? null,
        o.commitTimestamp ?? now, o.expireTimestamp ?? null));
  }

  /** The group's committed offsets: all of them, or only those of `partitions` that have one. */
  fetch(groupId: string, partitions?: readonly TopicPartitionRef[]): CommittedOffset[] {
    if (!partitions) return this.sql.byGroup.all(groupId).map(toOffset);
    return this.db.transaction(() =>
      partitions.flatMap((p) => {
        const row = this.sql.one.get(groupId, p.topic, p.partition);
        return row ? [toOffset(row)] : [];
      }),
    )();
  }

  fetchOne(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    const row = this.sql.one.get(groupId, topic, partition);
    return row && toOffset(row);
  }

  /** Every group's offsets for one topic (the UI's lag view). */
  fetchByTopic(topic: string): CommittedOffset[] {
    return this.sql.byTopic.all(topic).map(toOffset);
  }

  /** DeleteGroups: removes all of a group's offsets; returns how many. */
  deleteGroup(groupId: string): number {
    return this.sql.deleteGroup.run(groupId).changes;
  }

  /** OffsetDelete: removes the group's offsets of these partitions, atomically; returns how many existed. */
  deletePartitions(groupId: string, partitions: readonly TopicPartitionRef[]): number {
    return this.db.transaction(() =>
      partitions.reduce((n, p) => n + this.sql.deleteOne.run(groupId, p.topic, p.partition).changes, 0),
    ).immediate();
  }

  /** Ids of the groups that have committed offsets, sorted. */
  listGroups(): string[] {
    return this.sql.groups.all();
  }
}
