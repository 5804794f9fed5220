// Consumer groups: FindCoordinator (groups, and transactional ids: their coordinator's placement is the
// transaction coordinator's) and the classic group protocol, handed to this broker's group coordinator.
//
// Which broker coordinates a group: Kafka maps a group to a partition of __consumer_offsets by the Java
// hash of its id and uses that partition's leader. Committed offsets live in the catalog here, so the same
// hash picks among the live brokers directly; when brokers come or go, groups move and their members find
// the new coordinator through NOT_COORDINATOR, as they do in Kafka.

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { BrokerContext, Handler, Item, RequestContext, ResponseOf } from './context.ts';
import { authorizedOperations as authorizedOperationsOf } from './authorized-operations.ts';
import { AclOperation, mayGroup, mayTopic } from './authorization.ts';
import { ResourceType } from '../security/acl.ts';

type OffsetCommitTopic = Item<ResponseOf<'OffsetCommit'>['topics']>;

const GROUP_KEY = 0;
const TRANSACTION_KEY = 1;

/** The broker the transactional id's transaction-state partition is placed on (engine/broker/txn/coordinator-placement.ts). */
function transactionCoordinatorFor(transactionalId: string, broker: BrokerContext): { nodeId: number; host: string; port: number } | undefined {
  const b = broker.txn.coordinatorFor(transactionalId, broker.view());
  return b && { nodeId: b.id, host: b.host, port: b.port };
}

/** java.lang.String#hashCode, so a group maps to a broker the same way on every run. */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

export function coordinatorFor(groupId: string, broker: BrokerContext): { nodeId: number; host: string; port: number } | undefined {
  const alive = broker.view().aliveBrokers().sort((a, b) => a.id - b.id);
  if (alive.length === 0) return undefined;
  const b = alive[Math.abs(javaHash(groupId)) % alive.length];
  return { nodeId: b.id, host: b.host, port: b.port };
}

function isCoordinator(groupId: string, broker: BrokerContext): boolean {
  return coordinatorFor(groupId, broker)?.nodeId === broker.brokerId;
}

export const handleFindCoordinator: Handler<'FindCoordinator'> = (body, req, broker): ResponseOf<'FindCoordinator'> => {
  const answer = (key: string): Item<ResponseOf<'FindCoordinator'>['coordinators']> => {
    const denied = mayFindCoordinator(req, body.keyType, key);
    if (denied) return { key, nodeId: -1, host: '', port: -1, errorCode: denied, errorMessage: null };
    if (body.keyType !== GROUP_KEY && body.keyType !== TRANSACTION_KEY) {
      return { key, nodeId: -1, host: '', port: -1, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `unknown coordinator key type ${body.keyType}` };
    }
    const c = body.keyType === GROUP_KEY ? coordinatorFor(key, broker) : transactionCoordinatorFor(key, broker);
    if (!c) return { key, nodeId: -1, host: '', port: -1, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, errorMessage: 'no live broker' };
    return { key, ...c, errorCode: 0, errorMessage: null };
  };
  if (req.apiVersion >= 4) return { throttleTimeMs: 0, coordinators: body.coordinatorKeys.map(answer) };
  const a = answer(body.key);
  return { throttleTimeMs: 0, errorCode: a.errorCode, errorMessage: a.errorMessage, nodeId: a.nodeId, host: a.host, port: a.port };
};

const notCoordinator = { errorCode: ErrorCode.NOT_COORDINATOR };
/** FindCoordinator needs DESCRIBE on the group (key type 0) or the transactional id (1); the refusal's code, or 0. */
function mayFindCoordinator(req: RequestContext, keyType: number, key: string): number {
  if (keyType === GROUP_KEY) return mayGroup(req, AclOperation.DESCRIBE, key) ? 0 : ErrorCode.GROUP_AUTHORIZATION_FAILED;
  return req.authorize(AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, key) ? 0 : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
}
/** A member request needs READ on its group (Kafka's KafkaApis). */
const mayJoin = (req: RequestContext, groupId: string) => mayGroup(req, AclOperation.READ, groupId);
const refused = (req: RequestContext, groupId: string) => (mayJoin(req, groupId) ? notCoordinator : { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED });

export const handleJoinGroup: Handler<'JoinGroup'> = async (body, req, broker): Promise<ResponseOf<'JoinGroup'>> => {
  if (!mayJoin(req, body.groupId) || !isCoordinator(body.groupId, broker)) {
    return { throttleTimeMs: 0, ...refused(req, body.groupId), generationId: -1, protocolType: null, protocolName: req.apiVersion >= 7 ? null : '', leader: '', skipAssignment: false, memberId: body.memberId, members: [] };
  }
  // Member metadata is kept beyond this request: copy it out of the request frame. A protocol named twice
  // counts once (the first), so a member's vote is always for a protocol it lists.
  const names = new Set<string>();
  const protocols = body.protocols
    .filter((p) => !names.has(p.name) && names.add(p.name))
    .map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }));
  const result = await broker.groups.joinGroup({ ...body, protocols }, req);
  return { throttleTimeMs: 0, ...result };
};

export const handleSyncGroup: Handler<'SyncGroup'> = async (body, req, broker): Promise<ResponseOf<'SyncGroup'>> => {
  if (!mayJoin(req, body.groupId) || !isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, ...refused(req, body.groupId), protocolType: null, protocolName: null, assignment: Buffer.alloc(0) };
  const assignments = body.assignments.map((a) => ({ memberId: a.memberId, assignment: Buffer.from(a.assignment) }));
  const result = await broker.groups.syncGroup({ ...body, assignments }, req);
  return { throttleTimeMs: 0, ...result };
};

export const handleHeartbeat: Handler<'Heartbeat'> = (body, req, broker): ResponseOf<'Heartbeat'> => {
  if (!mayJoin(req, body.groupId) || !isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, ...refused(req, body.groupId) };
  return { throttleTimeMs: 0, ...broker.groups.heartbeat(body) };
};

export const handleLeaveGroup: Handler<'LeaveGroup'> = (body, req, broker): ResponseOf<'LeaveGroup'> => {
  if (!mayJoin(req, body.groupId) || !isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, ...refused(req, body.groupId), members: [] };
  return { throttleTimeMs: 0, ...broker.groups.leaveGroup(body, req.apiVersion) };
};

const commitOffsets: Handler<'OffsetCommit'> = (body, req, broker): ResponseOf<'OffsetCommit'> => {
  const every = (errorCode: number, topics = body.topics) =>
    topics.map((t): OffsetCommitTopic => ({ name: t.name, partitions: t.partitions.map((p): Item<OffsetCommitTopic['partitions']> => ({ partitionIndex: p.partitionIndex, errorCode })) }));
  if (!mayJoin(req, body.groupId) || !isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, topics: every(refused(req, body.groupId).errorCode) };
  // Partitions of topics the member may not read are refused; the rest are committed.
  const deniedTopics = body.topics.filter((t) => !mayTopic(req, AclOperation.READ, t.name));
  const committed = broker.groups.commitOffsets(deniedTopics.length ? { ...body, topics: body.topics.filter((t) => !deniedTopics.includes(t)) } : body, req.apiVersion);
  return { throttleTimeMs: 0, ...committed, topics: [...committed.topics, ...every(ErrorCode.TOPIC_AUTHORIZATION_FAILED, deniedTopics)] };
};

const fetchOffsets: Handler<'OffsetFetch'> = (body, req, broker): ResponseOf<'OffsetFetch'> => {
  const groupIds = req.apiVersion >= 8 ? body.groups.map((g) => g.groupId) : [body.groupId];
  const denied = groupIds.filter((g) => !mayGroup(req, AclOperation.DESCRIBE, g));
  if (req.apiVersion < 8 && denied.length > 0) return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, groups: [] };
  const away = groupIds.filter((g) => !isCoordinator(g, broker) || denied.includes(g));
  if (req.apiVersion < 2 && away.length > 0) {
    // v1 has no top-level error: an empty answer would read as "nothing committed", so every requested
    // partition carries NOT_COORDINATOR (offset -1, no metadata), as Kafka answers.
    const topics = (body.topics ?? []).map((t) => ({
      name: t.name,
      partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, metadata: '', errorCode: ErrorCode.NOT_COORDINATOR })),
    }));
    return { throttleTimeMs: 0, topics, groups: [] };
  }
  if (req.apiVersion < 8 && away.length > 0) return { throttleTimeMs: 0, topics: [], errorCode: ErrorCode.NOT_COORDINATOR, groups: [] };
  const result = markUnstable(broker.groups.fetchOffsets(body, req.apiVersion), body, req.apiVersion, broker);
  if (req.apiVersion >= 8 && away.length > 0) {
    const groups = result.groups.map((g) => (away.includes(g.groupId) ? { groupId: g.groupId, topics: [], errorCode: denied.includes(g.groupId) ? ErrorCode.GROUP_AUTHORIZATION_FAILED : ErrorCode.NOT_COORDINATOR } : g));
    return { throttleTimeMs: 0, ...result, groups };
  }
  return { throttleTimeMs: 0, ...result };
};

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

/**
 * v10 names topics by id (KIP-848): ids are resolved to names on the way in (an id this cluster does not
 * know answers UNKNOWN_TOPIC_ID) and names to ids on the way out; offsets stay kept by name.
 */
export const handleOffsetCommit: Handler<'OffsetCommit'> = async (body, req, broker) => {
  if (req.apiVersion < 10) return commitOffsets(body, req, broker);
  const view = broker.view();
  const unknown = body.topics.filter((t) => !view.topicById(t.topicId));
  const named = body.topics.filter((t) => !unknown.includes(t)).map((t) => ({ ...t, name: view.topicById(t.topicId)!.name }));
  const r = await commitOffsets({ ...body, topics: named }, req, broker);
  return {
    ...r,
    topics: [
      ...(r.topics ?? []).map((t) => ({ ...t, topicId: view.topic(t.name ?? '')?.topicId ?? ZERO_UUID })),
      ...unknown.map((t) => ({ name: '', topicId: t.topicId, partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_ID })) })),
    ],
  };
};

export const handleOffsetFetch: Handler<'OffsetFetch'> = async (body, req, broker) => {
  if (req.apiVersion < 10) return fetchOffsets(body, req, broker);
  const view = broker.view();
  const unknownByGroup = new Map(body.groups.map((g) => [g.groupId, (g.topics ?? []).filter((t) => !view.topicById(t.topicId))]));
  const groups = body.groups.map((g) => ({
    ...g, topics: g.topics === null ? null : g.topics.filter((t) => view.topicById(t.topicId)).map((t) => ({ ...t, name: view.topicById(t.topicId)!.name })),
  }));
  const r = await fetchOffsets({ ...body, groups }, req, broker);
  return {
    ...r,
    groups: (r.groups ?? []).map((g) => ({
      ...g,
      topics: [
        // A topic deleted since its offsets were committed has no id left to answer with.
        ...(g.topics ?? []).flatMap((t) => {
          const id = view.topic(t.name ?? '')?.topicId;
          return id ? [{ ...t, topicId: id }] : [];
        }),
        ...(!g.errorCode ? unknownByGroup.get(g.groupId ?? '') ?? [] : []).map((t) => ({
          name: '', topicId: t.topicId,
          partitions: t.partitionIndexes.map((partitionIndex) => ({ partitionIndex, committedOffset: -1, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.UNKNOWN_TOPIC_ID })),
        })),
      ],
    })),
  };
};

type FetchedTopic = { name: string; partitions: { partitionIndex: number; committedOffset: number | bigint; errorCode: number }[] };

/**
 * RequireStable (v7+, KIP-447): a partition with a transactional offset commit still waiting for its marker
 * answers UNSTABLE_OFFSET_COMMIT, so an exactly-once consumer retries instead of resuming from an older offset.
 */
function markUnstable<R extends { topics: FetchedTopic[]; groups: { groupId: string; topics: FetchedTopic[] }[] }>(
  result: R, body: { requireStable: boolean; groupId: string }, apiVersion: number, broker: BrokerContext,
): R {
  if (apiVersion < 7 || !body.requireStable) return result;
  const mark = (groupId: string, topics: FetchedTopic[]): void => {
    const pending = new Set(broker.pendingTxnOffsets.pending(groupId).map((o) => `${o.topic}\u0000${o.partition}`));
    if (pending.size === 0) return;
    for (const t of topics) {
      for (const p of t.partitions) {
        if (!pending.has(`${t.name}\u0000${p.partitionIndex}`)) continue;
        p.errorCode = ErrorCode.UNSTABLE_OFFSET_COMMIT;
        p.committedOffset = -1;
      }
    }
  };
  if (apiVersion >= 8) for (const g of result.groups) mark(g.groupId, g.topics);
  else mark(body.groupId, result.topics);
  return result;
}

export const handleDescribeGroups: Handler<'DescribeGroups'> = (body, req, broker): ResponseOf<'DescribeGroups'> => {
  const authorizedOperations = (g: string): number => authorizedOperationsOf(body.includeAuthorizedOperations, req, ResourceType.GROUP, g);
  const mine = body.groups.filter((g) => isCoordinator(g, broker) && mayGroup(req, AclOperation.DESCRIBE, g));
  const described = new Map(broker.groups.describeGroups(mine, req.apiVersion).groups.map((g) => [g.groupId, g]));
  return {
    throttleTimeMs: 0,
    groups: body.groups.map((g): Item<ResponseOf<'DescribeGroups'>['groups']> => {
      if (!mayGroup(req, AclOperation.DESCRIBE, g)) return { errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED, groupId: g, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: -2147483648 };
      const d = described.get(g);
      if (d) return { ...d, authorizedOperations: authorizedOperations(g) };
      return { errorCode: ErrorCode.NOT_COORDINATOR, groupId: g, groupState: '', protocolType: '', protocolData: '', members: [], authorizedOperations: authorizedOperations(g) };
    }),
  };
};

export const handleListGroups: Handler<'ListGroups'> = (body, _req, broker): ResponseOf<'ListGroups'> => {
  const result = broker.groups.listGroups(body.statesFilter, body.typesFilter);
  const share = result.errorCode === ErrorCode.NONE ? broker.shareGroups.list(body.statesFilter, body.typesFilter) : [];
  return { throttleTimeMs: 0, ...result, groups: [...result.groups.filter((g) => isCoordinator(g.groupId, broker)), ...share] };
};

export const handleDeleteGroups: Handler<'DeleteGroups'> = (body, _req, broker): ResponseOf<'DeleteGroups'> => {
  const mine = body.groupsNames.filter((g) => isCoordinator(g, broker));
  const share = mine.filter((g) => broker.shareGroups.isShareGroup(g));
  const results = new Map(broker.groups.deleteGroups(mine.filter((g) => !share.includes(g))).results.map((r) => [r.groupId, r]));
  for (const g of share) results.set(g, { groupId: g, errorCode: broker.shareGroups.deleteGroup(g) });
  return {
    throttleTimeMs: 0,
    results: body.groupsNames.map((g) => results.get(g) ?? { groupId: g, errorCode: ErrorCode.NOT_COORDINATOR }),
  };
};

export const handleOffsetDelete: Handler<'OffsetDelete'> = (body, _req, broker): ResponseOf<'OffsetDelete'> => {
  if (!isCoordinator(body.groupId, broker)) return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, topics: [] };
  return { throttleTimeMs: 0, ...broker.groups.deleteOffsets(body) };
};
