// The group coordinator of one broker: every classic consumer group the broker coordinates, and their
// committed offsets. Transport-free: request handlers pass decoded request bodies in and encode the
// results out (types.ts); the rebalance protocol itself is membership.ts, one group's state
// is classic-group.ts. Semantics follow Kafka's classic group coordinator (GroupCoordinatorService,
// GroupMetadataManager, OffsetMetadataManager, ClassicGroup on trunk; GroupCoordinator.scala in 3.x).
//
// Offsets live in the catalog (GroupOffsetStore), so they survive restarts; group membership is kept in
// memory only. A group known only from committed offsets is an Empty group with no protocol type, as
// Kafka's "simple" groups are: ListGroups and DescribeGroups show it, DeleteGroups deletes it.
//
// KIP-848 consumer groups share the group ids, the offsets and the admin APIs with classic groups; their
// side of each (the conversions between the two types included) is consumer-groups.ts. Settings and the
// offset store's interface are coordinator-options.ts; OffsetFetch's answer by version is offset-fetch.ts.

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import type { OffsetCommit, TopicPartitionRef } from '../../catalog/group-offsets.ts';
import { ClassicGroup } from './classic-group.ts';
import { GroupMembership, type GroupRegistry, type JoinParams } from './membership.ts';
import { type Scheduler, realScheduler } from '../scheduler.ts';
import {
  ConsumerGroups, type ConsumerHeartbeatContext, memoryConsumerGroupPersistence, refusedHeartbeat, undescribedConsumerGroup,
} from './consumer-groups.ts';
import { type CoordinatorConfig, GROUP_COORDINATOR_DEFAULTS, type GroupCoordinatorOptions, type GroupOffsetBackend } from './coordinator-options.ts';
import { NO_TOPIC_ID, offsetFetchResult, readGroupOffsets } from './offset-fetch.ts';
import type { ConsumerHeartbeatRequest, ConsumerHeartbeatResponse, DescribedConsumerGroup, TopicsByName } from './consumer/index.ts';
import type {
  DeleteGroupsResult, DescribeGroupsResult, DescribedGroup, HeartbeatRequest, HeartbeatResult, JoinGroupRequest,
  JoinGroupResult, LeaveGroupRequest, LeaveGroupResult, ListGroupsResult, OffsetCommitRequest, OffsetCommitResult,
  OffsetDeleteRequest, OffsetDeleteResult, OffsetFetchRequest, OffsetFetchResult, MemberRequestContext, SyncGroupRequest, SyncGroupResult,
} from './types.ts';

const GROUP_TYPE_CLASSIC = 'classic';
const GROUP_TYPE_CONSUMER = 'consumer';
const NO_TOPICS: TopicsByName = new Map();

export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly membership: GroupMembership;
  private readonly scheduler: Scheduler;
  private readonly config: CoordinatorConfig;
  private readonly store: GroupOffsetBackend;
  private readonly partitionExists: (topic: string, partition: number) => boolean;
  private active = true;
  /** KIP-848 groups (consumer-groups.ts); a group id is either classic or consumer, never both. */
  readonly consumer: ConsumerGroups;

  constructor(opts: GroupCoordinatorOptions) {
    this.store = opts.offsets;
    this.partitionExists = opts.partitionExists;
    this.scheduler = opts.scheduler ?? realScheduler;
    this.config = {
      groupMinSessionTimeoutMs: opts.groupMinSessionTimeoutMs ?? GROUP_COORDINATOR_DEFAULTS.groupMinSessionTimeoutMs,
      groupMaxSessionTimeoutMs: opts.groupMaxSessionTimeoutMs ?? GROUP_COORDINATOR_DEFAULTS.groupMaxSessionTimeoutMs,
      groupMaxSize: opts.groupMaxSize ?? GROUP_COORDINATOR_DEFAULTS.groupMaxSize,
      groupInitialRebalanceDelayMs: opts.groupInitialRebalanceDelayMs ?? GROUP_COORDINATOR_DEFAULTS.groupInitialRebalanceDelayMs,
      newMemberJoinTimeoutMs: opts.newMemberJoinTimeoutMs ?? GROUP_COORDINATOR_DEFAULTS.newMemberJoinTimeoutMs,
      offsetMetadataMaxBytes: opts.offsetMetadataMaxBytes ?? GROUP_COORDINATOR_DEFAULTS.offsetMetadataMaxBytes,
    };
    const registry: GroupRegistry = {
      get: (groupId) => this.lookup(groupId),
      create: (groupId) => this.create(groupId),
      isCurrent: (group) => this.groups.get(group.groupId) === group,
    };
    this.membership = new GroupMembership(this.config, registry);
    this.consumer = new ConsumerGroups({
      store: opts.consumerGroups ?? memoryConsumerGroupPersistence(),
      scheduler: this.scheduler,
      config: opts.consumerGroupConfig,
      configFor: opts.consumerGroupConfigFor,
      topics: opts.topics ?? (() => NO_TOPICS),
      owns: opts.owns,
      log: opts.log,
      classic: {
        loaded: (groupId) => this.groups.get(groupId),
        lookup: (groupId) => this.lookup(groupId),
        unload: (groupId) => this.unload(groupId),
      },
    });
  }

  // ---- the group map --------------------------------------------------------------------------

  /** The group, materializing one known only from committed offsets as an Empty group. */
  private lookup(groupId: string): ClassicGroup | undefined {
    const group = this.groups.get(groupId);
    if (group !== undefined) return group;
    if (this.consumer.has(groupId)) return undefined;
    return this.store.fetch(groupId).length > 0 ? this.create(groupId) : undefined;
  }

  private create(groupId: string): ClassicGroup {
    const group = new ClassicGroup(groupId, this.scheduler);
    this.groups.set(groupId, group);
    return group;
  }

  /** Forgets a classic group and its timers (its offsets stay in the store). */
  private unload(groupId: string): void {
    const group = this.groups.get(groupId);
    if (group === undefined) return;
    this.membership.rebalance.unload(group);
    this.groups.delete(groupId);
  }

  /** The group's state for the UI and tests; undefined if the coordinator does not know it. */
  group(groupId: string): ClassicGroup | undefined {
    return this.lookup(groupId);
  }

  // ---- membership -----------------------------------------------------------------------------

  /** JoinGroup. Parks until the rebalance's join phase completes (or answers at once with an error). */
  joinGroup(req: JoinGroupRequest, ctx: MemberRequestContext): Promise<JoinGroupResult> {
    return new Promise<JoinGroupResult>((resolve) => {
      const respond = (r: JoinGroupResult): void =>
        resolve(ctx.apiVersion < 7 && r.protocolName === null ? { ...r, protocolName: '' } : r);
      const memberId = req.memberId ?? '';
      const error = !this.active ? ErrorCode.COORDINATOR_NOT_AVAILABLE
        : req.groupId === '' ? ErrorCode.INVALID_GROUP_ID
          : req.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs || req.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs
            ? ErrorCode.INVALID_SESSION_TIMEOUT : ErrorCode.NONE;
      const consumerGroupError = error === ErrorCode.NONE ? this.consumer.classicJoinError(req.groupId) : ErrorCode.NONE;
      if (error !== ErrorCode.NONE || consumerGroupError !== ErrorCode.NONE) {
        respond({ errorCode: error || consumerGroupError, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] });
        return;
      }
      const rebalanceTimeoutMs = ctx.apiVersion === 0 || req.rebalanceTimeoutMs === undefined || req.rebalanceTimeoutMs < 0
        ? req.sessionTimeoutMs : req.rebalanceTimeoutMs;
      const params: JoinParams = {
        groupId: req.groupId,
        memberId,
        groupInstanceId: req.groupInstanceId ?? null,
        sessionTimeoutMs: req.sessionTimeoutMs,
        rebalanceTimeoutMs,
        protocolType: req.protocolType,
        protocols: req.protocols,
      };
      this.membership.join(params, ctx, respond);
    });
  }

  /** SyncGroup. The leader's call carries the assignments; a follower's parks until they arrive. */
  syncGroup(req: SyncGroupRequest, _ctx?: MemberRequestContext): Promise<SyncGroupResult> {
    return new Promise<SyncGroupResult>((resolve) => {
      const error = !this.active ? ErrorCode.COORDINATOR_NOT_AVAILABLE : req.groupId === '' ? ErrorCode.INVALID_GROUP_ID : ErrorCode.NONE;
      if (error !== ErrorCode.NONE) {
        resolve({ errorCode: error, protocolType: null, protocolName: null, assignment: Buffer.alloc(0) });
        return;
      }
      this.membership.sync(req, resolve);
    });
  }

  heartbeat(req: HeartbeatRequest): HeartbeatResult {
    if (!this.active) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
    if (req.groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID };
    return { errorCode: this.membership.heartbeat(req) };
  }

  /** LeaveGroup: v0-2 carry one memberId; v3+ a batch of members, static ones possibly by instance id alone. */
  leaveGroup(req: LeaveGroupRequest, apiVersion: number): LeaveGroupResult {
    const error = !this.active ? ErrorCode.COORDINATOR_NOT_AVAILABLE : req.groupId === '' ? ErrorCode.INVALID_GROUP_ID : ErrorCode.NONE;
    if (error !== ErrorCode.NONE) return { errorCode: error, members: [] };
    if (apiVersion <= 2) {
      const result = this.membership.leave(req.groupId, [{ memberId: req.memberId ?? '', groupInstanceId: null }]);
      const memberError = result.members.find((m) => m.errorCode !== ErrorCode.NONE)?.errorCode ?? ErrorCode.NONE;
      return { errorCode: result.errorCode !== ErrorCode.NONE ? result.errorCode : memberError, members: [] };
    }
    return this.membership.leave(req.groupId, req.members ?? []);
  }

  // ---- offsets --------------------------------------------------------------------------------

  /**
   * OffsetCommit. A member commits with its generation; a group without members (or without group
   * management) commits with generation -1 and an empty member id. Unknown partitions and oversized
   * metadata fail per partition; the other partitions of the request still commit.
   */
  commitOffsets(req: OffsetCommitRequest, apiVersion: number): OffsetCommitResult {
    const result: OffsetCommitResult = { topics: [] };
    const toCommit: { commit: OffsetCommit; out: { errorCode: number } }[] = [];
    const now = this.scheduler.now();
    const retention = req.retentionTimeMs === undefined ? -1 : Number(req.retentionTimeMs);
    const expireTimestamp = apiVersion <= 4 && retention >= 0 ? now + retention : null;
    for (const t of req.topics) {
      const partitions: { partitionIndex: number; errorCode: number }[] = [];
      result.topics.push({ name: t.name, topicId: NO_TOPIC_ID, partitions }); // v10's topic ids: the handler's
      for (const p of t.partitions) {
        const out = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE as number };
        partitions.push(out);
        const metadata = p.committedMetadata ?? '';
        if (!this.partitionExists(t.name, p.partitionIndex)) out.errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (metadata.length > this.config.offsetMetadataMaxBytes) out.errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else {
          toCommit.push({
            out,
            commit: {
              topic: t.name,
              partition: p.partitionIndex,
              committedOffset: Number(p.committedOffset),
              leaderEpoch: p.committedLeaderEpoch ?? -1,
              metadata,
              expireTimestamp,
            },
          });
        }
      }
    }
    const fail = (code: number): OffsetCommitResult => {
      for (const c of toCommit) c.out.errorCode = code;
      return result;
    };
    if (!this.active) return fail(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    const generationId = req.generationIdOrMemberEpoch ?? -1;
    const memberId = req.memberId ?? '';
    const groupInstanceId = req.groupInstanceId ?? null;
    // Once validated, a commit is all or none in the store: a failure answers every partition with it.
    const write = (): OffsetCommitResult => {
      if (toCommit.length === 0) return result;
      try {
        this.store.commit(req.groupId, toCommit.map((c) => c.commit), now);
      } catch (e) {
        return fail(e instanceof KafkaError ? e.code : ErrorCode.UNKNOWN_SERVER_ERROR);
      }
      return result;
    };
    const consumerError = this.consumer.offsetCommitError(req.groupId, memberId, generationId, apiVersion);
    if (consumerError !== undefined) return consumerError === ErrorCode.NONE ? write() : fail(consumerError);
    let group = this.lookup(req.groupId);
    if (group === undefined) {
      // No group: a generation means a member of a group this coordinator never saw (or lost).
      if (generationId >= 0) return fail(apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION);
      group = this.create(req.groupId);
    }
    const error = validateOffsetCommit(group, memberId, groupInstanceId, generationId);
    if (error !== ErrorCode.NONE) return fail(error);
    const member = group.member(memberId);
    if (member !== undefined && (group.is('Stable') || group.is('PreparingRebalance'))) this.membership.rebalance.rescheduleHeartbeat(group, member);
    return write();
  }

  /**
   * TxnOffsetCommit v3+ (KIP-447): a transactional commit names its member and generation, so a zombie of a
   * rebalanced-away member cannot commit; v0-2 (no member, generation -1) and group-less producers pass.
   */
  validateTxnOffsetCommit(groupId: string, memberId: string, groupInstanceId: string | null, generationId: number): number {
    if (!this.active) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const group = this.lookup(groupId);
    if (group === undefined) return generationId >= 0 || memberId !== '' ? ErrorCode.ILLEGAL_GENERATION : ErrorCode.NONE;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && memberId === '' && groupInstanceId === null) return ErrorCode.NONE;
    const error = group.validateMember(memberId, groupInstanceId);
    if (error !== ErrorCode.NONE) return error;
    return generationId === group.generationId ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
  }

  /** OffsetFetch: v0-7 one group (topics null = all), v8+ many groups (offset-fetch.ts). */
  fetchOffsets(req: OffsetFetchRequest, apiVersion: number): OffsetFetchResult {
    return offsetFetchResult(req, apiVersion, ({ groupId, topics, member }) => {
      if (!this.active) return { groupId, topics: [], errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
      return (member === null ? null : this.consumer.offsetFetchError(groupId, member.memberId, member.memberEpoch)) ?? readGroupOffsets(this.store, groupId, topics);
    });
  }

  /** OffsetDelete (KIP-496): refused per partition for topics the group's members subscribe to. */
  deleteOffsets(req: OffsetDeleteRequest): OffsetDeleteResult {
    const topLevel = (errorCode: number): OffsetDeleteResult => ({ errorCode, topics: [] });
    if (!this.active) return topLevel(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    const group = this.consumer.offsetOwner(req.groupId) ?? this.lookup(req.groupId);
    if (group === undefined || group.is('Dead')) return topLevel(ErrorCode.GROUP_ID_NOT_FOUND);
    if (!group.is('Empty') && !group.usesConsumerProtocol) return topLevel(ErrorCode.NON_EMPTY_GROUP);
    const toDelete: TopicPartitionRef[] = [];
    const topics = req.topics.map((t) => {
      const subscribed = group.isSubscribedToTopic(t.name);
      return {
        name: t.name,
        partitions: t.partitions.map((p) => {
          let errorCode: number = ErrorCode.NONE;
          if (!this.partitionExists(t.name, p.partitionIndex)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
          else if (subscribed) errorCode = ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC;
          else toDelete.push({ topic: t.name, partition: p.partitionIndex });
          return { partitionIndex: p.partitionIndex, errorCode };
        }),
      };
    });
    if (toDelete.length > 0) this.store.deletePartitions(req.groupId, toDelete);
    return { errorCode: ErrorCode.NONE, topics };
  }

  // ---- admin ----------------------------------------------------------------------------------

  describeGroups(groupIds: readonly string[], apiVersion = 5): DescribeGroupsResult {
    return { groups: groupIds.map((groupId) => this.describe(groupId, apiVersion)) };
  }

  private describe(groupId: string, apiVersion: number): DescribedGroup {
    const blank = { groupId, protocolType: '', protocolData: '', members: [], errorMessage: null };
    if (!this.active) return { ...blank, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groupState: '' };
    if (this.consumer.has(groupId)) {
      // As Kafka 4: v6+ says GROUP_ID_NOT_FOUND with a message; older versions see a Dead group, no error.
      const errorCode = apiVersion >= 6 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.NONE;
      return { ...blank, errorCode, errorMessage: `Group ${groupId} is not a classic group.`, groupState: 'Dead' };
    }
    const group = this.lookup(groupId);
    if (group === undefined) return { ...blank, errorCode: ErrorCode.NONE, groupState: 'Dead' };
    // Member metadata and assignments are only shown once the group is Stable, as Kafka does.
    const stable = group.is('Stable');
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      groupId,
      groupState: group.state,
      protocolType: group.protocolType ?? '',
      protocolData: stable ? group.protocolName ?? '' : '',
      members: group.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? m.metadata(group.protocolName) : Buffer.alloc(0),
        memberAssignment: stable ? m.assignment : Buffer.alloc(0),
      })),
    };
  }

  /** ListGroups; statesFilter (v4+) and typesFilter (v5+) match case-insensitively, empty = all. */
  listGroups(statesFilter: readonly string[] = [], typesFilter: readonly string[] = []): ListGroupsResult {
    if (!this.active) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, groups: [] };
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(typesFilter.map((s) => s.toLowerCase()));
    const consumerGroups = types.size > 0 && !types.has(GROUP_TYPE_CONSUMER) ? [] : this.consumer.listed(states);
    if (types.size > 0 && !types.has(GROUP_TYPE_CLASSIC)) return { errorCode: ErrorCode.NONE, groups: consumerGroups };
    for (const groupId of this.store.listGroups()) this.lookup(groupId);
    const groups = [...this.groups.values()]
      .filter((g) => !g.is('Dead') && (states.size === 0 || states.has(g.state.toLowerCase())))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state, groupType: GROUP_TYPE_CLASSIC }));
    return { errorCode: ErrorCode.NONE, groups: [...groups, ...consumerGroups] };
  }

  /** DeleteGroups: only Empty groups; their committed offsets go with them. */
  deleteGroups(groupIds: readonly string[]): DeleteGroupsResult {
    return {
      results: groupIds.map((groupId) => {
        if (!this.active) return { groupId, errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
        const consumerError = this.consumer.deleteEmpty(groupId, (id) => this.store.deleteGroup(id));
        if (consumerError !== undefined) return { groupId, errorCode: consumerError };
        const group = this.lookup(groupId);
        if (group === undefined || group.is('Dead')) return { groupId, errorCode: ErrorCode.GROUP_ID_NOT_FOUND };
        if (!group.is('Empty')) return { groupId, errorCode: ErrorCode.NON_EMPTY_GROUP };
        this.store.deleteGroup(groupId);
        this.unload(groupId);
        return { groupId, errorCode: ErrorCode.NONE };
      }),
    };
  }

  /** Stops the coordinator: timers are cleared, parked requests answer NOT_COORDINATOR, new ones COORDINATOR_NOT_AVAILABLE. */
  shutdown(): void {
    if (!this.active) return;
    this.active = false;
    for (const group of this.groups.values()) this.membership.rebalance.unload(group);
    this.groups.clear();
    this.consumer.shutdown();
  }

  // ---- KIP-848 consumer groups (consumer-groups.ts: the conversions and their rules) -----------

  /** ConsumerGroupHeartbeat; an Empty classic group under the id converts (consumer-groups.ts). */
  consumerGroupHeartbeat(req: ConsumerHeartbeatRequest, ctx: ConsumerHeartbeatContext): ConsumerHeartbeatResponse {
    return this.active ? this.consumer.heartbeatOverClassic(req, ctx) : refusedHeartbeat(ErrorCode.COORDINATOR_NOT_AVAILABLE, null);
  }

  /** ConsumerGroupDescribe: a classic group is GROUP_ID_NOT_FOUND, as in Kafka. */
  describeConsumerGroups(groupIds: readonly string[], topicName: (topicId: string) => string | undefined): DescribedConsumerGroup[] {
    return groupIds.map((groupId) => this.active ? this.consumer.describeOverClassic(groupId, topicName)
      : undescribedConsumerGroup(groupId, '', ErrorCode.COORDINATOR_NOT_AVAILABLE, null));
  }

  /** New metadata from the controller: consumer groups re-resolve their subscriptions. */
  metadataChanged(coordinatorsMoved: boolean): void {
    if (coordinatorsMoved) this.consumer.unloadAll();
    else this.consumer.metadataChanged();
  }
}

/** Kafka's ClassicGroup.validateOffsetCommit (non-transactional). */
function validateOffsetCommit(group: ClassicGroup, memberId: string, groupInstanceId: string | null, generationId: number): number {
  if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
  // Generation -1 on an Empty group: the admin client or a consumer without group management.
  if (generationId < 0 && group.is('Empty')) return ErrorCode.NONE;
  if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
    const error = group.validateMember(memberId, groupInstanceId);
    if (error !== ErrorCode.NONE) return error;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
  } else if (!group.is('Empty')) {
    // A commit without member and generation is only accepted while the group has no members.
    return ErrorCode.UNKNOWN_MEMBER_ID;
  }
  if (group.is('CompletingRebalance')) return ErrorCode.REBALANCE_IN_PROGRESS;
  return ErrorCode.NONE;
}
