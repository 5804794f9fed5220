// One classic consumer group (Kafka's ClassicGroup, group-coordinator/.../classic/ClassicGroup.java):
// its state, generation, members and static members, the protocol votes, the leader, the members that
// still have to join or sync in the current rebalance, and the group's timers. The rebalance protocol
// that drives it lives in membership.ts.
//
// States and their valid previous states (ClassicGroupState):
//   Empty                <- PreparingRebalance
//   PreparingRebalance   <- Empty, Stable, CompletingRebalance
//   CompletingRebalance  <- PreparingRebalance
//   Stable               <- CompletingRebalance
//   Dead                 <- any
// Members are kept in insertion order: the first member becomes the leader, and when the leader goes
// the next member in order takes over (Kafka takes the next in hash order).

import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { ClassicGroupMember, EMPTY_BYTES, type MemberProtocol, copyProtocols } from './classic-group-member.ts';
import { subscribedTopicsOf } from './consumer-subscription.ts';
import type { Scheduler, TimerHandle } from '../scheduler.ts';
import type { JoinGroupProtocol, JoinGroupResponseMember, JoinGroupResult, SyncGroupResult } from './types.ts';

export type ClassicGroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable' | 'Dead';

export const CLASSIC_GROUP_STATES: readonly ClassicGroupState[] = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'];

const VALID_PREVIOUS: Record<ClassicGroupState, readonly ClassicGroupState[]> = {
  Empty: ['PreparingRebalance'],
  PreparingRebalance: ['Empty', 'Stable', 'CompletingRebalance'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  Dead: CLASSIC_GROUP_STATES,
};

export const CONSUMER_PROTOCOL_TYPE = 'consumer';

export class ClassicGroup {
  private _state: ClassicGroupState;
  private _previousState: ClassicGroupState = 'Dead';
  stateTimestamp: number;
  /** null until the first member joins (or for a group known only from committed offsets). */
  protocolType: string | null = null;
  protocolName: string | null = null;
  generationId = 0;
  leaderId: string | null = null;
  /** The consumer subscription of the whole group, computed per generation; null when unknown. */
  subscribedTopics: Set<string> | null = null;
  /** A member joined during the initial (delayed) rebalance: extend the delay. */
  newMemberAdded = false;

  private readonly _members = new Map<string, ClassicGroupMember>();
  private readonly staticMembers = new Map<string, string>();
  private readonly pendingJoinMembers = new Set<string>();
  private readonly pendingSyncMembers = new Set<string>();
  private readonly supportedProtocols = new Map<string, number>();
  private readonly timers = new Map<string, TimerHandle>();

  constructor(
    readonly groupId: string,
    private readonly scheduler: Scheduler,
    initialState: ClassicGroupState = 'Empty',
  ) {
    this._state = initialState;
    this.stateTimestamp = scheduler.now();
  }

  // ---- state ----------------------------------------------------------------------------------

  get state(): ClassicGroupState {
    return this._state;
  }

  get previousState(): ClassicGroupState {
    return this._previousState;
  }

  is(state: ClassicGroupState): boolean {
    return this._state === state;
  }

  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this._state);
  }

  transitionTo(state: ClassicGroupState): void {
    if (!VALID_PREVIOUS[state].includes(this._state)) {
      throw new Error(`Group ${this.groupId} cannot move from ${this._state} to ${state}`);
    }
    this._previousState = this._state;
    this._state = state;
    this.stateTimestamp = this.scheduler.now();
  }

  get usesConsumerProtocol(): boolean {
    return this.protocolType === CONSUMER_PROTOCOL_TYPE;
  }

  // ---- members --------------------------------------------------------------------------------

  get members(): ClassicGroupMember[] {
    return [...this._members.values()];
  }

  get size(): number {
    return this._members.size;
  }

  has(memberId: string): boolean {
    return this._members.has(memberId);
  }

  member(memberId: string): ClassicGroupMember | undefined {
    return this._members.get(memberId);
  }

  isLeader(memberId: string): boolean {
    return this.leaderId !== null && this.leaderId === memberId;
  }

  add(member: ClassicGroupMember, onJoin: ((r: JoinGroupResult) => void) | null = null): void {
    if (member.groupInstanceId !== null) {
      if (this.staticMembers.has(member.groupInstanceId)) {
        throw new Error(`Static member ${member.groupInstanceId} is already a member of group ${this.groupId}`);
      }
      this.staticMembers.set(member.groupInstanceId, member.memberId);
    }
    if (this._members.size === 0) this.protocolType = member.protocolType;
    if (this.protocolType !== member.protocolType) throw new Error('The group and member protocol types must be the same');
    if (!this.supportsProtocols(member.protocolType, new Set(member.protocols.map((p) => p.name)))) {
      throw new Error('None of the member\'s protocols can be supported');
    }
    if (this.leaderId === null) this.leaderId = member.memberId;
    this._members.set(member.memberId, member);
    this.countProtocols(member.protocols, +1);
    member.awaitingJoin = onJoin;
    this.pendingJoinMembers.delete(member.memberId);
  }

  /** Removes a member or a pending member; a removed leader is replaced by the next member. */
  remove(memberId: string): void {
    const removed = this._members.get(memberId);
    if (removed !== undefined) {
      this._members.delete(memberId);
      this.countProtocols(removed.protocols, -1);
      if (removed.groupInstanceId !== null) this.staticMembers.delete(removed.groupInstanceId);
    }
    if (this.isLeader(memberId)) {
      const next = this._members.keys().next();
      this.leaderId = next.done ? null : next.value;
    }
    this.pendingJoinMembers.delete(memberId);
    this.pendingSyncMembers.delete(memberId);
  }

  updateMember(
    member: ClassicGroupMember,
    protocols: readonly JoinGroupProtocol[],
    rebalanceTimeoutMs: number,
    sessionTimeoutMs: number,
    onJoin: ((r: JoinGroupResult) => void) | null,
  ): void {
    this.countProtocols(member.protocols, -1);
    member.protocols = copyProtocols(protocols);
    this.countProtocols(member.protocols, +1);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
    member.awaitingJoin = onJoin;
  }

  /**
   * A static member rejoined with a new member id: the old id is replaced by the new one, everything
   * else kept. A request the old id has parked is answered FENCED_INSTANCE_ID.
   */
  replaceStaticMember(groupInstanceId: string, oldMemberId: string, newMemberId: string): ClassicGroupMember {
    const old = this._members.get(oldMemberId);
    if (old === undefined) throw new Error(`Cannot replace unknown member ${oldMemberId}`);
    this._members.delete(oldMemberId);
    this.completeJoin(old, joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    this.completeSync(old, syncError(ErrorCode.FENCED_INSTANCE_ID));
    const replacement = new ClassicGroupMember({
      memberId: newMemberId,
      groupInstanceId: old.groupInstanceId,
      clientId: old.clientId,
      clientHost: old.clientHost,
      rebalanceTimeoutMs: old.rebalanceTimeoutMs,
      sessionTimeoutMs: old.sessionTimeoutMs,
      protocolType: old.protocolType,
      protocols: old.protocols,
      assignment: old.assignment,
    });
    this._members.set(newMemberId, replacement);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    this.staticMembers.set(groupInstanceId, newMemberId);
    return replacement;
  }

  /**
   * At the end of the join phase: keep the leader if it rejoined, else elect the first member that
   * did. False when there is no leader or no member rejoined.
   */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    const leader = this._members.get(this.leaderId);
    if (leader?.isAwaitingJoin) return true;
    const joined = this.members.find((m) => m.isAwaitingJoin);
    if (joined === undefined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  // ---- static and pending members -------------------------------------------------------------

  hasStaticMember(groupInstanceId: string): boolean {
    return this.staticMembers.has(groupInstanceId);
  }

  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticMembers.get(groupInstanceId);
  }

  /** A known static member whose request carries a different member id. */
  isStaticMemberFenced(groupInstanceId: string | null, memberId: string): boolean {
    if (groupInstanceId === null) return false;
    const existing = this.staticMembers.get(groupInstanceId);
    return existing !== undefined && existing !== memberId;
  }

  /** NONE, or why the (memberId, groupInstanceId) pair is not a current member (Kafka's validateMember). */
  validateMember(memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const existing = this.staticMembers.get(groupInstanceId);
      if (existing === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (existing !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return this._members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingJoinMembers.has(memberId);
  }

  addPendingMember(memberId: string): void {
    if (this._members.has(memberId)) throw new Error(`${memberId} is already a member of group ${this.groupId}`);
    this.pendingJoinMembers.add(memberId);
  }

  get numPendingJoinMembers(): number {
    return this.pendingJoinMembers.size;
  }

  addPendingSyncMember(memberId: string): void {
    this.pendingSyncMembers.add(memberId);
  }

  removePendingSyncMember(memberId: string): void {
    this.pendingSyncMembers.delete(memberId);
  }

  hasReceivedSyncFromAllMembers(): boolean {
    return this.pendingSyncMembers.size === 0;
  }

  pendingSyncMemberIds(): string[] {
    return [...this.pendingSyncMembers];
  }

  clearPendingSyncMembers(): void {
    this.pendingSyncMembers.clear();
  }

  notYetRejoinedMembers(): ClassicGroupMember[] {
    return this.members.filter((m) => !m.isAwaitingJoin);
  }

  get numAwaitingJoin(): number {
    let n = 0;
    for (const m of this._members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  hasAllMembersJoined(): boolean {
    return this.numAwaitingJoin === this._members.size && this.pendingJoinMembers.size === 0;
  }

  /** The group's rebalance timeout: the largest of its members'. */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this._members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  generateMemberId(clientId: string, groupInstanceId: string | null): string {
    return `${groupInstanceId ?? clientId}-${randomUUID()}`;
  }

  // ---- protocols ------------------------------------------------------------------------------

  private countProtocols(protocols: readonly MemberProtocol[], delta: number): void {
    for (const p of protocols) this.supportedProtocols.set(p.name, (this.supportedProtocols.get(p.name) ?? 0) + delta);
  }

  /** Can a member with this protocol type and these protocols join? (INCONSISTENT_GROUP_PROTOCOL if not.) */
  supportsProtocols(protocolType: string, protocolNames: ReadonlySet<string>): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocolNames.size > 0;
    if (this.protocolType !== protocolType) return false;
    for (const name of protocolNames) if ((this.supportedProtocols.get(name) ?? 0) === this._members.size) return true;
    return false;
  }

  /** The protocol every member supports with the most votes (each member votes its most preferred). */
  selectProtocol(): string {
    if (this._members.size === 0) throw new Error(`Cannot select a protocol for empty group ${this.groupId}`);
    const candidates = new Set<string>();
    for (const [name, count] of this.supportedProtocols) if (count === this._members.size) candidates.add(name);
    const votes = new Map<string, number>();
    for (const m of this._members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best = '';
    let bestVotes = -1;
    for (const [name, n] of votes) {
      if (n > bestVotes) {
        best = name;
        bestVotes = n;
      }
    }
    return best;
  }

  /** The union of the members' subscribed topics for the consumer protocol; null when unknown. */
  computeSubscribedTopics(): Set<string> | null {
    if (this.protocolType !== CONSUMER_PROTOCOL_TYPE) return null;
    if (this._members.size === 0) return new Set();
    if (this.protocolName === null) return null;
    const all = new Set<string>();
    for (const m of this._members.values()) {
      const topics = subscribedTopicsOf(m.metadata(this.protocolName));
      if (topics === null) return null;
      for (const t of topics) all.add(t);
    }
    return all;
  }

  /** OffsetDelete refuses a topic the group consumes; when unknown, a consumer group is assumed to. */
  isSubscribedToTopic(topic: string): boolean {
    return this.subscribedTopics === null ? this.usesConsumerProtocol : this.subscribedTopics.has(topic);
  }

  // ---- generations and parked requests ---------------------------------------------------------

  initNextGeneration(): void {
    this.generationId++;
    if (this._members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.subscribedTopics = this.computeSubscribedTopics();
      this.transitionTo('Empty');
    }
    this.pendingSyncMembers.clear();
  }

  /** The leader's view in a JoinGroup response: every member with its metadata for the chosen protocol. */
  currentMembersForJoin(): JoinGroupResponseMember[] {
    return this.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadata(this.protocolName) }));
  }

  completeJoin(member: ClassicGroupMember, result: JoinGroupResult): boolean {
    const respond = member.awaitingJoin;
    if (respond === null) return false;
    member.awaitingJoin = null;
    respond(result);
    return true;
  }

  completeSync(member: ClassicGroupMember, result: SyncGroupResult): boolean {
    const respond = member.awaitingSync;
    if (respond === null) return false;
    member.awaitingSync = null;
    respond(result);
    return true;
  }

  // ---- timers ---------------------------------------------------------------------------------

  /** (Re)schedules the timer named `key`; a timer of the same name is replaced. */
  schedule(key: string, delayMs: number, fn: () => void): void {
    this.cancel(key);
    const handle = this.scheduler.setTimeout(() => {
      if (this.timers.get(key) === handle) this.timers.delete(key);
      fn();
    }, delayMs);
    this.timers.set(key, handle);
  }

  cancel(key: string): void {
    const handle = this.timers.get(key);
    if (handle === undefined) return;
    this.scheduler.clearTimeout(handle);
    this.timers.delete(key);
  }

  hasTimer(key: string): boolean {
    return this.timers.has(key);
  }

  cancelAllTimers(): void {
    for (const handle of this.timers.values()) this.scheduler.clearTimeout(handle);
    this.timers.clear();
  }
}

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return { errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', skipAssignment: false, memberId, members: [] };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY_BYTES };
}
