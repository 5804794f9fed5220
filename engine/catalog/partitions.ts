// Partition state (table `partitions`, migrations/001-cluster.sql): replica assignment, leader, ISR and
// the two epochs, with KRaft's rules for bumping them (PartitionChangeBuilder):
//   * a new leader bumps leader_epoch (followers and clients fence the old leader by it);
//   * any change of leader, ISR or replicas bumps partition_epoch (AlterPartition's optimistic lock).
// A change that changes nothing bumps nothing.

import { KafkaError } from '../protocol/error-codes.ts';
import type { SqliteDatabase } from './migrate.ts';

export const NO_LEADER = -1;

export interface Partition {
  topic: string;
  partition: number;
  /** Broker ids in preference order; replicas[0] is the preferred leader. */
  replicas: number[];
  /** -1 when the partition has no leader. */
  leader: number;
  leaderEpoch: number;
  isr: number[];
  partitionEpoch: number;
}

/** A new partition's state; leader defaults to replicas[0] and isr to all replicas. */
export interface NewPartition {
  replicas: number[];
  leader?: number;
  isr?: number[];
}

export interface PartitionChange {
  topic: string;
  partition: number;
  leader?: number;
  isr?: number[];
  replicas?: number[];
  /** If given, the change applies only at this partition epoch (else INVALID_UPDATE_VERSION), as AlterPartition. */
  expectedPartitionEpoch?: number;
}

interface PartitionRow {
  topic: string;
  partition: number;
  replicas: string;
  leader: number;
  leader_epoch: number;
  isr: string;
  partition_epoch: number;
}

export const toPartition = (r: PartitionRow): Partition => ({
  topic: r.topic,
  partition: r.partition,
  replicas: JSON.parse(r.replicas) as number[],
  leader: r.leader,
  leaderEpoch: r.leader_epoch,
  isr: JSON.parse(r.isr) as number[],
  partitionEpoch: r.partition_epoch,
});

const isBrokerId = (id: unknown): id is number => Number.isInteger(id) && (id as number) >= 0;

/** Checks replicas (non-empty, distinct broker ids), isr (a subset of replicas) and leader (-1 or in isr). */
export function validatePartitionState(where: string, replicas: number[], leader: number, isr: number[]): void {
  if (replicas.length === 0) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `${where}: the replica list is empty`);
  if (!replicas.every(isBrokerId)) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `${where}: replicas ${JSON.stringify(replicas)} are not all broker ids`);
  if (new Set(replicas).size !== replicas.length) {
    throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `${where}: duplicate broker id in replicas ${JSON.stringify(replicas)}`);
  }
  if (new Set(isr).size !== isr.length || !isr.every((id) => replicas.includes(id))) {
    throw new KafkaError('INVALID_REQUEST', `${where}: ISR ${JSON.stringify(isr)} is not a set of replicas ${JSON.stringify(replicas)}`);
  }
  if (leader !== NO_LEADER && !isr.includes(leader)) {
    throw new KafkaError('INVALID_REQUEST', `${where}: leader ${leader} is not in the ISR ${JSON.stringify(isr)}`);
  }
}

const sameList = (a: number[], b: number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export class PartitionStore {
  private readonly sql;

  constructor(private readonly db: SqliteDatabase) {
    this.sql = {
      get: db.prepare<[string, number], PartitionRow>('SELECT * FROM partitions WHERE topic = ? AND partition = ?'),
      listTopic: db.prepare<[string], PartitionRow>('SELECT * FROM partitions WHERE topic = ? ORDER BY partition'),
      listAll: db.prepare<[], PartitionRow>('SELECT * FROM partitions ORDER BY topic, partition'),
      count: db.prepare<[string], { n: number }>('SELECT count(*) AS n FROM partitions WHERE topic = ?'),
      insert: db.prepare<[string, number, string, number, string]>(
        'INSERT INTO partitions (topic, partition, replicas, leader, leader_epoch, isr, partition_epoch) VALUES (?, ?, ?, ?, 0, ?, 0)',
      ),
      update: db.prepare<[string, number, number, string, number, string, number], PartitionRow>(
        `UPDATE partitions SET replicas = ?, leader = ?, leader_epoch = ?, isr = ?, partition_epoch = ?
         WHERE topic = ? AND partition = ? RETURNING *`,
      ),
    };
  }

  get(topic: string, partition: number): Partition | undefined {
    const row = this.sql.get.get(topic, partition);
    return row && toPartition(row);
  }

  /** A topic's partitions by index ([] for an unknown topic). */
  list(topic: string): Partition[] {
    return this.sql.listTopic.all(topic).map(toPartition);
  }

  listAll(): Partition[] {
    return this.sql.listAll.all().map(toPartition);
  }

  count(topic: string): number {
    return this.sql.count.get(topic)!.n;
  }

  /** Used by TopicStore inside its transactions; validates and inserts partition `index` of `topic`. */
  insert(topic: string, index: number, p: NewPartition): Partition {
    const leader = p.leader ?? p.replicas[0] ?? NO_LEADER;
    const isr = p.isr ?? [...p.replicas];
    validatePartitionState(`${topic}-${index}`, p.replicas, leader, isr);
    this.sql.insert.run(topic, index, JSON.stringify(p.replicas), leader, JSON.stringify(isr));
    return { topic, partition: index, replicas: [...p.replicas], leader, leaderEpoch: 0, isr, partitionEpoch: 0 };
  }

  /** Applies one change (see the rules at the top of this file) and returns the new state. */
  update(change: PartitionChange): Partition {
    return this.db.transaction(() => this.apply(change))();
  }

  /** Applies changes all-or-nothing, e.g. every leader move after a broker dies. */
  applyChanges(changes: PartitionChange[]): Partition[] {
    return this.db.transaction(() => changes.map((c) => this.apply(c)))();
  }

  /** Convenience for leader election: new leader (and optionally ISR). */
  electLeader(topic: string, partition: number, leader: number, isr?: number[]): Partition {
    return this.update({ topic, partition, leader, isr });
  }

  private apply(c: PartitionChange): Partition {
    const where = `${c.topic}-${c.partition}`;
    const row = this.sql.get.get(c.topic, c.partition);
    if (!row) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Partition ${where} does not exist`);
    const cur = toPartition(row);
    if (c.expectedPartitionEpoch !== undefined && c.expectedPartitionEpoch !== cur.partitionEpoch) {
      throw new KafkaError('INVALID_UPDATE_VERSION',
        `Partition ${where}: expected partition epoch ${c.expectedPartitionEpoch}, current is ${cur.partitionEpoch}`);
    }
    const replicas = c.replicas ?? cur.replicas;
    const leader = c.leader ?? cur.leader;
    const isr = c.isr ?? cur.isr;
    validatePartitionState(where, replicas, leader, isr);
    const leaderChanged = leader !== cur.leader;
    if (!leaderChanged && sameList(isr, cur.isr) && sameList(replicas, cur.replicas)) return cur;
    const updated = this.sql.update.get(
      JSON.stringify(replicas), leader, cur.leaderEpoch + (leaderChanged ? 1 : 0), JSON.stringify(isr),
      cur.partitionEpoch + 1, c.topic, c.partition,
    );
    return toPartition(updated!);
  }
}
