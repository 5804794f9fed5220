import { describe, expect, it } from 'vitest';
import type { StoredTransaction } from './transactions.ts';
import { kafkaErrorOf, useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1]);

const txn = (over: Partial<StoredTransaction> = {}): StoredTransaction => ({
  transactionalId: 'tx-1', producerId: 1000, prevProducerId: -1, nextProducerId: -1, producerEpoch: 3,
  lastProducerEpoch: 2, timeoutMs: 60_000, state: 'Ongoing',
  participants: [{ topic: 'orders', partition: 1 }, { groupId: 'readers' }],
  startTimestamp: 500, lastUpdateTimestamp: 600, clientTransactionVersion: 2, ...over,
});

describe('TransactionStore', () => {
  it('writes a transaction whole and reads it back after reopening the file', () => {
    t.catalog.transactions.put(7, txn());
    t.catalog.transactions.put(8, txn({ transactionalId: 'tx-2', state: 'Empty', participants: [], startTimestamp: -1 }));
    t.reopen();
    expect(t.catalog.transactions.loadPartition(7)).toEqual([txn()]);
    expect(t.catalog.transactions.loadPartition(8).map((r) => r.transactionalId)).toEqual(['tx-2']);
    expect(t.catalog.transactions.loadPartition(9)).toEqual([]);
  });

  it('a later write replaces the row; remove deletes it', () => {
    t.catalog.transactions.put(7, txn());
    t.catalog.transactions.put(7, txn({ state: 'PrepareCommit', producerEpoch: 4, lastProducerEpoch: 3 }));
    expect(t.catalog.transactions.get('tx-1')).toMatchObject({ state: 'PrepareCommit', producerEpoch: 4 });
    expect(t.catalog.transactions.all()).toHaveLength(1);
    t.catalog.transactions.remove('tx-1');
    expect(t.catalog.transactions.get('tx-1')).toBeUndefined();
  });

  it('refuses states that are never stored and epochs outside int16', () => {
    expect(() => t.catalog.transactions.put(7, txn({ state: 'PrepareEpochFence' }))).toThrow(/CHECK/);
    expect(() => t.catalog.transactions.put(7, txn({ state: 'Dead' }))).toThrow(/CHECK/);
    expect(() => t.catalog.transactions.put(7, txn({ producerEpoch: 40_000 }))).toThrow(/CHECK/);
    expect(t.catalog.transactions.all()).toEqual([]);
  });
});

describe('PendingTxnOffsetStore', () => {
  const setup = () => t.catalog.topics.create({ name: 'in', partitions: [{ replicas: [1] }, { replicas: [1] }] });

  it('staged offsets are invisible to the group until the commit marker, then replace its offsets', () => {
    setup();
    t.catalog.groupOffsets.commit('g', [{ topic: 'in', partition: 0, committedOffset: 3 }], 10);
    t.catalog.pendingTxnOffsets.stage('g', 1000, [{ topic: 'in', partition: 0, committedOffset: 9, metadata: 'm' }, { topic: 'in', partition: 1, committedOffset: 4 }], 20);
    expect(t.catalog.groupOffsets.fetch('g').map((o) => o.committedOffset)).toEqual([3]);
    expect(t.catalog.pendingTxnOffsets.pending('g')).toHaveLength(2);
    expect(t.catalog.pendingTxnOffsets.complete('g', 1000, true)).toBe(2);
    expect(t.catalog.groupOffsets.fetch('g').map((o) => [o.partition, o.committedOffset, o.metadata])).toEqual([[0, 9, 'm'], [1, 4, null]]);
    expect(t.catalog.pendingTxnOffsets.pending('g')).toEqual([]);
    expect(t.catalog.pendingTxnOffsets.complete('g', 1000, true)).toBe(0); // a repeated marker changes nothing
  });

  it('an abort marker drops the staged offsets and keeps the committed ones', () => {
    setup();
    t.catalog.groupOffsets.commit('g', [{ topic: 'in', partition: 0, committedOffset: 3 }], 10);
    t.catalog.pendingTxnOffsets.stage('g', 1000, [{ topic: 'in', partition: 0, committedOffset: 9 }], 20);
    t.catalog.pendingTxnOffsets.stage('g', 2000, [{ topic: 'in', partition: 1, committedOffset: 5 }], 20);
    expect(t.catalog.pendingTxnOffsets.complete('g', 1000, false)).toBe(1);
    expect(t.catalog.groupOffsets.fetch('g').map((o) => o.committedOffset)).toEqual([3]);
    expect(t.catalog.pendingTxnOffsets.pending('g').map((p) => p.producerId)).toEqual([2000]); // another producer's stay
  });

  it('staging for a partition that does not exist stages nothing', () => {
    setup();
    const e = kafkaErrorOf(() => t.catalog.pendingTxnOffsets.stage('g', 1, [
      { topic: 'in', partition: 0, committedOffset: 1 }, { topic: 'in', partition: 5, committedOffset: 1 },
    ]));
    expect(e.errorName).toBe('UNKNOWN_TOPIC_OR_PARTITION');
    expect(t.catalog.pendingTxnOffsets.pending('g')).toEqual([]);
  });
});
