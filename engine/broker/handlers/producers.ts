// DescribeProducers: the producers a partition leader knows (their epoch, last sequence and open transaction),
// as kafka-transactions.sh describe-producers shows them.

import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';

type ProducersTopic = Item<ResponseOf<'DescribeProducers'>['topics']>;
type ProducersPartition = Item<ProducersTopic['partitions']>;

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
