// Partition reassignment (KIP-455) as pure functions of a partition's state, the way Kafka's controller
// runs it (ReplicationControlManager with PartitionReassignmentReplicas / PartitionReassignmentRevert):
//
//   start    target T on original replicas O: adding = T - O, removing = O - T, and the partition's replicas
//            become T followed by the removing ones. Adding replicas are plain followers: they fetch from the
//            leader and join the ISR once caught up. Nothing is lost while it runs: O stays replicated.
//   complete once every replica of T is in the ISR: replicas = T, the ISR keeps only T's members, and a
//            leader that was being removed hands over to the first target replica in the ISR. The brokers
//            that left delete their copy of the partition when the next metadata image drops them.
//   cancel   (null replicas): back to O's brokers (as in Kafka, in the merged list's order without the adding
//            replicas, so a move of [1,2] to [2,3] cancels to [2,1]); the adding replicas leave the ISR. If only adding replicas were in
//            the ISR the first original replica is put back, an unclean election allowed only when the
//            topic's unclean.leader.election.enable is set.
//
// A new target while a reassignment runs starts from O again (the running one is reverted first), and a
// target that equals the current assignment changes nothing. Completion is tried at once, so a pure
// reordering or a shrink to replicas already in the ISR finishes in the same request.

import { KafkaError } from '../protocol/error-codes.ts';

export interface ReplicaState {
  replicas: number[];
  isr: number[];
  leader: number;
  addingReplicas: number[];
  removingReplicas: number[];
}

export interface ReassignmentContext {
  /** Brokers registered with the controller (a stopped one may be a target: the move waits for it). */
  registered: ReadonlySet<number>;
  alive: ReadonlySet<number>;
  /** v1's AllowReplicationFactorChange (KIP-860). */
  allowReplicationFactorChange: boolean;
  uncleanLeaderElection: boolean;
}

const minus = (a: readonly number[], b: readonly number[]): number[] => a.filter((x) => !b.includes(x));
const sameList = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export const inProgress = (s: ReplicaState): boolean => s.addingReplicas.length > 0 || s.removingReplicas.length > 0;

/** The assignment before the running reassignment started. */
export const originalReplicas = (s: ReplicaState): number[] => minus(s.replicas, s.addingReplicas);

/** The replicas the running reassignment moves to (the current replicas when none runs). */
export const targetReplicas = (s: ReplicaState): number[] => minus(s.replicas, s.removingReplicas);

/** Keeps a live leader that is still in the ISR, else the first live ISR member in replica order, else none. */
function chooseLeader(replicas: readonly number[], isr: readonly number[], leader: number, alive: ReadonlySet<number>): number {
  if (isr.includes(leader) && alive.has(leader)) return leader;
  return replicas.find((b) => isr.includes(b) && alive.has(b)) ?? -1;
}

/** Kafka's checks of a manual assignment, with its messages. */
export function validateTarget(where: string, target: readonly number[], registered: ReadonlySet<number>): void {
  if (target.length === 0) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment of ${where} includes an empty replica list.`);
  const seen = new Set<number>();
  for (const b of target) {
    if (seen.has(b)) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment of ${where} includes the broker ${b} more than once.`);
    seen.add(b);
    if (!registered.has(b)) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `The manual partition assignment of ${where} includes broker ${b}, but no such broker is registered.`);
  }
}

/** The state with the running reassignment undone. */
export function revert(where: string, s: ReplicaState, ctx: Pick<ReassignmentContext, 'alive' | 'uncleanLeaderElection'>): ReplicaState {
  const replicas = originalReplicas(s);
  let isr = minus(s.isr, s.addingReplicas);
  if (isr.length === 0) {
    if (!ctx.uncleanLeaderElection) {
      throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Unable to revert the partition assignment of ${where} because it would require an unclean leader election.`);
    }
    isr = [replicas[0]];
  }
  return { replicas, isr, leader: chooseLeader(replicas, isr, s.leader, ctx.alive), addingReplicas: [], removingReplicas: [] };
}

/** Completes the reassignment if every target replica is in the ISR; undefined if it must keep waiting. */
export function tryComplete(s: ReplicaState, alive: ReadonlySet<number>): ReplicaState | undefined {
  if (!inProgress(s)) return undefined;
  const target = targetReplicas(s);
  if (!target.every((b) => s.isr.includes(b))) return undefined;
  const isr = s.isr.filter((b) => target.includes(b));
  return { replicas: target, isr, leader: chooseLeader(target, isr, s.leader, alive), addingReplicas: [], removingReplicas: [] };
}

/** AlterPartitionReassignments for one partition: the next state (or the same when nothing changes). */
export function reassign(where: string, s: ReplicaState, target: readonly number[] | null, ctx: ReassignmentContext): ReplicaState {
  if (target === null) {
    if (!inProgress(s)) throw new KafkaError('NO_REASSIGNMENT_IN_PROGRESS', `No reassignment of ${where} is in progress.`);
    return revert(where, s, ctx);
  }
  validateTarget(where, target, ctx.registered);
  const base = inProgress(s) ? revert(where, s, ctx) : s;
  if (!ctx.allowReplicationFactorChange && target.length !== base.replicas.length) {
    throw new KafkaError('INVALID_REPLICATION_FACTOR', `The replication factor of ${where} would change from ${base.replicas.length} to ${target.length}, and AllowReplicationFactorChange is false.`);
  }
  if (sameList(target, base.replicas)) return base;
  const addingReplicas = minus(target, base.replicas);
  const removingReplicas = minus(base.replicas, target);
  const next: ReplicaState = { replicas: [...target, ...removingReplicas], isr: base.isr, leader: base.leader, addingReplicas, removingReplicas };
  // Only a reordering or a shrink: the target is already complete.
  if (addingReplicas.length === 0 && removingReplicas.length === 0) return { ...next, replicas: [...target] };
  return tryComplete(next, ctx.alive) ?? next;
}
