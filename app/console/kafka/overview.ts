// The cluster as Kafka's protocol shows it: brokers and topics from Metadata, per-partition log start and
// high watermark from ListOffsets (earliest / latest), size and the leader's log end offset from
// DescribeLogDirs (LEO = high watermark + offsetLag). Partitions without a leader are offline; partitions
// whose ISR is smaller than their replica set are under-replicated.

import type { ClusterMetadata } from '@platformatic/kafka';
import type { BrokerInfo, ClusterOverview, Health, PartitionInfo, TopicSummary } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../../engine/index.ts';

export interface TopicPartitions {
  name: string;
  id: string;
  partitions: PartitionInfo[];
}

export function partitionHealth(p: { leader: number; replicas: number[]; isr: number[] }): Health {
  if (p.leader < 0) return 'offline';
  if (p.isr.length < p.replicas.length) return 'under-replicated';
  return 'healthy';
}

function worst(healths: Health[]): Health {
  if (healths.includes('offline')) return 'offline';
  if (healths.includes('under-replicated')) return 'under-replicated';
  return 'healthy';
}

type OffsetMap = Map<string, number>; // `${topic}/${partition}` -> offset
const key = (topic: string, partition: number) => `${topic}/${partition}`;

/** ListOffsets for every partition that has a leader; partitions whose leader fails to answer are left out. */
export async function listOffsets(conn: KafkaConnection, partitions: { topic: string; partition: number }[], timestamp: bigint, readCommitted = false): Promise<OffsetMap> {
  const out: OffsetMap = new Map();
  if (partitions.length === 0) return out;
  const byTopic = new Map<string, number[]>();
  for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
  const request = async (topics: [string, number[]][]) => {
    const res = await conn.admin.listOffsets({
      ...(readCommitted ? { isolationLevel: 1 as const } : {}),
      topics: topics.map(([name, ps]) => ({ name, partitions: ps.map((partitionIndex) => ({ partitionIndex, timestamp })) })),
    });
    for (const t of res) for (const p of t.partitions) out.set(key(t.name, p.partitionIndex), Number(p.offset));
  };
  try {
    await request([...byTopic.entries()]);
  } catch {
    // One unavailable leader fails the whole request: retry topic by topic to keep what can be read.
    await Promise.allSettled([...byTopic.entries()].map((e) => request([e])));
  }
  return out;
}

export async function logDirs(conn: KafkaConnection, topics: ClusterMetadata['topics']): Promise<Map<string, { size: number; lag: number; broker: number }[]>> {
  const out = new Map<string, { size: number; lag: number; broker: number }[]>();
  if (topics.size === 0) return out;
  try {
    const res = await conn.admin.describeLogDirs({
      topics: [...topics.entries()].map(([name, t]) => ({ name, partitions: t.partitions.map((_, i) => i) })),
    });
    for (const b of res) {
      for (const dir of b.results) {
        for (const t of dir.topics) {
          for (const p of t.partitions) {
            const k = key(t.name, p.partitionIndex);
            out.set(k, [...(out.get(k) ?? []), { broker: b.broker, size: Number(p.partitionSize), lag: Number(p.offsetLag) }]);
          }
        }
      }
    }
  } catch {
    // Sizes are optional: a broker that does not answer leaves them unknown (-1).
  }
  return out;
}

interface RawMetadata {
  brokers: { nodeId: number; host: string; port: number; rack: string | null }[];
  clusterId: string | null;
  controllerId: number;
  topics: { name: string | null; topicId: string; isInternal: boolean; partitions: { partitionIndex: number; leaderId: number; leaderEpoch: number; replicaNodes: number[]; isrNodes: number[]; offlineReplicas: number[] }[] }[];
}

/** The Metadata response a refused request still carried (ResponseError.response), searched through aggregates. */
function rawMetadataIn(e: unknown, depth = 0): RawMetadata | undefined {
  if (!e || typeof e !== 'object' || depth > 6) return undefined;
  const r = (e as { response?: unknown }).response as RawMetadata | undefined;
  if (r && Array.isArray(r.brokers) && Array.isArray(r.topics)) return r;
  for (const inner of (e as { errors?: unknown[] }).errors ?? []) {
    const found = rawMetadataIn(inner, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/**
 * Metadata for `topics` (default: all). The client rejects a Metadata response in which any partition
 * carries an error (LEADER_NOT_AVAILABLE while a broker is down), yet that response is exactly what the UI
 * must show: it is taken from the error and read like a successful one, leader -1 marking offline partitions.
 */
export async function readMetadata(conn: KafkaConnection, topics?: string[], client: Pick<KafkaConnection['admin'], 'metadata'> = conn.admin): Promise<ClusterMetadata> {
  let names = topics;
  if (!names) {
    try {
      names = await conn.admin.listTopics();
    } catch (e) {
      const raw = rawMetadataIn(e);
      if (!raw) throw e;
      names = raw.topics.filter((t) => t.name && !t.isInternal).map((t) => t.name as string);
    }
  }
  try {
    return await client.metadata({ topics: names, forceUpdate: true });
  } catch (e) {
    const raw = rawMetadataIn(e);
    if (!raw) throw e;
    const now = Date.now();
    return {
      id: raw.clusterId ?? '',
      controllerId: raw.controllerId,
      lastUpdate: now,
      brokers: new Map(raw.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port, rack: b.rack }])),
      topics: new Map(raw.topics.filter((t) => t.name && !t.isInternal && names!.includes(t.name)).map((t) => {
        const partitions = [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex).map((p) => ({
          leader: p.leaderId, leaderEpoch: p.leaderEpoch, replicas: p.replicaNodes, isr: p.isrNodes, offlineReplicas: p.offlineReplicas,
        }));
        return [t.name as string, { id: t.topicId, partitions, partitionsCount: partitions.length, lastUpdate: now }];
      })),
    };
  }
}

/** Partitions of the given topics, with offsets and sizes. */
export async function readPartitions(conn: KafkaConnection, md: ClusterMetadata): Promise<TopicPartitions[]> {
  const all: { topic: string; partition: number }[] = [];
  for (const [name, t] of md.topics) t.partitions.forEach((p, i) => { if (p.leader >= 0) all.push({ topic: name, partition: i }); });
  const [earliest, latest, stable, dirs] = await Promise.all([
    listOffsets(conn, all, BigInt(EARLIEST_TIMESTAMP)),
    listOffsets(conn, all, BigInt(LATEST_TIMESTAMP)),
    listOffsets(conn, all, BigInt(LATEST_TIMESTAMP), true),
    logDirs(conn, md.topics),
  ]);
  return [...md.topics.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, t]) => ({
      name,
      id: t.id,
      partitions: t.partitions.map((p, i): PartitionInfo => {
        const k = key(name, i);
        const hw = latest.get(k) ?? -1;
        const leaderDir = dirs.get(k)?.find((d) => d.broker === p.leader);
        return {
          partition: i,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          replicas: [...p.replicas],
          isr: [...p.isr],
          offlineReplicas: [...p.offlineReplicas],
          logStartOffset: earliest.get(k) ?? -1,
          highWatermark: hw,
          ...(stable.has(k) ? { lastStableOffset: stable.get(k) } : {}),
          endOffset: hw >= 0 && leaderDir ? hw + Math.max(0, leaderDir.lag) : hw,
          sizeBytes: leaderDir ? leaderDir.size : -1,
          health: partitionHealth(p),
        };
      }),
    }));
}

export function summarize(t: TopicPartitions): TopicSummary {
  const healths = t.partitions.map((p) => p.health);
  return {
    name: t.name,
    id: t.id,
    partitions: t.partitions.length,
    replicationFactor: t.partitions.reduce((m, p) => Math.max(m, p.replicas.length), 0),
    messages: t.partitions.reduce((s, p) => s + (p.highWatermark >= 0 && p.logStartOffset >= 0 ? p.highWatermark - p.logStartOffset : 0), 0),
    sizeBytes: t.partitions.reduce((s, p) => s + Math.max(0, p.sizeBytes), 0),
    underReplicatedPartitions: healths.filter((h) => h === 'under-replicated').length,
    offlinePartitions: healths.filter((h) => h === 'offline').length,
    health: worst(healths),
  };
}

/** Brokers: the live ones from Metadata, plus (for the local cluster) the stopped ones the engine knows. */
export function brokerList(md: ClusterMetadata, lifecycle: BrokerLifecycle | undefined): BrokerInfo[] {
  const leaders = new Map<number, number>();
  const replicas = new Map<number, number>();
  for (const t of md.topics.values()) {
    for (const p of t.partitions) {
      if (p.leader >= 0) leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
      for (const r of p.replicas) replicas.set(r, (replicas.get(r) ?? 0) + 1);
    }
  }
  const info = (id: number, host: string, port: number, state: BrokerInfo['state'], reason?: string): BrokerInfo => ({
    id, host, port, state, leaderCount: leaders.get(id) ?? 0, replicaCount: replicas.get(id) ?? 0, isController: id === md.controllerId,
    ...(reason !== undefined ? { failureReason: reason } : {}),
  });
  if (lifecycle) return lifecycle.status().map((b) => info(b.id, b.host, b.port, b.state, b.reason));
  return [...md.brokers.entries()].sort(([a], [b]) => a - b).map(([id, b]) => info(id, b.host, b.port, 'running'));
}

export async function readOverview(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined): Promise<ClusterOverview> {
  const md = await readMetadata(conn);
  const topics = (await readPartitions(conn, md)).map(summarize);
  return {
    clusterId: md.id,
    controllerId: md.controllerId,
    bootstrapServers: conn.bootstrapServers.join(','),
    local: lifecycle !== undefined,
    brokers: brokerList(md, lifecycle),
    topics,
    underReplicatedPartitions: topics.reduce((s, t) => s + t.underReplicatedPartitions, 0),
    offlinePartitions: topics.reduce((s, t) => s + t.offlinePartitions, 0),
  };
}
