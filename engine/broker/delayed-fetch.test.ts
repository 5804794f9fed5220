import { describe, expect, it } from 'vitest';
import { ManualScheduler } from './scheduler.ts';
import { DelayedFetch, type FetchRead } from './delayed-fetch.ts';
import { tpKey } from '../storage/log-manager.ts';

const A = { topic: 'a', partition: 0 };
const B = { topic: 'b', partition: 0 };
const C = { topic: 'c', partition: 0 };

const settle = () => new Promise<void>((r) => setImmediate(r));

/** A fetch whose reads return the bytes the test makes "available", numbered by read. */
function fetchOf(df: DelayedFetch, opts: { minBytes: number; maxWaitMs: number; partitions?: { topic: string; partition: number }[]; replicaId?: number }) {
  const source = { available: 0, error: false, reads: 0 };
  const read = (): FetchRead<{ read: number; bytes: number }> => {
    source.reads++;
    return { result: { read: source.reads, bytes: source.available }, bytes: source.available, error: source.error };
  };
  const state: { result?: { read: number; bytes: number } } = {};
  void df.run({ partitions: opts.partitions ?? [A, B], maxWaitMs: opts.maxWaitMs, minBytes: opts.minBytes, replicaId: opts.replicaId }, read).then((r) => (state.result = r));
  return { source, state };
}

describe('DelayedFetch', () => {
  it('answers after one read when min.bytes are there', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const src = { reads: 0 };
    const r = await df.run({ partitions: [A], maxWaitMs: 500, minBytes: 10 }, () => ({ result: ++src.reads, bytes: 10, error: false }));
    expect(r).toBe(1);
    expect(s.pendingTimers).toBe(0);
  });

  it('treats min.bytes 0 as 1: an empty read waits', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const f = fetchOf(df, { minBytes: 0, maxWaitMs: 500 });
    await settle();
    expect(f.state.result).toBeUndefined();
    expect(df.waitingPartitions).toBe(2);
  });

  it('reads again when one of its partitions changes, and answers once min.bytes are there', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const f = fetchOf(df, { minBytes: 100, maxWaitMs: 500 });
    expect(f.source.reads).toBe(1);
    df.wake(C); // not one of its partitions
    await settle();
    expect(f.source.reads).toBe(1);
    f.source.available = 40;
    df.wake(B);
    await settle();
    expect(f.source.reads).toBe(2); // still below min.bytes: waits again
    expect(f.state.result).toBeUndefined();
    f.source.available = 120;
    df.wake(A);
    await settle();
    expect(f.state.result).toEqual({ read: 3, bytes: 120 });
    expect(df.waitingPartitions).toBe(0);
    expect(s.pendingTimers).toBe(0);
  });

  it('answers with the last read at max.wait.ms, counted from when the fetch arrived, without reading again', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const f = fetchOf(df, { minBytes: 100, maxWaitMs: 500 });
    s.advance(300);
    f.source.available = 10;
    df.wake(A);
    await settle();
    expect(f.source.reads).toBe(2);
    s.advance(199);
    await settle();
    expect(f.state.result).toBeUndefined();
    s.advance(1);
    await settle();
    expect(f.state.result).toEqual({ read: 2, bytes: 10 });
    expect(f.source.reads).toBe(2);
  });

  it('reads again only the partitions that changed', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const seen: (string[] | null)[] = [];
    let available = 0;
    const done = df.run({ partitions: [A, B, C], maxWaitMs: 500, minBytes: 1 }, (changed) => {
      seen.push(changed ? [...changed] : null);
      return { result: seen.length, bytes: available, error: false };
    });
    await settle();
    df.wake(B);
    await settle();
    available = 1;
    df.wake(C);
    df.wake(A);
    expect(await done).toBe(3);
    expect(seen).toEqual([null, [tpKey(B)], [tpKey(C), tpKey(A)]]);
    expect(df.waitingPartitions).toBe(0);
    expect(s.pendingTimers).toBe(0);
  });

  it('keeps a change that arrives while it reads for the next read', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const seen: (string[] | null)[] = [];
    const done = df.run({ partitions: [A, B], maxWaitMs: 500, minBytes: 1 }, (changed) => {
      seen.push(changed ? [...changed] : null);
      if (seen.length === 2) df.wake(B); // e.g. an append finishing during the read
      return { result: seen.length, bytes: seen.length === 3 ? 1 : 0, error: false };
    });
    await settle();
    df.wake(A);
    expect(await done).toBe(3);
    expect(seen).toEqual([null, [tpKey(A)], [tpKey(B)]]);
  });

  it('waits on its own change signal when it watches one', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const listeners = new Set<(k: string | null) => void>();
    const seen: (string[] | null)[] = [];
    const done = df.run({ partitions: [], maxWaitMs: 500, minBytes: 1, watch: (fn) => (listeners.add(fn), () => listeners.delete(fn)) }, (changed) => {
      seen.push(changed ? [...changed] : null);
      return { result: seen.length, bytes: seen.length - 1, error: false };
    });
    await settle();
    expect(listeners.size).toBe(1);
    expect(df.waitingPartitions).toBe(0);
    for (const fn of listeners) fn('x');
    expect(await done).toBe(2);
    expect(seen).toEqual([null, ['x']]);
    expect(listeners.size).toBe(0);
  });

  it('answers at once when a partition failed', async () => {
    const df = new DelayedFetch(new ManualScheduler());
    const f = fetchOf(df, { minBytes: 100, maxWaitMs: 500 });
    f.source.error = true;
    df.wake(A);
    await settle();
    expect(f.state.result).toEqual({ read: 2, bytes: 0 });
  });

  it('answers a fetch of no partitions, or with max.wait.ms 0, without waiting', async () => {
    const df = new DelayedFetch(new ManualScheduler());
    const none = fetchOf(df, { minBytes: 100, maxWaitMs: 500, partitions: [] });
    const now = fetchOf(df, { minBytes: 100, maxWaitMs: 0 });
    await settle();
    expect(none.state.result).toEqual({ read: 1, bytes: 0 });
    expect(now.state.result).toEqual({ read: 1, bytes: 0 });
  });

  it('at shutdown answers every waiting fetch, and later ones at once', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const a = fetchOf(df, { minBytes: 100, maxWaitMs: 500 });
    const b = fetchOf(df, { minBytes: 100, maxWaitMs: 500, partitions: [C] });
    df.wakeAll();
    await settle();
    expect(a.state.result).toEqual({ read: 2, bytes: 0 });
    expect(b.state.result).toEqual({ read: 2, bytes: 0 });
    const late = fetchOf(df, { minBytes: 100, maxWaitMs: 500 });
    await settle();
    expect(late.state.result).toEqual({ read: 1, bytes: 0 });
    expect(s.pendingTimers).toBe(0);
  });

  it("answers a follower's fetches on request (answerReplica), and no one else's", async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const two = fetchOf(df, { minBytes: 100, maxWaitMs: 5000, replicaId: 2 });
    const three = fetchOf(df, { minBytes: 100, maxWaitMs: 5000, replicaId: 3 });
    const consumer = fetchOf(df, { minBytes: 100, maxWaitMs: 5000 });
    df.answerReplica(2);
    await settle();
    expect(two.state.result).toEqual({ read: 2, bytes: 0 });
    expect(three.state.result).toBeUndefined();
    expect(consumer.state.result).toBeUndefined();
    df.answerReplica(-1); // consumers have no replica id
    await settle();
    expect(consumer.state.result).toBeUndefined();
  });

  it('answers a follower even when a wake ended its wait a moment before (it has not read again yet)', async () => {
    // The replica manager wakes every partition of a new image and then answers the followers, in one turn:
    // the fetch has left its wait but not yet re-read. It must answer, not wait again for max.wait.ms.
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const f = fetchOf(df, { minBytes: 100, maxWaitMs: 5000, replicaId: 2 });
    df.wake(A);
    df.answerReplica(2);
    await settle();
    expect(f.state.result).toEqual({ read: 2, bytes: 0 });
    expect(s.pendingTimers).toBe(0);
  });

  it('forgets a follower fetch once it answered: a later answerReplica does not cut the next one short', async () => {
    const s = new ManualScheduler();
    const df = new DelayedFetch(s);
    const first = fetchOf(df, { minBytes: 100, maxWaitMs: 500, replicaId: 2 });
    s.advance(500);
    await settle();
    expect(first.state.result).toBeDefined();
    df.answerReplica(2);
    const next = fetchOf(df, { minBytes: 100, maxWaitMs: 500, replicaId: 2 });
    await settle();
    expect(next.state.result).toBeUndefined();
  });
});
