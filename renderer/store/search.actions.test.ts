// Search progress against a fake bridge, including events that arrive before search.start answers.

import { describe, expect, it } from 'vitest';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { rec } from './fixtures.ts';
import { applySearchProgress, cancelSearch, continueSearch, startSearch } from './search.actions.ts';
import { createAppStore } from './store.ts';

describe('search', () => {
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
    const { bridge } = fakeBridge({ 'search.start': refuse('INVALID_REGEX', 'bad') });
    await expect(startSearch(store, bridge, { topic: 't', regex: '(' })).rejects.toMatchObject({ name: 'INVALID_REGEX' });
    expect(store.getState().search).toBeNull();
  });

  it('a new search cancels the running one; a failed cancel is a notice', async () => {
    const store = createAppStore();
    let n = 0;
    const { bridge, calls } = fakeBridge({ 'search.start': () => ({ searchId: `s${++n}`, total: 1 }), 'search.cancel': () => undefined });
    await startSearch(store, bridge, { topic: 't' });
    await startSearch(store, bridge, { topic: 't' });
    expect(calls.filter((c) => c.method === 'search.cancel').map((c) => c.request)).toEqual([{ searchId: 's1' }]);
    expect(store.getState().search?.searchId).toBe('s2');
    await cancelSearch(store, fakeBridge({ 'search.cancel': refuse('UNKNOWN_SEARCH', 'No such search.') }).bridge);
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Cancel the search']);
  });

  it('a search stopped at its limit says where it stopped; continuing scans from there and keeps the matches', async () => {
    const store = createAppStore();
    let n = 0;
    const { bridge, calls } = fakeBridge({ 'search.start': () => ({ searchId: `s${++n}`, total: 4 }) });
    await startSearch(store, bridge, { topic: 't', valueContains: 'x', limit: 2 });
    applySearchProgress(store, { searchId: 's1', scanned: 5, total: 9, matched: 2, records: [rec(1), rec(2)], done: true, cancelled: false, limitReached: true, resumeFrom: [{ partition: 0, offset: 3 }] });
    expect(store.getState().search?.resumeFrom).toEqual([{ partition: 0, offset: 3 }]);
    await continueSearch(store, bridge);
    expect(calls.at(-1)?.request).toEqual({ topic: 't', valueContains: 'x', limit: 2, resumeFrom: [{ partition: 0, offset: 3 }] });
    applySearchProgress(store, { searchId: 's2', scanned: 4, total: 4, matched: 1, records: [rec(7)], done: true, cancelled: false });
    const s = store.getState().search!;
    expect([s.matched, s.resumeFrom, s.records.map((r) => r.offset)]).toEqual([3, null, [1, 2, 7]]);
  });
});
