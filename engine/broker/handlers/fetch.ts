// Fetch: consumers read below the high watermark (READ_COMMITTED: below the last stable offset, with the
// aborted transactions of what was read), followers (replica id >= 0) up to the log end. Topics are named up
// to v12 and addressed by topic id from v13 (UNKNOWN_TOPIC_ID when the id is stale). From v7 a fetcher may
// keep an incremental fetch session (KIP-227, fetch-session.ts). A partition refused because this broker does
// not lead it names the current leader (KIP-951).

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { SessionPartition, SessionResolution } from '../fetch-session.ts';
import type { FetchPartitionResult } from '../replica-manager.ts';
import { num, type Handler, type Item, type ResponseOf } from './context.ts';
import { LeaderHints } from './leader-hints.ts';
import { mayFetch } from './authorization.ts';

type FetchTopicResponse = Item<ResponseOf<'Fetch'>['responses']>;
type FetchPartitionResponse = Item<FetchTopicResponse['partitions']>;

export const handleFetch: Handler<'Fetch'> = async (body, req, broker): Promise<ResponseOf<'Fetch'>> => {
  const byId = req.apiVersion >= 13;
  const view = broker.view();
  const replicaId = req.apiVersion >= 15 ? body.replicaState.replicaId : body.replicaId;
  const resolution: SessionResolution = req.apiVersion >= 7 && broker.fetchSessions
    ? broker.fetchSessions.resolve(body.sessionId, body.sessionEpoch)
    : { kind: 'sessionless' };
  if (resolution.kind === 'error') return { throttleTimeMs: 0, errorCode: resolution.errorCode, sessionId: 0, responses: [], nodeEndpoints: [] };
  // Resolve topic ids to names; unknown ids answer UNKNOWN_TOPIC_ID without reading.
  const requested: SessionPartition[] = [];
  const unknown: { topicKey: string; topic: string; topicId: string; partition: number; errorCode: number }[] = [];
  for (const t of body.topics) {
    const name = byId ? view.topicById(t.topicId)?.name : t.topic;
    const topicKey = byId ? t.topicId : t.topic;
    const refused = name === undefined ? (byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
      : mayFetch(req, replicaId, name) ? ErrorCode.NONE : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
    for (const p of t.partitions) {
      if (name === undefined || refused !== ErrorCode.NONE) unknown.push({ topicKey, topic: t.topic, topicId: t.topicId, partition: p.partition, errorCode: refused });
      else requested.push({ topicKey, topic: name, topicId: t.topicId, partition: p.partition, fetchOffset: num(p.fetchOffset), partitionMaxBytes: p.partitionMaxBytes, currentLeaderEpoch: p.currentLeaderEpoch });
    }
  }
  const session = resolution.kind === 'sessionless' ? undefined : resolution.session;
  if (session) {
    if (resolution.kind === 'full') session.clear();
    session.update(requested, body.forgottenTopicsData.map((f) => ({ topicKey: byId ? f.topicId : f.topic, partitions: f.partitions })));
  }
  const maxBytes = req.apiVersion >= 3 ? body.maxBytes : 0x7fffffff;
  const params = { replicaId, maxWaitMs: body.maxWaitMs, minBytes: body.minBytes, maxBytes, isolationLevel: body.isolationLevel };
  let read: [SessionPartition, FetchPartitionResult][];
  if (session && resolution.kind === 'incremental') {
    // Only partitions that may have something new are read (fetch-session.ts); the rest are left out of the
    // response, as an incremental response leaves out every unchanged partition.
    const found = new Map<SessionPartition, FetchPartitionResult>();
    let bytes = 0;
    let error = false;
    const maxWaitMs = broker.replicas.holdFor(replicaId, body.maxWaitMs, () => session.partitions.values());
    await broker.replicas.longPoll({ partitions: [], maxWaitMs, minBytes: body.minBytes, watch: (fn) => session.watch(fn), replicaId }, () => {
      const batch = session.takeDirty();
      const results = broker.replicas.readPartitions({ ...params, maxBytes: maxBytes - bytes, minOneBatch: bytes === 0, partitions: batch }, broker.view());
      batch.forEach((w, i) => {
        bytes += (results[i].records?.length ?? 0) - (found.get(w)?.records?.length ?? 0);
        if (results[i].errorCode !== 0) error = true;
        found.set(w, results[i]);
      });
      session.settle(batch, results, true);
      return { result: found, bytes, error };
    });
    read = [...found];
  } else {
    // A full fetch reads everything; with a session, what it reads now is not pending for the next one.
    const wanted = session ? session.takeDirty() : requested;
    const results = await broker.replicas.fetch({ ...params, partitions: wanted }, () => broker.view());
    session?.settle(wanted, results, false);
    read = wanted.map((w, i) => [w, results[i]]);
  }
  const hints = new LeaderHints(broker.view());
  // Grouped by topic in the order read.
  const byTopic = new Map<string, { topic: string; topicId: string; partitions: FetchPartitionResponse[] }>();
  const add = (w: { topicKey: string; topic: string; topicId: string }, r: FetchPartitionResponse) => {
    let t = byTopic.get(w.topicKey);
    if (!t) byTopic.set(w.topicKey, (t = { topic: w.topic, topicId: w.topicId, partitions: [] }));
    t.partitions.push(r);
  };
  const full = resolution.kind !== 'incremental';
  for (const [w, r] of read) {
    if (session && !session.report(w, r, full)) continue;
    if (session && !full && r.records !== null && r.records.length > 0) session.moveToEnd(w);
    add(w, {
      partitionIndex: w.partition,
      errorCode: r.errorCode,
      highWatermark: r.highWatermark,
      lastStableOffset: r.lastStableOffset,
      logStartOffset: r.logStartOffset,
      abortedTransactions: r.abortedTransactions,
      preferredReadReplica: -1,
      records: r.records ?? Buffer.alloc(0),
      currentLeader: hints.hint(w.topic, w.partition, r.errorCode),
    });
  }
  for (const u of unknown) add(u, emptyPartition(u.partition, u.errorCode));
  // The epoch moves on with each incremental fetch; the full fetch that opened the session expects 1 next.
  if (session && resolution.kind === 'incremental') session.advance(Date.now());
  return { throttleTimeMs: 0, errorCode: 0, sessionId: session?.id ?? 0, responses: [...byTopic.values()] satisfies FetchTopicResponse[], nodeEndpoints: hints.endpoints() };
};

function emptyPartition(partition: number, errorCode: number): FetchPartitionResponse {
  return { partitionIndex: partition, errorCode, highWatermark: -1, lastStableOffset: -1, logStartOffset: -1, abortedTransactions: [], preferredReadReplica: -1, records: Buffer.alloc(0) };
}
