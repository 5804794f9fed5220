import { describe, expect, it } from 'vitest';
import { javaStringHash, transactionStatePartition } from './coordinator-partition.ts';
import {
  canTransition, checkTransition, IllegalTxnTransitionError, TXN_STATE_ID, TXN_STATES, VALID_PREVIOUS_STATES,
} from './transaction-state.ts';

describe('transaction state machine', () => {
  // Kafka's validPreviousStates, restated as the set of legal (from -> to) edges.
  const LEGAL = new Set([
    'Empty->Empty', 'CompleteCommit->Empty', 'CompleteAbort->Empty',
    'Ongoing->Ongoing', 'Empty->Ongoing', 'CompleteCommit->Ongoing', 'CompleteAbort->Ongoing',
    'Ongoing->PrepareCommit',
    'Ongoing->PrepareAbort', 'PrepareEpochFence->PrepareAbort',
    'PrepareCommit->CompleteCommit',
    'PrepareAbort->CompleteAbort',
    'Empty->Dead', 'CompleteAbort->Dead', 'CompleteCommit->Dead',
    'Ongoing->PrepareEpochFence',
  ]);

  for (const from of TXN_STATES) {
    for (const to of TXN_STATES) {
      const legal = LEGAL.has(`${from}->${to}`);
      it(`${from} -> ${to} is ${legal ? 'allowed' : 'refused'}`, () => {
        expect(canTransition(from, to)).toBe(legal);
        if (legal) expect(() => checkTransition('t', from, to)).not.toThrow();
        else expect(() => checkTransition('t', from, to)).toThrow(IllegalTxnTransitionError);
      });
    }
  }

  it('uses Kafka\'s state ids', () => {
    expect(TXN_STATES.map((s) => TXN_STATE_ID[s])).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(Object.keys(VALID_PREVIOUS_STATES).sort()).toEqual([...TXN_STATES].sort());
  });
});

describe('coordinator partition of a transactional id', () => {
  it('hashes as Java\'s String.hashCode and Kafka\'s Utils.abs', () => {
    expect(javaStringHash('')).toBe(0);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
    expect(transactionStatePartition('hello')).toBe(99162322 % 50);
    expect(transactionStatePartition('polygenelubricants')).toBe(0); // abs(MIN_VALUE) is 0, not negative
    expect(javaStringHash('hello world!')).toBeLessThan(0);
    expect(transactionStatePartition('hello world!')).toBe(Math.abs(javaStringHash('hello world!')) % 50);
    expect(() => transactionStatePartition('x', 0)).toThrow(RangeError);
  });
});
