// KIP-932 share groups: ShareGroupHeartbeat and ShareGroupDescribe and the share-group offset admin APIs on
// the group's coordinator (group/share-groups.ts); ShareFetch and ShareAcknowledge on the partitions'
// leaders (group/share-partition-manager.ts), as in Kafka.
//
// Advertised: ShareGroupHeartbeat v1, ShareGroupDescribe v1, ShareFetch v1-2, ShareAcknowledge v1-2,
// DescribeShareGroupOffsets v0-1, AlterShareGroupOffsets v0, DeleteShareGroupOffsets v0.
// A group's GROUP configs (share.auto.offset.reset, share.record.lock.duration.ms, share.session.timeout.ms,
// share.heartbeat.interval.ms, share.isolation.level; broker-config-group.ts) override the broker's settings
// for that group; read_committed reads to the last stable offset and archives aborted transactions' records.
// Where a Kafka 4.2 broker does more: ShareAcquireMode is ignored (acquisition always stops at MaxRecords;
// MaxBytes is a soft limit over whole batches, the first batch always sent, as in Fetch); ShareFetch does not
// check the member against its group. A share session goes when the connection of its latest request closes,
// and the member's records come back at once with that delivery taken back (Kafka's disconnect listener).

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { ShareFetchPartitionRequest, SharePartitionResult, ShareRequest, ShareResult } from '../group/share-partition-manager.ts';
import { coordinatorFor } from './groups.ts';
import { num, type BrokerContext, type Handler, type Item, type ResponseOf } from './context.ts';

function isCoordinator(groupId: string, broker: BrokerContext): boolean {
  return coordinatorFor(groupId, broker)?.nodeId === broker.brokerId;
}

export const handleShareGroupHeartbeat: Handler<'ShareGroupHeartbeat'> = (body, req, broker): ResponseOf<'ShareGroupHeartbeat'> => {
  if (!isCoordinator(body.groupId, broker)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
  }
  if (broker.groups.group(body.groupId) !== undefined) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${body.groupId} is not a share group.`, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
  }
  const res = broker.shareGroups.heartbeat(
    { groupId: body.groupId, memberId: body.memberId, memberEpoch: body.memberEpoch, rackId: body.rackId, subscribedTopicNames: body.subscribedTopicNames },
    { clientId: req.clientId, clientHost: req.clientHost },
  );
  return { throttleTimeMs: 0, ...res };
};

export const handleShareGroupDescribe: Handler<'ShareGroupDescribe'> = (body, _req, broker): ResponseOf<'ShareGroupDescribe'> => {
  const mine = body.groupIds.filter((g) => isCoordinator(g, broker));
  const described = new Map(broker.shareGroups.describe(mine).map((g) => [g.groupId, g]));
  return {
    throttleTimeMs: 0,
    groups: body.groupIds.map((groupId) => described.get(groupId) ?? {
      errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, groupId, groupState: '', groupEpoch: -1, assignmentEpoch: -1, assignorName: '', members: [],
    }),
  };
};

type FetchPartition = Item<Item<ResponseOf<'ShareFetch'>['responses']>['partitions']>;

function byTopic<T>(results: readonly SharePartitionResult[], map: (r: SharePartitionResult) => T): { topicId: string; partitions: T[] }[] {
  const topics = new Map<string, T[]>();
  for (const r of results) topics.set(r.topicId, [...(topics.get(r.topicId) ?? []), map(r)]);
  return [...topics].map(([topicId, partitions]) => ({ topicId, partitions }));
}

interface AckedTopic {
  topicId: string;
  partitions: readonly { partitionIndex: number; acknowledgementBatches: readonly { firstOffset: number | bigint; lastOffset: number | bigint; acknowledgeTypes: readonly number[] }[] }[];
}

/** ShareFetch's and ShareAcknowledge's acknowledgements, per partition, as the partition manager takes them. */
function acknowledgementsOf(topics: readonly AckedTopic[]): ShareFetchPartitionRequest[] {
  return topics.flatMap((t) => t.partitions.map((p) => ({
    topicId: t.topicId,
    partition: p.partitionIndex,
    acknowledgementBatches: p.acknowledgementBatches.map((b) => ({ firstOffset: num(b.firstOffset), lastOffset: num(b.lastOffset), acknowledgeTypes: [...b.acknowledgeTypes] })),
  })));
}

/** The request fields ShareFetch and ShareAcknowledge share (lock renewal from v2). */
function shareRequest(body: { groupId: string | null; memberId: string | null; shareSessionEpoch: number; isRenewAck: boolean; topics: readonly AckedTopic[] }, apiVersion: number, connectionId: number): ShareRequest {
  return {
    groupId: body.groupId ?? '',
    memberId: body.memberId ?? '',
    shareSessionEpoch: body.shareSessionEpoch,
    partitions: acknowledgementsOf(body.topics),
    isRenewAck: apiVersion >= 2 && body.isRenewAck,
    allowRenew: apiVersion >= 2,
    connectionId,
  };
}

/** The response fields ShareFetch and ShareAcknowledge share, with the partitions grouped by topic. */
function shareResponse<T>(result: ShareResult, broker: BrokerContext, groupId: string, map: (r: SharePartitionResult) => T) {
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    errorMessage: result.errorMessage,
    acquisitionLockTimeoutMs: broker.sharePartitions.lockDurationFor(groupId),
    responses: byTopic(result.partitions, map),
    nodeEndpoints: [],
  };
}

export const handleShareFetch: Handler<'ShareFetch'> = async (body, req, broker): Promise<ResponseOf<'ShareFetch'>> => {
  const result = await broker.sharePartitions.fetch({
    ...shareRequest(body, req.apiVersion, req.connectionId),
    maxWaitMs: body.maxWaitMs,
    minBytes: body.minBytes,
    maxBytes: body.maxBytes,
    maxRecords: body.maxRecords,
    forgotten: body.forgottenTopicsData.flatMap((t) => t.partitions.map((partition) => ({ topicId: t.topicId, partition }))),
  });
  return shareResponse(result, broker, body.groupId ?? '', (r): FetchPartition => ({
    partitionIndex: r.partition,
    errorCode: r.errorCode,
    errorMessage: r.errorMessage,
    acknowledgeErrorCode: r.acknowledgeErrorCode,
    acknowledgeErrorMessage: r.acknowledgeErrorMessage,
    currentLeader: r.currentLeader,
    records: r.records ?? Buffer.alloc(0),
    acquiredRecords: r.acquiredRecords.map((a) => ({ firstOffset: a.firstOffset, lastOffset: a.lastOffset, deliveryCount: a.deliveryCount })),
  }));
};

export const handleShareAcknowledge: Handler<'ShareAcknowledge'> = (body, req, broker): ResponseOf<'ShareAcknowledge'> => {
  const result = broker.sharePartitions.acknowledge(shareRequest(body, req.apiVersion, req.connectionId));
  return shareResponse(result, broker, body.groupId ?? '', (r) => ({ partitionIndex: r.partition, errorCode: r.errorCode, errorMessage: r.errorMessage, currentLeader: r.currentLeader }));
};

export const handleDescribeShareGroupOffsets: Handler<'DescribeShareGroupOffsets'> = (body, _req, broker): ResponseOf<'DescribeShareGroupOffsets'> => ({
  throttleTimeMs: 0,
  groups: body.groups.map((g) => {
    if (!isCoordinator(g.groupId, broker)) return { groupId: g.groupId, topics: [], errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null };
    const r = broker.shareGroups.describeOffsets(g.groupId, g.topics);
    return { groupId: g.groupId, topics: r.topics, errorCode: r.errorCode, errorMessage: r.errorMessage };
  }),
});

export const handleAlterShareGroupOffsets: Handler<'AlterShareGroupOffsets'> = (body, _req, broker): ResponseOf<'AlterShareGroupOffsets'> => {
  if (!isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, responses: [] };
  const r = broker.shareGroups.alterOffsets(body.groupId, body.topics.map((t) => ({
    topicName: t.topicName, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, startOffset: num(p.startOffset) })),
  })));
  return { throttleTimeMs: 0, ...r };
};

export const handleDeleteShareGroupOffsets: Handler<'DeleteShareGroupOffsets'> = (body, _req, broker): ResponseOf<'DeleteShareGroupOffsets'> => {
  if (!isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, errorMessage: null, responses: [] };
  return { throttleTimeMs: 0, ...broker.shareGroups.deleteOffsets(body.groupId, body.topics.map((t) => t.topicName)) };
};
