// Produce: validate and append each partition's batches on the leader; acks=0 gets no response, acks=1
// answers after the local append, acks=all after the ISR has it (replication waits in the replica manager).
// Transactions are not supported: a transactional produce fails at once with Kafka's authorization error
// rather than leaving the producer waiting.

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';
import { AclOperation, requireTopic } from './authorization.ts';

type Response = ResponseOf<'Produce'>;
type PartitionResponse = Item<Item<Response['responses']>['partitionResponses']>;

export const handleProduce: Handler<'Produce'> = (body, req, broker): Response | null | Promise<Response> => {
  const acks = body.acks;
  const view = broker.view();
  // Appends are synchronous; only acks=all waits (for the ISR), so only then is anything awaited.
  const waits: Promise<void>[] = [];
  const responses = body.topicData.map((t): Item<Response['responses']> => ({
    name: t.name,
    partitionResponses: t.partitionData.map((p) => {
      const r: PartitionResponse = { index: p.index, errorCode: 0, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage: null };
      const fail = (e: unknown) => {
        const { code, message } = errorOf(e);
        r.errorCode = code === -1 ? ErrorCode.UNKNOWN_SERVER_ERROR : code;
        r.errorMessage = message;
        r.baseOffset = -1;
        r.logAppendTimeMs = -1;
        r.logStartOffset = -1;
      };
      try {
        requireTopic(req, AclOperation.WRITE, t.name);
        if (acks !== 0 && acks !== 1 && acks !== -1) throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${acks}`);
        if (body.transactionalId !== null) {
          throw new KafkaError('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'transactions are not supported by this cluster');
        }
        if (!p.records || p.records.length === 0) throw new KafkaError('INVALID_RECORD', 'no record batch in the request');
        const hp = broker.replicas.leaderPartition(t.name, p.index, view);
        const a = broker.replicas.appendAsLeader(hp, p.records, acks);
        r.baseOffset = a.firstOffset;
        r.logAppendTimeMs = a.logAppendTime;
        r.logStartOffset = a.logStartOffset;
        // acks=all: answer once the ISR has the batches (a retried duplicate waits for its original too).
        if (acks === -1) waits.push(broker.replicas.waitForHighWatermark(hp, a.lastOffset + 1, body.timeoutMs).catch(fail));
      } catch (e) {
        fail(e);
      }
      return r;
    }),
  }));
  if (acks === 0) return null;
  const response: Response = { responses, throttleTimeMs: 0, nodeEndpoints: [] };
  return waits.length === 0 ? response : Promise.all(waits).then(() => response);
};
