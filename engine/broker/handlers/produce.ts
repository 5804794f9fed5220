// Produce: validate and append each partition's batches on the leader; acks=0 gets no response, acks=1
// answers after the local append, acks=all after the ISR has it (replication waits in the replica manager).
//
// Transactional batches (KIP-890, Kafka's ReplicaManager.appendRecords with verification): the request must
// name its transactional id, and the first batch of a producer's transaction on a partition is checked with
// the transaction coordinator before it is appended — the partition must be in the producer's ongoing
// transaction (AddPartitionsToTxn), or, for a transactions v2 client (Produce v12+), it is added then. A
// batch that fails the check is rejected (INVALID_TXN_STATE, INVALID_PRODUCER_EPOCH, or NOT_ENOUGH_REPLICAS
// to retry when the coordinator is busy or moving) and nothing is written.
//
// An acks=0 produce that fails closes its connection, as Kafka's does. A partition this broker does not lead
// names its current leader (KIP-951).

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import { isTransactional, readBatchHeader, type BatchHeader } from '../../storage/record-batch.ts';
import { clientTransactionVersionOf } from '../txn/client-errors.ts';
import type { Partition } from '../partition.ts';
import { CloseConnection } from '../listener.ts';
import { RecordValidationError } from '../../storage/append-validation.ts';
import { LeaderHints } from './leader-hints.ts';
import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';
import { AclOperation, requireTopic } from './authorization.ts';

type Response = ResponseOf<'Produce'>;
type PartitionResponse = Item<Item<Response['responses']>['partitionResponses']>;

export const handleProduce: Handler<'Produce'> = (body, req, broker): Response | null | Promise<Response> => {
  const acks = body.acks;
  const view = broker.view();
  // Appends are synchronous; only acks=all (and transactional verification) waits, so only then is anything awaited.
  const waits: Promise<void>[] = [];
  const hints = new LeaderHints(view);
  // v13 names topics by id (KIP-516); an id this broker does not know is UNKNOWN_TOPIC_ID.
  const names = body.topicData.map((t) => (req.apiVersion >= 13 ? view.topicById(t.topicId)?.name : t.name));
  const responses = body.topicData.map((t, ti): Item<Response['responses']> => ({
    name: t.name,
    topicId: t.topicId,
    partitionResponses: t.partitionData.map((p) => {
      const name = names[ti]!;
      const r: PartitionResponse = { index: p.index, errorCode: 0, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: null };
      const fail = (e: unknown) => {
        const { code, message } = errorOf(e);
        r.errorCode = code === -1 ? ErrorCode.UNKNOWN_SERVER_ERROR : code;
        r.errorMessage = message;
        // KIP-467: which records the batch was rejected for (clients name them in their errors).
        if (e instanceof RecordValidationError) r.recordErrors = e.recordErrors.map((x) => ({ batchIndex: x.batchIndex, batchIndexErrorMessage: x.message }));
        r.baseOffset = -1;
        r.logAppendTimeMs = -1;
        r.logStartOffset = -1;
      };
      const append = (hp: Partition, records: Buffer): void => {
        const a = broker.replicas.appendAsLeader(hp, records, acks);
        r.baseOffset = a.firstOffset;
        r.logAppendTimeMs = a.logAppendTime;
        r.logStartOffset = a.logStartOffset;
        // acks=all: answer once the ISR has the batches (a retried duplicate waits for its original too).
        if (acks === -1) waits.push(broker.replicas.waitForHighWatermark(hp, a.lastOffset + 1, body.timeoutMs).catch(fail));
      };
      try {
        requireTopic(req, AclOperation.WRITE, name);
        if (acks !== 0 && acks !== 1 && acks !== -1) throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${acks}`);
        if (names[ti] === undefined) throw new KafkaError('UNKNOWN_TOPIC_ID', `no topic has id ${t.topicId}`);
        if (!p.records || p.records.length === 0) throw new KafkaError('INVALID_RECORD', 'no record batch in the request');
        const records = p.records;
        const hp = broker.replicas.leaderPartition(name, p.index, view);
        const first = readBatchHeader(records, 0);
        if (!isTransactional(first.attributes)) {
          append(hp, records);
          return r;
        }
        if (body.transactionalId === null || body.transactionalId === '') {
          throw new KafkaError('INVALID_TXN_STATE', 'a transactional batch needs the transactional id of its producer in the request');
        }
        const transactionalId = body.transactionalId;
        const key = `${name}\u0000${p.index}\u0000${first.producerId}`;
        // Batches that wait (behind a verification) outlive the request frame: copy them out. The common case,
        // a later batch of an open transaction with nothing queued, appends at once from the frame.
        const own = broker.txn.hasQueued(key) || !inOpenTransaction(hp, first) ? Buffer.from(records) : records;
        const step = (): void | Promise<void> => {
          const current = broker.replicas.leaderPartition(name, p.index, broker.view());
          if (inOpenTransaction(current, first)) return append(current, own);
          const add = clientTransactionVersionOf('Produce', req.apiVersion) >= 2;
          return broker.txn.verifyPartition(transactionalId, first.producerId, first.producerEpoch, name, p.index, add).then((error) => {
            if (error !== 'NONE') throw new KafkaError(error, `${name}-${p.index} is not part of the ongoing transaction of ${transactionalId}`);
            append(broker.replicas.leaderPartition(name, p.index, broker.view()), own);
          });
        };
        const done = broker.txn.inOrder(key, step);
        if (done instanceof Promise) waits.push(done.catch(fail));
      } catch (e) {
        fail(e);
      }
      r.currentLeader = hints.hint(name, p.index, r.errorCode ?? 0);
      return r;
    }),
  }));
  if (acks === 0) {
    // Kafka closes the connection of an acks=0 produce that failed anywhere: the producer hears of it no other way.
    const failed = responses.flatMap((t) => (t.partitionResponses ?? []).filter((p) => p.errorCode !== 0).map((p) => `${t.name || t.topicId}-${p.index}: ${p.errorMessage ?? p.errorCode}`));
    if (failed.length > 0) throw new CloseConnection(`acks=0 produce failed for ${failed.join(', ')}`);
    return null;
  }
  const response: Response = { responses, throttleTimeMs: 0, nodeEndpoints: hints.endpoints() };
  return waits.length === 0 ? response : settle(waits).then(() => response);
};

/** Waits for every promise, including those added to `waits` while waiting (an acks=all wait after a verification). */
async function settle(waits: Promise<void>[]): Promise<void> {
  let seen = 0;
  while (seen < waits.length) {
    const batch = waits.slice(seen);
    seen = waits.length;
    await Promise.all(batch);
  }
}

/** Is this producer's transaction already open on the partition (so the coordinator has verified it)? */
function inOpenTransaction(hp: Partition, h: BatchHeader): boolean {
  const e = hp.log.producerState.entry(h.producerId);
  return e !== undefined && e.producerEpoch === h.producerEpoch && e.currentTxnFirstOffset >= 0;
}

