// Partition reassignments in flight for the open topic (adding and removing replicas per partition).

import type { PartitionReassignment } from '../../app/contract.ts';

export interface ReassignSlice {
  /** The moves in flight on `topic`, as last read. */
  reassignments: { topic: string; list: PartitionReassignment[] } | null;
}

export const reassignSlice = (): ReassignSlice => ({ reassignments: null });

const NONE: readonly PartitionReassignment[] = [];

/** The move in flight on one partition of `topic`, if any. */
export const selectReassignment = (s: ReassignSlice, topic: string, partition: number): PartitionReassignment | undefined =>
  (s.reassignments?.topic === topic ? s.reassignments.list : NONE).find((r) => r.partition === partition);

/**
 * The target replicas of moving the replica on broker `from` to broker `to`: `to` takes `from`'s place in
 * the list, so the preferred-leader order of the other replicas is kept.
 */
export function moveTarget(replicas: readonly number[], from: number, to: number): number[] {
  return replicas.map((b) => (b === from ? to : b));
}
