// Fetch: consumers read below the high watermark, followers (replica id >= 0) up to the log end. Topics
// are named up to v12 and addressed by topic id from v13 (UNKNOWN_TOPIC_ID when the id is stale). Fetch
// sessions are not kept: every response carries session id 0, which tells clients to send full requests.

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { FetchPartitionRequest } from '../replica-manager.ts';
import { num, type Handler, type Item, type ResponseOf } from './context.ts';

type FetchTopicResponse = Item<ResponseOf<'Fetch'>['responses']>;
type FetchPartitionResponse = Item<FetchTopicResponse['partitions']>;

export const handleFetch: Handler<'Fetch'> = async (body, req, broker): Promise<ResponseOf<'Fetch'>> => {
  const byId = req.apiVersion >= 13;
  const view = broker.view();
  const replicaId = req.apiVersion >= 15 ? body.replicaState.replicaId : body.replicaId;
  // Resolve topic ids to names; unknown ids answer UNKNOWN_TOPIC_ID without reading.
  const wanted: (FetchPartitionRequest & { topicKey: string })[] = [];
  const unknown = new Set<string>();
  for (const t of body.topics) {
    const name = byId ? view.topicById(t.topicId)?.name : t.topic;
    const topicKey = byId ? t.topicId : t.topic;
    if (name === undefined) {
      unknown.add(topicKey);
      continue;
    }
    for (const p of t.partitions) {
      wanted.push({ topicKey, topic: name, partition: p.partition, fetchOffset: num(p.fetchOffset), partitionMaxBytes: p.partitionMaxBytes, currentLeaderEpoch: p.currentLeaderEpoch });
    }
  }
  const maxBytes = req.apiVersion >= 3 ? body.maxBytes : 0x7fffffff;
  const results = await broker.replicas.fetch(
    { replicaId, maxWaitMs: body.maxWaitMs, minBytes: body.minBytes, maxBytes, partitions: wanted },
    () => broker.view(),
  );
  // Results come back in the order of `wanted`, which follows the request's order: a cursor pairs them
  // without a search per partition.
  let next = 0;
  const responses = body.topics.map((t): FetchTopicResponse => {
    const topicKey = byId ? t.topicId : t.topic;
    return {
      topic: t.topic,
      topicId: t.topicId,
      partitions: t.partitions.map((p): FetchPartitionResponse => {
        if (unknown.has(topicKey)) {
          return emptyPartition(p.partition, byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        }
        const r = results[next++];
        return {
          partitionIndex: p.partition,
          errorCode: r.errorCode,
          highWatermark: r.highWatermark,
          lastStableOffset: r.lastStableOffset,
          logStartOffset: r.logStartOffset,
          abortedTransactions: req.apiVersion >= 4 ? [] : null,
          preferredReadReplica: -1,
          records: r.records ?? Buffer.alloc(0),
        };
      }),
    };
  });
  return { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses, nodeEndpoints: [] };
};

function emptyPartition(partition: number, errorCode: number): FetchPartitionResponse {
  return { partitionIndex: partition, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], preferredReadReplica: -1, records: Buffer.alloc(0) };
}
