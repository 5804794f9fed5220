import { describe, expect, it } from 'vitest';
import { clientTransactionVersionOf, errorForClient } from './client-errors.ts';

describe('errors for older clients', () => {
  it('PRODUCER_FENCED becomes INVALID_PRODUCER_EPOCH below the version that introduced it', () => {
    expect(errorForClient('InitProducerId', 3, 'PRODUCER_FENCED')).toBe('INVALID_PRODUCER_EPOCH');
    expect(errorForClient('InitProducerId', 4, 'PRODUCER_FENCED')).toBe('PRODUCER_FENCED');
    for (const api of ['AddPartitionsToTxn', 'AddOffsetsToTxn', 'EndTxn']) {
      expect(errorForClient(api, 1, 'PRODUCER_FENCED')).toBe('INVALID_PRODUCER_EPOCH');
      expect(errorForClient(api, 2, 'PRODUCER_FENCED')).toBe('PRODUCER_FENCED');
    }
    expect(errorForClient('EndTxn', 0, 'CONCURRENT_TRANSACTIONS')).toBe('CONCURRENT_TRANSACTIONS');
  });

  it('transactions v2 from EndTxn v5 and Produce v12', () => {
    expect([4, 5].map((v) => clientTransactionVersionOf('EndTxn', v))).toEqual([0, 2]);
    expect([11, 12].map((v) => clientTransactionVersionOf('Produce', v))).toEqual([0, 2]);
  });
});
