// OffsetFetch's answer: committed offsets read from the store and shaped as each version answers them —
// v0-7 ask for one group (topics null = all of its topics), v8+ for many groups in one request; v0-1 have
// no group-level error, so every requested partition carries it. Uncommitted partitions read -1.

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { CommittedOffset } from '../../catalog/group-offsets.ts';
import type { GroupOffsetBackend } from './coordinator-options.ts';
import type { OffsetFetchGroup, OffsetFetchPartition, OffsetFetchRequest, OffsetFetchRequestTopic, OffsetFetchResult, OffsetFetchTopic } from './types.ts';

/** Offsets are kept by topic name; OffsetCommit/OffsetFetch v10 handlers fill in the ids. */
export const NO_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAA';

/** One group of the request; `member` is the v8+ member (id and epoch, KIP-848), null before v8. */
export interface OffsetFetchAsk {
  groupId: string;
  topics: readonly OffsetFetchRequestTopic[] | null;
  member: { memberId: string | null; memberEpoch: number } | null;
}

/** The whole response body: `fetchGroup` answers each group asked for. */
export function offsetFetchResult(req: OffsetFetchRequest, apiVersion: number, fetchGroup: (ask: OffsetFetchAsk) => OffsetFetchGroup): OffsetFetchResult {
  if (apiVersion >= 8) {
    return {
      topics: [],
      errorCode: ErrorCode.NONE,
      groups: (req.groups ?? []).map((g) => fetchGroup({ groupId: g.groupId, topics: g.topics, member: { memberId: g.memberId ?? null, memberEpoch: g.memberEpoch ?? -1 } })),
    };
  }
  const one = fetchGroup({ groupId: req.groupId ?? '', topics: req.topics ?? null, member: null });
  if (apiVersion < 2 && one.errorCode !== ErrorCode.NONE) {
    const topics = (req.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((i) => ({ ...noOffset(i), errorCode: one.errorCode })),
    }));
    return { topics, errorCode: one.errorCode, groups: [] };
  }
  return { topics: one.topics, errorCode: one.errorCode, groups: [] };
}

/** A group's committed offsets: the requested partitions, or (topics null) every one it has committed. */
export function readGroupOffsets(store: GroupOffsetBackend, groupId: string, topics: readonly OffsetFetchRequestTopic[] | null): OffsetFetchGroup {
  const toPartition = (o: CommittedOffset): OffsetFetchPartition => ({
    partitionIndex: o.partition,
    committedOffset: o.committedOffset,
    committedLeaderEpoch: o.leaderEpoch,
    metadata: o.metadata ?? '',
    errorCode: ErrorCode.NONE,
  });
  if (topics === null) {
    const byTopic = new Map<string, OffsetFetchTopic>();
    for (const o of store.fetch(groupId)) {
      let t = byTopic.get(o.topic);
      if (t === undefined) byTopic.set(o.topic, (t = { name: o.topic, topicId: NO_TOPIC_ID, partitions: [] }));
      t.partitions.push(toPartition(o));
    }
    return { groupId, topics: [...byTopic.values()], errorCode: ErrorCode.NONE };
  }
  const wanted = topics.flatMap((t) => t.partitionIndexes.map((partition) => ({ topic: t.name, partition })));
  const committed = new Map(store.fetch(groupId, wanted).map((o) => [`${o.partition}:${o.topic}`, o]));
  return {
    groupId,
    errorCode: ErrorCode.NONE,
    topics: topics.map((t) => ({
      name: t.name,
      topicId: NO_TOPIC_ID,
      partitions: t.partitionIndexes.map((i) => {
        const o = committed.get(`${i}:${t.name}`);
        return o === undefined ? noOffset(i) : toPartition(o);
      }),
    })),
  };
}

function noOffset(partitionIndex: number): OffsetFetchPartition {
  return { partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE };
}
