// Transactions against a fake bridge: the list described id by id (an id whose coordinator fails keeps its
// listed state), the age of an open transaction, and the abort (refreshes; a partition left open is an error).

import { describe, expect, it } from 'vitest';
import type { ImportedRecord, Template, TransactionalProduceRequest, TransactionDetail } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { createAppStore } from './store.ts';
import { abortTransaction, endTransaction, loadTransactions, MAX_TXN_RECORDS, sendInTransaction, transactionAge } from './transactions.actions.ts';

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
    // A completed transaction keeps its start time: that is not an age.
    expect(transactionAge({ ...open, state: 'CompleteAbort', detail: detail('a', { startTimestamp: 1_000, state: 'CompleteAbort' }) }, 4_500)).toBeNull();
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

  describe('from the produce form', () => {
    const b64 = (t: string) => btoa(t);
    const template: Template = { name: '', key: 'k-{{seq}}', value: '{"n": {{seq}}}', headers: [{ key: 'src', value: 'form' }], format: 'json' };
    const rendered = (count: number): ImportedRecord[] => Array.from({ length: count }, (_, i) => ({
      partition: null, key: b64(`k-${i + 1}`), value: b64(`{"n": ${i + 1}}`), headers: [{ key: 'src', value: b64('form') }], timestamp: null,
    }));
    const bridgeFor = () => {
      let pending = 0;
      return fakeBridge({
        'templates.preview': (r) => rendered(r.count),
        'transactions.produce': (r) => {
          pending += r.records.length;
          return { transactionalId: r.transactionalId, results: [{ topic: 'orders', partition: 0, offset: pending - r.records.length }], pending };
        },
        'transactions.end': (r) => ({ transactionalId: r.transactionalId, committed: r.commit, records: pending }),
      });
    };

    it('renders N records from the template and sends them in one transaction, held open until commit', async () => {
      const store = createAppStore();
      const { bridge, calls } = bridgeFor();
      await sendInTransaction(store, bridge, { transactionalId: 'learn', topic: 'orders', partition: 0, template, count: 3 });
      const sent = calls.find((c) => c.method === 'transactions.produce')!.request as TransactionalProduceRequest;
      expect(sent.transactionalId).toBe('learn');
      expect(sent.records.map((r) => [r.topic, r.partition, r.key, r.value, r.format])).toEqual([
        ['orders', 0, 'k-1', '{"n": 1}', 'json'], ['orders', 0, 'k-2', '{"n": 2}', 'json'], ['orders', 0, 'k-3', '{"n": 3}', 'json'],
      ]);
      expect(sent.records[0].headers).toEqual([{ key: 'src', value: 'form' }]);
      await sendInTransaction(store, bridge, { transactionalId: 'learn', topic: 'orders', partition: 0, template, count: 2 });
      expect(store.getState().formTxn).toMatchObject({ transactionalId: 'learn', pending: 5, results: [{ offset: 0 }, { offset: 3 }] });

      await endTransaction(store, bridge, true);
      expect(calls.find((c) => c.method === 'transactions.end')!.request).toEqual({ transactionalId: 'learn', commit: true });
      expect(store.getState().formTxn).toBeNull();
      expect(store.getState().lastTxnOutcome).toMatchObject({ transactionalId: 'learn', committed: true, records: 5, topic: 'orders' });
    });

    it('aborts; caps a send at what one render makes; refuses a second id while one is open', async () => {
      const store = createAppStore();
      const { bridge, calls } = bridgeFor();
      await sendInTransaction(store, bridge, { transactionalId: 'a', topic: 'orders', partition: null, template, count: 500 });
      expect((calls.find((c) => c.method === 'templates.preview')!.request as { count: number }).count).toBe(MAX_TXN_RECORDS);
      await expect(sendInTransaction(store, bridge, { transactionalId: 'b', topic: 'orders', partition: null, template, count: 1 })).rejects.toThrow("'a' is still open");
      await endTransaction(store, bridge, false);
      expect(store.getState().lastTxnOutcome).toMatchObject({ committed: false, records: MAX_TXN_RECORDS });
      await expect(endTransaction(store, bridge, true)).rejects.toThrow('No transaction is open');
    });

    it('a refused send leaves nothing open; an end the console no longer knows clears the form', async () => {
      const store = createAppStore();
      const { bridge } = fakeBridge({
        'templates.preview': (r) => rendered(r.count),
        'transactions.produce': refuse('INVALID_JSON', 'Record 2 of 2: not JSON'),
        'transactions.end': refuse('NOT_FOUND', 'No transaction is open here'),
      });
      await expect(sendInTransaction(store, bridge, { transactionalId: 'x', topic: 'orders', partition: 0, template, count: 2 })).rejects.toThrow('Record 2 of 2');
      expect(store.getState().formTxn).toBeNull();
      store.setState({ formTxn: { transactionalId: 'x', topic: 'orders', pending: 1, results: [] } });
      await expect(endTransaction(store, bridge, true)).rejects.toThrow('No transaction is open here');
      expect(store.getState().formTxn).toBeNull();
    });
  });
});
