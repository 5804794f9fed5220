// The URL and the store kept in step. The store is the truth for what is shown; the hash follows it (a new
// history entry per place, so Back works). A hash that changes by itself (Back, Forward, a pasted link, a
// reload) is applied to the store through the screens' own actions, which read what the place needs.

import type { Bridge } from '../../app/contract.ts';
import { formatRoute, parseRoute, type Route } from '../router.ts';
import { openGroup } from './groups.actions.ts';
import { openPartition, selectOffset, startTail, stopTail } from './messages.actions.ts';
import { openStream } from './stream.actions.ts';
import { openTopic } from './topic.actions.ts';
import type { AppState, AppStore } from './store.ts';

/** Where the store is: the route its screen and selections name. */
export function routeOf(s: AppState): Route {
  switch (s.screen) {
    case 'topic':
      return s.selectedTopic ? { screen: 'topic', topic: s.selectedTopic } : { screen: 'topics' };
    case 'broker':
      return s.selectedBroker !== null ? { screen: 'broker', broker: s.selectedBroker } : { screen: 'cluster' };
    case 'messages':
      if (s.msgMode === 'stream') {
        const topic = s.stream?.topic ?? s.streamTopic;
        return topic ? { screen: 'messages', topic, view: 'topic' } : { screen: 'messages', view: 'topic' };
      }
      if (!s.msgTopic) return { screen: 'messages' };
      return {
        screen: 'messages', topic: s.msgTopic, partition: s.msgPartition, ...(s.selectedOffset !== null ? { offset: s.selectedOffset } : {}),
        ...(s.msgMode === 'browse' && s.tailId ? { tail: 'live' as const } : {}),
      };
    case 'groups':
      return s.selectedGroup ? { screen: 'groups', group: s.selectedGroup } : { screen: 'groups' };
    default:
      return { screen: s.screen } as Route;
  }
}

/** Show `route`: the screen, and whatever it names read fresh. */
export async function applyRoute(store: AppStore, bridge: Bridge, route: Route): Promise<void> {
  switch (route.screen) {
    case 'topic':
      return openTopic(store, bridge, route.topic);
    case 'broker':
      store.setState({ screen: 'broker', selectedBroker: route.broker });
      return;
    case 'messages': {
      if (route.view === 'topic') {
        // The whole topic: the stream opens on it (TopicStream opens the first topic when none is named).
        store.setState({ screen: 'messages', msgMode: 'stream' });
        if (route.topic !== undefined && store.getState().stream?.topic !== route.topic) await openStream(store, bridge, route.topic);
        return;
      }
      const mode = store.getState().msgMode === 'search' ? 'search' : 'browse';
      if (route.topic === undefined) {
        store.setState({ screen: 'messages', msgMode: mode });
        return;
      }
      const s = store.getState();
      if (s.msgTopic !== route.topic || s.msgPartition !== (route.partition ?? 0)) await openPartition(store, bridge, route.topic, route.partition ?? 0);
      store.setState({ screen: 'messages', msgMode: 'browse' });
      selectOffset(store, route.offset ?? null);
      if (route.tail === 'live') await startTail(store, bridge);
      else await stopTail(store, bridge);
      return;
    }
    case 'groups':
      store.setState({ screen: 'groups' });
      if (route.group !== undefined && store.getState().selectedGroup !== route.group) await openGroup(store, bridge, route.group);
      if (route.group === undefined) store.setState({ selectedGroup: null, groupDetail: null });
      return;
    default:
      store.setState({ screen: route.screen });
  }
}

function samePartition(a: Route | null, b: Route): boolean {
  return a?.screen === 'messages' && b.screen === 'messages' && a.topic !== undefined && a.topic === b.topic && a.partition === b.partition;
}

export interface RouterWindow {
  location: { hash: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void };
  addEventListener(type: 'hashchange' | 'popstate', l: () => void): void;
  removeEventListener(type: 'hashchange' | 'popstate', l: () => void): void;
}

/**
 * Wire the URL to the store: the starting hash is applied (an unknown one is replaced by where the store is),
 * every move of the store pushes a history entry, every hash change is applied. Returns the detach.
 */
export function attachRouter(store: AppStore, bridge: Bridge, win: RouterWindow = window): () => void {
  let applying = false;
  const apply = (route: Route) => {
    applying = true;
    void applyRoute(store, bridge, route).finally(() => {
      applying = false;
      sync(true);
    });
  };
  /** The store moved: the URL follows (replace while a route is being applied, so it makes no extra entry). */
  const sync = (replace = false) => {
    if (applying) return;
    const hash = formatRoute(routeOf(store.getState()));
    if (hash === win.location.hash) return;
    // Moving through one partition's records (arrow keys) replaces the entry rather than piling up history.
    if (replace || samePartition(parseRoute(win.location.hash), routeOf(store.getState()))) win.history.replaceState(null, '', hash);
    else win.history.pushState(null, '', hash);
  };
  const onHash = () => {
    const route = parseRoute(win.location.hash);
    if (!route) return sync(true);
    if (formatRoute(route) !== formatRoute(routeOf(store.getState()))) apply(route);
  };
  const start = parseRoute(win.location.hash);
  if (start && formatRoute(start) !== formatRoute(routeOf(store.getState()))) apply(start);
  else sync(true);
  const unsubscribe = store.subscribe(() => sync());
  win.addEventListener('hashchange', onHash);
  win.addEventListener('popstate', onHash);
  return () => {
    unsubscribe();
    win.removeEventListener('hashchange', onHash);
    win.removeEventListener('popstate', onHash);
  };
}
