// The reassignment state machine as a table: start, complete, cancel and replace, with Kafka's errors.

import { describe, expect, it } from 'vitest';
import { ErrorCode, type KafkaError } from '../protocol/error-codes.ts';
import { reassign, tryComplete, type ReassignmentContext, type ReplicaState } from './reassignment.ts';

const ctx: ReassignmentContext = { registered: new Set([1, 2, 3, 4]), alive: new Set([1, 2, 3, 4]), allowReplicationFactorChange: true, uncleanLeaderElection: false };
const stable = (replicas: number[], isr = replicas, leader = replicas[0]): ReplicaState => ({ replicas, isr, leader, addingReplicas: [], removingReplicas: [] });

function codeOf(fn: () => unknown): number {
  try {
    fn();
  } catch (e) {
    return (e as KafkaError).code;
  }
  return 0;
}

describe('reassign', () => {
  it('moving [1,2] to [2,3]: 3 is added as a follower and 1 stays until 3 is in the ISR', () => {
    const s = reassign('t-0', stable([1, 2]), [2, 3], ctx);
    expect(s).toEqual({ replicas: [2, 3, 1], isr: [1, 2], leader: 1, addingReplicas: [3], removingReplicas: [1] });
    expect(tryComplete(s, ctx.alive)).toBeUndefined();
    // 3 caught up: the removed leader hands over to the first target replica in the ISR.
    expect(tryComplete({ ...s, isr: [1, 2, 3] }, ctx.alive)).toEqual({ replicas: [2, 3], isr: [2, 3], leader: 2, addingReplicas: [], removingReplicas: [] });
  });

  it('a leader that stays in the target keeps leading when the move completes', () => {
    const s = reassign('t-0', stable([1, 2]), [1, 3], ctx);
    expect(tryComplete({ ...s, isr: [1, 2, 3] }, ctx.alive)).toMatchObject({ replicas: [1, 3], isr: [1, 3], leader: 1 });
  });

  it('a shrink to replicas already in the ISR and a reordering complete at once; the same assignment changes nothing', () => {
    expect(reassign('t-0', stable([1, 2, 3]), [2, 3], ctx)).toEqual({ replicas: [2, 3], isr: [2, 3], leader: 2, addingReplicas: [], removingReplicas: [] });
    expect(reassign('t-0', stable([1, 2]), [2, 1], ctx)).toEqual({ replicas: [2, 1], isr: [1, 2], leader: 1, addingReplicas: [], removingReplicas: [] });
    const same = stable([1, 2]);
    expect(reassign('t-0', same, [1, 2], ctx)).toBe(same);
  });

  it('cancel restores the original replicas and takes the adding ones out of the ISR', () => {
    const moving: ReplicaState = { replicas: [3, 4, 1, 2], isr: [1, 2, 3], leader: 1, addingReplicas: [3, 4], removingReplicas: [1, 2] };
    expect(reassign('t-0', moving, null, ctx)).toEqual({ replicas: [1, 2], isr: [1, 2], leader: 1, addingReplicas: [], removingReplicas: [] });
  });

  it('cancel that would leave only adding replicas in the ISR needs unclean.leader.election.enable', () => {
    const moving: ReplicaState = { replicas: [3, 1], isr: [3], leader: 3, addingReplicas: [3], removingReplicas: [1] };
    expect(codeOf(() => reassign('t-0', moving, null, ctx))).toBe(ErrorCode.INVALID_REPLICA_ASSIGNMENT);
    expect(reassign('t-0', moving, null, { ...ctx, uncleanLeaderElection: true })).toMatchObject({ replicas: [1], isr: [1], leader: 1 });
  });

  it('a new target while one runs starts again from the original replicas', () => {
    const moving = reassign('t-0', stable([1, 2]), [2, 3], ctx);
    expect(reassign('t-0', moving, [2, 4], ctx)).toEqual({ replicas: [2, 4, 1], isr: [1, 2], leader: 1, addingReplicas: [4], removingReplicas: [1] });
    // Back to the original: the same as a cancel.
    expect(reassign('t-0', moving, [1, 2], ctx)).toEqual(stable([1, 2]));
  });

  it.each([
    ['an empty list', [], ErrorCode.INVALID_REPLICA_ASSIGNMENT],
    ['a duplicate broker', [2, 2], ErrorCode.INVALID_REPLICA_ASSIGNMENT],
    ['an unknown broker', [2, 9], ErrorCode.INVALID_REPLICA_ASSIGNMENT],
    ['a negative broker id', [-1, 2], ErrorCode.INVALID_REPLICA_ASSIGNMENT],
  ])('refuses %s', (_what, target, code) => {
    expect(codeOf(() => reassign('t-0', stable([1, 2]), target, ctx))).toBe(code);
  });

  it('refuses a cancel with nothing in progress, and a replication factor change when v1 forbids it', () => {
    expect(codeOf(() => reassign('t-0', stable([1, 2]), null, ctx))).toBe(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
    const noRf = { ...ctx, allowReplicationFactorChange: false };
    expect(codeOf(() => reassign('t-0', stable([1, 2]), [1, 2, 3], noRf))).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
    expect(reassign('t-0', stable([1, 2]), [2, 3], noRf)).toMatchObject({ addingReplicas: [3] });
  });
});
