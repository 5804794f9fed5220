// Partition reassignment as kafka-reassign-partitions.sh does it: AlterPartitionReassignments with the
// target replicas (or null to cancel), ListPartitionReassignments for the moves in flight. Either may go to
// any broker (they forward to the controller). @platformatic/kafka has the request definitions but no admin
// calls; its v1 response reader misses the AllowReplicationFactorChange field Kafka writes, so Alter is sent
// as v0 (which always allows a replication factor change, as the console wants).

import { alterPartitionReassignmentsV0, kGetConnection, listPartitionReassignmentsV0, type Connection } from '@platformatic/kafka';
import type { PartitionReassignment, ReassignPartitionRequest } from '../../contract.ts';
import { ConsoleError, KafkaRefusal } from '../service/errors.ts';
import type { KafkaConnection } from './connection.ts';
import { readMetadata } from './overview.ts';

const ERRORS: Record<number, string> = {
  3: 'UNKNOWN_TOPIC_OR_PARTITION', 31: 'CLUSTER_AUTHORIZATION_FAILED', 38: 'INVALID_REPLICATION_FACTOR',
  39: 'INVALID_REPLICA_ASSIGNMENT', 85: 'NO_REASSIGNMENT_IN_PROGRESS',
};
const TIMEOUT_MS = 30_000;

async function anyBroker(conn: KafkaConnection): Promise<Connection> {
  const md = await readMetadata(conn, []);
  const b = md.brokers.get(md.controllerId) ?? [...md.brokers.values()][0];
  if (!b) throw new ConsoleError('UNAVAILABLE', 'No broker is reachable.');
  return new Promise((resolve, reject) => conn.admin[kGetConnection]({ host: b.host, port: b.port } as never, (e, c) => (e ? reject(e) : resolve(c!))));
}

/** The answer even when it carries Kafka errors (the client throws them with the response attached). */
async function answered<T>(call: Promise<T>): Promise<T> {
  try {
    return await call;
  } catch (e) {
    const response = (e as { response?: T }).response;
    if (response) return response;
    throw e;
  }
}

function refuse(code: number, message: string | null | undefined, fallback: string): never {
  throw new KafkaRefusal(ERRORS[code] ?? `ERROR_${code}`, message || fallback, code);
}

/** The topic's reassignments in progress (every topic's when topic is undefined). */
export async function listReassignments(conn: KafkaConnection, topic?: string): Promise<PartitionReassignment[]> {
  const c = await anyBroker(conn);
  const topics = topic === undefined ? null : [{ name: topic, partitionIndexes: await partitionIndexes(conn, topic) }];
  const res = await answered(listPartitionReassignmentsV0.api.async(c, TIMEOUT_MS, topics as never));
  if (res.errorCode !== 0) refuse(res.errorCode, res.errorMessage, 'The reassignments cannot be listed.');
  return res.topics.flatMap((t) => t.partitions.map((p) => ({
    topic: t.name, partition: p.partitionIndex, replicas: p.replicas, addingReplicas: p.addingReplicas, removingReplicas: p.removingReplicas,
  }))).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition);
}

async function partitionIndexes(conn: KafkaConnection, topic: string): Promise<number[]> {
  const md = await readMetadata(conn, [topic]);
  const t = md.topics.get(topic);
  if (!t) throw new ConsoleError('NOT_FOUND', `Topic '${topic}' does not exist.`);
  return t.partitions.map((_, i) => i);
}

/** Starts (or with null replicas cancels) a partition's move; answers the topic's moves in flight afterwards. */
export async function reassignPartition(conn: KafkaConnection, req: ReassignPartitionRequest): Promise<PartitionReassignment[]> {
  if (req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Which topic? The name is empty.', 'topic');
  if (req.partition < 0) throw new ConsoleError('INVALID_REQUEST', 'The partition index cannot be negative.', 'partition');
  if (req.replicas !== null && req.replicas.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Choose at least one broker for the replicas.', 'replicas');
  const c = await anyBroker(conn);
  const res = await answered(alterPartitionReassignmentsV0.api.async(c, TIMEOUT_MS, true, [
    { name: req.topic, partitions: [{ partitionIndex: req.partition, replicas: req.replicas as number[] }] },
  ]));
  if (res.errorCode !== 0) refuse(res.errorCode, res.errorMessage, 'The reassignment was refused.');
  const p = res.responses[0]?.partitions[0];
  if (p && p.errorCode !== 0) refuse(p.errorCode, p.errorMessage, `The reassignment of ${req.topic}-${req.partition} was refused.`);
  return listReassignments(conn, req.topic);
}
