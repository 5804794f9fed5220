// InitProducerId for idempotent producers, and Kafka's answers to transactional requests, which this
// cluster does not support: an immediate, non-retriable error, so a transactional client fails fast.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';

type AddPartitionsTopicResult = Item<ResponseOf<'AddPartitionsToTxn'>['resultsByTopicV3AndBelow']>;
type ProducersTopic = Item<ResponseOf<'DescribeProducers'>['topics']>;
type ProducersPartition = Item<ProducersTopic['partitions']>;
type TxnOffsetCommitTopic = Item<ResponseOf<'TxnOffsetCommit'>['topics']>;

const TXN_UNSUPPORTED = ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;

export const handleInitProducerId: Handler<'InitProducerId'> = async (body, _req, broker): Promise<ResponseOf<'InitProducerId'>> => {
  if (body.transactionalId !== null && body.transactionalId !== '') {
    return { throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED, producerId: -1, producerEpoch: -1 };
  }
  // Without a transactional id Kafka always hands out a fresh producer id (epoch 0), whatever id and epoch
  // the producer last had: its sequence numbers start over with it.
  return { throttleTimeMs: 0, errorCode: 0, producerId: await broker.nextProducerId(), producerEpoch: 0 };
};

// Versions 0-3 only (the schema's): the batched v4+ form, for brokers, is not declared.
export const handleAddPartitionsToTxn: Handler<'AddPartitionsToTxn'> = (body): ResponseOf<'AddPartitionsToTxn'> => {
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: body.v3AndBelowTopics.map((t): AddPartitionsTopicResult => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p): Item<AddPartitionsTopicResult['resultsByPartition']> => ({ partitionIndex: p, partitionErrorCode: TXN_UNSUPPORTED })),
    })),
  };
};

export const handleDescribeProducers: Handler<'DescribeProducers'> = (body, _req, broker): ResponseOf<'DescribeProducers'> => {
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t): ProducersTopic => ({
      name: t.name,
      partitions: t.partitionIndexes.map((p): ProducersPartition => {
        try {
          const hp = broker.replicas.leaderPartition(t.name, p, view);
          return {
            partitionIndex: p, errorCode: 0, errorMessage: null,
            activeProducers: hp.log.describeProducers().map((a): Item<ProducersPartition['activeProducers']> => ({
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

export const handleAddOffsetsToTxn: Handler<'AddOffsetsToTxn'> = (): ResponseOf<'AddOffsetsToTxn'> => ({ throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED });
export const handleEndTxn: Handler<'EndTxn'> = (): ResponseOf<'EndTxn'> => ({ throttleTimeMs: 0, errorCode: TXN_UNSUPPORTED });
export const handleTxnOffsetCommit: Handler<'TxnOffsetCommit'> = (body): ResponseOf<'TxnOffsetCommit'> => {
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t): TxnOffsetCommitTopic => ({ name: t.name, partitions: t.partitions.map((p): Item<TxnOffsetCommitTopic['partitions']> => ({ partitionIndex: p.partitionIndex, errorCode: TXN_UNSUPPORTED })) })),
  };
};
