// Transactions against a fake bridge: the list described id by id (an id whose coordinator fails keeps its
// listed state), the age of an open transaction, and the abort (refreshes; a partition left open is an error).

import { describe, expect, it } from 'vitest';
import type { TransactionDetail } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { createAppStore } from './store.ts';
import { abortTransaction, loadTransactions, transactionAge } from './transactions.actions.ts';

const detail = (transactionalId: string, over: Partial<TransactionDetail> = {}): TransactionDetail => ({
  transactionalId, state: 'Ongoing', producerId: 7, producerEpoch: 2, timeoutMs: 60_000, startTimestamp: 1_000, hanging: false,
  partitions: [{ topic: 'orders', partition: 0 }], coordinator: 1, ...over,
});

describe('transactions', () => {
  it('lists every id with its coordinator\'s description; an id that cannot be described keeps the listed state', async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({
      'transactions.list': () => [
        { transactionalId: 'a', producerId: 7, state: 'Empty', coordinator: 1 },
        { transactionalId: 'b', producerId: 9, state: 'CompleteCommit', coordinator: 2 },
      ],
      'transactions.describe': (r) => (r.transactionalId === 'b' ? refuse('UNAVAILABLE', 'coordinator down')() : detail('a', { state: 'Ongoing', hanging: true })),
    });
    await loadTransactions(store, bridge);
    const rows = store.getState().transactions!;
    expect(rows.map((r) => [r.transactionalId, r.state])).toEqual([['a', 'Ongoing'], ['b', 'CompleteCommit']]);
    expect(rows[0].detail?.hanging).toBe(true);
    expect(rows[1].detail).toBeUndefined();
    expect(calls.filter((c) => c.method === 'transactions.describe').map((c) => (c.request as { transactionalId: string }).transactionalId)).toEqual(['a', 'b']);
    expect(store.getState().errors).toEqual([]);
  });

  it('reports a failed list and keeps what was shown', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'transactions.list': refuse('UNAVAILABLE', 'no brokers') });
    await loadTransactions(store, bridge);
    expect(store.getState().transactions).toBeNull();
    expect(store.getState().errors.map((e) => e.message).join(' ')).toContain('no brokers');
  });

  it('ages an open transaction from its start; outside a transaction there is no age', () => {
    const open = { transactionalId: 'a', producerId: 7, state: 'Ongoing', coordinator: 1, detail: detail('a', { startTimestamp: 1_000 }) };
    expect(transactionAge(open, 4_500)).toBe(3_500);
    expect(transactionAge({ ...open, detail: detail('a', { startTimestamp: -1, state: 'Empty' }) }, 4_500)).toBeNull();
    expect(transactionAge({ ...open, detail: undefined }, 4_500)).toBeNull();
  });

  it('aborts by id, then reads the list again; a partition the abort could not close is thrown to the caller', async () => {
    const store = createAppStore();
    let state = 'Ongoing';
    let result: { topic: string; partition: number; producerId: number; error: string | null }[] = [{ topic: 'orders', partition: 0, producerId: 7, error: null }];
    const { bridge, calls } = fakeBridge({
      'transactions.list': () => [{ transactionalId: 'a', producerId: 7, state, coordinator: 1 }],
      'transactions.describe': () => detail('a', { state }),
      'transactions.abort': () => { state = 'CompleteAbort'; return { aborted: result }; },
    });
    await abortTransaction(store, bridge, 'a');
    expect(calls.find((c) => c.method === 'transactions.abort')!.request).toEqual({ transactionalId: 'a' });
    expect(store.getState().transactions![0].state).toBe('CompleteAbort');

    result = [{ topic: 'orders', partition: 1, producerId: 7, error: 'NOT_LEADER_OR_FOLLOWER' }];
    await expect(abortTransaction(store, bridge, 'a')).rejects.toThrow('orders-1 (NOT_LEADER_OR_FOLLOWER)');
  });

  it('a refused abort reaches the caller', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'transactions.abort': refuse('INVALID_REQUEST', 'not ongoing') });
    await expect(abortTransaction(store, bridge, 'a')).rejects.toThrow('not ongoing');
  });
});
