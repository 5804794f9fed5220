// URL routing: every screen, topic, partition, offset, group and broker has a hash URL (`#/topics/orders`),
// so Back works, a reload keeps the place and a link can be shared. Hash routing works the same under
// Electron's file:// and a browser; the page's query string (the serve host's ?token=) is left untouched.
//
// ROUTES is the one typed table: for each screen, its path pattern. A pattern is segments, literal or
// `:param` (`:n` params are whole numbers); the optional tail after `?` in a pattern may be left out. A new
// screen adds one line here and one in routeOf/applyRoute (route.actions.ts).

import type { Screen } from './store/app.slice.ts';

/** The params each screen's URL carries. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type None = {};

export interface RouteParams {
  map: None;
  cluster: None;
  broker: { broker: number };
  topics: None;
  topic: { topic: string };
  /** view 'topic': the whole topic merged (partition unused); tail 'live': following the partition's new records. */
  messages: { topic?: string; partition?: number; offset?: number; view?: 'topic'; tail?: 'live' };
  produce: None;
  groups: { group?: string };
  schemas: None;
  security: None;
  transactions: None;
  settings: None;
}

export type Route = { [S in Screen]: { screen: S } & RouteParams[S] }[Screen];

/** Segments; `:name` is a string param, `:n:name` a whole number; everything after '?' is optional. */
export const ROUTES: { [S in Screen]: string } = {
  map: 'map',
  cluster: 'cluster',
  broker: 'brokers/:n:broker',
  topics: 'topics',
  topic: 'topics/:topic',
  messages: 'messages ? :topic/:n:partition/:n:offset',
  produce: 'produce',
  groups: 'groups ? :group',
  schemas: 'schemas',
  security: 'security',
  transactions: 'transactions',
  settings: 'settings',
};

/**
 * Modes a screen's URL may carry after its path, as `?name=value` (`#/messages/orders?view=topic`): each
 * name with the one value it may take. Anything else after '?' is ignored, so an old link still opens.
 */
export const ROUTE_FLAGS: { [S in Screen]?: Record<string, string> } = {
  messages: { view: 'topic', tail: 'live' },
};

interface Seg { literal?: string; param?: string; numeric: boolean; optional: boolean }

function segments(pattern: string): Seg[] {
  const [required, optional = ''] = pattern.split('?').map((p) => p.trim());
  const parse = (part: string, opt: boolean): Seg[] => part.split('/').filter(Boolean).map((s) => {
    if (s.startsWith(':n:')) return { param: s.slice(3), numeric: true, optional: opt };
    if (s.startsWith(':')) return { param: s.slice(1), numeric: false, optional: opt };
    return { literal: s, numeric: false, optional: opt };
  });
  return [...parse(required, false), ...parse(optional, true)];
}

const TABLE = (Object.entries(ROUTES) as [Screen, string][]).map(([screen, pattern]) => ({ screen, segs: segments(pattern) }));

/** The route a hash (`#/topics/orders`, with or without '#') names, or null when it names none. */
export function parseRoute(hash: string): Route | null {
  const [pathPart, query = ''] = hash.replace(/^#/, '').split('?', 2);
  const path = pathPart.replace(/^\//, '').replace(/\/$/, '');
  const route = parsePath(path);
  if (!route) return null;
  const flags = ROUTE_FLAGS[route.screen];
  if (flags && query) {
    const q = new URLSearchParams(query);
    for (const [name, value] of Object.entries(flags)) if (q.get(name) === value) (route as unknown as Record<string, string>)[name] = value;
  }
  return route;
}

function parsePath(path: string): Route | null {
  let parts: string[];
  try {
    parts = path === '' ? [] : path.split('/').map(decodeURIComponent);
  } catch {
    return null; // a malformed %-escape names nothing
  }
  for (const { screen, segs } of TABLE) {
    const min = segs.filter((s) => !s.optional).length;
    if (parts.length < min || parts.length > segs.length) continue;
    const params: Record<string, string | number> = {};
    let ok = true;
    parts.forEach((part, i) => {
      const seg = segs[i];
      if (seg.literal !== undefined) ok &&= seg.literal === part;
      else if (seg.numeric) {
        const n = Number(part);
        if (!/^\d+$/.test(part) || !Number.isSafeInteger(n)) ok = false;
        else params[seg.param!] = n;
      } else if (part === '') ok = false;
      else params[seg.param!] = part;
    });
    if (ok) return { screen, ...params } as Route;
  }
  return null;
}

/** The hash of a route (`#/topics/orders`). Optional params stop at the first one left out. */
export function formatRoute(route: Route): string {
  const params = route as unknown as Record<string, string | number | undefined>;
  const out: string[] = [];
  for (const seg of segments(ROUTES[route.screen])) {
    if (seg.literal !== undefined) {
      out.push(seg.literal);
      continue;
    }
    const v = params[seg.param!];
    if (v === undefined || v === null || v === '') {
      if (seg.optional) break;
      throw new Error(`Route ${route.screen} needs '${seg.param}'.`);
    }
    out.push(encodeURIComponent(String(v)));
  }
  const flags = Object.entries(ROUTE_FLAGS[route.screen] ?? {}).filter(([name, value]) => params[name] === value);
  const query = flags.length ? `?${flags.map(([name, value]) => `${name}=${value}`).join('&')}` : '';
  return `#/${out.join('/')}${query}`;
}

export function sameRoute(a: Route, b: Route): boolean {
  return formatRoute(a) === formatRoute(b);
}
