// Requests to one broker over our own protocol client, for the bad-input tests and the fuzz run: each function
// sends one request and returns the part of the response a test asserts on.

import net from 'node:net';
import { expect } from 'vitest';
import { buildBatch, type Cluster } from '../index.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { KafkaConnection } from '../client/connection.ts';
import type { ListenerStats } from '../broker/listener.ts';
import { LATEST_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';

export function brokerPort(cluster: Cluster): number {
  return cluster.broker(1)!.port;
}

/** The listener's counters (the broker may run in a worker thread: asked for, not read). */
export async function listenerStats(cluster: Cluster): Promise<ListenerStats> {
  return (await cluster.brokerStats(1)).listener;
}

export async function open(cluster: Cluster, clientId = 'fuzz-test'): Promise<KafkaConnection> {
  const c = await KafkaConnection.connect('127.0.0.1', brokerPort(cluster), { clientId, timeoutMs: 15_000 });
  await c.negotiateVersions();
  return c;
}

export interface TopicResult { name: string; errorCode: number; errorMessage: string | null }

export async function createTopicRequest(c: KafkaConnection, name: string, numPartitions: number, replicationFactor: number, configs: Record<string, string> = {}, version = c.versionFor(ApiKey.CreateTopics)): Promise<TopicResult> {
  const res = await c.request(ApiKey.CreateTopics, version, {
    topics: [{ name, numPartitions, replicationFactor, assignments: [], configs: Object.entries(configs).map(([n, value]) => ({ name: n, value })) }],
    timeoutMs: 10_000,
    validateOnly: false,
  });
  return (res.topics as TopicResult[])[0];
}

export interface PartitionProduceResult { index: number; errorCode: number; baseOffset: number; errorMessage?: string | null }

/** By topic name: v12 at most (v13 addresses topics by id). */
export async function produce(c: KafkaConnection, topic: string, partition: number, records: Buffer, acks = 1, version = Math.min(12, c.versionFor(ApiKey.Produce))): Promise<PartitionProduceResult> {
  const res = await c.request(ApiKey.Produce, version, {
    transactionalId: null,
    acks,
    timeoutMs: 10_000,
    topicData: [{ name: topic, partitionData: [{ index: partition, records }] }],
  });
  return (res.responses as { partitionResponses: PartitionProduceResult[] }[])[0].partitionResponses[0];
}

export async function endOffset(c: KafkaConnection, topic: string, partition: number): Promise<number> {
  const res = await c.request(ApiKey.ListOffsets, c.versionFor(ApiKey.ListOffsets), {
    replicaId: -1,
    isolationLevel: 0,
    topics: [{ name: topic, partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: LATEST_TIMESTAMP }] }],
  });
  const p = (res.topics as { partitions: { errorCode: number; offset: number | bigint }[] }[])[0].partitions[0];
  expect(p.errorCode, `ListOffsets ${topic}-${partition}`).toBe(0);
  return Number(p.offset);
}

export interface MetadataTopic { name: string; errorCode: number; partitions: { partitionIndex: number }[] }

export async function listTopics(c: KafkaConnection): Promise<MetadataTopic[]> {
  const res = await c.request(ApiKey.Metadata, c.versionFor(ApiKey.Metadata), {
    topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
  });
  return res.topics as MetadataTopic[];
}

export function records(n: number, prefix: string, valueBytes = 8): Buffer {
  return buildBatch(Array.from({ length: n }, (_, i) => ({ key: `${prefix}-${i}`, value: Buffer.alloc(valueBytes, 0x61 + (i % 26)) })));
}

/** Resolves true when the peer closes the socket, false if it is still open after `ms`. */
export function closedWithin(socket: net.Socket, ms: number): Promise<boolean> {
  if (socket.destroyed) return Promise.resolve(true);
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    socket.once('close', () => {
      clearTimeout(t);
      resolve(true);
    });
  });
}

export function rawConnect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}
