// The classic group rebalance protocol: JoinGroup, SyncGroup, Heartbeat and LeaveGroup for one
// coordinator's groups; the state transitions and timers behind them are rebalance.ts. It follows the classic-group parts of
// Kafka's GroupMetadataManager (group-coordinator/.../GroupMetadataManager.java, trunk):
//
// - A JoinGroup for an Empty group starts a rebalance delayed by group.initial.rebalance.delay.ms;
//   every member that joins meanwhile extends the delay by that much again, up to the group's
//   rebalance timeout. Any later rebalance completes as soon as every member has rejoined, or when
//   the rebalance timeout (the largest of the members') expires; dynamic members that did not
//   rejoin by then are removed, static members stay until their session expires.
// - Completing the join phase bumps the generation, picks the protocol by vote, keeps the leader if it
//   rejoined (else the first member that did), answers every parked JoinGroup (only the leader sees the
//   members), and waits for SyncGroups: the leader's carries the assignments; followers that sync first
//   are parked until it arrives. Members that do not sync within the rebalance timeout are removed.
// - Every member has a session timer, restarted by heartbeats (and by commits); when it fires the member
//   is removed and the group rebalances, unless the member is parked in a JoinGroup or SyncGroup.
//   A member that joined for the first time is timed out after newMemberJoinTimeoutMs instead.
// - JoinGroup v4+ with an empty member id is answered MEMBER_ID_REQUIRED with a generated id that the
//   client must rejoin with (KIP-394); until it does it is a "pending" member with a session timer.
// - A static member (group.instance.id, KIP-345) that rejoins with an empty member id replaces its old
//   member id; in a Stable group whose selected protocol stays the same this happens without a
//   rebalance. Requests with the old member id then fail with FENCED_INSTANCE_ID.
//
// Group metadata is not persisted (Kafka writes it to __consumer_offsets): after a restart members get
// UNKNOWN_MEMBER_ID and rejoin, as they do after a coordinator moves. Committed offsets are durable.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { type ClassicGroup, joinError, syncError } from './classic-group.ts';
import { ClassicGroupMember, EMPTY_BYTES } from './classic-group-member.ts';
import { type GroupRegistry, GroupRebalancer, joinResult } from './rebalance.ts';
import type {
  HeartbeatRequest, JoinGroupProtocol, JoinGroupResult, LeaveGroupMemberIdentity, LeaveGroupMemberResult, LeaveGroupResult,
  MemberRequestContext, SyncGroupRequest, SyncGroupResult,
} from './types.ts';

export interface MembershipConfig {
  groupMaxSize: number;
  groupInitialRebalanceDelayMs: number;
  newMemberJoinTimeoutMs: number;
}

/** A JoinGroup with its defaults applied (the coordinator validates and normalizes it). */
export interface JoinParams {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: readonly JoinGroupProtocol[];
}

type JoinCallback = (r: JoinGroupResult) => void;
type SyncCallback = (r: SyncGroupResult) => void;

const protocolNames = (protocols: readonly JoinGroupProtocol[]): Set<string> => new Set(protocols.map((p) => p.name));

export type { GroupRegistry };

export class GroupMembership {
  readonly rebalance: GroupRebalancer;

  constructor(
    private readonly config: MembershipConfig,
    private readonly groups: GroupRegistry,
  ) {
    this.rebalance = new GroupRebalancer(config, groups);
  }

  // ---- JoinGroup ------------------------------------------------------------------------------

  join(req: JoinParams, ctx: MemberRequestContext, respond: JoinCallback): void {
    const isUnknownMember = req.memberId === '';
    let group = this.groups.get(req.groupId);
    if (group === undefined) {
      if (!isUnknownMember) return respond(joinError(req.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      group = this.groups.create(req.groupId);
    }
    if (!this.acceptJoiningMember(group, req.memberId)) {
      group.remove(req.memberId);
      this.rebalance.cancelHeartbeat(group, req.memberId);
      return respond(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
    }
    if (isUnknownMember) this.joinNewMember(group, req, ctx, respond);
    else this.joinExistingMember(group, req, ctx, respond);
  }

  private acceptJoiningMember(group: ClassicGroup, memberId: string): boolean {
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return true;
      case 'PreparingRebalance':
        // Counting members already awaiting lets the last ones to rejoin be shed when the group is too big.
        return group.member(memberId)?.isAwaitingJoin === true || group.numAwaitingJoin < this.config.groupMaxSize;
      case 'CompletingRebalance':
      case 'Stable':
        return group.has(memberId) || group.size < this.config.groupMaxSize;
    }
  }

  private joinNewMember(group: ClassicGroup, req: JoinParams, ctx: MemberRequestContext, respond: JoinCallback): void {
    if (group.is('Dead')) return respond(joinError('', ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(req.protocolType, protocolNames(req.protocols))) {
      return respond(joinError('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const newMemberId = group.generateMemberId(ctx.clientId, req.groupInstanceId);
    if (req.groupInstanceId !== null) {
      const existing = group.staticMemberId(req.groupInstanceId);
      if (existing !== undefined) return this.replaceStaticMember(group, req, ctx, existing, newMemberId, respond);
      return this.addMember(group, req, ctx, newMemberId, respond);
    }
    if (ctx.apiVersion >= 4) {
      group.addPendingMember(newMemberId);
      this.rebalance.schedulePendingMemberExpiry(group, newMemberId, req.sessionTimeoutMs);
      return respond(joinError(newMemberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.addMember(group, req, ctx, newMemberId, respond);
  }

  private joinExistingMember(group: ClassicGroup, req: JoinParams, ctx: MemberRequestContext, respond: JoinCallback): void {
    const { memberId } = req;
    if (group.is('Dead')) return respond(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (!group.supportsProtocols(req.protocolType, protocolNames(req.protocols))) {
      return respond(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.isPendingMember(memberId)) {
      // Pending members are dynamic; Kafka treats an instance id here as an illegal state.
      if (req.groupInstanceId !== null) return respond(joinError(memberId, ErrorCode.UNKNOWN_SERVER_ERROR));
      return this.addMember(group, req, ctx, memberId, respond);
    }
    const error = group.validateMember(memberId, req.groupInstanceId);
    if (error !== ErrorCode.NONE) return respond(joinError(memberId, error));
    const member = group.member(memberId) as ClassicGroupMember;
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberThenRebalance(group, member, req, respond);
      case 'CompletingRebalance':
        // Same metadata: the member probably lost the JoinGroup response; answer it again.
        if (member.matches(req.protocols)) return respond(joinResult(group, memberId, group.isLeader(memberId)));
        return this.updateMemberThenRebalance(group, member, req, respond);
      case 'Stable':
        // A leader's JoinGroup forces a rebalance (e.g. it saw topic metadata change), as does changed metadata.
        if (group.isLeader(memberId) || !member.matches(req.protocols)) return this.updateMemberThenRebalance(group, member, req, respond);
        return respond(joinResult(group, memberId, false));
      default:
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private addMember(group: ClassicGroup, req: JoinParams, ctx: MemberRequestContext, memberId: string, respond: JoinCallback): void {
    const member = new ClassicGroupMember({
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: ctx.clientId,
      clientHost: ctx.clientHost,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      sessionTimeoutMs: req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
    });
    member.isNew = true;
    if (group.is('PreparingRebalance') && group.previousState === 'Empty') group.newMemberAdded = true;
    group.add(member, respond);
    // A new member cannot heartbeat while its JoinGroup is parked; a long timeout clears defunct joiners.
    this.rebalance.rescheduleHeartbeat(group, member, this.config.newMemberJoinTimeoutMs);
    this.rebalance.maybePrepareRebalanceOrCompleteJoin(group);
  }

  private updateMemberThenRebalance(group: ClassicGroup, member: ClassicGroupMember, req: JoinParams, respond: JoinCallback): void {
    // A second JoinGroup replaces a parked one; answer the old one so no request is left hanging.
    if (member.awaitingJoin !== null) group.completeJoin(member, joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    group.updateMember(member, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    this.rebalance.maybePrepareRebalanceOrCompleteJoin(group);
  }

  private replaceStaticMember(
    group: ClassicGroup, req: JoinParams, ctx: MemberRequestContext, oldMemberId: string, newMemberId: string, respond: JoinCallback,
  ): void {
    const currentLeader = group.leaderId ?? '';
    this.rebalance.cancelHeartbeat(group, oldMemberId);
    const member = group.replaceStaticMember(req.groupInstanceId as string, oldMemberId, newMemberId);
    this.rebalance.rescheduleHeartbeat(group, member);
    group.updateMember(member, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    switch (group.state) {
      case 'Stable':
        if ((group.protocolName ?? '') !== group.selectProtocol()) return this.rebalance.maybePrepareRebalanceOrCompleteJoin(group);
        // Nothing changes for the group: no rebalance. v9+ tells a leader to skip the assignment (KIP-814);
        // older clients are given the old leader id so that the new member does not assign.
        if (ctx.apiVersion >= 9) {
          const isLeader = group.isLeader(newMemberId);
          group.completeJoin(member, { ...joinResult(group, newMemberId, isLeader), skipAssignment: isLeader });
        } else {
          group.completeJoin(member, { ...joinResult(group, newMemberId, false), leader: currentLeader });
        }
        return;
      case 'CompletingRebalance':
        // The leader may already be assigning with the old member id: rebalance.
        return this.rebalance.prepareRebalance(group);
      case 'PreparingRebalance':
        return this.rebalance.maybeCompleteJoinPhase(group);
      default:
        group.completeJoin(member, joinError(newMemberId, ErrorCode.UNKNOWN_SERVER_ERROR));
    }
  }

  // ---- SyncGroup ------------------------------------------------------------------------------

  sync(req: SyncGroupRequest, respond: SyncCallback): void {
    const group = this.groups.get(req.groupId);
    if (group === undefined || group.is('Empty')) return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    if (group.is('Dead')) return respond(syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE));
    const error = group.validateMember(req.memberId, req.groupInstanceId ?? null);
    if (error !== ErrorCode.NONE) return respond(syncError(error));
    if (req.generationId !== group.generationId) return respond(syncError(ErrorCode.ILLEGAL_GENERATION));
    if (inconsistent(req.protocolType, group.protocolType) || inconsistent(req.protocolName, group.protocolName)) {
      return respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const member = group.member(req.memberId) as ClassicGroupMember;
    switch (group.state) {
      case 'PreparingRebalance':
        return respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'CompletingRebalance': {
        if (member.awaitingSync !== null) group.completeSync(member, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        member.awaitingSync = respond;
        this.rebalance.removePendingSyncMember(group, req.memberId);
        if (!group.isLeader(req.memberId)) return;
        // The leader's assignments go to every member; members it left out get an empty assignment.
        const assignments = new Map<string, Buffer>();
        for (const a of req.assignments) assignments.set(a.memberId, Buffer.from(a.assignment));
        for (const m of group.members) m.assignment = assignments.get(m.memberId) ?? EMPTY_BYTES;
        this.rebalance.propagateAssignment(group, ErrorCode.NONE);
        group.transitionTo('Stable');
        return;
      }
      case 'Stable':
        this.rebalance.removePendingSyncMember(group, req.memberId);
        return respond({ errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment });
      default:
        return respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  // ---- Heartbeat ------------------------------------------------------------------------------

  heartbeat(req: HeartbeatRequest): number {
    const group = this.groups.get(req.groupId);
    if (group === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const error = group.validateMember(req.memberId, req.groupInstanceId ?? null);
    if (error !== ErrorCode.NONE) return error;
    if (req.generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    const member = group.member(req.memberId) as ClassicGroupMember;
    switch (group.state) {
      case 'PreparingRebalance':
        this.rebalance.rescheduleHeartbeat(group, member);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'CompletingRebalance':
      case 'Stable':
        // Consumers may heartbeat between their JoinGroup and SyncGroup responses.
        this.rebalance.rescheduleHeartbeat(group, member);
        return ErrorCode.NONE;
      default:
        return ErrorCode.UNKNOWN_MEMBER_ID;
    }
  }

  // ---- LeaveGroup -----------------------------------------------------------------------------

  leave(groupId: string, members: readonly LeaveGroupMemberIdentity[]): LeaveGroupResult {
    const group = this.groups.get(groupId);
    if (group === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const results: LeaveGroupMemberResult[] = [];
    for (const m of members) {
      const groupInstanceId = m.groupInstanceId ?? null;
      const result = (errorCode: number): void => void results.push({ memberId: m.memberId, groupInstanceId, errorCode });
      if (m.memberId === '') {
        // An admin may remove a static member by its instance id alone.
        const staticId = groupInstanceId === null ? undefined : group.staticMemberId(groupInstanceId);
        if (staticId === undefined) {
          result(ErrorCode.UNKNOWN_MEMBER_ID);
        } else {
          this.rebalance.dropMember(group, group.member(staticId) as ClassicGroupMember);
          result(ErrorCode.NONE);
        }
      } else if (group.isPendingMember(m.memberId)) {
        group.remove(m.memberId);
        this.rebalance.cancelHeartbeat(group, m.memberId);
        result(ErrorCode.NONE);
      } else {
        const error = group.validateMember(m.memberId, groupInstanceId);
        if (error === ErrorCode.NONE) this.rebalance.dropMember(group, group.member(m.memberId) as ClassicGroupMember);
        result(error);
      }
    }
    if (results.some((r) => r.errorCode === ErrorCode.NONE)) {
      if (group.is('Stable') || group.is('CompletingRebalance')) this.rebalance.maybePrepareRebalanceOrCompleteJoin(group);
      else if (group.is('PreparingRebalance')) this.rebalance.maybeCompleteJoinPhase(group);
    }
    return { errorCode: ErrorCode.NONE, members: results };
  }

}

/** SyncGroup v5: a protocol type or name that is given must match the group's (null = not given). */
function inconsistent(requested: string | null | undefined, current: string | null): boolean {
  return requested != null && current !== null && requested !== current;
}
