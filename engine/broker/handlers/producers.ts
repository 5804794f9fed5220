// InitProducerId for idempotent producers, and Kafka's answers to transactional requests, which this
// cluster does not support: an immediate, non-retriable error, so a transactional client fails fast.

import type { MessageValue } from '../../protocol/schema.ts';
import type { InitProducerIdRequest } from '../../protocol/messages/index.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { num, type Handler } from './context.ts';

const TXN_UNSUPPORTED = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;

export const handleInitProducerId: Handler = async (raw, _req, broker) => {
  const body = raw as MessageValue<typeof InitProducerIdRequest>;
  if (body.transactionalId !== null && body.transactionalId !== '') {
    return { throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED, producerId: -1, producerEpoch: -1 };
  }
  // An idempotent producer asking to bump its epoch keeps its id with epoch + 1 (KIP-360).
  const existing = num(body.producerId);
  if (existing >= 0 && body.producerEpoch >= 0 && body.producerEpoch < 32767) {
    return { throttleTimeMs: 0, errorCode: 0, producerId: existing, producerEpoch: body.producerEpoch + 1 };
  }
  return { throttleTimeMs: 0, errorCode: 0, producerId: await broker.nextProducerId(), producerEpoch: 0 };
};

export const handleAddPartitionsToTxn: Handler = (raw, req) => {
  const body = raw as { v3AndBelowTopics?: { name: string; partitions: number[] }[] };
  if (req.apiVersion >= 4) {
    return { throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED, resultsByTransaction: [] };
  }
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: (body.v3AndBelowTopics ?? []).map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p) => ({ partitionIndex: p, partitionErrorCode: TXN_UNSUPPORTED })),
    })),
  };
};

export const handleAddOffsetsToTxn: Handler = () => ({ throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED });
export const handleEndTxn: Handler = () => ({ throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED, producerId: -1, producerEpoch: -1 });
export const handleTxnOffsetCommit: Handler = (raw) => {
  const body = raw as { topics: { name: string; partitions: { partitionIndex: number }[] }[] };
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t) => ({ name: t.name, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: TXN_UNSUPPORTED })) })),
  };
};
