// KIP-951 leader hints: a partition refused with NOT_LEADER_OR_FOLLOWER or FENCED_LEADER_EPOCH names its
// current leader and epoch (Produce v10+, Fetch v12+), and the response lists where those leaders listen
// (NodeEndpoints: Produce v10+, Fetch v16+), so a client moves to the new leader without a metadata round trip.

import { ErrorCode } from '../../protocol/error-codes.ts';
import type { MetadataView } from '../metadata-image.ts';

export interface LeaderHint {
  leaderId: number;
  leaderEpoch: number;
}

export interface NodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}

const HINTED = new Set<number>([ErrorCode.NOT_LEADER_OR_FOLLOWER, ErrorCode.FENCED_LEADER_EPOCH]);

/** Collects the hints of one response; endpoints() lists each hinted leader once. */
export class LeaderHints {
  private readonly leaders = new Set<number>();

  constructor(private readonly view: MetadataView) {}

  /** The current leader of a refused partition, when the error calls for one and a leader is known. */
  hint(topic: string | undefined, partition: number, errorCode: number): LeaderHint | undefined {
    if (topic === undefined || !HINTED.has(errorCode)) return undefined;
    const p = this.view.partition(topic, partition);
    if (!p || p.leader < 0) return undefined;
    this.leaders.add(p.leader);
    return { leaderId: p.leader, leaderEpoch: p.leaderEpoch };
  }

  endpoints(): NodeEndpoint[] {
    return [...this.leaders].sort((a, b) => a - b).flatMap((id) => {
      const b = this.view.broker(id);
      return b && b.alive ? [{ nodeId: b.id, host: b.host, port: b.port, rack: b.rack }] : [];
    });
  }
}
