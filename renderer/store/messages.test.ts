// The message-view actions against a fake bridge: bounded page cache, live tail, search progress (including
// events that arrive before search.start answers), bulk produce progress.

import { describe, expect, it } from 'vitest';
import type { Bridge, ConsumedRecord, EventName, MethodName } from '../../app/contract.ts';
import {
  applyProducerProgress, applySearchProgress, applyTail, attachEvents, keepNear, openPartition, pickKey, startBulk, startSearch, startTail, stopTail, togglePick,
} from './actions.ts';
import { MAX_PAGES, PAGE_SIZE, createAppStore } from './store.ts';

function fakeBridge(handlers: Partial<Record<MethodName, (req: unknown) => unknown>>) {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: { method: MethodName; request: unknown }[] = [];
  const bridge = {
    async call(method: MethodName, request?: unknown) {
      calls.push({ method, request });
      return handlers[method]?.(request);
    },
    on(event: EventName, l: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(l);
      return () => set.delete(l);
    },
  } as unknown as Bridge;
  const emit = (event: EventName, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  return { bridge, calls, emit };
}

const rec = (offset: number, partition = 0): ConsumedRecord => ({ partition, offset, timestamp: 0, key: null, value: null, headers: [], size: 0 });

describe('message view actions', () => {
  it('keeps at most MAX_PAGES pages, the nearest to where the view is', () => {
    const pages = Object.fromEntries(Array.from({ length: MAX_PAGES + 20 }, (_, i) => [i, [rec(i * PAGE_SIZE)]]));
    const kept = keepNear(pages, MAX_PAGES + 19);
    expect(Object.keys(kept)).toHaveLength(MAX_PAGES);
    expect(kept[0]).toBeUndefined();
    expect(kept[MAX_PAGES + 19]).toBeDefined();
  });

  it('follows a partition: tail records extend the end and land in their pages; stopping unsubscribes', async () => {
    const store = createAppStore();
    const { bridge, calls, emit } = fakeBridge({
      'messages.browse': () => ({ topic: 't', partition: 0, logStartOffset: 0, highWatermark: 150, records: Array.from({ length: 100 }, (_, i) => rec(i)) }),
      'tail.start': () => ({ subscriptionId: 'sub-1' }),
    });
    attachEvents(store, bridge);
    await openPartition(store, bridge, 't', 0);
    await startTail(store, bridge);
    expect(calls.find((c) => c.method === 'tail.start')?.request).toEqual({ topic: 't', partition: 0, fromOffset: 150 });
    emit('tail.records', { subscriptionId: 'other', topic: 't', partition: 0, records: [rec(999)] });
    expect(store.getState().highWatermark).toBe(150);
    emit('tail.records', { subscriptionId: 'sub-1', topic: 't', partition: 0, records: [rec(150), rec(151)] });
    const s = store.getState();
    expect(s.highWatermark).toBe(152);
    expect(s.pages[1].map((r) => r.offset)).toEqual([150, 151]);
    await stopTail(store, bridge);
    expect(store.getState().tailId).toBeNull();
    expect(calls.at(-1)).toEqual({ method: 'tail.stop', request: { subscriptionId: 'sub-1' } });
    applyTail(store, { subscriptionId: 'sub-1', topic: 't', partition: 0, records: [rec(152)] });
    expect(store.getState().highWatermark).toBe(152);
  });

  it('collects search progress, even events that arrive before search.start answers', async () => {
    const store = createAppStore();
    const early = () => applySearchProgress(store, { searchId: 's1', scanned: 5, total: 10, matched: 1, records: [rec(3)], done: false, cancelled: false });
    const { bridge } = fakeBridge({
      'search.start': async () => {
        early();
        return { searchId: 's1', total: 10 };
      },
    });
    await startSearch(store, bridge, { topic: 't' });
    applySearchProgress(store, { searchId: 's1', scanned: 10, total: 10, matched: 2, records: [rec(8)], done: true, cancelled: false });
    applySearchProgress(store, { searchId: 'stale', scanned: 1, total: 1, matched: 1, records: [rec(1)], done: true, cancelled: false });
    expect(store.getState().search).toMatchObject({ searchId: 's1', scanned: 10, matched: 2, done: true });
    expect(store.getState().search!.records.map((r) => r.offset)).toEqual([3, 8]);
  });

  it('clears the search and rethrows a refusal (bad regex) for the form', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'search.start': () => { throw Object.assign(new Error('bad'), { name: 'INVALID_REGEX' }); } });
    await expect(startSearch(store, bridge, { topic: 't', regex: '(' })).rejects.toMatchObject({ name: 'INVALID_REGEX' });
    expect(store.getState().search).toBeNull();
  });

  it('tracks a bulk send by its job id', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'producer.start': () => ({ jobId: 'j1' }) });
    await startBulk(store, bridge, { topic: 't', partition: null, count: 5, ratePerSec: 0, compression: 'none', acks: -1, template: { name: '', key: null, value: 'x', headers: [], format: 'text' } });
    applyProducerProgress(store, { jobId: 'j1', topic: 't', sent: 5, total: 5, done: true, cancelled: false, partitions: [{ partition: 0, firstOffset: 0, lastOffset: 4 }] });
    expect(store.getState().bulkJob).toMatchObject({ sent: 5, done: true });
  });

  it('picks and unpicks records for export and replay', () => {
    const store = createAppStore();
    togglePick(store, rec(4, 1));
    togglePick(store, rec(5, 1));
    togglePick(store, rec(4, 1));
    expect(Object.keys(store.getState().picked)).toEqual([pickKey(rec(5, 1))]);
  });
});
