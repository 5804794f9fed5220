// The message browser's actions against a fake bridge: paging from the log start, the bounded page cache,
// the live tail, picking records, import (the overview is read again only after a real write).

import { describe, expect, it } from 'vitest';
import type { MessagePage } from '../../app/contract.ts';
import { attachEvents } from './events.ts';
import { fakeBridge } from './fake-bridge.ts';
import { overview, rec } from './fixtures.ts';
import { applyTail, importFile, keepNear, loadPage, openPartition, recordAt, startTail, stopTail, togglePick } from './messages.actions.ts';
import { MAX_PAGES, PAGE_SIZE, pickKey } from './messages.slice.ts';
import { createAppStore } from './store.ts';

describe('message browser', () => {
  it('pages messages by offset from the log start, loading each page once', async () => {
    const store = createAppStore();
    const page = (offset: number, limit: number): MessagePage => ({
      topic: 't', partition: 0, logStartOffset: 50, highWatermark: 400,
      records: Array.from({ length: Math.min(limit, 400 - Math.max(50, offset)) }, (_, i) => rec(Math.max(50, offset) + i)),
    });
    const { bridge, calls } = fakeBridge({ 'messages.browse': (q) => page(q.offset, q.limit) });
    await openPartition(store, bridge, 't', 0);
    let s = store.getState();
    expect(s.screen).toBe('messages');
    expect([s.logStartOffset, s.highWatermark]).toEqual([50, 400]);
    expect(s.pages[0][0].offset).toBe(50);
    await loadPage(store, bridge, 2);
    await loadPage(store, bridge, 2);
    s = store.getState();
    expect(s.loadingPages).toEqual({});
    expect(calls.filter((c) => c.method === 'messages.browse').map((c) => (c.request as { offset: number }).offset)).toEqual([0, 50 + 2 * PAGE_SIZE]);
    expect(recordAt(store, 50 + 2 * PAGE_SIZE + 3)?.offset).toBe(50 + 2 * PAGE_SIZE + 3);
    expect(recordAt(store, 50 + PAGE_SIZE)).toBeUndefined();
  });

  it('turns a failed read into a notice naming the partition, and forgets the page was loading', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({});
    await openPartition(store, bridge, 't', 3);
    expect(store.getState().errors.map((e) => [e.action, e.name])).toEqual([['Read t/3', 'UNKNOWN_METHOD']]);
    expect(store.getState().loadingPages).toEqual({});
  });

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
      'tail.stop': () => undefined,
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

  it('picks and unpicks records for export and replay; another topic starts a new selection', async () => {
    const store = createAppStore();
    togglePick(store, rec(4, 1));
    togglePick(store, rec(5, 1));
    togglePick(store, rec(4, 1));
    expect(Object.keys(store.getState().picked)).toEqual([pickKey(rec(5, 1))]);
    const { bridge } = fakeBridge({ 'messages.browse': () => ({ topic: 'u', partition: 0, logStartOffset: 0, highWatermark: 0, records: [] }) });
    await openPartition(store, bridge, 'u', 0);
    expect(store.getState().picked).toEqual({});
  });

  it('imports: a dry run reads nothing else; a clean write reads the overview again', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({
      'messages.import': (r) => ({ count: 2, written: r.dryRun ? 0 : 2, errors: [], preview: [] }),
      'cluster.overview': () => overview,
    });
    const req = { topic: 't', format: 'jsonl' as const, content: '{}\n{}', keepPartitions: true };
    expect((await importFile(store, bridge, { ...req, dryRun: true })).written).toBe(0);
    expect(methods()).toEqual(['messages.import']);
    expect((await importFile(store, bridge, { ...req, dryRun: false })).written).toBe(2);
    expect(methods()).toEqual(['messages.import', 'messages.import', 'cluster.overview']);
  });
});
