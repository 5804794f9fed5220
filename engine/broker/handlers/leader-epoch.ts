// OffsetForLeaderEpoch: for a follower's latest epoch, where that epoch ends in the leader's log (the start
// of the next epoch, or the log end for the current one). The follower truncates there.

import { errorOf, type Handler, type Item, type ResponseOf } from './context.ts';

type TopicResult = Item<ResponseOf<'OffsetForLeaderEpoch'>['topics']>;
type PartitionResult = Item<TopicResult['partitions']>;

export const handleOffsetForLeaderEpoch: Handler<'OffsetForLeaderEpoch'> = (body, _req, broker): ResponseOf<'OffsetForLeaderEpoch'> => {
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t): TopicResult => ({
      topic: t.topic,
      partitions: t.partitions.map((p): PartitionResult => {
        try {
          const hp = broker.replicas.leaderPartition(t.topic, p.partition, view, p.currentLeaderEpoch);
          const r = hp.log.epochs.endOffsetFor(p.leaderEpoch, hp.log.logEndOffset);
          return { errorCode: 0, partition: p.partition, leaderEpoch: r.epoch, endOffset: r.endOffset };
        } catch (e) {
          return { errorCode: errorOf(e).code, partition: p.partition, leaderEpoch: -1, endOffset: -1 };
        }
      }),
    })),
  };
};
