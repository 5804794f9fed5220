// One member of a classic group (Kafka's ClassicGroupMember): who it is, the protocols it supports
// in preference order with their metadata, its current assignment, and the JoinGroup / SyncGroup
// request it has parked with the coordinator, if any.

import type { JoinGroupProtocol, JoinGroupResult, SyncGroupResult } from './types.ts';

export const EMPTY_BYTES: Buffer = Buffer.alloc(0);

export interface MemberProtocol {
  name: string;
  metadata: Buffer;
}

/** Copies protocol metadata: decoded bytes are views of a request frame that is reused. */
export function copyProtocols(protocols: readonly JoinGroupProtocol[]): MemberProtocol[] {
  return protocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) }));
}

export interface MemberInit {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocolType: string;
  protocols: readonly JoinGroupProtocol[];
  assignment?: Buffer;
}

export class ClassicGroupMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly protocolType: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: MemberProtocol[];
  assignment: Buffer;
  /** Joined in the current rebalance and not yet part of a generation. */
  isNew = false;
  awaitingJoin: ((r: JoinGroupResult) => void) | null = null;
  awaitingSync: ((r: SyncGroupResult) => void) | null = null;

  constructor(init: MemberInit) {
    this.memberId = init.memberId;
    this.groupInstanceId = init.groupInstanceId;
    this.clientId = init.clientId;
    this.clientHost = init.clientHost;
    this.rebalanceTimeoutMs = init.rebalanceTimeoutMs;
    this.sessionTimeoutMs = init.sessionTimeoutMs;
    this.protocolType = init.protocolType;
    this.protocols = copyProtocols(init.protocols);
    this.assignment = init.assignment ?? EMPTY_BYTES;
  }

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== null;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== null;
  }

  /** Same protocols, same order, same metadata bytes. */
  matches(protocols: readonly JoinGroupProtocol[]): boolean {
    if (protocols.length !== this.protocols.length) return false;
    return protocols.every((p, i) => p.name === this.protocols[i].name && Buffer.compare(Buffer.from(p.metadata), this.protocols[i].metadata) === 0);
  }

  /** The member's most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    if (choice === undefined) throw new Error(`Member ${this.memberId} supports none of the candidate protocols`);
    return choice.name;
  }

  metadata(protocolName: string | null): Buffer {
    return this.protocols.find((p) => p.name === protocolName)?.metadata ?? EMPTY_BYTES;
  }

  /**
   * Called when the session timer fires (no heartbeat within the session timeout). A new member
   * never survives it; a member parked in JoinGroup or SyncGroup does (it cannot heartbeat meanwhile).
   */
  hasSatisfiedHeartbeat(): boolean {
    if (this.isNew) return false;
    return this.isAwaitingJoin || this.isAwaitingSync;
  }
}
