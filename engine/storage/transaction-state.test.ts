// Transaction state (transaction-state.ts): the open transactions and the first unstable offset, the marker
// checks and CompletedTxn — on its own, and kept by the producer state against a real PartitionLog in a temp dir
// through snapshots, header replay, truncation and expiry.

import { describe, expect, it } from 'vitest';
import { buildBatch } from './records.ts';
import { iterateBatches, type BatchHeader } from './record-batch.ts';
import { buildTxnMarkerBatch } from './control-batch.ts';
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS } from './producer-state.ts';
import { TransactionState } from './transaction-state.ts';
import { Harness, expectError } from './producer-state-harness.ts';

describe('transaction state on its own', () => {
  it('the first unstable offset is the oldest open transaction, and moves as transactions close', () => {
    const t = new TransactionState();
    expect(t.firstUnstableOffset()).toBeUndefined();
    t.begin(7, 10);
    t.begin(8, 4);
    t.begin(7, 20); // already open: the first offset stays
    expect(t.currentTxnFirstOffset(7)).toBe(10);
    expect(t.firstUnstableOffset()).toBe(4);
    expect(t.ongoing()).toEqual([{ producerId: 8, firstOffset: 4 }, { producerId: 7, firstOffset: 10 }]);
    t.end(8);
    expect(t.firstUnstableOffset()).toBe(10);
    t.end(8); // nothing open for 8 any more
    expect(t.isOpen(8)).toBe(false);
    expect(t.currentTxnFirstOffset(8)).toBe(-1);
  });

  it('complete closes the transaction, records the coordinator epoch and says what it covered', () => {
    const t = new TransactionState();
    t.begin(7, 3);
    t.begin(9, 5);
    expect(t.complete(7, 8, 2)).toEqual({ producerId: 7, firstOffset: 3, lastOffset: 8, lastStableOffset: 5 });
    expect(t.coordinatorEpoch(7)).toBe(2);
    // The last open one: the LSO is right after the marker. A marker without data covers only itself.
    expect(t.complete(9, 9, 0)).toEqual({ producerId: 9, firstOffset: 5, lastOffset: 9, lastStableOffset: 10 });
    expect(t.complete(11, 10, 0)).toEqual({ producerId: 11, firstOffset: 10, lastOffset: 10, lastStableOffset: 11 });
    expect(t.firstUnstableOffset()).toBeUndefined();
  });

  it('fences a marker from an older coordinator epoch or an older producer epoch', () => {
    const t = new TransactionState();
    t.complete(7, 0, 5);
    expectError(() => t.checkMarker(7, 2, 2, 4), 'TRANSACTION_COORDINATOR_FENCED');
    expectError(() => t.checkMarker(7, 2, 1, 5), 'INVALID_PRODUCER_EPOCH');
    t.checkMarker(7, 2, 2, 5);
    t.checkMarker(7, 2, 3, 6);
  });

  it('restore and forget set and drop a producer\'s fields', () => {
    const t = new TransactionState();
    t.restore(7, 3, 12);
    t.restore(8, -1, -1);
    expect([t.coordinatorEpoch(7), t.currentTxnFirstOffset(7), t.firstUnstableOffset()]).toEqual([3, 12, 12]);
    expect([t.coordinatorEpoch(8), t.isOpen(8)]).toEqual([-1, false]);
    t.forget(7);
    expect([t.coordinatorEpoch(7), t.isOpen(7), t.firstUnstableOffset()]).toEqual([-1, false, undefined]);
  });
});

/** Writes a transactional data batch of `count` records for pid at the log end: prepared, written, committed. */
function txnData(h: Harness, pid: number, seq: number, count = 2): [number, number] {
  const buf = buildBatch(Array.from({ length: count }, (_, i) => ({ value: `t${seq + i}`, timestamp: h.clock.now })), {
    producerId: pid, producerEpoch: 0, baseSequence: seq, transactional: true, now: h.clock.now,
  });
  const prepared = h.state.prepareAppend([...iterateBatches(buf)]);
  if (prepared.kind !== 'append') throw new Error('unexpected duplicate');
  const r = h.append(buf);
  prepared.commit(r.headers);
  return [r.firstOffset, r.lastOffset];
}

/** Writes pid's marker at the log end, as the partition log does: check, write, complete. */
function marker(h: Harness, pid: number, type: 'COMMIT' | 'ABORT', coordinatorEpoch: number): BatchHeader {
  h.state.checkTxnMarker(pid, 0, coordinatorEpoch);
  const buf = buildTxnMarkerBatch({ type, coordinatorEpoch, producerId: pid, producerEpoch: 0, timestamp: h.clock.now, partitionLeaderEpoch: 0 });
  const [written] = h.append(buf).headers;
  return written;
}

describe('transaction state kept by the producer state', () => {
  it('a marker closes the transaction and returns what it covered; the LSO follows the oldest open one', () => {
    const h = new Harness();
    expect(txnData(h, 7, 0)).toEqual([0, 1]);
    expect(txnData(h, 8, 0)).toEqual([2, 3]);
    expect(h.state.firstUnstableOffset()).toBe(0);
    const m = marker(h, 7, 'ABORT', 3);
    expect(h.state.completeTxn(m, 3)).toEqual({ producerId: 7, firstOffset: 0, lastOffset: 4, lastStableOffset: 2 });
    expect(h.state.firstUnstableOffset()).toBe(2);
    expect(h.state.entry(7)).toMatchObject({ coordinatorEpoch: 3, currentTxnFirstOffset: -1 });
    expectError(() => h.state.checkTxnMarker(7, 0, 2), 'TRANSACTION_COORDINATOR_FENCED');
    expect(h.state.ongoingTransactions()).toEqual([{ producerId: 8, firstOffset: 2 }]);
  });

  it('an open transaction and the coordinator epoch survive a clean restart (snapshot) and a crash (replay)', () => {
    const h = new Harness();
    txnData(h, 7, 0);
    h.state.completeTxn(marker(h, 7, 'COMMIT', 4), 4);
    txnData(h, 7, 2); // a second transaction, open
    h.restart(true);
    expect(h.scans).toEqual([h.log.logEndOffset]);
    expect(h.state.entry(7)).toMatchObject({ coordinatorEpoch: 4, currentTxnFirstOffset: 3 });
    expect(h.state.firstUnstableOffset()).toBe(3);
    txnData(h, 9, 0); // after the snapshot: only in the log
    h.restart(false);
    expect(h.state.ongoingTransactions()).toEqual([{ producerId: 7, firstOffset: 3 }, { producerId: 9, firstOffset: 5 }]);
    // The replayed marker closes, and the snapshot's coordinator epoch is kept.
    h.state.completeTxn(marker(h, 9, 'COMMIT', 1), 1);
    h.restart(false);
    expect(h.state.ongoingTransactions()).toEqual([{ producerId: 7, firstOffset: 3 }]);
    expect(h.state.entry(7)).toMatchObject({ coordinatorEpoch: 4 });
  });

  it('truncation below a transaction\'s first offset forgets it; a truncation above keeps it', () => {
    const h = new Harness();
    txnData(h, 7, 0); // 0-1
    h.state.takeSnapshot(h.log.logEndOffset);
    txnData(h, 8, 0); // 2-3
    h.state.truncateTo(3);
    expect(h.state.ongoingTransactions()).toEqual([{ producerId: 7, firstOffset: 0 }, { producerId: 8, firstOffset: 2 }]);
    h.state.truncateTo(2);
    expect(h.state.ongoingTransactions()).toEqual([{ producerId: 7, firstOffset: 0 }]);
    h.state.truncateFullyAndStartAt(10);
    expect(h.state.firstUnstableOffset()).toBeUndefined();
  });

  it('a producer with an open transaction does not expire; once it is closed it does', () => {
    const h = new Harness();
    txnData(h, 7, 0);
    const later = h.clock.now + DEFAULT_PRODUCER_ID_EXPIRATION_MS;
    expect(h.state.removeExpiredProducers(later)).toBe(0);
    h.state.completeTxn(marker(h, 7, 'COMMIT', 0), 0);
    expect(h.state.removeExpiredProducers(h.clock.now + DEFAULT_PRODUCER_ID_EXPIRATION_MS)).toBe(1);
    expect(h.state.entry(7)).toBeUndefined();
    // Forgotten with its producer: when it comes back, it has no coordinator epoch.
    txnData(h, 7, 0);
    expect(h.state.entry(7)).toMatchObject({ coordinatorEpoch: -1, currentTxnFirstOffset: 3 });
  });
});
