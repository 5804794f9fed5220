// The rebalance driver of the classic group protocol: the transitions between a group's states and the
// timers behind them, for membership.ts (which handles the requests). Follows Kafka's
// GroupMetadataManager (trunk): prepareRebalance, the initial delayed join, completeClassicGroupJoin,
// the pending-sync expiry, session (heartbeat) expiry and assignment propagation.
//
// Timers are per group (ClassicGroup.schedule) and named: "join" (the join phase: initial delay or
// rebalance timeout), "sync" (members that must still send SyncGroup), "heartbeat:<memberId>" (a
// member's session, or a pending member's wait for its rejoin). A timer that fires for a group that was
// deleted or unloaded meanwhile does nothing.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { type ClassicGroup, joinError, syncError } from './classic-group.ts';
import { type ClassicGroupMember, EMPTY_BYTES } from './classic-group-member.ts';
import type { JoinGroupResult } from './types.ts';

export interface RebalanceConfig {
  groupInitialRebalanceDelayMs: number;
}

/** The coordinator's groups, as the membership protocol sees them. */
export interface GroupRegistry {
  get(groupId: string): ClassicGroup | undefined;
  create(groupId: string): ClassicGroup;
  /** Is this object still the registered group (not deleted or unloaded)? */
  isCurrent(group: ClassicGroup): boolean;
}

const JOIN_TIMER = 'join';
const SYNC_TIMER = 'sync';
const heartbeatTimer = (memberId: string): string => `heartbeat:${memberId}`;

/** A successful JoinGroup answer for the group's current generation; only the leader gets the members. */
export function joinResult(group: ClassicGroup, memberId: string, withMembers: boolean): JoinGroupResult {
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    skipAssignment: false,
    memberId,
    members: withMembers ? group.currentMembersForJoin() : [],
  };
}

export class GroupRebalancer {
  constructor(
    private readonly config: RebalanceConfig,
    private readonly groups: GroupRegistry,
  ) {}

  maybePrepareRebalanceOrCompleteJoin(group: ClassicGroup): void {
    if (group.canRebalance()) this.prepareRebalance(group);
    else this.maybeCompleteJoinPhase(group);
  }

  prepareRebalance(group: ClassicGroup): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentWithError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.clearPendingSyncMembers();
    group.cancel(SYNC_TIMER);
    const isInitialRebalance = group.is('Empty');
    if (isInitialRebalance) {
      const delayMs = this.config.groupInitialRebalanceDelayMs;
      const remainingMs = Math.max(group.rebalanceTimeoutMs() - delayMs, 0);
      group.schedule(JOIN_TIMER, delayMs, () => this.onTimer(group, () => this.tryCompleteInitialRebalance(group, delayMs, remainingMs)));
    }
    group.transitionTo('PreparingRebalance');
    if (!isInitialRebalance) this.maybeCompleteJoinElseSchedule(group);
  }

  private maybeCompleteJoinElseSchedule(group: ClassicGroup): void {
    if (group.hasAllMembersJoined()) return this.completeJoinPhase(group);
    group.schedule(JOIN_TIMER, group.rebalanceTimeoutMs(), () => this.onTimer(group, () => this.completeJoinPhase(group)));
  }

  private tryCompleteInitialRebalance(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    if (group.newMemberAdded && remainingMs !== 0) {
      group.newMemberAdded = false;
      const nextDelayMs = Math.min(this.config.groupInitialRebalanceDelayMs, remainingMs);
      const nextRemainingMs = Math.max(remainingMs - delayMs, 0);
      group.schedule(JOIN_TIMER, nextDelayMs, () => this.onTimer(group, () => this.tryCompleteInitialRebalance(group, nextDelayMs, nextRemainingMs)));
      return;
    }
    this.completeJoinPhase(group);
  }

  /** Completes the join phase early when every member has rejoined (never during the initial delay). */
  maybeCompleteJoinPhase(group: ClassicGroup): void {
    if (!group.is('PreparingRebalance') || group.previousState === 'Empty' || !group.hasAllMembersJoined()) return;
    this.completeJoinPhase(group);
  }

  private completeJoinPhase(group: ClassicGroup): void {
    group.cancel(JOIN_TIMER);
    if (!group.is('PreparingRebalance')) return;
    for (const m of group.notYetRejoinedMembers()) {
      if (m.isStatic) continue;
      this.dropMember(group, m);
    }
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Only static members that have not rejoined are left: wait for them (or their session timeouts).
      group.schedule(JOIN_TIMER, group.rebalanceTimeoutMs(), () => this.onTimer(group, () => this.completeJoinPhase(group)));
      return;
    }
    group.initNextGeneration();
    if (group.is('Empty')) return;
    for (const m of group.members) {
      group.completeJoin(m, joinResult(group, m.memberId, group.isLeader(m.memberId)));
      this.rescheduleHeartbeat(group, m);
      m.isNew = false;
      group.addPendingSyncMember(m.memberId);
    }
    const generationId = group.generationId;
    group.schedule(SYNC_TIMER, group.rebalanceTimeoutMs(), () => this.onTimer(group, () => this.expirePendingSync(group, generationId)));
  }

  private expirePendingSync(group: ClassicGroup, generationId: number): void {
    if (generationId !== group.generationId) return;
    if (!group.is('CompletingRebalance') && !group.is('Stable')) return;
    if (group.hasReceivedSyncFromAllMembers()) return;
    for (const memberId of group.pendingSyncMemberIds()) {
      const m = group.member(memberId);
      if (m !== undefined) this.dropMember(group, m);
    }
    this.prepareRebalance(group);
  }

  private resetAndPropagateAssignmentWithError(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members) m.assignment = EMPTY_BYTES;
    this.propagateAssignment(group, errorCode);
  }

  propagateAssignment(group: ClassicGroup, errorCode: number): void {
    const ok = errorCode === ErrorCode.NONE;
    for (const m of group.members) {
      const result = { errorCode, protocolType: ok ? group.protocolType : null, protocolName: ok ? group.protocolName : null, assignment: m.assignment };
      // A member whose session expired while it waited for the assignment gets a fresh session.
      if (group.completeSync(m, result)) this.rescheduleHeartbeat(group, m);
    }
  }

  removePendingSyncMember(group: ClassicGroup, memberId: string): void {
    group.removePendingSyncMember(memberId);
    if (group.hasReceivedSyncFromAllMembers()) group.cancel(SYNC_TIMER);
  }

  /** Restarts the member's session timer (heartbeats, commits, join and sync completion). */
  rescheduleHeartbeat(group: ClassicGroup, member: ClassicGroupMember, timeoutMs = member.sessionTimeoutMs): void {
    const memberId = member.memberId;
    group.schedule(heartbeatTimer(memberId), timeoutMs, () => this.onTimer(group, () => this.expireHeartbeat(group, memberId)));
  }

  private expireHeartbeat(group: ClassicGroup, memberId: string): void {
    if (group.isPendingMember(memberId)) {
      group.remove(memberId);
      if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoinPhase(group);
      return;
    }
    const member = group.member(memberId);
    if (member === undefined || member.hasSatisfiedHeartbeat()) return;
    this.dropMember(group, member);
    if (group.is('Stable') || group.is('CompletingRebalance')) this.maybePrepareRebalanceOrCompleteJoin(group);
    else if (group.is('PreparingRebalance') && group.hasAllMembersJoined()) this.completeJoinPhase(group);
  }

  /** Removes a member, stops its session timer and answers whatever it has parked. */
  dropMember(group: ClassicGroup, member: ClassicGroupMember): void {
    group.cancel(heartbeatTimer(member.memberId));
    group.completeJoin(member, joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    group.completeSync(member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
  }

  /** The coordinator stops serving the group: parked requests get NOT_COORDINATOR and timers stop. */
  unload(group: ClassicGroup): void {
    for (const m of group.members) {
      group.completeJoin(m, joinError(m.memberId, ErrorCode.NOT_COORDINATOR));
      group.completeSync(m, syncError(ErrorCode.NOT_COORDINATOR));
    }
    group.cancelAllTimers();
    group.transitionTo('Dead');
  }

  private onTimer(group: ClassicGroup, fn: () => void): void {
    if (!this.groups.isCurrent(group) || group.is('Dead')) return;
    fn();
  }

  /** A pending member (MEMBER_ID_REQUIRED sent) is forgotten if it does not rejoin within its session timeout. */
  schedulePendingMemberExpiry(group: ClassicGroup, memberId: string, timeoutMs: number): void {
    group.schedule(heartbeatTimer(memberId), timeoutMs, () => this.onTimer(group, () => this.expireHeartbeat(group, memberId)));
  }

  cancelHeartbeat(group: ClassicGroup, memberId: string): void {
    group.cancel(heartbeatTimer(memberId));
  }
}
