// Topic administration over the Kafka protocol, for our own tools (the control endpoint, benchmarks): create,
// delete, list and describe topics the way any Kafka admin client does — CreateTopics, DeleteTopics,
// Metadata and DescribeConfigs sent to a broker — so the CLI sees exactly what other clients see.
//
// One connection per call: these are rare, human-paced operations. A refusal carries Kafka's error name and
// message (TopicAdminError), so callers can print "INVALID_REPLICATION_FACTOR: ..." unchanged.

import { ApiKey } from '../protocol/api-keys.ts';
import { errorName } from '../protocol/error-codes.ts';
import type {
  CreateTopicsResponse,
  DeleteTopicsResponse,
  DescribeConfigsResponse,
  MetadataResponse,
} from '../protocol/messages/index.ts';
import type { MessageValue } from '../protocol/schema.ts';
import { KafkaConnection, type ConnectOptions } from './connection.ts';

/** DescribeConfigs' ConfigSource for a value set on the topic itself (Kafka's TOPIC_CONFIG). */
const SOURCE_TOPIC_CONFIG = 1;
const TOPIC_RESOURCE = 2;
const ADMIN_TIMEOUT_MS = 30_000;

export class TopicAdminError extends Error {
  constructor(
    /** Kafka's error name, e.g. INVALID_REPLICATION_FACTOR. */
    readonly errorName: string,
    message: string,
  ) {
    super(`${errorName}: ${message}`);
    this.name = 'TopicAdminError';
  }
}

export interface NewTopic {
  name: string;
  /** -1: the broker's num.partitions. */
  numPartitions?: number;
  /** -1: the broker's default.replication.factor. */
  replicationFactor?: number;
  configs?: Record<string, string>;
}

export interface CreatedTopic {
  name: string;
  topicId: string;
  numPartitions: number;
  replicationFactor: number;
}

export interface TopicPartitionInfo {
  partition: number;
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
}

export interface TopicDescription {
  name: string;
  topicId: string;
  /** The configs set on the topic (defaults left out). */
  configs: Record<string, string>;
  partitions: TopicPartitionInfo[];
}

export interface BrokerAddress {
  host: string;
  port: number;
}

export class TopicAdmin {
  /** `brokers()` is asked on every call, so a broker that went down since is not tried first. */
  constructor(
    private readonly brokers: () => BrokerAddress[],
    private readonly clientId = 'streamlab-admin',
    /** TLS and SASL for a secured cluster (Cluster.adminConnectOptions()). */
    private readonly security: Pick<ConnectOptions, 'tls' | 'sasl'> = {},
  ) {}

  async create(topic: NewTopic): Promise<CreatedTopic> {
    return this.withConnection(async (c) => {
      const res = (await c.request(ApiKey.CreateTopics, c.versionFor(ApiKey.CreateTopics), {
        topics: [{
          name: topic.name,
          numPartitions: topic.numPartitions ?? -1,
          replicationFactor: topic.replicationFactor ?? -1,
          assignments: [],
          configs: Object.entries(topic.configs ?? {}).map(([name, value]) => ({ name, value })),
        }],
        timeoutMs: ADMIN_TIMEOUT_MS,
        validateOnly: false,
      })) as MessageValue<typeof CreateTopicsResponse>;
      const [r] = res.topics;
      if (r.errorCode !== 0) throw new TopicAdminError(errorName(r.errorCode), r.errorMessage ?? `creating topic '${topic.name}' failed`);
      return { name: r.name, topicId: r.topicId, numPartitions: r.numPartitions, replicationFactor: r.replicationFactor };
    });
  }

  async delete(name: string): Promise<void> {
    await this.withConnection(async (c) => {
      const version = c.versionFor(ApiKey.DeleteTopics);
      const res = (await c.request(ApiKey.DeleteTopics, version, {
        topics: [{ name }],
        topicNames: [name],
        timeoutMs: ADMIN_TIMEOUT_MS,
      })) as MessageValue<typeof DeleteTopicsResponse>;
      const [r] = res.responses;
      if (r.errorCode !== 0) throw new TopicAdminError(errorName(r.errorCode), r.errorMessage ?? `topic '${name}' could not be deleted`);
    });
  }

  /** Every topic's name, sorted. */
  async list(): Promise<string[]> {
    return this.withConnection(async (c) => {
      const res = await metadata(c, null);
      return res.topics.map((t) => t.name ?? '').filter(Boolean).sort();
    });
  }

  async describe(name: string): Promise<TopicDescription> {
    return this.withConnection(async (c) => {
      const md = await metadata(c, [name]);
      const t = md.topics[0];
      if (!t || t.errorCode !== 0) {
        const code = t?.errorCode ?? 3;
        throw new TopicAdminError(errorName(code), code === 3 ? `topic '${name}' does not exist` : `describing topic '${name}' failed`);
      }
      const dc = (await c.request(ApiKey.DescribeConfigs, c.versionFor(ApiKey.DescribeConfigs), {
        resources: [{ resourceType: TOPIC_RESOURCE, resourceName: name, configurationKeys: null }],
        includeSynonyms: false,
        includeDocumentation: false,
      })) as MessageValue<typeof DescribeConfigsResponse>;
      const [cr] = dc.results;
      if (cr.errorCode !== 0) throw new TopicAdminError(errorName(cr.errorCode), cr.errorMessage ?? `describing the configs of '${name}' failed`);
      const configs = Object.fromEntries(
        cr.configs.filter((x) => x.configSource === SOURCE_TOPIC_CONFIG && x.value !== null).map((x) => [x.name, x.value as string]),
      );
      return {
        name,
        topicId: t.topicId,
        configs,
        partitions: [...t.partitions]
          .sort((a, b) => a.partitionIndex - b.partitionIndex)
          .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: [...p.replicaNodes], isr: [...p.isrNodes] })),
      };
    });
  }

  /** Tries each broker in turn until one accepts a connection. */
  private async withConnection<T>(fn: (c: KafkaConnection) => Promise<T>): Promise<T> {
    const brokers = this.brokers();
    if (brokers.length === 0) throw new TopicAdminError('BROKER_NOT_AVAILABLE', 'no broker is running');
    let lastError: unknown;
    for (const b of brokers) {
      let c: KafkaConnection;
      try {
        c = await KafkaConnection.connect(b.host, b.port, { clientId: this.clientId, timeoutMs: ADMIN_TIMEOUT_MS, ...this.security });
      } catch (e) {
        lastError = e;
        continue;
      }
      try {
        await c.negotiateVersions();
        return await fn(c);
      } finally {
        await c.close();
      }
    }
    throw new TopicAdminError('BROKER_NOT_AVAILABLE', `no broker answered (${(lastError as Error)?.message ?? 'unknown'})`);
  }
}

async function metadata(c: KafkaConnection, topics: string[] | null): Promise<MessageValue<typeof MetadataResponse>> {
  return (await c.request(ApiKey.Metadata, c.versionFor(ApiKey.Metadata), {
    topics: topics === null ? null : topics.map((name) => ({ name })),
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  })) as MessageValue<typeof MetadataResponse>;
}
