// The transaction APIs (Kafka's KafkaApis handlers for them): requests from producers and admin tools go to
// this broker's transaction coordinator (engine/broker/txn/); WriteTxnMarkers, from a coordinator, writes
// markers into the partitions this broker leads; TxnOffsetCommit, on the group's coordinator, stages
// offsets until the transaction's marker settles them. Errors are translated for the request version
// (client-errors.ts): old versions get INVALID_PRODUCER_EPOCH where newer ones get PRODUCER_FENCED.
// Authorization is KafkaApis': WRITE on the transactional id for a producer's requests (READ on the group for
// its offsets, WRITE or READ on the topics), IDEMPOTENT_WRITE (or WRITE on some topic) for an idempotent
// producer id, DESCRIBE on the transactional id for the admin APIs, CLUSTER_ACTION for broker-to-broker ones.

import { ApiKey } from '../../protocol/api-keys.ts';
import { ErrorCode, errorName, type ErrorName } from '../../protocol/error-codes.ts';
import { clientTransactionVersionOf, errorForClient } from '../txn/client-errors.ts';
import type { TxnParticipant } from '../txn/transaction-metadata.ts';
import { coordinatorFor as groupCoordinatorFor } from './groups.ts';
import { errorOf, num, type BrokerContext, type Handler, type Item, type RequestContext, type ResponseOf } from './context.ts';
import { AclOperation, mayCluster, mayGroup, mayIdempotentWrite, mayTopic, mayTransactionalId } from './authorization.ts';

type AddPartitionsTopicResult = Item<ResponseOf<'AddPartitionsToTxn'>['resultsByTopicV3AndBelow']>;
type TxnOffsetCommitTopic = Item<ResponseOf<'TxnOffsetCommit'>['topics']>;
type MarkerResult = Item<ResponseOf<'WriteTxnMarkers'>['markers']>;
type MarkerTopicResult = Item<MarkerResult['topics']>;

const code = (e: ErrorName): number => ErrorCode[e];

export const handleInitProducerId: Handler<'InitProducerId'> = async (body, req, broker): Promise<ResponseOf<'InitProducerId'>> => {
  // Without a transactional id Kafka always hands out a fresh producer id (epoch 0), whatever id and epoch
  // the producer last had: its sequence numbers start over with it.
  const refused = (errorCode: number): ResponseOf<'InitProducerId'> => ({ throttleTimeMs: 0, errorCode, producerId: -1, producerEpoch: -1 });
  if (body.transactionalId === null) {
    if (!mayIdempotentWrite(req)) return refused(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    return { throttleTimeMs: 0, errorCode: 0, producerId: await broker.nextProducerId(), producerEpoch: 0 };
  }
  if (!mayTransactionalId(req, AclOperation.WRITE, body.transactionalId)) return refused(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  const r = await broker.txn.forRequest().initProducerId({
    transactionalId: body.transactionalId,
    transactionTimeoutMs: body.transactionTimeoutMs,
    producerId: req.apiVersion >= 3 ? num(body.producerId) : -1,
    producerEpoch: req.apiVersion >= 3 ? body.producerEpoch : -1,
  });
  return { throttleTimeMs: 0, errorCode: code(errorForClient('InitProducerId', req.apiVersion, r.error)), producerId: r.producerId, producerEpoch: r.producerEpoch };
};

/** Partitions that do not exist fail with UNKNOWN_TOPIC_OR_PARTITION, and the others are not attempted (Kafka). */
function unknownPartitions(broker: BrokerContext, topics: readonly { name: string; partitions: readonly number[] }[]): Set<string> {
  const view = broker.view();
  const unknown = new Set<string>();
  for (const t of topics) for (const p of t.partitions) if (view.partition(t.name, p) === undefined) unknown.add(`${t.name}\u0000${p}`);
  return unknown;
}

function topicResults(
  topics: readonly { name: string; partitions: readonly number[] }[], errorOf: (topic: string, partition: number) => ErrorName,
): AddPartitionsTopicResult[] {
  return topics.map((t) => ({
    name: t.name,
    resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: code(errorOf(t.name, p)) })),
  }));
}

async function addPartitions(
  broker: BrokerContext, transactionalId: string, producerId: number, producerEpoch: number,
  topics: readonly { name: string; partitions: readonly number[] }[], verifyOnly: boolean, clientTransactionVersion: number | undefined,
): Promise<(topic: string, partition: number) => ErrorName> {
  const unknown = unknownPartitions(broker, topics);
  if (unknown.size > 0) return (t, p) => (unknown.has(`${t}\u0000${p}`) ? 'UNKNOWN_TOPIC_OR_PARTITION' : 'OPERATION_NOT_ATTEMPTED');
  const participants: TxnParticipant[] = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
  if (verifyOnly) {
    const r = broker.txn.coordinator.verifyParticipants(transactionalId, producerId, producerEpoch, participants);
    return (t, p) => r.get(`partition:${t}:${p}`) ?? 'UNKNOWN_SERVER_ERROR';
  }
  const error = await broker.txn.forRequest().addParticipants(transactionalId, producerId, producerEpoch, participants, clientTransactionVersion);
  return () => error;
}

export const handleAddPartitionsToTxn: Handler<'AddPartitionsToTxn'> = async (body, req, broker): Promise<ResponseOf<'AddPartitionsToTxn'>> => {
  if (req.apiVersion <= 3) {
    const denied = refusedPartitions(req, body.v3AndBelowTransactionalId, body.v3AndBelowTopics);
    if (denied) return { throttleTimeMs: 0, resultsByTopicV3AndBelow: topicResults(body.v3AndBelowTopics, denied) };
    const errorOf = await addPartitions(broker, body.v3AndBelowTransactionalId, num(body.v3AndBelowProducerId), body.v3AndBelowProducerEpoch, body.v3AndBelowTopics, false, undefined);
    return { throttleTimeMs: 0, resultsByTopicV3AndBelow: topicResults(body.v3AndBelowTopics, (t, p) => errorForClient('AddPartitionsToTxn', req.apiVersion, errorOf(t, p))) };
  }
  // v4+: from brokers verifying (or, for transactions v2, adding) a transactional produce.
  if (!mayCluster(req, AclOperation.CLUSTER_ACTION)) return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, resultsByTransaction: [] };
  const resultsByTransaction = await Promise.all(body.transactions.map(async (tx) => {
    const errorOf = await addPartitions(broker, tx.transactionalId, num(tx.producerId), tx.producerEpoch, tx.topics, tx.verifyOnly, 2);
    const mapped = (t: string, p: number): ErrorName => {
      const e = errorOf(t, p);
      return req.apiVersion < 5 && e === 'TRANSACTION_ABORTABLE' ? 'INVALID_TXN_STATE' : e;
    };
    return { transactionalId: tx.transactionalId, topicResults: topicResults(tx.topics, mapped) };
  }));
  return { throttleTimeMs: 0, errorCode: 0, resultsByTransaction };
};

/** A producer's AddPartitionsToTxn (v0-3) the caller may not make: each partition's error; undefined when allowed. */
function refusedPartitions(
  req: RequestContext, transactionalId: string, topics: readonly { name: string; partitions: readonly number[] }[],
): ((topic: string, partition: number) => ErrorName) | undefined {
  if (!mayTransactionalId(req, AclOperation.WRITE, transactionalId)) return () => 'TRANSACTIONAL_ID_AUTHORIZATION_FAILED';
  const unauthorized = new Set(topics.filter((t) => !mayTopic(req, AclOperation.WRITE, t.name)).map((t) => t.name));
  if (unauthorized.size === 0) return undefined;
  return (t) => (unauthorized.has(t) ? 'TOPIC_AUTHORIZATION_FAILED' : 'OPERATION_NOT_ATTEMPTED');
}

export const handleAddOffsetsToTxn: Handler<'AddOffsetsToTxn'> = async (body, req, broker): Promise<ResponseOf<'AddOffsetsToTxn'>> => {
  if (!mayTransactionalId(req, AclOperation.WRITE, body.transactionalId)) return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
  if (!mayGroup(req, AclOperation.READ, body.groupId)) return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
  const error = await broker.txn.forRequest().addOffsets(body.transactionalId, num(body.producerId), body.producerEpoch, body.groupId);
  return { throttleTimeMs: 0, errorCode: code(errorForClient('AddOffsetsToTxn', req.apiVersion, error)) };
};

export const handleEndTxn: Handler<'EndTxn'> = async (body, req, broker): Promise<ResponseOf<'EndTxn'>> => {
  if (!mayTransactionalId(req, AclOperation.WRITE, body.transactionalId)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, producerId: -1, producerEpoch: -1 };
  }
  const r = await broker.txn.forRequest().endTxn(body.transactionalId, num(body.producerId), body.producerEpoch,
    body.committed ? 'COMMIT' : 'ABORT', clientTransactionVersionOf('EndTxn', req.apiVersion));
  return { throttleTimeMs: 0, errorCode: code(errorForClient('EndTxn', req.apiVersion, r.error)), producerId: r.producerId, producerEpoch: r.producerEpoch };
};

/**
 * TxnOffsetCommit, on the group's coordinator: the member and generation are checked (v3+, KIP-447), then the
 * offsets are staged for (group, producer) and become the group's committed offsets only when the transaction
 * commits. Transactions v2 clients (v5) send no
 * AddOffsetsToTxn; the group coordinator adds the group to the transaction itself, first.
 */
export const handleTxnOffsetCommit: Handler<'TxnOffsetCommit'> = async (body, req, broker): Promise<ResponseOf<'TxnOffsetCommit'>> => {
  const all = (errorCode: number): ResponseOf<'TxnOffsetCommit'> => ({
    throttleTimeMs: 0,
    topics: body.topics.map((t): TxnOffsetCommitTopic => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })) })),
  });
  if (!mayTransactionalId(req, AclOperation.WRITE, body.transactionalId)) return all(ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED);
  if (!mayGroup(req, AclOperation.READ, body.groupId)) return all(ErrorCode.GROUP_AUTHORIZATION_FAILED);
  if (groupCoordinatorFor(body.groupId, broker)?.nodeId !== broker.brokerId) return all(ErrorCode.NOT_COORDINATOR);
  if (body.groupId === '') return all(ErrorCode.INVALID_GROUP_ID);
  const producerId = num(body.producerId);
  if (req.apiVersion >= 3) {
    const invalid = broker.groups.validateTxnOffsetCommit(body.groupId, body.memberId, body.groupInstanceId, body.generationId);
    if (invalid !== 0) return all(invalid);
  }
  if (req.apiVersion >= 5) {
    const added = await addGroupToTransaction(broker, body.transactionalId, producerId, body.producerEpoch, body.groupId);
    if (added !== 'NONE') return all(code(added));
  }
  // Topics the caller may not read fail alone; the others' offsets are staged.
  const unreadable = new Set(body.topics.filter((t) => !mayTopic(req, AclOperation.READ, t.name)).map((t) => t.name));
  const answer = (errorCode: number): ResponseOf<'TxnOffsetCommit'> => ({
    throttleTimeMs: 0,
    topics: body.topics.map((t): TxnOffsetCommitTopic => ({
      name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: unreadable.has(t.name) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : errorCode })),
    })),
  });
  const offsets = body.topics.filter((t) => !unreadable.has(t.name)).flatMap((t) => t.partitions.map((p) => ({
    topic: t.name, partition: p.partitionIndex, committedOffset: num(p.committedOffset),
    leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata ?? '',
  })));
  try {
    broker.pendingTxnOffsets.stage(body.groupId, producerId, offsets);
  } catch (e) {
    const err = errorOf(e);
    return answer(err.code === -1 ? ErrorCode.UNKNOWN_SERVER_ERROR : err.code);
  }
  return answer(0);
};

async function addGroupToTransaction(broker: BrokerContext, transactionalId: string, producerId: number, producerEpoch: number, groupId: string): Promise<ErrorName> {
  const c = broker.txn.coordinatorFor(transactionalId);
  if (c === undefined) return 'COORDINATOR_NOT_AVAILABLE';
  if (c.id === broker.brokerId) return broker.txn.forRequest().addOffsets(transactionalId, producerId, producerEpoch, groupId);
  try {
    const res = await broker.txn.channels.request(c.id, ApiKey.AddOffsetsToTxn, 3, { transactionalId, producerId, producerEpoch, groupId });
    const e = errorName(res.errorCode as number) as ErrorName;
    return e === 'NOT_COORDINATOR' ? 'COORDINATOR_NOT_AVAILABLE' : e;
  } catch {
    return 'COORDINATOR_NOT_AVAILABLE';
  }
}

/**
 * WriteTxnMarkers on a partition leader: a COMMIT or ABORT control batch per partition, answered once the
 * ISR has it (as a produce with acks=all), so a marker the coordinator saw acknowledged survives a leader
 * change. A partition the metadata no longer has (its topic was deleted) answers NONE: there is nothing to mark.
 */
export const handleWriteTxnMarkers: Handler<'WriteTxnMarkers'> = async (body, _req, broker): Promise<ResponseOf<'WriteTxnMarkers'>> => {
  const view = broker.view();
  const waits: Promise<void>[] = [];
  const markers = body.markers.map((m): MarkerResult => ({
    producerId: m.producerId,
    topics: m.topics.map((t): MarkerTopicResult => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => {
        const r = { partitionIndex, errorCode: 0 };
        if (view.partition(t.name, partitionIndex) === undefined) return r; // deleted: nothing left to mark
        try {
          const hp = broker.replicas.leaderPartition(t.name, partitionIndex, view);
          const a = broker.replicas.appendTxnMarker(hp, num(m.producerId), m.producerEpoch, m.transactionResult ? 'COMMIT' : 'ABORT', m.coordinatorEpoch);
          waits.push(broker.replicas.waitForHighWatermark(hp, a.lastOffset + 1, 30_000).catch((e: unknown) => {
            r.errorCode = errorCodeOf(e);
          }));
        } catch (e) {
          r.errorCode = errorCodeOf(e);
        }
        return r;
      }),
    })),
  }));
  await Promise.all(waits);
  return { markers };
};

function errorCodeOf(e: unknown): number {
  const c = errorOf(e).code;
  return c === -1 ? ErrorCode.UNKNOWN_SERVER_ERROR : c;
}

export const handleDescribeTransactions: Handler<'DescribeTransactions'> = (body, req, broker): ResponseOf<'DescribeTransactions'> => ({
  throttleTimeMs: 0,
  transactionStates: body.transactionalIds.map((id) => {
    if (!mayTransactionalId(req, AclOperation.DESCRIBE, id)) {
      return { errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED, transactionalId: id, transactionState: '', transactionTimeoutMs: 0, transactionStartTimeMs: -1, producerId: -1, producerEpoch: -1, topics: [] };
    }
    const d = broker.txn.coordinator.describe(id);
    const topics = new Map<string, number[]>();
    for (const p of d.participants) {
      if ('groupId' in p) continue; // Kafka lists __consumer_offsets partitions; group offsets are not a partition here
      const l = topics.get(p.topic) ?? [];
      l.push(p.partition);
      topics.set(p.topic, l);
    }
    return {
      errorCode: code(d.error), transactionalId: id, transactionState: d.state, transactionTimeoutMs: d.timeoutMs,
      transactionStartTimeMs: d.startTimestamp, producerId: d.producerId, producerEpoch: d.producerEpoch,
      topics: [...topics].map(([topic, partitions]) => ({ topic, partitions })),
    };
  }),
});

export const handleListTransactions: Handler<'ListTransactions'> = (body, req, broker): ResponseOf<'ListTransactions'> => {
  const r = broker.txn.coordinator.list({
    states: body.stateFilters,
    producerIds: body.producerIdFilters.map(num),
    durationMs: req.apiVersion >= 1 ? num(body.durationFilter) : -1,
    transactionalIdPattern: req.apiVersion >= 2 ? body.transactionalIdPattern : null,
  });
  return {
    throttleTimeMs: 0, errorCode: code(r.error), unknownStateFilters: r.unknownStateFilters,
    transactionStates: r.transactions.filter((t) => mayTransactionalId(req, AclOperation.DESCRIBE, t.transactionalId)).map((t) => ({ transactionalId: t.transactionalId, producerId: t.producerId, transactionState: t.state })),
  };
};

