// The leader's append check (producer-append.ts) through the producer state, against a real PartitionLog in a
// temp dir: epochs, sequences (with the int32 wrap), duplicates of the last 5 batches, client-origin checks, and
// the pending commit.

import { describe, expect, it } from 'vitest';
import { buildBatch } from './records.ts';
import { iterateBatches, type BatchHeader } from './record-batch.ts';
import { decrementSequence, incrementSequence } from './producer-append.ts';
import { Harness, P, batch, expectError } from './producer-state-harness.ts';

const MAX = 0x7fffffff;

describe('sequence checks on the leader', () => {
  it('accepts in-order sequences and records the last batches', () => {
    const h = new Harness();
    expect(h.ok({ pid: P, epoch: 0, seq: 0, count: 5 })).toEqual([0, 4]);
    expect(h.ok({ pid: P, epoch: 0, seq: 5, count: 5 })).toEqual([5, 9]);
    expect(h.ok({ pid: P, epoch: 0, seq: 10, count: 3 })).toEqual([10, 12]);
    expect(h.state.activeProducers()).toEqual([
      { producerId: P, epoch: 0, lastSequence: 12, lastOffset: 12, lastTimestamp: h.clock.now, coordinatorEpoch: -1, currentTxnStartOffset: -1 },
    ]);
    expect(h.state.entry(P)!.batches.map((b) => [b.firstSeq, b.lastSeq, b.firstOffset, b.lastOffset])).toEqual([
      [0, 4, 0, 4], [5, 9, 5, 9], [10, 12, 10, 12],
    ]);
  });

  it('answers an exact duplicate of any of the last 5 batches with its original offsets, writing nothing', () => {
    const h = new Harness();
    h.ok({ pid: 77, epoch: 0, seq: 0, count: 1 }); // another producer shifts the offsets
    const offsets: [number, number][] = [];
    for (let i = 0; i < 6; i++) offsets.push(h.ok({ pid: P, epoch: 0, seq: i * 5, count: 5 }));
    const end = h.log.logEndOffset;
    for (let i = 1; i < 6; i++) {
      const r = h.produce({ pid: P, epoch: 0, seq: i * 5, count: 5 });
      expect(r).toMatchObject({ kind: 'duplicate', firstOffset: offsets[i][0], lastOffset: offsets[i][1], firstSequence: i * 5, lastSequence: i * 5 + 4 });
    }
    expect(h.log.logEndOffset).toBe(end);
    // The first batch fell out of the 5-batch window: now it is just out of order.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 0, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // Same first sequence but a different last one is not a duplicate.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 25, count: 3 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.ok({ pid: P, epoch: 0, seq: 30, count: 1 })).toEqual([end, end]);
  });

  it('refuses a sequence gap with OUT_OF_ORDER_SEQUENCE_NUMBER and keeps the state', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: 0, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 6, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 4, count: 2 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.log.logEndOffset).toBe(5);
    expect(h.ok({ pid: P, epoch: 0, seq: 5, count: 1 })).toEqual([5, 5]);
  });

  it('refuses a stale epoch; a new epoch must start at sequence 0', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 3, seq: 0, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 2, seq: 5, count: 1 }), 'INVALID_PRODUCER_EPOCH');
    expectError(() => h.produce({ pid: P, epoch: 4, seq: 5, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(h.ok({ pid: P, epoch: 4, seq: 0, count: 2 })).toEqual([5, 6]);
    expect(h.state.entry(P)).toMatchObject({ producerEpoch: 4, batches: [{ firstSeq: 0, lastSeq: 1 }] });
    // A retry from the fenced epoch is no longer a duplicate: it is fenced.
    expectError(() => h.produce({ pid: P, epoch: 3, seq: 0, count: 5 }), 'INVALID_PRODUCER_EPOCH');
  });

  it('accepts an unknown producer at any sequence and checks it from then on', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 1, seq: 42, count: 5 });
    expectError(() => h.produce({ pid: P, epoch: 1, seq: 48, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    h.ok({ pid: P, epoch: 1, seq: 47, count: 1 });
  });

  it('wraps sequences at int32: 2147483647 is followed by 0', () => {
    expect(incrementSequence(MAX - 1, 4)).toBe(2);
    expect(decrementSequence(2, 4)).toBe(MAX - 1);
    const h = new Harness();
    h.ok({ pid: P, epoch: 0, seq: MAX - 4, count: 5 });
    expect(h.state.activeProducers()[0].lastSequence).toBe(MAX);
    expectError(() => h.produce({ pid: P, epoch: 0, seq: MAX, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    h.ok({ pid: P, epoch: 0, seq: 0, count: 1 });

    const g = new Harness();
    const [first, last] = g.ok({ pid: P, epoch: 0, seq: MAX - 1, count: 5 }); // MAX-1, MAX, 0, 1, 2
    expect(g.state.entry(P)!.batches[0]).toMatchObject({ firstSeq: MAX - 1, lastSeq: 2 });
    expect(g.produce({ pid: P, epoch: 0, seq: MAX - 1, count: 5 })).toMatchObject({ kind: 'duplicate', firstOffset: first, lastOffset: last });
    expectError(() => g.produce({ pid: P, epoch: 0, seq: 4, count: 1 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    g.ok({ pid: P, epoch: 0, seq: 3, count: 1 });
  });

  it('checks several batches of one request in order, against the earlier ones, all or nothing', () => {
    const h = new Harness();
    expect(h.ok({ pid: P, epoch: 0, seq: 0, count: 5 }, { pid: P, epoch: 0, seq: 5, count: 5 }, { pid: 9, epoch: 0, seq: 0, count: 1 })).toEqual([0, 10]);
    expect(h.state.entry(P)!.batches.map((b) => b.lastSeq)).toEqual([4, 9]);
    // The second batch does not follow the first: nothing is written, nothing recorded.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 10, count: 5 }, { pid: P, epoch: 0, seq: 20, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // The same sequence twice in one request: the second copy is out of order, not a duplicate.
    expectError(() => h.produce({ pid: P, epoch: 0, seq: 10, count: 5 }, { pid: P, epoch: 0, seq: 10, count: 5 }), 'OUT_OF_ORDER_SEQUENCE_NUMBER');
    // An epoch bump inside the request: the later batch restarts at 0, an earlier-epoch batch after it is fenced.
    expectError(() => h.produce({ pid: P, epoch: 1, seq: 0, count: 1 }, { pid: P, epoch: 0, seq: 10, count: 1 }), 'INVALID_PRODUCER_EPOCH');
    expect(h.log.logEndOffset).toBe(11);
    expect(h.state.activeProducers().find((p) => p.producerId === P)!.lastSequence).toBe(9);
    h.ok({ pid: P, epoch: 1, seq: 0, count: 1 }, { pid: P, epoch: 1, seq: 1, count: 1 });
  });

  it('lets batches without a producer id through; refuses control batches and missing sequences from clients', () => {
    const h = new Harness();
    const plain = buildBatch([{ value: 'x' }, { value: 'y' }], { now: h.clock.now });
    const p = h.state.prepareAppend([...iterateBatches(plain)]);
    expect(p.kind).toBe('append');
    if (p.kind === 'append') p.commit(h.append(plain).headers);
    expect(h.state.producerCount).toBe(0);
    const control = buildBatch([{ value: 'm' }], { producerId: P, producerEpoch: 0, baseSequence: -1, isControl: true, transactional: true });
    expectError(() => h.state.prepareAppend([...iterateBatches(control)]), 'INVALID_RECORD');
    const noSeq = buildBatch([{ value: 'z' }], { producerId: P, producerEpoch: 0, baseSequence: -1 });
    expectError(() => h.state.prepareAppend([...iterateBatches(noSeq)]), 'INVALID_RECORD');
  });

  it('commits once, only the prepared batches, and only against the state it was prepared on', () => {
    const h = new Harness();
    const a = batch({ pid: P, epoch: 0, seq: 0, count: 2 }, h.clock.now);
    const pa = h.state.prepareAppend([...iterateBatches(a)]);
    const pb = h.state.prepareAppend([...iterateBatches(batch({ pid: P, epoch: 0, seq: 0, count: 2 }, h.clock.now))]);
    if (pa.kind !== 'append' || pb.kind !== 'append') throw new Error('expected appends');
    const other = [...iterateBatches(batch({ pid: P, epoch: 0, seq: 0, count: 3 }, h.clock.now))];
    expect(() => pa.commit(other)).toThrow(/not the batch prepared/);
    const written = h.append(a).headers;
    pa.commit(written);
    expect(() => pa.commit(written)).toThrow(/already committed/);
    expect(() => pb.commit(written)).toThrow(/changed between/);
  });

  it('applies replicated batches without checks (the leader validated them)', () => {
    const h = new Harness();
    h.ok({ pid: P, epoch: 5, seq: 0, count: 2 });
    const hdr = (epoch: number, seq: number, baseOffset: number): BatchHeader => ({
      ...[...iterateBatches(batch({ pid: P, epoch, seq, count: 3 }, h.clock.now))][0], baseOffset,
    });
    h.state.applyReplicated([hdr(5, 100, 2)]); // a gap
    h.state.applyReplicated([hdr(4, 7, 5)]); // a lower epoch (Kafka only warns)
    expect(h.state.entry(P)).toMatchObject({ producerEpoch: 4, batches: [{ firstSeq: 7, lastSeq: 9, firstOffset: 5, lastOffset: 7 }] });
  });

});
