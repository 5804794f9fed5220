// Kafka's leader-election rules for one partition, as pure functions over its replica state: the automatic
// election the controller runs after every change, and an ElectLeaders request's PREFERRED and UNCLEAN
// elections. The controller (controller.ts) supplies which brokers can lead and writes the result.

import type { Partition } from '../catalog/partitions.ts';
import type { ErrorName } from '../protocol/error-codes.ts';
import { ElectionType } from '../broker/controller-client.ts';

/**
 * The ISR keeps only eligible brokers (the last member stays when none is, so the partition remembers who
 * has the data); the leader is the preferred replica (replicas[0]) when it is eligible and in the ISR, else
 * the current leader if still eligible, else the first eligible ISR member in replica order. With no eligible
 * ISR member the partition goes offline (leader -1) unless unclean election picks any eligible replica.
 * Undefined when nothing changes.
 */
export function elect(p: Partition, unclean: boolean, live: (broker: number) => boolean): { leader: number; isr: number[] } | undefined {
  const liveIsr = p.isr.filter(live);
  let leader: number;
  let isr: number[];
  if (liveIsr.length === 0) {
    const liveReplica = p.replicas.find(live);
    if (unclean && liveReplica !== undefined) {
      leader = liveReplica;
      isr = [liveReplica];
    } else {
      leader = -1;
      isr = p.isr.length > 0 ? [p.isr.includes(p.leader) ? p.leader : p.isr[0]] : [];
    }
  } else {
    isr = liveIsr;
    const preferred = p.replicas[0];
    if (liveIsr.includes(preferred)) leader = preferred;
    else if (liveIsr.includes(p.leader)) leader = p.leader;
    else leader = p.replicas.find((b) => liveIsr.includes(b))!;
  }
  const same = leader === p.leader && isr.length === p.isr.length && isr.every((b, i) => b === p.isr[i]);
  return same ? undefined : { leader, isr };
}

export interface RequestedElection {
  error: ErrorName | 'NONE';
  errorMessage: string | null;
  /** The new leader and ISR when the election happens. */
  change?: { leader: number; isr: number[] };
}

/** One partition's answer to ElectLeaders of the given type (Kafka's error codes). */
export function requestedElection(electionType: number, p: Partition, alive: ReadonlySet<number>): RequestedElection {
  const notNeeded: RequestedElection = { error: 'ELECTION_NOT_NEEDED', errorMessage: 'Leader election not needed for topic partition.' };
  if (electionType === ElectionType.PREFERRED) {
    const preferred = p.replicas[0];
    if (p.leader === preferred) return notNeeded;
    if (!alive.has(preferred) || !p.isr.includes(preferred)) {
      return { error: 'PREFERRED_LEADER_NOT_AVAILABLE', errorMessage: `the preferred leader ${preferred} is not alive or not in the ISR` };
    }
    return { error: 'NONE', errorMessage: null, change: { leader: preferred, isr: p.isr } };
  }
  if (electionType === ElectionType.UNCLEAN) {
    const live = p.replicas.find((b) => alive.has(b));
    if (p.leader >= 0 && alive.has(p.leader)) return notNeeded;
    if (live === undefined) return { error: 'ELIGIBLE_LEADERS_NOT_AVAILABLE', errorMessage: 'no replica of the partition is alive' };
    return { error: 'NONE', errorMessage: null, change: { leader: live, isr: [live] } };
  }
  return { error: 'INVALID_REQUEST', errorMessage: `unknown election type ${electionType}` };
}
