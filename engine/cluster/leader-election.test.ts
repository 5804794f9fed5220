// The election rules on their own: who leads after a change, and what an ElectLeaders request answers.

import { describe, expect, it } from 'vitest';
import type { Partition } from '../catalog/partitions.ts';
import { ElectionType } from '../broker/controller-client.ts';
import { elect, requestedElection } from './leader-election.ts';

function partition(p: Partial<Partition>): Partition {
  return { topic: 't', partition: 0, replicas: [1, 2, 3], leader: 1, leaderEpoch: 0, isr: [1, 2, 3], partitionEpoch: 0, ...p };
}
const among = (...ids: number[]) => (b: number) => ids.includes(b);

describe('elect', () => {
  it('changes nothing while the leader and the whole ISR are eligible', () => {
    expect(elect(partition({}), false, among(1, 2, 3))).toBeUndefined();
  });

  it('drops a dead leader from the ISR and gives leadership to the next ISR member in replica order', () => {
    expect(elect(partition({ isr: [1, 3, 2] }), false, among(2, 3))).toEqual({ leader: 2, isr: [3, 2] });
  });

  it('keeps the current leader when the preferred replica is out of the ISR', () => {
    expect(elect(partition({ leader: 3, isr: [2, 3] }), false, among(1, 2, 3))).toBeUndefined();
  });

  it('returns leadership to the preferred replica once it is back in the ISR', () => {
    expect(elect(partition({ leader: 2, isr: [1, 2] }), false, among(1, 2))).toEqual({ leader: 1, isr: [1, 2] });
  });

  it('goes offline remembering the last leader when no ISR member is eligible, unless unclean election is on', () => {
    const p = partition({ leader: 1, isr: [1] });
    expect(elect(p, false, among(3))).toEqual({ leader: -1, isr: [1] });
    expect(elect(p, true, among(3))).toEqual({ leader: 3, isr: [3] });
  });
});

describe('requestedElection', () => {
  it('PREFERRED: not needed when the preferred replica leads, refused while it is out of the ISR, else moves', () => {
    expect(requestedElection(ElectionType.PREFERRED, partition({}), new Set([1, 2, 3])).error).toBe('ELECTION_NOT_NEEDED');
    expect(requestedElection(ElectionType.PREFERRED, partition({ leader: 2, isr: [2, 3] }), new Set([1, 2, 3])).error).toBe('PREFERRED_LEADER_NOT_AVAILABLE');
    expect(requestedElection(ElectionType.PREFERRED, partition({ leader: 2, isr: [1, 2] }), new Set([1, 2]))).toEqual({
      error: 'NONE', errorMessage: null, change: { leader: 1, isr: [1, 2] },
    });
  });

  it('UNCLEAN: gives a leaderless partition to the first live replica, and needs one', () => {
    const leaderless = partition({ leader: -1, isr: [1] });
    expect(requestedElection(ElectionType.UNCLEAN, leaderless, new Set([2, 3])).change).toEqual({ leader: 2, isr: [2] });
    expect(requestedElection(ElectionType.UNCLEAN, leaderless, new Set()).error).toBe('ELIGIBLE_LEADERS_NOT_AVAILABLE');
    expect(requestedElection(ElectionType.UNCLEAN, partition({}), new Set([1])).error).toBe('ELECTION_NOT_NEEDED');
  });

  it('answers INVALID_REQUEST for an unknown election type', () => {
    expect(requestedElection(7, partition({}), new Set([1])).error).toBe('INVALID_REQUEST');
  });
});
