// Share sessions (KIP-932): a share consumer's ShareFetch/ShareAcknowledge requests to one broker form a
// session keyed by (group id, member id). Epoch 0 opens a session (replacing the member's previous one),
// -1 closes it, and every other request must carry the session's next epoch, which then moves on by one
// (after 2^31-1 it wraps to 1). The session remembers which partitions the member fetches, so later
// requests send only changes (new partitions in Topics, removed ones in ForgottenTopicsData).
//
// Errors: SHARE_SESSION_NOT_FOUND (no session for a non-zero epoch), INVALID_SHARE_SESSION_EPOCH (wrong
// epoch; also epoch 0 on ShareAcknowledge, which cannot open a session), SHARE_SESSION_LIMIT_REACHED
// (group.share.max.share.sessions sessions are open already), INVALID_REQUEST (acknowledgements in a
// request opening a session, or a fetch in one closing it). Refused requests change no session.
//
// A session belongs to the connection its latest request came on: when that connection closes, the session
// goes with it and the member's records come back at once (Kafka's connection disconnect listener), since any
// answer still on its way to that member is lost.

import { type ErrorName, KafkaError } from '../../../protocol/error-codes.ts';

export const INITIAL_SHARE_SESSION_EPOCH = 0;
export const FINAL_SHARE_SESSION_EPOCH = -1;

export interface SharePartitionKey {
  topicId: string;
  partition: number;
}

export interface ShareSession {
  readonly groupId: string;
  readonly memberId: string;
  /** The epoch the next request must carry. */
  epoch: number;
  readonly partitions: Map<string, SharePartitionKey>;
  lastUsedMs: number;
  /** The listener's id of the connection the latest request came on. */
  connectionId?: number;
}

export interface ShareSessionUpdate {
  groupId: string;
  memberId: string;
  epoch: number;
  /** Partitions named in the request (added to the session). */
  add?: readonly SharePartitionKey[];
  /** ForgottenTopicsData (removed from the session). */
  forget?: readonly SharePartitionKey[];
  nowMs: number;
  /** ShareAcknowledge may use an open session or close it, never open one. */
  acknowledgeOnly?: boolean;
  /** The request carries acknowledgements: not allowed when it opens a session. */
  hasAcknowledgements?: boolean;
  /** The request asks for records: not allowed when it closes the session. */
  fetches?: boolean;
  /** The connection the request came on. */
  connectionId?: number;
}

export interface ShareSessionResult {
  /** The session after the request; null after a close. */
  session: ShareSession | null;
  /** Partitions that left the session (forgotten, closed, or of the replaced session): release their records. */
  released: SharePartitionKey[];
}

export function nextShareSessionEpoch(epoch: number): number {
  return epoch >= 0x7fffffff ? 1 : epoch + 1;
}

function key(groupId: string, memberId: string): string {
  return `${groupId}\u0000${memberId}`;
}

function pkey(p: SharePartitionKey): string {
  return `${p.topicId}:${p.partition}`;
}

export class ShareSessionCache {
  private readonly sessions = new Map<string, ShareSession>();

  /** group.share.max.share.sessions */
  constructor(readonly maxSessions = 2000) {}

  get size(): number {
    return this.sessions.size;
  }

  get(groupId: string, memberId: string): ShareSession | undefined {
    return this.sessions.get(key(groupId, memberId));
  }

  handle(u: ShareSessionUpdate): ShareSessionResult {
    const k = key(u.groupId, u.memberId);
    const existing = this.sessions.get(k);
    if (u.epoch === INITIAL_SHARE_SESSION_EPOCH) {
      if (u.acknowledgeOnly) fail('INVALID_SHARE_SESSION_EPOCH', 'ShareAcknowledge cannot open a share session (epoch 0)');
      if (u.hasAcknowledgements) fail('INVALID_REQUEST', 'a request opening a share session (epoch 0) cannot acknowledge records');
      if (existing === undefined && this.sessions.size >= this.maxSessions) {
        fail('SHARE_SESSION_LIMIT_REACHED', `the broker already has ${this.maxSessions} share sessions`);
      }
      const session: ShareSession = { groupId: u.groupId, memberId: u.memberId, epoch: 1, partitions: new Map(), lastUsedMs: u.nowMs, connectionId: u.connectionId };
      for (const p of u.add ?? []) session.partitions.set(pkey(p), p);
      this.sessions.set(k, session);
      const released = existing === undefined ? [] : [...existing.partitions.values()].filter((p) => !session.partitions.has(pkey(p)));
      return { session, released };
    }
    if (u.epoch === FINAL_SHARE_SESSION_EPOCH && u.fetches) fail('INVALID_REQUEST', 'a request closing its share session (epoch -1) cannot fetch');
    if (existing === undefined) fail('SHARE_SESSION_NOT_FOUND', `no share session for member ${u.memberId} of group ${u.groupId}`);
    if (u.epoch === FINAL_SHARE_SESSION_EPOCH) {
      this.sessions.delete(k);
      return { session: null, released: [...existing.partitions.values()] };
    }
    if (u.epoch !== existing.epoch) {
      fail('INVALID_SHARE_SESSION_EPOCH', `share session epoch ${u.epoch} is not the expected ${existing.epoch}`);
    }
    existing.epoch = nextShareSessionEpoch(existing.epoch);
    existing.lastUsedMs = u.nowMs;
    if (u.connectionId !== undefined) existing.connectionId = u.connectionId;
    for (const p of u.add ?? []) existing.partitions.set(pkey(p), p);
    const released: SharePartitionKey[] = [];
    for (const p of u.forget ?? []) if (existing.partitions.delete(pkey(p))) released.push(p);
    return { session: existing, released };
  }

  /** A connection closed: drops the sessions whose latest request came on it, with the partitions to release. */
  removeConnection(connectionId: number): { groupId: string; memberId: string; partitions: SharePartitionKey[] }[] {
    const gone: { groupId: string; memberId: string; partitions: SharePartitionKey[] }[] = [];
    for (const [k, s] of this.sessions) {
      if (s.connectionId !== connectionId) continue;
      this.sessions.delete(k);
      gone.push({ groupId: s.groupId, memberId: s.memberId, partitions: [...s.partitions.values()] });
    }
    return gone;
  }

  /** Drops the sessions of a member that left its group (or whose group is gone). */
  removeMember(groupId: string, memberId: string): SharePartitionKey[] {
    const s = this.sessions.get(key(groupId, memberId));
    if (s === undefined) return [];
    this.sessions.delete(key(groupId, memberId));
    return [...s.partitions.values()];
  }
}

function fail(name: ErrorName, message: string): never {
  throw new KafkaError(name, message);
}
