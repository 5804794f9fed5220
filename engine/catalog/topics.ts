// Topics with their ids, config overrides and partitions (tables topics, topic_configs, partitions).
// Every operation that touches more than one row is one transaction: a topic appears with all of its
// partitions and configs or not at all, and its delete removes everything that hangs off it (cascade:
// configs, partitions, checkpoints, committed offsets).

import { KafkaError } from '../protocol/error-codes.ts';
import type { SqliteDatabase } from './migrate.ts';
import { type NewPartition, type Partition, type PartitionStore, toPartition } from './partitions.ts';
import { validateTopicConfigs } from './topic-config.ts';
import { unifyCollisionChars, validateNewTopicName } from './topic-name.ts';
import { isKafkaUuid, randomKafkaUuid } from './uuid.ts';

export interface Topic {
  name: string;
  /** Kafka's topic id as a 22-character URL-safe base64 string (see uuid.ts for the 16-byte form). */
  topicId: string;
  createdAt: number;
  isInternal: boolean;
  /** Overrides only; describeTopicConfigs/toLogConfig add Kafka's defaults. */
  configs: Record<string, string>;
  partitions: Partition[];
}

export interface NewTopic {
  name: string;
  /** Normally generated; given when restoring or importing a topic. */
  topicId?: string;
  isInternal?: boolean;
  configs?: Record<string, string>;
  /** Partition i gets partitions[i]; at least one. */
  partitions: NewPartition[];
}

interface TopicRow {
  name: string;
  topic_id: string;
  created_at: number;
  is_internal: number;
}

interface ConfigRow {
  topic: string;
  name: string;
  value: string;
}

export class TopicStore {
  private readonly sql;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly partitions: PartitionStore,
  ) {
    this.sql = {
      get: db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE name = ?'),
      getById: db.prepare<[string], TopicRow>('SELECT * FROM topics WHERE topic_id = ?'),
      list: db.prepare<[], TopicRow>('SELECT * FROM topics ORDER BY name'),
      names: db.prepare<[], string>('SELECT name FROM topics ORDER BY name').pluck(),
      similar: db.prepare<[string, string], string>(
        "SELECT name FROM topics WHERE name = ? OR replace(name, '.', '_') = ?",
      ).pluck(),
      insert: db.prepare<[string, string, number, number]>(
        'INSERT INTO topics (name, topic_id, created_at, is_internal) VALUES (?, ?, ?, ?)',
      ),
      remove: db.prepare<[string]>('DELETE FROM topics WHERE name = ?'),
      configs: db.prepare<[string], ConfigRow>('SELECT topic, name, value FROM topic_configs WHERE topic = ? ORDER BY name'),
      allConfigs: db.prepare<[], ConfigRow>('SELECT topic, name, value FROM topic_configs ORDER BY topic, name'),
      putConfig: db.prepare<[string, string, string]>(
        'INSERT INTO topic_configs (topic, name, value) VALUES (?, ?, ?) ON CONFLICT (topic, name) DO UPDATE SET value = excluded.value',
      ),
      clearConfigs: db.prepare<[string]>('DELETE FROM topic_configs WHERE topic = ?'),
      deleteConfig: db.prepare<[string, string]>('DELETE FROM topic_configs WHERE topic = ? AND name = ?'),
      brokerIds: db.prepare<[], number>('SELECT broker_id FROM brokers').pluck(),
      allPartitions: db.prepare<[], Parameters<typeof toPartition>[0]>('SELECT * FROM partitions ORDER BY topic, partition'),
    };
  }

  /**
   * Creates a topic with its configs and partitions in one transaction. Throws KafkaError:
   * INVALID_TOPIC_EXCEPTION (illegal name, or collides with an existing name by '.'/'_'),
   * TOPIC_ALREADY_EXISTS, INVALID_CONFIG, INVALID_PARTITIONS, INVALID_REPLICA_ASSIGNMENT.
   */
  create(t: NewTopic, now = Date.now()): Topic {
    return this.db.transaction((): Topic => {
      validateNewTopicName(t.name, this.sql.similar.all(t.name, unifyCollisionChars(t.name)));
      const configs = { ...(t.configs ?? {}) };
      validateTopicConfigs(configs);
      if (t.partitions.length === 0) {
        throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.');
      }
      this.checkAssignment(t.name, t.partitions, t.partitions[0].replicas.length);
      const topicId = t.topicId ?? randomKafkaUuid();
      if (!isKafkaUuid(topicId)) throw new KafkaError('INVALID_REQUEST', `Invalid topic id '${topicId}'`);
      if (this.sql.getById.get(topicId)) throw new KafkaError('INVALID_REQUEST', `Topic id ${topicId} is already in use`);
      this.sql.insert.run(t.name, topicId, now, t.isInternal ? 1 : 0);
      for (const name of Object.keys(configs).sort()) this.sql.putConfig.run(t.name, name, configs[name]);
      const partitions = t.partitions.map((p, i) => this.partitions.insert(t.name, i, p));
      return { name: t.name, topicId, createdAt: now, isInternal: t.isInternal ?? false, configs, partitions };
    }).immediate();
  }

  get(name: string): Topic | undefined {
    const row = this.sql.get.get(name);
    return row && this.assemble(row);
  }

  getById(topicId: string): Topic | undefined {
    const row = this.sql.getById.get(topicId);
    return row && this.assemble(row);
  }

  names(): string[] {
    return this.sql.names.all();
  }

  /** Every topic with configs and partitions, by name; three queries whatever the topic count. */
  list(): Topic[] {
    return this.db.transaction(() => {
      const configs = new Map<string, Record<string, string>>();
      for (const c of this.sql.allConfigs.all()) {
        let m = configs.get(c.topic);
        if (!m) configs.set(c.topic, (m = {}));
        m[c.name] = c.value;
      }
      const partitions = new Map<string, Partition[]>();
      for (const row of this.sql.allPartitions.all()) {
        const p = toPartition(row);
        let l = partitions.get(p.topic);
        if (!l) partitions.set(p.topic, (l = []));
        l.push(p);
      }
      return this.sql.list.all().map((r) => topicOf(r, configs.get(r.name) ?? {}, partitions.get(r.name) ?? []));
    })();
  }

  /**
   * Deletes a topic and, by cascade, its configs, partitions, checkpoints and committed offsets.
   * Returns what was deleted (brokers need the id and partitions to remove the log dirs), or undefined.
   */
  delete(name: string): Topic | undefined {
    return this.db.transaction(() => {
      const topic = this.get(name);
      if (topic) this.sql.remove.run(name);
      return topic;
    }).immediate();
  }

  /** Appends partitions (CreatePartitions); they must have the topic's replication factor. */
  addPartitions(name: string, partitions: NewPartition[]): Partition[] {
    return this.db.transaction(() => {
      const existing = this.partitions.list(name);
      if (!this.sql.get.get(name)) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
      if (partitions.length === 0) {
        throw new KafkaError('INVALID_PARTITIONS', `Topic already has ${existing.length} partitions.`);
      }
      this.checkAssignment(name, partitions, existing[0]?.replicas.length ?? partitions[0].replicas.length);
      return partitions.map((p, i) => this.partitions.insert(name, existing.length + i, p));
    }).immediate();
  }

  /**
   * Sets (string) or removes (null) overrides, as IncrementalAlterConfigs SET/DELETE; the resulting set
   * is validated as a whole. Returns the new overrides.
   */
  alterConfigs(name: string, changes: Record<string, string | null>): Record<string, string> {
    return this.db.transaction(() => {
      const current = this.requireConfigs(name);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) delete current[k];
        else current[k] = v;
      }
      validateTopicConfigs(current);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) this.sql.deleteConfig.run(name, k);
        else this.sql.putConfig.run(name, k, v);
      }
      return current;
    }).immediate();
  }

  /** Replaces all overrides (legacy AlterConfigs semantics). */
  replaceConfigs(name: string, configs: Record<string, string>): Record<string, string> {
    return this.db.transaction(() => {
      this.requireConfigs(name);
      validateTopicConfigs(configs);
      this.sql.clearConfigs.run(name);
      for (const k of Object.keys(configs).sort()) this.sql.putConfig.run(name, k, configs[k]);
      return { ...configs };
    }).immediate();
  }

  /** A topic's overrides ({} for a topic without overrides, undefined for an unknown topic). */
  configs(name: string): Record<string, string> | undefined {
    return this.sql.get.get(name) ? this.configsOf(name) : undefined;
  }

  private requireConfigs(name: string): Record<string, string> {
    const c = this.configs(name);
    if (!c) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic '${name}' does not exist.`);
    return c;
  }

  private configsOf(name: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const c of this.sql.configs.all(name)) out[c.name] = c.value;
    return out;
  }

  private assemble(row: TopicRow): Topic {
    return topicOf(row, this.configsOf(row.name), this.partitions.list(row.name));
  }

  /** Every partition has `replicationFactor` replicas, all of them registered brokers. */
  private checkAssignment(topic: string, partitions: NewPartition[], replicationFactor: number): void {
    const brokers = new Set(this.sql.brokerIds.all());
    partitions.forEach((p, i) => {
      if (p.replicas.length !== replicationFactor) {
        throw new KafkaError('INVALID_REPLICA_ASSIGNMENT',
          `Topic '${topic}': every partition must have ${replicationFactor} replicas, but a new partition (#${i}) has ${p.replicas.length}.`);
      }
      for (const id of p.replicas) {
        if (!brokers.has(id)) {
          throw new KafkaError('INVALID_REPLICA_ASSIGNMENT',
            `The partition assignment for topic '${topic}' includes broker ${id}, but no such broker is registered.`);
        }
      }
    });
  }
}

function topicOf(r: TopicRow, configs: Record<string, string>, partitions: Partition[]): Topic {
  return { name: r.name, topicId: r.topic_id, createdAt: r.created_at, isInternal: r.is_internal === 1, configs, partitions };
}
