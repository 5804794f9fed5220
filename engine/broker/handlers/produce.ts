// Produce: validate and append each partition's batches on the leader; acks=0 gets no response, acks=1
// answers after the local append, acks=all after the ISR has it (replication waits in the replica manager).
// Transactions are not supported: a transactional produce fails at once with Kafka's authorization error
// rather than leaving the producer waiting.

import type { MessageValue } from '../../protocol/schema.ts';
import type { ProduceRequest } from '../../protocol/messages/index.ts';
import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import { errorOf, type Handler } from './context.ts';

export const handleProduce: Handler = async (raw, _req, broker) => {
  const body = raw as MessageValue<typeof ProduceRequest>;
  const acks = body.acks;
  const view = broker.view();
  const responses = await Promise.all(body.topicData.map(async (t) => ({
    name: t.name,
    partitionResponses: await Promise.all(t.partitionData.map(async (p) => {
      const base = { index: p.index, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [] as { batchIndex: number; batchIndexErrorMessage: string | null }[], errorMessage: null as string | null };
      try {
        if (acks !== 0 && acks !== 1 && acks !== -1) throw new KafkaError('INVALID_REQUIRED_ACKS', `acks must be -1, 0 or 1, not ${acks}`);
        if (body.transactionalId !== null) {
          throw new KafkaError('TRANSACTIONAL_ID_AUTHORIZATION_FAILED', 'transactions are not supported by this cluster');
        }
        if (!p.records || p.records.length === 0) throw new KafkaError('INVALID_RECORD', 'no record batch in the request');
        const hp = broker.replicas.leaderPartition(t.name, p.index, view);
        const r = broker.replicas.appendAsLeader(hp, p.records, acks);
        // acks=all: answer once the ISR has the batches (a retried duplicate waits for its original too).
        if (acks === -1) await broker.replicas.waitForHighWatermark(hp, r.lastOffset + 1, body.timeoutMs);
        return { ...base, errorCode: 0, baseOffset: r.firstOffset, logAppendTimeMs: r.logAppendTime, logStartOffset: r.logStartOffset };
      } catch (e) {
        const { code, message } = errorOf(e);
        return { ...base, errorCode: code === -1 ? ErrorCode.UNKNOWN_SERVER_ERROR : code, errorMessage: message };
      }
    })),
  })));
  if (acks === 0) return null;
  return { responses, throttleTimeMs: 0, nodeEndpoints: [] };
};
