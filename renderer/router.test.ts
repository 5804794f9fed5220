// The route table both ways: every screen's URL parses back to the same route, params are decoded and typed,
// and a URL that names nothing is refused rather than guessed.

import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute, type Route } from './router.ts';

describe('router', () => {
  const routes: Route[] = [
    { screen: 'map' }, { screen: 'cluster' }, { screen: 'broker', broker: 3 }, { screen: 'topics' },
    { screen: 'topic', topic: 'orders' }, { screen: 'topic', topic: 'a/b c#%' },
    { screen: 'messages' }, { screen: 'messages', topic: 'orders', partition: 2 }, { screen: 'messages', topic: 'orders', partition: 2, offset: 41 },
    { screen: 'messages', topic: 'orders', view: 'topic' }, { screen: 'messages', view: 'topic' }, { screen: 'messages', topic: 'orders', partition: 2, tail: 'live' },
    { screen: 'produce' }, { screen: 'groups' }, { screen: 'groups', group: 'billing' }, { screen: 'settings' },
  ];

  it.each(routes.map((r) => [formatRoute(r), r] as const))('%s round-trips', (hash, route) => {
    expect(parseRoute(hash)).toEqual(route);
  });

  it('writes readable hashes with names escaped', () => {
    expect(formatRoute({ screen: 'messages', topic: 'orders', partition: 2, offset: 41 })).toBe('#/messages/orders/2/41');
    expect(formatRoute({ screen: 'topic', topic: 'a/b' })).toBe('#/topics/a%2Fb');
    expect(formatRoute({ screen: 'broker', broker: 1 })).toBe('#/brokers/1');
    expect(formatRoute({ screen: 'messages', topic: 'orders', view: 'topic' })).toBe('#/messages/orders?view=topic');
    expect(formatRoute({ screen: 'messages', topic: 'orders', partition: 0, tail: 'live' })).toBe('#/messages/orders/0?tail=live');
    // A flag with another value, or an unknown one, is left out; the place still opens.
    expect(parseRoute('#/messages/orders/0?tail=maybe&x=1')).toEqual({ screen: 'messages', topic: 'orders', partition: 0 });
  });

  it('refuses what names nothing: unknown screens, non-numeric ids, extra segments, bad escapes', () => {
    expect(parseRoute('#/nowhere')).toBeNull();
    expect(parseRoute('#/brokers/x')).toBeNull();
    expect(parseRoute('#/brokers/-1')).toBeNull();
    expect(parseRoute('#/messages/orders/zero')).toBeNull();
    expect(parseRoute('#/settings/more')).toBeNull();
    expect(parseRoute('#/topics/%E0%A4%A')).toBeNull();
  });

  it('reads an empty hash as no route, and tolerates a trailing slash', () => {
    expect(parseRoute('')).toBeNull();
    expect(parseRoute('#/topics/orders/')).toEqual({ screen: 'topic', topic: 'orders' });
  });
});
