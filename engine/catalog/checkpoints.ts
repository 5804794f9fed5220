// Per-replica log checkpoints (table partition_checkpoints, migrations/002-partition-checkpoints.sql):
// recovery point, log start offset and high watermark of each partition replica a broker hosts.
// A broker writes its whole set in ONE transaction, so the loader always reads one consistent snapshot:
// if any entry is rejected (unknown partition or broker, negative or non-integer offset), none is written
// and the previous values stay.

import type { SqliteDatabase } from './migrate.ts';

export interface CheckpointEntry {
  topic: string;
  partition: number;
  /** Offset up to which the log is known flushed; recovery starts here. */
  recoveryPoint: number;
  logStartOffset: number;
  highWatermark: number;
}

export interface Checkpoint extends CheckpointEntry {
  brokerId: number;
  updatedAt: number;
}

interface CheckpointRow {
  topic: string;
  partition: number;
  broker_id: number;
  recovery_point: number;
  log_start_offset: number;
  high_watermark: number;
  updated_at: number;
}

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  topic: r.topic,
  partition: r.partition,
  brokerId: r.broker_id,
  recoveryPoint: r.recovery_point,
  logStartOffset: r.log_start_offset,
  highWatermark: r.high_watermark,
  updatedAt: r.updated_at,
});

export class CheckpointStore {
  private readonly sql;
  private readonly writeAll;

  constructor(db: SqliteDatabase) {
    this.sql = {
      upsert: db.prepare<[string, number, number, number, number, number, number]>(
        `INSERT INTO partition_checkpoints
           (topic, partition, broker_id, recovery_point, log_start_offset, high_watermark, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (topic, partition, broker_id) DO UPDATE SET recovery_point = excluded.recovery_point,
           log_start_offset = excluded.log_start_offset, high_watermark = excluded.high_watermark,
           updated_at = excluded.updated_at`,
      ),
      byBroker: db.prepare<[number], CheckpointRow>('SELECT * FROM partition_checkpoints WHERE broker_id = ? ORDER BY topic, partition'),
      byPartition: db.prepare<[string, number], CheckpointRow>(
        'SELECT * FROM partition_checkpoints WHERE topic = ? AND partition = ? ORDER BY broker_id',
      ),
      one: db.prepare<[number, string, number], CheckpointRow>(
        'SELECT * FROM partition_checkpoints WHERE broker_id = ? AND topic = ? AND partition = ?',
      ),
      remove: db.prepare<[number, string, number]>('DELETE FROM partition_checkpoints WHERE broker_id = ? AND topic = ? AND partition = ?'),
    };
    // Prepared once: a transaction function compiles nothing per call.
    this.writeAll = db.transaction((brokerId: number, entries: readonly CheckpointEntry[], now: number) => {
      for (const e of entries) {
        // STRICT columns reject non-integers and CHECK constraints reject negatives, inside the transaction.
        this.sql.upsert.run(e.topic, e.partition, brokerId, e.recoveryPoint, e.logStartOffset, e.highWatermark, now);
      }
    });
  }

  /** Writes a broker's checkpoints atomically: all entries or none (the error is rethrown). */
  writeCheckpoints(brokerId: number, entries: readonly CheckpointEntry[], now = Date.now()): void {
    this.writeAll.immediate(brokerId, entries, now);
  }

  /** Every checkpoint of one broker, by topic and partition. */
  readCheckpoints(brokerId: number): Checkpoint[] {
    return this.sql.byBroker.all(brokerId).map(toCheckpoint);
  }

  /** One partition's checkpoints on every broker that hosts a replica. */
  readPartition(topic: string, partition: number): Checkpoint[] {
    return this.sql.byPartition.all(topic, partition).map(toCheckpoint);
  }

  get(brokerId: number, topic: string, partition: number): Checkpoint | undefined {
    const row = this.sql.one.get(brokerId, topic, partition);
    return row && toCheckpoint(row);
  }

  /** Forgets a replica's checkpoint (the replica moved off the broker). */
  remove(brokerId: number, topic: string, partition: number): boolean {
    return this.sql.remove.run(brokerId, topic, partition).changes > 0;
  }
}
