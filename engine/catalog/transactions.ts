// Durable transaction coordinator state (table transactions) and undecided transactional offset
// commits (table pending_txn_offsets); migrations/006-transactions.sql says why they live in the
// catalog. Each write is one SQLite transaction: a coordinator that is killed mid-way finds either
// the old row or the new one.

import { writeOffsetsAtomically, type OffsetCommit } from './group-offsets.ts';
import type { SqliteDatabase } from './migrate.ts';

export type StoredParticipant = { readonly topic: string; readonly partition: number } | { readonly groupId: string };

/** The stored states: PrepareEpochFence is transient and Dead ids are deleted. */
export type StoredTxnState = 'Empty' | 'Ongoing' | 'PrepareCommit' | 'PrepareAbort' | 'CompleteCommit' | 'CompleteAbort';

export interface StoredTransaction {
  readonly transactionalId: string;
  readonly producerId: number;
  readonly prevProducerId: number;
  readonly nextProducerId: number;
  readonly producerEpoch: number;
  readonly lastProducerEpoch: number;
  readonly timeoutMs: number;
  readonly state: string;
  readonly participants: readonly StoredParticipant[];
  readonly startTimestamp: number;
  readonly lastUpdateTimestamp: number;
  readonly clientTransactionVersion: number;
}

interface TxnRow {
  transactional_id: string;
  partition: number;
  producer_id: number;
  prev_producer_id: number;
  next_producer_id: number;
  producer_epoch: number;
  last_producer_epoch: number;
  timeout_ms: number;
  state: StoredTxnState;
  participants: string;
  start_timestamp: number;
  last_update_timestamp: number;
  client_transaction_version: number;
}

function parseParticipants(json: string, id: string): StoredParticipant[] {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) throw new Error(`transaction ${id}: participants is not an array`);
  return v.map((p: unknown) => {
    const o = p as Record<string, unknown>;
    if (typeof o.groupId === 'string') return { groupId: o.groupId };
    if (typeof o.topic === 'string' && Number.isInteger(o.partition)) return { topic: o.topic, partition: o.partition as number };
    throw new Error(`transaction ${id}: invalid participant ${JSON.stringify(p)}`);
  });
}

const toTxn = (r: TxnRow): StoredTransaction & { state: StoredTxnState } => ({
  transactionalId: r.transactional_id,
  producerId: r.producer_id,
  prevProducerId: r.prev_producer_id,
  nextProducerId: r.next_producer_id,
  producerEpoch: r.producer_epoch,
  lastProducerEpoch: r.last_producer_epoch,
  timeoutMs: r.timeout_ms,
  state: r.state,
  participants: parseParticipants(r.participants, r.transactional_id),
  startTimestamp: r.start_timestamp,
  lastUpdateTimestamp: r.last_update_timestamp,
  clientTransactionVersion: r.client_transaction_version,
});

export class TransactionStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      upsert: db.prepare<[string, number, number, number, number, number, number, number, string, string, number, number, number]>(
        `INSERT INTO transactions (transactional_id, partition, producer_id, prev_producer_id, next_producer_id, producer_epoch,
           last_producer_epoch, timeout_ms, state, participants, start_timestamp, last_update_timestamp, client_transaction_version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (transactional_id) DO UPDATE SET partition = excluded.partition, producer_id = excluded.producer_id,
           prev_producer_id = excluded.prev_producer_id, next_producer_id = excluded.next_producer_id,
           producer_epoch = excluded.producer_epoch, last_producer_epoch = excluded.last_producer_epoch,
           timeout_ms = excluded.timeout_ms, state = excluded.state, participants = excluded.participants,
           start_timestamp = excluded.start_timestamp, last_update_timestamp = excluded.last_update_timestamp,
           client_transaction_version = excluded.client_transaction_version`,
      ),
      byPartition: db.prepare<[number], TxnRow>('SELECT * FROM transactions WHERE partition = ? ORDER BY transactional_id'),
      all: db.prepare<[], TxnRow>('SELECT * FROM transactions ORDER BY transactional_id'),
      one: db.prepare<[string], TxnRow>('SELECT * FROM transactions WHERE transactional_id = ?'),
      remove: db.prepare<[string]>('DELETE FROM transactions WHERE transactional_id = ?'),
    };
  }

  /** Writes the id's whole state. Transient (PrepareEpochFence) and Dead states are refused. */
  put(partition: number, t: StoredTransaction): void {
    this.sql.upsert.run(t.transactionalId, partition, t.producerId, t.prevProducerId, t.nextProducerId, t.producerEpoch,
      t.lastProducerEpoch, t.timeoutMs, t.state, JSON.stringify(t.participants), t.startTimestamp, t.lastUpdateTimestamp,
      t.clientTransactionVersion);
  }

  loadPartition(partition: number): (StoredTransaction & { state: StoredTxnState })[] {
    return this.sql.byPartition.all(partition).map(toTxn);
  }

  all(): (StoredTransaction & { state: StoredTxnState })[] {
    return this.sql.all.all().map(toTxn);
  }

  get(transactionalId: string): (StoredTransaction & { state: StoredTxnState }) | undefined {
    const r = this.sql.one.get(transactionalId);
    return r && toTxn(r);
  }

  remove(transactionalId: string): void {
    this.sql.remove.run(transactionalId);
  }
}

export interface PendingTxnOffset extends Required<Omit<OffsetCommit, 'expireTimestamp'>> {
  groupId: string;
  producerId: number;
}

interface PendingRow {
  group_id: string;
  producer_id: number;
  topic: string;
  partition: number;
  committed_offset: number;
  leader_epoch: number;
  metadata: string | null;
  commit_timestamp: number;
}

/** TxnOffsetCommit's offsets, held until the transaction's marker reaches the group. */
export class PendingTxnOffsetStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      partitionExists: db.prepare<[string, number], number>('SELECT 1 FROM partitions WHERE topic = ? AND partition = ?').pluck(),
      upsert: db.prepare<[string, number, string, number, number, number, string | null, number]>(
        `INSERT INTO pending_txn_offsets (group_id, producer_id, topic, partition, committed_offset, leader_epoch, metadata, commit_timestamp)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (group_id, producer_id, topic, partition) DO UPDATE SET committed_offset = excluded.committed_offset,
           leader_epoch = excluded.leader_epoch, metadata = excluded.metadata, commit_timestamp = excluded.commit_timestamp`,
      ),
      pending: db.prepare<[string, number], PendingRow>(
        'SELECT * FROM pending_txn_offsets WHERE group_id = ? AND producer_id = ? ORDER BY topic, partition',
      ),
      byGroup: db.prepare<[string], PendingRow>('SELECT * FROM pending_txn_offsets WHERE group_id = ? ORDER BY producer_id, topic, partition'),
      promote: db.prepare<[string, number]>(
        `INSERT INTO group_offsets (group_id, topic, partition, committed_offset, leader_epoch, metadata, commit_timestamp, expire_timestamp)
           SELECT group_id, topic, partition, committed_offset, leader_epoch, metadata, commit_timestamp, NULL
           FROM pending_txn_offsets WHERE group_id = ? AND producer_id = ? AND true
         ON CONFLICT (group_id, topic, partition) DO UPDATE SET committed_offset = excluded.committed_offset,
           leader_epoch = excluded.leader_epoch, metadata = excluded.metadata,
           commit_timestamp = excluded.commit_timestamp, expire_timestamp = NULL`,
      ),
      drop: db.prepare<[string, number]>('DELETE FROM pending_txn_offsets WHERE group_id = ? AND producer_id = ?'),
    };
  }

  /** TxnOffsetCommit: stage offsets for (group, producer), all or none; invisible to OffsetFetch until committed. */
  stage(groupId: string, producerId: number, offsets: readonly OffsetCommit[], now = Date.now()): void {
    writeOffsetsAtomically(this.db, this.sql.partitionExists, groupId, offsets, (o) =>
      this.sql.upsert.run(groupId, producerId, o.topic, o.partition, o.committedOffset, o.leaderEpoch ?? -1,
        o.metadata ?? null, o.commitTimestamp ?? now));
  }

  /**
   * The marker for the group: COMMIT makes the producer's staged offsets the group's committed
   * offsets, ABORT drops them; atomically. Idempotent: a repeated marker finds nothing staged.
   * Returns how many offsets were settled.
   */
  complete(groupId: string, producerId: number, commit: boolean): number {
    return this.db.transaction(() => {
      const n = this.sql.pending.all(groupId, producerId).length;
      if (commit) this.sql.promote.run(groupId, producerId);
      this.sql.drop.run(groupId, producerId);
      return n;
    }).immediate();
  }

  pending(groupId: string): PendingTxnOffset[] {
    return this.sql.byGroup.all(groupId).map((r) => ({
      groupId: r.group_id, producerId: r.producer_id, topic: r.topic, partition: r.partition,
      committedOffset: r.committed_offset, leaderEpoch: r.leader_epoch, metadata: r.metadata, commitTimestamp: r.commit_timestamp,
    }));
  }
}
