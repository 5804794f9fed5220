import { describe, expect, it } from 'vitest';
import { isKafkaError, KafkaError, type ErrorName } from '../protocol/error-codes.ts';
import { ManualScheduler } from './scheduler.ts';
import { DelayedProduce } from './delayed-produce.ts';

const A = { topic: 'a', partition: 0 };
const B = { topic: 'b', partition: 0 };

/** Tracks how a wait ended, without awaiting it. */
function track(p: Promise<void>) {
  const state: { done: boolean; error?: unknown } = { done: false };
  p.then(() => (state.done = true), (e: unknown) => {
    state.done = true;
    state.error = e;
  });
  return state;
}

const settle = () => new Promise<void>((r) => setImmediate(r));

function expectKafkaError(e: unknown, name: ErrorName): void {
  expect(isKafkaError(e, name), `expected ${name}, got ${String(e)}`).toBe(true);
}

describe('DelayedProduce', () => {
  it('answers at once when the high watermark already covers the batches, with no timer', async () => {
    const s = new ManualScheduler();
    const dp = new DelayedProduce(s);
    await dp.wait(A, 10, 10, 30_000);
    expect(dp.pending()).toBe(0);
    expect(s.pendingTimers).toBe(0);
  });

  it('completes a wait only when the high watermark reaches its offset, and clears its timer', async () => {
    const s = new ManualScheduler();
    const dp = new DelayedProduce(s);
    const w = track(dp.wait(A, 0, 5, 30_000));
    dp.tryComplete(A, 4);
    await settle();
    expect(w.done).toBe(false);
    dp.tryComplete(B, 100); // another partition's high watermark
    await settle();
    expect(w.done).toBe(false);
    dp.tryComplete(A, 5);
    await settle();
    expect(w).toEqual({ done: true });
    expect(dp.pending()).toBe(0);
    expect(s.pendingTimers).toBe(0);
  });

  it('completes waits in one partition independently by offset', async () => {
    const dp = new DelayedProduce(new ManualScheduler());
    const first = track(dp.wait(A, 0, 2, 30_000));
    const second = track(dp.wait(A, 0, 6, 30_000));
    dp.tryComplete(A, 3);
    await settle();
    expect([first.done, second.done]).toEqual([true, false]);
    expect(dp.pending(A)).toBe(1);
  });

  it('fails with REQUEST_TIMED_OUT once the timeout has passed, not before', async () => {
    const s = new ManualScheduler();
    const dp = new DelayedProduce(s);
    const w = track(dp.wait(A, 0, 5, 1000));
    s.advance(999);
    await settle();
    expect(w.done).toBe(false);
    s.advance(1);
    await settle();
    expectKafkaError(w.error, 'REQUEST_TIMED_OUT');
    expect(String(w.error)).toContain('a-0');
    expect(dp.pending()).toBe(0);
    // A late high watermark move changes nothing.
    dp.tryComplete(A, 10);
  });

  it('fails the waits of one partition when it loses its leader, and every wait at shutdown', async () => {
    const s = new ManualScheduler();
    const dp = new DelayedProduce(s);
    const a = track(dp.wait(A, 0, 5, 30_000));
    const b = track(dp.wait(B, 0, 5, 30_000));
    dp.fail(A, new KafkaError('NOT_LEADER_OR_FOLLOWER', 'moved'));
    await settle();
    expectKafkaError(a.error, 'NOT_LEADER_OR_FOLLOWER');
    expect(b.done).toBe(false);
    dp.failAll(new KafkaError('NOT_LEADER_OR_FOLLOWER', 'shutting down'));
    await settle();
    expectKafkaError(b.error, 'NOT_LEADER_OR_FOLLOWER');
    expect(s.pendingTimers).toBe(0);
  });
});
