// The URL and the store in step, against a fake bridge and a window double that keeps a real history list:
// a move pushes an entry, Back applies the previous place through the screens' actions, a deep link opens
// what it names, an unknown hash is replaced by where the store is.

import { describe, expect, it } from 'vitest';
import { fakeBridge } from './fake-bridge.ts';
import { detail, overview, rec } from './fixtures.ts';
import { navigate } from './app.actions.ts';
import { applyRoute, attachRouter, routeOf, type RouterWindow } from './route.actions.ts';
import { openTopic } from './topic.actions.ts';
import { selectOffset } from './messages.actions.ts';
import { createAppStore } from './store.ts';

/** A window with a history stack; back() moves and fires the listeners as a browser does. */
function fakeWindow(hash = '') {
  const entries = [hash];
  let at = 0;
  const listeners = new Set<() => void>();
  const win: RouterWindow & { back(): void; entries: string[] } = {
    location: { get hash() { return entries[at]; } },
    history: {
      pushState: (_d, _u, url) => { entries.splice(at + 1); entries.push(url); at++; },
      replaceState: (_d, _u, url) => { entries[at] = url; },
    },
    addEventListener: (_t, l) => listeners.add(l),
    removeEventListener: (_t, l) => listeners.delete(l),
    back: () => { at--; listeners.forEach((l) => l()); },
    entries,
  };
  return win;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

function backend() {
  return fakeBridge({
    'cluster.overview': () => overview,
    'topics.describe': ({ topic }) => detail(topic, 2),
    'messages.browse': ({ topic, partition }) => ({ topic, partition, logStartOffset: 0, highWatermark: 3, records: [rec(0, partition), rec(1, partition), rec(2, partition)] }),
    'groups.describe': ({ groupId }) => ({ groupId, state: 'Stable', protocol: 'range', members: [], offsets: [], totalLag: 0 }),
    'tail.start': ({ partition }) => ({ subscriptionId: `tail-${partition}` }),
    'tail.stop': () => undefined,
  });
}

describe('route actions', () => {
  it('starts at the map, and writes it to an empty hash without a new entry', () => {
    const store = createAppStore();
    const win = fakeWindow('');
    attachRouter(store, backend().bridge, win);
    expect(win.entries).toEqual(['#/map']);
  });

  it('pushes an entry per place; Back goes to the previous place and reads it fresh', async () => {
    const store = createAppStore();
    const { bridge, calls } = backend();
    const win = fakeWindow('#/map');
    attachRouter(store, bridge, win);
    navigate(store, 'topics');
    await openTopic(store, bridge, 'orders');
    await openTopic(store, bridge, 'payments');
    expect(win.entries).toEqual(['#/map', '#/topics', '#/topics/orders', '#/topics/payments']);
    win.back();
    await settle();
    expect(store.getState().selectedTopic).toBe('orders');
    expect(store.getState().topicDetail?.name).toBe('orders');
    expect(calls.filter((c) => c.method === 'topics.describe').map((c) => c.request)).toEqual([{ topic: 'orders' }, { topic: 'payments' }, { topic: 'orders' }]);
    // Going back made no entry of its own.
    expect(win.entries).toHaveLength(4);
  });

  it('opens a deep link to a record: the partition is read and the offset selected', async () => {
    const store = createAppStore();
    const { bridge, calls } = backend();
    const win = fakeWindow('#/messages/orders/1/2');
    attachRouter(store, bridge, win);
    await settle();
    await settle();
    const s = store.getState();
    expect([s.screen, s.msgTopic, s.msgPartition, s.selectedOffset]).toEqual(['messages', 'orders', 1, 2]);
    expect(calls.find((c) => c.method === 'messages.browse')?.request).toMatchObject({ topic: 'orders', partition: 1 });
    expect(win.entries).toEqual(['#/messages/orders/1/2']);
  });

  it('replaces rather than pushes while moving through one partition', async () => {
    const store = createAppStore();
    const { bridge } = backend();
    const win = fakeWindow('#/messages/orders/0');
    attachRouter(store, bridge, win);
    await settle();
    await settle();
    selectOffset(store, 1);
    selectOffset(store, 2);
    expect(win.entries).toEqual(['#/messages/orders/0/2']);
  });

  it('opens a group from its link and a broker page from its link', async () => {
    const store = createAppStore();
    const { bridge } = backend();
    attachRouter(store, bridge, fakeWindow('#/groups/billing'));
    await settle();
    expect([store.getState().screen, store.getState().selectedGroup, store.getState().groupDetail?.groupId]).toEqual(['groups', 'billing', 'billing']);
    const other = createAppStore();
    attachRouter(other, bridge, fakeWindow('#/brokers/2'));
    await settle();
    expect(routeOf(other.getState())).toEqual({ screen: 'broker', broker: 2 });
  });

  it('replaces a hash that names nothing with where the store is', () => {
    const store = createAppStore();
    const win = fakeWindow('#/no/such/place');
    attachRouter(store, backend().bridge, win);
    expect(win.entries).toEqual(['#/map']);
  });

  it('the whole topic and the live tail have their URLs: a deep link opens them, Back leaves them', async () => {
    const store = createAppStore();
    const { bridge, calls } = backend();
    const win = fakeWindow('#/messages/orders?view=topic');
    attachRouter(store, bridge, win);
    for (let i = 0; i < 4; i++) await settle();
    expect(store.getState().msgMode).toBe('stream');
    expect(store.getState().stream?.topic).toBe('orders');
    expect(calls.filter((c) => c.method === 'tail.start').length).toBe(2);
    expect(win.entries).toEqual(['#/messages/orders?view=topic']);

    const tail = createAppStore();
    const t = backend();
    const w = fakeWindow('#/messages/orders/1?tail=live');
    attachRouter(tail, t.bridge, w);
    for (let i = 0; i < 4; i++) await settle();
    expect(tail.getState().tailId).toBe('tail-1');
    expect(w.entries.at(-1)).toBe('#/messages/orders/1?tail=live');
    // The same partition's URL without the tail (Back, a link): following stops.
    await applyRoute(tail, t.bridge, { screen: 'messages', topic: 'orders', partition: 1 });
    expect(tail.getState().tailId).toBeNull();
    expect(t.calls.some((c) => c.method === 'tail.stop')).toBe(true);
  });
});
