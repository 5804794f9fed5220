// Topic create, delete and describe through the Admin client. Refusals come back as Kafka's error name and
// the broker's message (errors.ts), e.g. TOPIC_ALREADY_EXISTS, INVALID_TOPIC_EXCEPTION,
// INVALID_REPLICATION_FACTOR, INVALID_CONFIG.

import type { ConfigEntry, CreateTopicRequest, TopicDetail, TopicSummary } from '../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from './errors.ts';
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
