// Transactions as kafka-transactions.sh sees them: ListTransactions on every broker (each lists the ids it
// coordinates), DescribeTransactions on an id's coordinator, and abort of a hanging transaction the way the
// tool's `abort` does it (KIP-664): DescribeProducers on the partition's leader finds the producer's epoch and
// coordinator epoch there, then WriteTxnMarkers ABORT to that leader closes the transaction on the partition.
// @platformatic/kafka has no admin calls for these, so the requests go through its API definitions (and, for
// WriteTxnMarkers, which it does not define, a request writer here) on its own pooled connections.

import {
  createAPI, describeProducersV0, describeTransactionsV0, FindCoordinatorKeyTypes, kGetConnection, listTransactionsV1, Writer,
  type Connection, type Reader,
} from '@platformatic/kafka';
import type { AbortTransactionRequest, AbortTransactionResult, TransactionDetail, TransactionSummary } from '../../contract.ts';
import { ConsoleError, KafkaRefusal } from '../service/errors.ts';
import type { KafkaConnection } from './connection.ts';
import { readMetadata } from './overview.ts';

type Broker = { host: string; port: number };

/** Kafka error names for the codes these calls answer with. */
const ERRORS: Record<number, string> = {
  0: 'NONE', 3: 'UNKNOWN_TOPIC_OR_PARTITION', 6: 'NOT_LEADER_OR_FOLLOWER', 15: 'COORDINATOR_NOT_AVAILABLE', 16: 'NOT_COORDINATOR',
  14: 'COORDINATOR_LOAD_IN_PROGRESS', 47: 'INVALID_PRODUCER_EPOCH', 52: 'TRANSACTION_COORDINATOR_FENCED', 105: 'TRANSACTIONAL_ID_NOT_FOUND',
};
const errorName = (code: number) => ERRORS[code] ?? `ERROR_${code}`;

/* WriteTxnMarkers v1 (flexible): markers => producer_id producer_epoch transaction_result [topics] coordinator_epoch. */
function writeTxnMarkersRequest(markers: { producerId: bigint; producerEpoch: number; commit: boolean; topics: { name: string; partitions: number[] }[]; coordinatorEpoch: number }[]): Writer {
  return Writer.create()
    .appendArray(markers, (w, m) => {
      w.appendInt64(m.producerId).appendInt16(m.producerEpoch).appendBoolean(m.commit)
        .appendArray(m.topics, (w, t) => {
          w.appendString(t.name).appendArray(t.partitions, (w, p) => w.appendInt32(p), true, false);
        })
        .appendInt32(m.coordinatorEpoch);
    })
    .appendTaggedFields();
}

interface WriteTxnMarkersResponse { markers: { producerId: bigint; topics: { name: string; partitions: { partitionIndex: number; errorCode: number }[] }[] }[] }

function writeTxnMarkersResponse(_c: number, _k: number, _v: number, reader: Reader): WriteTxnMarkersResponse {
  const markers = reader.readArray((r) => ({
    producerId: r.readInt64(),
    topics: r.readArray((r) => ({ name: r.readString(), partitions: r.readArray((r) => ({ partitionIndex: r.readInt32(), errorCode: r.readInt16() })) })),
  }));
  return { markers };
}

const writeTxnMarkersV1 = createAPI<Parameters<typeof writeTxnMarkersRequest>, WriteTxnMarkersResponse>(27, 1, writeTxnMarkersRequest as never, writeTxnMarkersResponse as never);

function connectionTo(conn: KafkaConnection, broker: Broker): Promise<Connection> {
  return new Promise((resolve, reject) => conn.admin[kGetConnection](broker as never, (e, c) => (e ? reject(e) : resolve(c!))));
}

async function brokers(conn: KafkaConnection): Promise<Map<number, Broker>> {
  const md = await readMetadata(conn, []);
  return new Map([...md.brokers].map(([id, b]) => [id, { host: b.host, port: b.port }]));
}

async function coordinatorOf(conn: KafkaConnection, transactionalId: string): Promise<{ nodeId: number; broker: Broker }> {
  const [c] = await conn.admin.findCoordinator({ keyType: FindCoordinatorKeyTypes.TRANSACTION, keys: [transactionalId] });
  if (!c || c.nodeId < 0) throw new ConsoleError('UNAVAILABLE', `No coordinator for transactional id '${transactionalId}'.`);
  return { nodeId: c.nodeId, broker: { host: c.host, port: c.port } };
}

/** Every transactional id the cluster knows, from each broker's ListTransactions. */
export async function listTransactions(conn: KafkaConnection): Promise<TransactionSummary[]> {
  const all = await brokers(conn);
  const lists = await Promise.allSettled([...all].map(async ([id, b]) => {
    const res = await listTransactionsV1.api.async(await connectionTo(conn, b), [], [], -1n, null);
    return res.transactionStates.map((t): TransactionSummary => ({ transactionalId: t.transactionalId, producerId: Number(t.producerId), state: t.transactionState, coordinator: id }));
  }));
  const out = new Map<string, TransactionSummary>();
  for (const l of lists) if (l.status === 'fulfilled') for (const t of l.value) out.set(t.transactionalId, t);
  if (lists.every((l) => l.status === 'rejected') && lists.length > 0) throw (lists[0] as PromiseRejectedResult).reason;
  return [...out.values()].sort((a, b) => a.transactionalId.localeCompare(b.transactionalId));
}

export async function describeTransaction(conn: KafkaConnection, transactionalId: string, now = Date.now()): Promise<TransactionDetail> {
  if (!transactionalId) throw new ConsoleError('INVALID_REQUEST', 'Name a transactional id.');
  const c = await coordinatorOf(conn, transactionalId);
  const res = await describeTransactionsV0.api.async(await connectionTo(conn, c.broker), [transactionalId]);
  const t = res.transactionStates[0];
  if (!t) throw new ConsoleError('UNAVAILABLE', 'The coordinator sent no answer for the id.');
  if (t.errorCode === 105) throw new ConsoleError('NOT_FOUND', `Transactional id '${transactionalId}' is not known to the cluster.`);
  if (t.errorCode !== 0) throw new KafkaRefusal(errorName(t.errorCode), `DescribeTransactions failed: ${errorName(t.errorCode)}`, t.errorCode);
  const startTimestamp = Number(t.transactionStartTimeMs);
  return {
    transactionalId, state: t.transactionState, producerId: Number(t.producerId), producerEpoch: t.producerEpoch,
    timeoutMs: t.transactionTimeoutMs, startTimestamp,
    hanging: t.transactionState === 'Ongoing' && startTimestamp >= 0 && now - startTimestamp > t.transactionTimeoutMs,
    partitions: t.topics.flatMap((tp) => tp.partitions.map((partition) => ({ topic: tp.topic, partition }))).sort((a, b) => a.topic.localeCompare(b.topic) || a.partition - b.partition),
    coordinator: c.nodeId,
  };
}

/** Aborts the producer's open transaction on each partition (see the top of the file). */
export async function abortTransaction(conn: KafkaConnection, req: AbortTransactionRequest): Promise<AbortTransactionResult> {
  let targets: { topic: string; partition: number; producerId: number | undefined }[];
  if (req.transactionalId) {
    const d = await describeTransaction(conn, req.transactionalId);
    if (d.state !== 'Ongoing') throw new ConsoleError('INVALID_REQUEST', `Transaction '${req.transactionalId}' is ${d.state}, not ongoing: there is nothing to abort.`);
    targets = d.partitions.map((p) => ({ ...p, producerId: d.producerId }));
  } else if (req.topic && Number.isInteger(req.partition)) {
    targets = [{ topic: req.topic, partition: req.partition!, producerId: req.producerId }];
  } else {
    throw new ConsoleError('INVALID_REQUEST', 'Name a transactional id, or a topic and partition.');
  }
  const md = await readMetadata(conn, [...new Set(targets.map((t) => t.topic))]);
  const aborted: AbortTransactionResult['aborted'] = [];
  for (const t of targets) {
    const topic = md.topics.get(t.topic);
    const leader = topic?.partitions[t.partition]?.leader ?? -1;
    const broker = md.brokers.get(leader);
    if (!topic || !broker) {
      aborted.push({ topic: t.topic, partition: t.partition, producerId: t.producerId ?? -1, error: topic ? 'LEADER_NOT_AVAILABLE' : 'UNKNOWN_TOPIC_OR_PARTITION' });
      continue;
    }
    const c = await connectionTo(conn, { host: broker.host, port: broker.port });
    const producers = await describeProducersV0.api.async(c, [{ name: t.topic, partitionIndexes: [t.partition] }]);
    const p = producers.topics[0]?.partitions[0];
    const open = (p?.activeProducers ?? []).filter((a) => a.currentTxnStartOffset >= 0n && (t.producerId === undefined || Number(a.producerId) === t.producerId));
    if (open.length === 0) {
      aborted.push({ topic: t.topic, partition: t.partition, producerId: t.producerId ?? -1, error: p && p.errorCode !== 0 ? errorName(p.errorCode) : null });
      continue;
    }
    for (const a of open) {
      const res = await writeTxnMarkersV1.async(c, [{
        producerId: a.producerId, producerEpoch: a.producerEpoch, commit: false, coordinatorEpoch: a.coordinatorEpoch,
        topics: [{ name: t.topic, partitions: [t.partition] }],
      }]);
      const code = res.markers[0]?.topics[0]?.partitions[0]?.errorCode ?? -1;
      aborted.push({ topic: t.topic, partition: t.partition, producerId: Number(a.producerId), error: code === 0 ? null : errorName(code) });
    }
  }
  return { aborted };
}
