// Topic create, delete and describe through the Admin client. Refusals come back as Kafka's error name and
// the broker's message (errors.ts), e.g. TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION,
// INVALID_REPLICATION_FACTOR, INVALID_CONFIG.

import type { AlterConfigsRequest, ConfigEntry, CreateTopicRequest, PartitionSegments, TopicDetail, TopicSegments, TopicSummary } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { ConsoleError } from '../service/errors.ts';
import { readMetadata, readPartitions, summarize } from './overview.ts';

const TOPIC_RESOURCE = 2; // ConfigResourceType TOPIC
const DEFAULT_SOURCES = new Set([4, 5]); // STATIC_BROKER_CONFIG, DEFAULT_CONFIG

function positiveInt(n: unknown, what: string, max: number): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw new ConsoleError('INVALID_REQUEST', `${what} must be a whole number from 1 to ${max}.`);
  }
  return n;
}

export async function createTopic(conn: KafkaConnection, req: CreateTopicRequest): Promise<TopicSummary> {
  if (typeof req?.name !== 'string' || req.name.trim() === '') throw new ConsoleError('INVALID_REQUEST', 'A topic needs a name.');
  const partitions = positiveInt(req.partitions, 'Partitions', 10_000);
  const replicas = positiveInt(req.replicationFactor, 'Replication factor', 32);
  const configs = Object.entries(req.configs ?? {}).map(([name, value]) => ({ name: name.trim(), value: String(value) }));
  // The name goes to the broker as typed: Kafka's own validation (length, characters, '.' and '_') answers.
  await conn.admin.createTopics({ topics: [req.name], partitions, replicas, configs });
  return (await waitForTopic(conn, req.name)) ?? {
    name: req.name, id: '', partitions, replicationFactor: replicas, messages: 0, sizeBytes: 0,
    underReplicatedPartitions: 0, offlinePartitions: 0, health: 'healthy',
  };
}

/** Metadata can lag a moment behind CreateTopics; wait briefly until every partition has a leader. */
async function waitForTopic(conn: KafkaConnection, name: string): Promise<TopicSummary | undefined> {
  for (let i = 0; i < 20; i++) {
    try {
      const md = await readMetadata(conn, [name]);
      const t = md.topics.get(name);
      if (t && t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)) {
        const [tp] = await readPartitions(conn, md);
        return summarize(tp);
      }
    } catch {
      // not there yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return undefined;
}

export async function deleteTopic(conn: KafkaConnection, topic: string): Promise<void> {
  if (typeof topic !== 'string' || topic === '') throw new ConsoleError('INVALID_REQUEST', 'Which topic? The name is empty.');
  await conn.admin.deleteTopics({ topics: [topic] });
}

export async function describeTopic(conn: KafkaConnection, topic: string): Promise<TopicDetail> {
  const md = await readMetadata(conn, [topic]);
  if (!md.topics.has(topic)) throw new ConsoleError('NOT_FOUND', `Topic '${topic}' does not exist.`);
  const [tp] = await readPartitions(conn, md);
  let configs: ConfigEntry[] = [];
  try {
    const [desc] = await conn.admin.describeConfigs({ resources: [{ resourceType: TOPIC_RESOURCE, resourceName: topic, configurationKeys: [] }] });
    configs = (desc?.configs ?? [])
      .map((c) => ({ name: c.name, value: c.value ?? null, isDefault: DEFAULT_SOURCES.has(c.configSource), readOnly: c.readOnly, sensitive: c.isSensitive }))
      .sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    // Configs are a detail: the partitions are still worth showing.
  }
  return { name: tp.name, id: tp.id, partitions: tp.partitions, configs };
}

/** Purge: DeleteRecords up to each partition's high watermark (the log start moves there; nothing else changes). */
export async function purgeTopic(conn: KafkaConnection, topic: string): Promise<void> {
  const md = await readMetadata(conn, [topic]);
  const t = md.topics.get(topic);
  if (!t) throw new ConsoleError('NOT_FOUND', `Topic '${topic}' does not exist.`);
  const offline = t.partitions.findIndex((p) => p.leader < 0);
  if (offline >= 0) throw new ConsoleError('UNAVAILABLE', `Partition ${offline} of '${topic}' is offline: it has no leader, so it cannot be purged now.`);
  // -1 is Kafka's "up to the high watermark".
  await conn.admin.deleteRecords({ topics: [{ name: topic, partitions: t.partitions.map((_, partition) => ({ partition, offset: -1n })) }] });
}

/** IncrementalAlterConfigs: SET the given configs, DELETE (back to default) the reset ones. */
export async function alterTopicConfigs(conn: KafkaConnection, req: AlterConfigsRequest): Promise<TopicDetail> {
  if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Which topic? The name is empty.');
  const set = Object.entries(req.set ?? {}).map(([name, value]) => ({ name: name.trim(), configOperation: 0 as const, value: String(value) }));
  const reset = (req.reset ?? []).map((name) => ({ name: name.trim(), configOperation: 1 as const }));
  if (set.length + reset.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Nothing to change.');
  await conn.admin.incrementalAlterConfigs({ resources: [{ resourceType: TOPIC_RESOURCE, resourceName: req.topic, configs: [...set, ...reset] }] });
  return describeTopic(conn, req.topic);
}

/** CreatePartitions: grow the topic to `totalCount` partitions (Kafka never shrinks one). */
export async function addPartitions(conn: KafkaConnection, topic: string, totalCount: number): Promise<TopicDetail> {
  const count = positiveInt(totalCount, 'Partition count', 10_000);
  await conn.admin.createPartitions({ topics: [{ name: topic, count, assignments: null }] });
  for (let i = 0; i < 20; i++) {
    const d = await describeTopic(conn, topic);
    if (d.partitions.length >= count && d.partitions.every((p) => p.leader >= 0)) return d;
    await new Promise((r) => setTimeout(r, 100));
  }
  return describeTopic(conn, topic);
}

/** Each partition's segments on its leader, from broker-internal stats (local cluster only). */
export async function topicSegments(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined, topic: string): Promise<TopicSegments> {
  if (!lifecycle) return { available: false, partitions: [] };
  const md = await readMetadata(conn, [topic]);
  const t = md.topics.get(topic);
  if (!t) throw new ConsoleError('NOT_FOUND', `Topic '${topic}' does not exist.`);
  const leaders = [...new Set(t.partitions.map((p) => p.leader).filter((l) => l >= 0))];
  const stats = await Promise.all(leaders.map((id) => lifecycle.brokerStats(id).catch(() => undefined)));
  const partitions: PartitionSegments[] = [];
  for (const s of stats) {
    for (const p of s?.partitions ?? []) {
      if (p.topic !== topic || t.partitions[p.partition]?.leader !== s!.id) continue;
      partitions.push({ partition: p.partition, broker: s!.id, segments: p.segments.map((g) => ({ baseOffset: g.baseOffset, sizeBytes: g.size })) });
    }
  }
  return { available: true, partitions: partitions.sort((a, b) => a.partition - b.partition) };
}
