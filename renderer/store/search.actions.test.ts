// Search progress against a fake bridge, including events that arrive before search.start answers.

import { describe, expect, it } from 'vitest';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { rec } from './fixtures.ts';
import { applySearchProgress, cancelSearch, startSearch } from './search.actions.ts';
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
});
