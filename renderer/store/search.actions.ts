// Start, follow and cancel a search. One search at a time: a new one cancels the previous.

import type { Bridge, ConsumedRecord, SearchProgressEvent, SearchRequest } from '../../app/contract.ts';
import { rememberEarly, takeEarly } from './early-events.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** Starts a search; a refusal (bad regex, bad predicate) is thrown to the form, which shows it. */
export async function startSearch(store: AppStore, bridge: Bridge, req: SearchRequest, carry?: { records: ConsumedRecord[]; matched: number }): Promise<void> {
  const prev = store.getState().search;
  if (prev?.searchId && !prev.done) await bridge.call('search.cancel', { searchId: prev.searchId }).catch(() => undefined);
  store.setState({ search: { searchId: null, topic: req.topic, scanned: 0, total: 0, matched: carry?.matched ?? 0, done: false, cancelled: false, error: null, records: carry?.records ?? [], resumeFrom: null, request: req, priorMatched: carry?.matched ?? 0 } });
  try {
    const { searchId, total } = await bridge.call('search.start', req);
    store.setState((s) => ({ search: s.search && { ...s.search, searchId, total } }));
    for (const ev of takeEarly<SearchProgressEvent>(searchId)) applySearchProgress(store, ev);
  } catch (e) {
    store.setState({ search: null });
    throw e;
  }
}

/**
 * Continue a search that stopped at its limit: the same filters from where it stopped, as a new search
 * whose matches are added to the ones shown.
 */
export async function continueSearch(store: AppStore, bridge: Bridge): Promise<void> {
  const cur = store.getState().search;
  if (!cur?.request || !cur.resumeFrom) return;
  await startSearch(store, bridge, { ...cur.request, resumeFrom: cur.resumeFrom }, { records: cur.records, matched: cur.matched });
}

export async function cancelSearch(store: AppStore, bridge: Bridge): Promise<void> {
  const id = store.getState().search?.searchId;
  if (id) await bridge.call('search.cancel', { searchId: id }).catch((e) => reportError(store, 'Cancel the search', e));
}

export function applySearchProgress(store: AppStore, ev: SearchProgressEvent): void {
  const cur = store.getState().search;
  if (!cur) return;
  if (cur.searchId === null) return rememberEarly(ev.searchId, ev);
  if (cur.searchId !== ev.searchId) return;
  store.setState({
    search: {
      ...cur, scanned: ev.scanned, total: ev.total, matched: cur.priorMatched + ev.matched, done: ev.done, cancelled: ev.cancelled,
      error: ev.error ?? cur.error, records: ev.records.length ? [...cur.records, ...ev.records] : cur.records,
      resumeFrom: ev.limitReached && ev.resumeFrom ? ev.resumeFrom : null,
    },
  });
}
