// The KIP-848 consumer groups one broker coordinates: the pure model of ./consumer/ put on a clock, on the
// live topic metadata and on the catalog.
//
// Durability: every change to a group (a heartbeat that moved anything, an expiry, a metadata change) is
// written to the catalog (ConsumerGroupPersistence, table consumer_groups) before the request that caused it
// is answered, so a coordinator killed at any moment leaves the last answered state behind. A group that is
// not in memory is read from the catalog on first use: that is how the broker that takes over a group after
// a failover gets its members, epochs and assignments back. Deadlines are not stored; a loaded member has a
// fresh session (Kafka does the same when a coordinator loads a group).
//
// Ownership: which broker coordinates a group follows the alive brokers (handlers/groups.ts). When that set
// changes every group is dropped from memory and re-read from the catalog on its next request, so a broker
// never acts on a copy another broker may have changed meanwhile.
//
// Classic <-> consumer (Kafka's group.consumer.migration.policy; done here, at the end of the class): as
// with the policy's offline conversions, an Empty classic group becomes a consumer group when a
// consumer-protocol member joins, and an Empty consumer group becomes classic on a JoinGroup; the offsets
// stay with the group id. Kafka's default policy (bidirectional) also converts groups online: a classic
// group whose members all use the consumer embedded protocol takes a consumer-protocol member in (the
// classic members then heartbeat through JoinGroup/SyncGroup inside a consumer group), and a consumer group
// whose last consumer-protocol member leaves with only classic members left turns classic again. Streamlab
// does not: a ConsumerGroupHeartbeat for a classic group with members gets GROUP_ID_NOT_FOUND, and a
// JoinGroup for a consumer group with members INCONSISTENT_GROUP_PROTOCOL (Kafka's answers under the
// policy 'disabled'). A rolling upgrade of a live group therefore needs the group to empty once.

import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes.ts';
import type { Scheduler, TimerHandle } from '../scheduler.ts';
import {
  type ConsumerGroupConfig, type ConsumerHeartbeatRequest, type ConsumerHeartbeatResponse, type DescribedConsumerGroup,
  type PartitionAssignor, type TopicsByName, ConsumerGroup, DEFAULT_CONSUMER_GROUP_CONFIG, chooseAssignor, consumerGroupHeartbeat,
  describeConsumerGroup, expireMembers, loadConsumerGroup, nextDeadline, rangeAssignor, snapshotConsumerGroup, uniformAssignor,
  validateOffsetCommit, validateOffsetFetch,
} from './consumer/index.ts';
import type { ClassicGroup } from './classic-group.ts';
import type { OffsetFetchGroup } from './types.ts';

/** Where consumer groups are kept: the catalog's ConsumerGroupStore, or an in-memory stand-in. */
export interface ConsumerGroupPersistence {
  save(groupId: string, snapshot: unknown, now?: number): void;
  load(groupId: string): unknown;
  delete(groupId: string): boolean;
  list(): string[];
}

export function memoryConsumerGroupPersistence(): ConsumerGroupPersistence & { rows: Map<string, string> } {
  const rows = new Map<string, string>();
  return {
    rows,
    save: (id, s) => void rows.set(id, JSON.stringify(s)),
    load: (id) => (rows.has(id) ? JSON.parse(rows.get(id)!) : undefined),
    delete: (id) => rows.delete(id),
    list: () => [...rows.keys()].sort(),
  };
}

const ASSIGNORS: Record<string, PartitionAssignor> = { uniform: uniformAssignor, range: rangeAssignor };

/** group.consumer.assignors: names (uniform, range); the first is the default. Unknown names are an error. */
export function consumerAssignors(names: readonly string[]): PartitionAssignor[] {
  if (names.length === 0) throw new Error('group.consumer.assignors must name at least one assignor');
  return names.map((n) => {
    const a = ASSIGNORS[n.trim().toLowerCase()];
    if (a === undefined) throw new Error(`group.consumer.assignors: unknown assignor ${JSON.stringify(n)} (known: ${Object.keys(ASSIGNORS).join(', ')})`);
    return a;
  });
}

export interface ConsumerGroupsOptions {
  store: ConsumerGroupPersistence;
  scheduler: Scheduler;
  config?: ConsumerGroupConfig;
  /** A group's own settings (its GROUP configs) over `config`. */
  configFor?: (groupId: string) => Partial<ConsumerGroupConfig>;
  /** The topics as the broker's metadata image has them now. */
  topics: () => TopicsByName;
  /** Does this broker coordinate the group now? Timers skip (and drop) the groups it does not. */
  owns?: (groupId: string) => boolean;
  log?: (msg: string) => void;
  /** The classic groups under the same ids (the coordinator's), for the conversions between the two. */
  classic?: ClassicGroupIds;
}

/** What the conversions need of the coordinator's classic groups. */
export interface ClassicGroupIds {
  /** The classic group held in memory under this id. */
  loaded(groupId: string): ClassicGroup | undefined;
  /** The classic group, also one known only from committed offsets. */
  lookup(groupId: string): ClassicGroup | undefined;
  /** Forgets a classic group and its timers; its committed offsets stay with the id. */
  unload(groupId: string): void;
}

const NO_CLASSIC_GROUPS: ClassicGroupIds = { loaded: () => undefined, lookup: () => undefined, unload: () => {} };

/** A ConsumerGroupHeartbeat answered with an error and nothing else. */
export function refusedHeartbeat(errorCode: number, errorMessage: string | null): ConsumerHeartbeatResponse {
  return { errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

/** A ConsumerGroupDescribe entry for a group that cannot be described. */
export function undescribedConsumerGroup(groupId: string, groupState: string, errorCode: number, errorMessage: string | null): DescribedConsumerGroup {
  return { groupId, groupState, groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [], errorCode, errorMessage };
}

/** What OffsetDelete needs of a group: its state and whether it subscribes to a topic. */
export interface OffsetOwner {
  is(state: string): boolean;
  usesConsumerProtocol: boolean;
  isSubscribedToTopic(topic: string): boolean;
}

export interface ConsumerHeartbeatContext {
  apiVersion: number;
  clientId: string;
  clientHost: string;
}

export class ConsumerGroups {
  private readonly groups = new Map<string, ConsumerGroup>();
  /** The JSON last written per group: a heartbeat that changed nothing writes nothing. */
  private readonly written = new Map<string, string>();
  readonly config: ConsumerGroupConfig;
  private timer: { handle: TimerHandle; at: number } | null = null;

  constructor(private readonly opts: ConsumerGroupsOptions) {
    this.config = opts.config ?? DEFAULT_CONSUMER_GROUP_CONFIG;
  }

  /** The group, read from the catalog if it is not in memory; undefined if there is none. */
  get(groupId: string): ConsumerGroup | undefined {
    const hit = this.groups.get(groupId);
    if (hit !== undefined) return hit;
    const stored = this.opts.store.load(groupId);
    if (stored === undefined) return undefined;
    let group: ConsumerGroup;
    try {
      group = loadConsumerGroup(stored, this.opts.scheduler.now(), this.configOf(groupId).sessionTimeoutMs);
    } catch (e) {
      // A snapshot this version cannot read is kept as it is (nothing is lost) and the group is reported
      // unknown; a member that joins again starts a new group over it.
      this.opts.log?.(`consumer group ${groupId}: stored state not loaded: ${(e as Error).message}`);
      return undefined;
    }
    // A group another broker coordinates (ListGroups reads every stored id) is looked at, never kept: only
    // its coordinator's copy is live.
    if (this.opts.owns !== undefined && !this.opts.owns(groupId)) return group;
    this.groups.set(groupId, group);
    this.written.set(groupId, JSON.stringify(snapshotConsumerGroup(group)));
    this.reschedule();
    return group;
  }

  has(groupId: string): boolean {
    return this.get(groupId) !== undefined;
  }

  /** Every group this broker has stored or in memory (the caller filters by coordinator). */
  all(): ConsumerGroup[] {
    const seen = new Map(this.groups);
    for (const id of this.opts.store.list()) {
      if (seen.has(id)) continue;
      const g = this.get(id);
      if (g !== undefined) seen.set(id, g);
    }
    return [...seen.values()];
  }

  /** ConsumerGroupHeartbeat. `create` is false when the id belongs to a group of another type. */
  heartbeat(req: ConsumerHeartbeatRequest, ctx: ConsumerHeartbeatContext): ConsumerHeartbeatResponse {
    let memberId = req.memberId;
    // v0 clients may leave the member id to the coordinator (v1 clients generate their own, KIP-1082).
    if (memberId === '' && req.memberEpoch === 0 && ctx.apiVersion === 0) memberId = randomUUID().replaceAll('-', '').slice(0, 22);
    let group = this.get(req.groupId);
    if (group === undefined) {
      if (req.memberEpoch !== 0) {
        return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, errorMessage: `Consumer group ${req.groupId} not found.`, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
      }
      group = new ConsumerGroup(req.groupId);
    }
    const response = consumerGroupHeartbeat(group, { ...req, memberId }, {
      nowMs: this.opts.scheduler.now(),
      topics: this.opts.topics(),
      clientId: ctx.clientId,
      clientHost: ctx.clientHost,
    }, this.configOf(req.groupId));
    if (response.errorCode === ErrorCode.NONE && !this.groups.has(req.groupId)) this.groups.set(req.groupId, group);
    if (this.groups.get(req.groupId) === group) this.persist(group);
    this.reschedule();
    return response;
  }

  describe(groupId: string, topicName: (topicId: string) => string | undefined): DescribedConsumerGroup | undefined {
    const group = this.get(groupId);
    return group === undefined ? undefined : describeConsumerGroup(group, topicName);
  }

  /** Removes a group (DeleteGroups of an Empty group, or its conversion to a classic group). */
  delete(groupId: string): void {
    this.groups.delete(groupId);
    this.written.delete(groupId);
    this.opts.store.delete(groupId);
    this.reschedule();
  }

  /**
   * New metadata: a subscribed topic that appeared, went away or gained partitions bumps the group epoch
   * and the target is recomputed; members learn their new partitions on their next heartbeat.
   */
  metadataChanged(): void {
    const topics = this.opts.topics();
    for (const group of [...this.groups.values()]) {
      if (!this.owned(group.groupId)) continue;
      if (group.members.size === 0 || !group.refreshSubscribedTopics(topics)) continue;
      group.groupEpoch++;
      group.maybeComputeTargetAssignment(topics, chooseAssignor(group, this.configOf(group.groupId)));
      this.persist(group);
    }
  }

  /** Forgets every group held in memory (the catalog keeps them): coordinators moved. */
  unloadAll(): void {
    this.groups.clear();
    this.written.clear();
    this.reschedule();
  }

  shutdown(): void {
    this.unloadAll();
  }

  /** The broker's settings under the group's own. */
  configOf(groupId: string): ConsumerGroupConfig {
    const own = this.opts.configFor?.(groupId);
    // Only the settings the group has: an absent one keeps the broker's.
    const set = own === undefined ? [] : Object.entries(own).filter(([, v]) => v !== undefined);
    return set.length === 0 ? this.config : { ...this.config, ...Object.fromEntries(set) };
  }

  private owned(groupId: string): boolean {
    if (this.opts.owns === undefined || this.opts.owns(groupId)) return true;
    this.groups.delete(groupId);
    this.written.delete(groupId);
    return false;
  }

  private persist(group: ConsumerGroup): void {
    const snapshot = snapshotConsumerGroup(group);
    const json = JSON.stringify(snapshot);
    if (this.written.get(group.groupId) === json) return;
    this.opts.store.save(group.groupId, snapshot, this.opts.scheduler.now());
    this.written.set(group.groupId, json);
  }

  /** One timer, at the earliest session or rebalance deadline of any group. */
  private reschedule(): void {
    let at: number | null = null;
    for (const g of this.groups.values()) {
      const d = nextDeadline(g);
      if (d !== null && (at === null || d < at)) at = d;
    }
    if (this.timer !== null && (at === null || this.timer.at !== at)) {
      this.opts.scheduler.clearTimeout(this.timer.handle);
      this.timer = null;
    }
    if (at === null || this.timer !== null) return;
    const delay = Math.max(0, at - this.opts.scheduler.now());
    this.timer = { at, handle: this.opts.scheduler.setTimeout(() => this.expire(), delay) };
  }

  private expire(): void {
    this.timer = null;
    const now = this.opts.scheduler.now();
    const topics = this.opts.topics();
    for (const group of [...this.groups.values()]) {
      if (!this.owned(group.groupId)) continue;
      const expired = expireMembers(group, { nowMs: now, topics }, this.configOf(group.groupId));
      if (expired.length === 0) continue;
      for (const e of expired) this.opts.log?.(`consumer group ${group.groupId}: member ${e.memberId} fenced (${e.reason} timeout)`);
      this.persist(group);
    }
    this.reschedule();
  }

  // ---- next to classic groups: conversions and the group APIs both types answer ---------------

  /**
   * ConsumerGroupHeartbeat under an id that may hold a classic group. An Empty classic group converts to a
   * consumer group (its offsets stay); a classic group with members is not converted (see the top of this
   * file), and the heartbeat gets GROUP_ID_NOT_FOUND.
   */
  heartbeatOverClassic(req: ConsumerHeartbeatRequest, ctx: ConsumerHeartbeatContext): ConsumerHeartbeatResponse {
    const classicGroups = this.opts.classic ?? NO_CLASSIC_GROUPS;
    const classic = classicGroups.loaded(req.groupId);
    if (classic !== undefined && !this.has(req.groupId)) {
      if (!classic.is('Empty') && !classic.is('Dead')) return refusedHeartbeat(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${req.groupId} is not a consumer group.`);
      if (req.memberEpoch === 0) classicGroups.unload(req.groupId);
    }
    return this.heartbeat(req, ctx);
  }

  /** ConsumerGroupDescribe of one id: a classic group is GROUP_ID_NOT_FOUND, as in Kafka. */
  describeOverClassic(groupId: string, topicName: (topicId: string) => string | undefined): DescribedConsumerGroup {
    const described = this.describe(groupId, topicName);
    if (described !== undefined) return described;
    const classic = (this.opts.classic ?? NO_CLASSIC_GROUPS).lookup(groupId) !== undefined;
    return undescribedConsumerGroup(groupId, 'Dead', ErrorCode.GROUP_ID_NOT_FOUND, classic ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`);
  }

  /** JoinGroup on a consumer group's id: an Empty one converts to classic; one with members refuses the member. */
  classicJoinError(groupId: string): number {
    const group = this.get(groupId);
    if (group === undefined) return ErrorCode.NONE;
    if (group.state() !== 'Empty') return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    this.delete(groupId);
    return ErrorCode.NONE;
  }

  /** OffsetCommit to a consumer group, checked against the member and its epoch; undefined if the id holds none. */
  offsetCommitError(groupId: string, memberId: string, memberEpoch: number, apiVersion: number): number | undefined {
    const group = this.get(groupId);
    if (group === undefined) return undefined;
    const invalid = validateOffsetCommit(group, { memberId, memberEpoch, apiVersion });
    return invalid === null ? ErrorCode.NONE : ErrorCode[invalid.error];
  }

  /** OffsetFetch v9+ from a consumer group's member: the group's answer if the member may not fetch, else null. */
  offsetFetchError(groupId: string, memberId: string | null, memberEpoch: number): OffsetFetchGroup | null {
    const group = this.get(groupId);
    if (group === undefined) return null;
    const invalid = validateOffsetFetch(group, memberId, memberEpoch);
    return invalid === null ? null : { groupId, topics: [], errorCode: ErrorCode[invalid.error], errorMessage: invalid.message } as OffsetFetchGroup;
  }

  /** The consumer group as OffsetDelete sees it; undefined if the id holds none. */
  offsetOwner(groupId: string): OffsetOwner | undefined {
    const g = this.get(groupId);
    if (g === undefined) return undefined;
    return {
      is: (state: string) => (state === 'Dead' ? false : g.state() === state),
      usesConsumerProtocol: true,
      isSubscribedToTopic: (topic: string) => g.subscribedTopics.has(topic),
    };
  }

  /** ListGroups' consumer groups in these states (lower case; empty = all). */
  listed(states: ReadonlySet<string>): { groupId: string; protocolType: string; groupState: string; groupType: string }[] {
    return this.all()
      .filter((g) => states.size === 0 || states.has(g.state().toLowerCase()))
      .map((g) => ({ groupId: g.groupId, protocolType: 'consumer', groupState: g.state(), groupType: 'consumer' }));
  }

  /** DeleteGroups of a consumer group: only an Empty one, its offsets with it; undefined if the id holds none. */
  deleteEmpty(groupId: string, deleteOffsets: (groupId: string) => void): number | undefined {
    const group = this.get(groupId);
    if (group === undefined) return undefined;
    if (group.state() !== 'Empty') return ErrorCode.NON_EMPTY_GROUP;
    deleteOffsets(groupId);
    this.delete(groupId);
    return ErrorCode.NONE;
  }
}
