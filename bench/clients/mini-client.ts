// The smallest Kafka client the latency and failover benchmarks need, on the engine's own KafkaConnection:
// Produce (one record batch to one partition), Fetch long-poll, Metadata for one topic. No retries, no
// batching, no buffering: whatever time these figures show is the broker's and the wire's, not a client's.

import { ApiKey, KafkaConnection } from '../../engine/index.ts';

export const PRODUCE_VERSION = 7; // RecordBatch v2, non-flexible: the cheapest encoding to build
export const FETCH_VERSION = 11; // named topics
export const METADATA_VERSION = 7; // leader epoch

export interface ProduceAnswer {
  errorCode: number;
  baseOffset: number;
}

export async function connect(hostPort: string, clientId: string, timeoutMs = 5_000): Promise<KafkaConnection> {
  const [host, port] = splitHostPort(hostPort);
  return KafkaConnection.connect(host, port, { clientId, timeoutMs });
}

export function splitHostPort(hostPort: string): [string, number] {
  const i = hostPort.lastIndexOf(':');
  return [hostPort.slice(0, i), Number(hostPort.slice(i + 1))];
}

export async function produce(conn: KafkaConnection, topic: string, partition: number, batch: Buffer, acks: 1 | -1, timeoutMs = 30_000): Promise<ProduceAnswer> {
  const res = (await conn.request(ApiKey.Produce, PRODUCE_VERSION, {
    transactionalId: null,
    acks,
    timeoutMs,
    topicData: [{ name: topic, partitionData: [{ index: partition, records: batch }] }],
  })) as { responses: { partitionResponses: { errorCode: number; baseOffset: number | bigint }[] }[] };
  const p = res.responses[0].partitionResponses[0];
  return { errorCode: p.errorCode, baseOffset: Number(p.baseOffset) };
}

export interface FetchAnswer {
  errorCode: number;
  highWatermark: number;
  records: Buffer | null;
}

export async function fetch(conn: KafkaConnection, topic: string, partition: number, offset: number, maxWaitMs: number): Promise<FetchAnswer> {
  const res = (await conn.request(ApiKey.Fetch, FETCH_VERSION, {
    replicaId: -1,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 16 * 1024 * 1024,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [{ topic, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 4 * 1024 * 1024 }] }],
    forgottenTopicsData: [],
    rackId: '',
  }, { timeoutMs: maxWaitMs + 10_000 })) as { responses: { partitions: { errorCode: number; highWatermark: number | bigint; records: Buffer | null }[] }[] };
  const p = res.responses[0].partitions[0];
  return { errorCode: p.errorCode, highWatermark: Number(p.highWatermark), records: p.records };
}

export interface PartitionLeader {
  leader: number;
  leaderEpoch: number;
  hostPort: string | undefined;
}

export async function leaderOf(conn: KafkaConnection, topic: string, partition: number): Promise<PartitionLeader> {
  const res = (await conn.request(ApiKey.Metadata, METADATA_VERSION, { topics: [{ name: topic }], allowAutoTopicCreation: false })) as {
    brokers: { nodeId: number; host: string; port: number }[];
    topics: { name: string; partitions: { partitionIndex: number; leaderId: number; leaderEpoch: number }[] }[];
  };
  const p = res.topics.find((t) => t.name === topic)?.partitions.find((x) => x.partitionIndex === partition);
  const leader = p?.leaderId ?? -1;
  const b = res.brokers.find((x) => x.nodeId === leader);
  return { leader, leaderEpoch: p?.leaderEpoch ?? -1, hostPort: b ? `${b.host}:${b.port}` : undefined };
}

/** Walks the record batches of a fetched chunk (Kafka's log format: offset int64, length int32, ...). */
export function* batchesOf(records: Buffer): Generator<{ pos: number; baseOffset: number; lastOffset: number; end: number }> {
  let p = 0;
  while (p + 61 <= records.length) {
    const length = records.readInt32BE(p + 8);
    const end = p + 12 + length;
    if (end > records.length) return; // a partial batch at the end of a size-limited fetch
    const baseOffset = Number(records.readBigInt64BE(p));
    yield { pos: p, baseOffset, lastOffset: baseOffset + records.readInt32BE(p + 23), end };
    p = end;
  }
}
