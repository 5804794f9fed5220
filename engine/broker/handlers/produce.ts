// Produce: validate and append each partition's batches on the leader; acks=0 gets no response, acks=1
// answers after the local append, acks=all after the ISR has it (replication waits in the replica manager).
// An acks=0 produce that fails closes its connection, as Kafka's does. A partition this broker does not lead
// names its current leader (KIP-951).
// Transactions are not supported: a transactional produce fails at once with Kafka's authorization error
// rather than leaving the producer waiting.

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import { CloseConnection } from '../listener.ts';
import { RecordValidationError } from '../../storage/append-validation.ts';
import { LeaderHints } from './leader-hints.ts';
import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';

type Response = ResponseOf<'Produce'>;
type PartitionResponse = Item<Item<Response['responses']>['partitionResponses']>;

export const handleProduce: Handler<'Produce'> = (body, req, broker): Response | null | Promise<Response> => {
  const acks = body.acks;
  const view = broker.view();
  // Appends are synchronous; only acks=all waits (for the ISR), so only then is anything awaited.
  const waits: Promise<void>[] = [];
  const hints = new LeaderHints(view);
  // v13 names topics by id (KIP-516); an id this broker does not know is UNKNOWN_TOPIC_ID.
  const names = body.topicData.map((t) => (req.apiVersion >= 13 ? view.topicById(t.topicId)?.name : t.name));
  const responses = body.topicData.map((t, ti): Item<Response['responses']> => ({
    name: t.name,
    topicId: t.topicId,
    partitionResponses: t.partitionData.map((p) => {
      const name = names[ti];
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
      try {
        if (acks !== 0 && acks !== 1 && acks !== -1) throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${acks}`);
        if (body.transactionalId !== null) {
          throw new KafkaError('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'transactions are not supported by this cluster');
        }
        if (name === undefined) throw new KafkaError('UNKNOWN_TOPIC_ID', `no topic has id ${t.topicId}`);
        if (!p.records || p.records.length === 0) throw new KafkaError('INVALID_RECORD', 'no record batch in the request');
        const hp = broker.replicas.leaderPartition(name, p.index, view);
        const a = broker.replicas.appendAsLeader(hp, p.records, acks);
        r.baseOffset = a.firstOffset;
        r.logAppendTimeMs = a.logAppendTime;
        r.logStartOffset = a.logStartOffset;
        // acks=all: answer once the ISR has the batches (a retried duplicate waits for its original too).
        if (acks === -1) waits.push(broker.replicas.waitForHighWatermark(hp, a.lastOffset + 1, body.timeoutMs).catch(fail));
      } catch (e) {
        fail(e);
        r.currentLeader = hints.hint(name, p.index, r.errorCode ?? 0);
      }
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
  return waits.length === 0 ? response : Promise.all(waits).then(() => response);
};
