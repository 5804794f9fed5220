// The share groups a broker coordinates (KIP-932): ShareGroupHeartbeat, ShareGroupDescribe, ListGroups'
// share part, and the admin APIs on share-group offsets (Describe/Alter/DeleteShareGroupOffsets).
//
// Membership is ShareGroup (share/share-group.ts); it is written to the catalog (share_groups) whenever the
// group epoch moves, so a coordinator that takes a group over (after a kill, or when the broker set changes)
// loads it with every member on a fresh session. A group this broker no longer coordinates is dropped from
// memory at the next tick, so getting it back later loads the current state instead of a stale one.
// The share partitions' own state is written by their leaders (share-partition-manager.ts); the admin APIs
// read and reset it in the catalog, and leaders notice the new state epoch.

import { ErrorCode, KafkaError } from '../../protocol/error-codes.ts';
import type { ShareStateStore } from '../../catalog/share-state.ts';
import type { Scheduler } from './../scheduler.ts';
import type { TopicsByName } from './consumer/subscription.ts';
import {
  type DescribedShareGroup, type ShareGroupConfig, type ShareHeartbeatRequest, type ShareHeartbeatResponse,
  DEFAULT_SHARE_GROUP_CONFIG, SHARE_SNAPSHOT_VERSION, ShareGroup, describeShareGroup, loadSharePartition,
} from './share/index.ts';

export const GROUP_TYPE_SHARE = 'share';

export interface ShareGroupCoordinatorOptions {
  store: ShareStateStore;
  topics(): TopicsByName & ReadonlyMap<string, { id: string; name: string; partitions: number }>;
  isCoordinator(groupId: string): boolean;
  /** The readable end of a partition when this broker hosts it (for lag); undefined otherwise. */
  highWatermark(topic: string, partition: number): number | undefined;
  leaderEpoch(topic: string, partition: number): number;
  config?: Partial<ShareGroupConfig>;
  /** A group's own settings (GROUP configs share.session.timeout.ms, share.heartbeat.interval.ms). */
  configFor?: (groupId: string) => Partial<ShareGroupConfig>;
  scheduler: Scheduler;
  log?: (msg: string) => void;
}

export interface ShareOffsetsPartition {
  partitionIndex: number;
  startOffset: number;
  leaderEpoch: number;
  lag: number;
  errorCode: number;
  errorMessage: string | null;
}

export class ShareGroupCoordinator {
  private readonly groups = new Map<string, ShareGroup>();
  private readonly config: ShareGroupConfig;
  private timer: ReturnType<Scheduler['setTimeout']> | null = null;
  private active = true;

  constructor(private readonly opts: ShareGroupCoordinatorOptions) {
    this.config = { ...DEFAULT_SHARE_GROUP_CONFIG, ...opts.config };
    this.tick();
  }

  private configOf(groupId: string): ShareGroupConfig {
    const own = this.opts.configFor?.(groupId);
    // Only the settings the group has: an absent one keeps the broker's.
    const set = own === undefined ? [] : Object.entries(own).filter(([, v]) => v !== undefined);
    return set.length === 0 ? this.config : { ...this.config, ...Object.fromEntries(set) };
  }

  /** The group, loaded from the catalog when this coordinator has not seen it yet. */
  group(groupId: string): ShareGroup | undefined {
    const g = this.groups.get(groupId);
    if (g !== undefined) return g;
    const stored = this.opts.store.getGroup(groupId);
    if (stored !== undefined) {
      try {
        const loaded = ShareGroup.load(stored, this.opts.scheduler.now(), this.opts.topics(), this.configOf(groupId));
        this.groups.set(groupId, loaded);
        return loaded;
      } catch (e) {
        this.opts.log?.(`share group ${groupId}: stored membership unreadable (${(e as Error).message}); starting it empty`);
      }
    }
    if (stored !== undefined || this.opts.store.byGroup(groupId).length > 0) {
      const empty = new ShareGroup(groupId);
      this.groups.set(groupId, empty);
      return empty;
    }
    return undefined;
  }

  heartbeat(req: ShareHeartbeatRequest, ctx: { clientId: string; clientHost: string }): ShareHeartbeatResponse {
    if (!this.active) return failed(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'the coordinator is shutting down');
    let group = this.group(req.groupId);
    const isNew = group === undefined;
    if (group === undefined) group = new ShareGroup(req.groupId);
    const before = group.groupEpoch;
    const res = group.heartbeat(req, { nowMs: this.opts.scheduler.now(), topics: this.opts.topics(), ...ctx }, this.configOf(req.groupId));
    if (res.errorCode === ErrorCode.NONE && isNew) this.groups.set(req.groupId, group);
    if (res.errorCode === ErrorCode.NONE && (isNew || group.groupEpoch !== before)) this.save(group);
    return res;
  }

  describe(groupIds: readonly string[]): DescribedShareGroup[] {
    const topics = this.opts.topics();
    const names = new Map([...topics.values()].map((t) => [t.id, t.name]));
    return groupIds.map((groupId) => {
      const g = this.active ? this.group(groupId) : undefined;
      if (g === undefined) {
        return {
          errorCode: this.active ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.COORDINATOR_NOT_AVAILABLE,
          errorMessage: this.active ? `Group ${groupId} not found.` : 'the coordinator is shutting down',
          groupId, groupState: 'Dead', groupEpoch: -1, assignmentEpoch: -1, assignorName: '', members: [],
        };
      }
      return describeShareGroup(g, (id) => names.get(id));
    });
  }

  /** ListGroups' share groups, filtered as ListGroups filters (case-insensitive, empty = all). */
  list(statesFilter: readonly string[] = [], typesFilter: readonly string[] = []): { groupId: string; protocolType: string; groupState: string; groupType: string }[] {
    if (!this.active) return [];
    const types = new Set(typesFilter.map((t) => t.toLowerCase()));
    if (types.size > 0 && !types.has(GROUP_TYPE_SHARE)) return [];
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    return this.opts.store.groupIds()
      .filter((id) => this.opts.isCoordinator(id))
      .map((id) => this.group(id))
      .filter((g): g is ShareGroup => g !== undefined && (states.size === 0 || states.has(g.state().toLowerCase())))
      .map((g) => ({ groupId: g.groupId, protocolType: GROUP_TYPE_SHARE, groupState: g.state(), groupType: GROUP_TYPE_SHARE }));
  }

  /** Is this a share group (so the classic coordinator must leave it alone)? */
  isShareGroup(groupId: string): boolean {
    return this.group(groupId) !== undefined;
  }

  // ---- offsets (admin) ------------------------------------------------------------------------

  describeOffsets(groupId: string, topics: readonly { topicName: string; partitions: readonly number[] }[] | null): {
    errorCode: number; errorMessage: string | null; topics: { topicName: string; topicId: string; partitions: ShareOffsetsPartition[] }[];
  } {
    if (this.group(groupId) === undefined) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${groupId} not found.`, topics: [] };
    const rows = this.opts.store.byGroup(groupId);
    const byKey = new Map(rows.map((r) => [`${r.topic}\u0000${r.partition}`, r]));
    const wanted = topics ?? groupBy(rows.map((r) => [r.topic, r.partition] as const));
    const all = this.opts.topics();
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      topics: wanted.map((t) => {
        const image = all.get(t.topicName);
        return {
          topicName: t.topicName,
          topicId: image?.id ?? ZERO_UUID,
          partitions: t.partitions.map((partitionIndex): ShareOffsetsPartition => {
            if (image === undefined || partitionIndex < 0 || partitionIndex >= image.partitions) {
              return { partitionIndex, startOffset: -1, leaderEpoch: -1, lag: -1, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'This server does not host this topic-partition.' };
            }
            const row = byKey.get(`${t.topicName}\u0000${partitionIndex}`);
            if (row === undefined) return { partitionIndex, startOffset: -1, leaderEpoch: -1, lag: -1, errorCode: ErrorCode.NONE, errorMessage: null };
            const hw = this.opts.highWatermark(t.topicName, partitionIndex);
            let lag = -1;
            if (hw !== undefined) {
              try {
                lag = loadSharePartition(row.snapshot).lag(hw);
              } catch {
                lag = -1;
              }
            }
            return { partitionIndex, startOffset: row.startOffset, leaderEpoch: row.leaderEpoch, lag, errorCode: ErrorCode.NONE, errorMessage: null };
          }),
        };
      }),
    };
  }

  /** AlterShareGroupOffsets: only while the group has no members; creates the group if needed. */
  alterOffsets(groupId: string, topics: readonly { topicName: string; partitions: readonly { partitionIndex: number; startOffset: number }[] }[]): {
    errorCode: number; errorMessage: string | null; responses: { topicName: string; topicId: string; partitions: { partitionIndex: number; errorCode: number; errorMessage: string | null }[] }[];
  } {
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, errorMessage: 'The group id must not be empty.', responses: [] };
    const g = this.group(groupId);
    if (g !== undefined && g.members.size > 0) return { errorCode: ErrorCode.NON_EMPTY_GROUP, errorMessage: `The group ${groupId} has members; stop them first.`, responses: [] };
    const all = this.opts.topics();
    const resets: { topic: string; partition: number; topicId: string; startOffset: number }[] = [];
    const responses = topics.map((t) => {
      const image = all.get(t.topicName);
      return {
        topicName: t.topicName,
        topicId: image?.id ?? ZERO_UUID,
        partitions: t.partitions.map((p) => {
          if (image === undefined || p.partitionIndex < 0 || p.partitionIndex >= image.partitions) {
            return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'This server does not host this topic-partition.' };
          }
          if (!Number.isSafeInteger(p.startOffset) || p.startOffset < 0) {
            return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `start offset ${p.startOffset} is not a valid offset` };
          }
          resets.push({ topic: t.topicName, partition: p.partitionIndex, topicId: image.id, startOffset: p.startOffset });
          return { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null };
        }),
      };
    });
    try {
      this.opts.store.reset(groupId, resets, (p) => ({
        version: SHARE_SNAPSHOT_VERSION, topicId: p.topicId, partition: p.partition, leaderEpoch: -1, startOffset: p.startOffset, endOffset: p.startOffset, stateBatches: [],
      }), this.opts.scheduler.now());
      if (g === undefined) this.save(new ShareGroup(groupId));
    } catch (e) {
      return { errorCode: e instanceof KafkaError ? e.code : ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: (e as Error).message, responses: [] };
    }
    return { errorCode: ErrorCode.NONE, errorMessage: null, responses };
  }

  /** DeleteShareGroupOffsets: whole topics, only while the group has no members. */
  deleteOffsets(groupId: string, topicNames: readonly string[]): {
    errorCode: number; errorMessage: string | null; responses: { topicName: string; topicId: string; errorCode: number; errorMessage: string | null }[];
  } {
    const g = this.group(groupId);
    if (g === undefined) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: `Group ${groupId} not found.`, responses: [] };
    if (g.members.size > 0) return { errorCode: ErrorCode.NON_EMPTY_GROUP, errorMessage: `The group ${groupId} has members; stop them first.`, responses: [] };
    const all = this.opts.topics();
    const known = topicNames.filter((t) => all.has(t));
    this.opts.store.deleteTopics(groupId, known);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      responses: topicNames.map((t) => all.has(t)
        ? { topicName: t, topicId: all.get(t)!.id, errorCode: ErrorCode.NONE, errorMessage: null }
        : { topicName: t, topicId: ZERO_UUID, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'This server does not host this topic.' }),
    };
  }

  /** DeleteGroups of a share group: only an empty one; its state goes with it. */
  deleteGroup(groupId: string): number {
    const g = this.group(groupId);
    if (g === undefined) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (g.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.opts.store.deleteGroup(groupId);
    this.groups.delete(groupId);
    return ErrorCode.NONE;
  }

  // ---- timers ---------------------------------------------------------------------------------

  private tick(): void {
    if (!this.active) return;
    this.timer = this.opts.scheduler.setTimeout(() => {
      try {
        this.expire();
      } catch (e) {
        this.opts.log?.(`share groups: expiry failed: ${(e as Error).message}`);
      }
      this.tick();
    }, 1000);
  }

  /** Members past group.share.session.timeout.ms leave; groups coordinated elsewhere now are forgotten. */
  expire(): void {
    // Every second on every broker: with no share group loaded here, not even the topic list is built.
    if (this.groups.size === 0) return;
    const now = this.opts.scheduler.now();
    const topics = this.opts.topics();
    for (const [id, g] of this.groups) {
      if (!this.opts.isCoordinator(id)) {
        this.groups.delete(id);
        continue;
      }
      if (g.expireMembers(now, topics).length > 0) this.save(g);
    }
  }

  private save(g: ShareGroup): void {
    try {
      this.opts.store.putGroup(g.groupId, g.snapshot(), this.opts.scheduler.now());
    } catch (e) {
      this.opts.log?.(`share group ${g.groupId}: membership not written: ${(e as Error).message}`);
    }
  }

  shutdown(): void {
    this.active = false;
    if (this.timer !== null) this.opts.scheduler.clearTimeout(this.timer);
    this.groups.clear();
  }
}

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

function failed(errorCode: number, errorMessage: string): ShareHeartbeatResponse {
  return { errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
}

function groupBy(pairs: readonly (readonly [string, number])[]): { topicName: string; partitions: number[] }[] {
  const m = new Map<string, number[]>();
  for (const [t, p] of pairs) m.set(t, [...(m.get(t) ?? []), p]);
  return [...m].map(([topicName, partitions]) => ({ topicName, partitions }));
}
