// InitProducerId for idempotent producers, and Kafka's answers to transactional requests, which this
// cluster does not support: an immediate, non-retriable error, so a transactional client fails fast.

import type { MessageValue } from '../../protocol/schema.ts';
import type { InitProducerIdRequest } from '../../protocol/messages/index.ts';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { errorOf, type Handler } from './context.ts';

const TXN_UNSUPPORTED = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;

export const handleInitProducerId: Handler = async (raw, _req, broker) => {
  const body = raw as MessageValue<typeof InitProducerIdRequest>;
  if (body.transactionalId !== null && body.transactionalId !== '') {
    return { throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED, producerId: -1, producerEpoch: -1 };
  }
  // Without a transactional id Kafka always hands out a fresh producer id (epoch 0), whatever id and epoch
  // the producer last had: its sequence numbers start over with it.
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

export const handleDescribeProducers: Handler = (raw, _req, broker) => {
  const body = raw as { topics: { name: string; partitionIndexes: number[] }[] };
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((p) => {
        try {
          const hp = broker.replicas.leaderPartition(t.name, p, view);
          return {
            partitionIndex: p, errorCode: 0, errorMessage: null,
            activeProducers: hp.log.describeProducers().map((a) => ({
              producerId: a.producerId, producerEpoch: a.epoch, lastSequence: a.lastSequence, lastTimestamp: a.lastTimestamp,
              coordinatorEpoch: a.coordinatorEpoch, currentTxnStartOffset: a.currentTxnStartOffset,
            })),
          };
        } catch (e) {
          const err = errorOf(e);
          return { partitionIndex: p, errorCode: err.code, errorMessage: err.message, activeProducers: [] };
        }
      }),
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
