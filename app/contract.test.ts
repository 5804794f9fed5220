// The whole UI <-> backend surface, snapshotted (as Insomnia does for its IPC): adding, removing or
// re-kinding a method or event shows up here and must be reviewed.

import { describe, expect, it } from 'vitest';
import { EVENTS, EVENT_NAMES, METHODS, METHOD_NAMES, isEventName, isMethodName } from './contract.ts';

describe('contract surface', () => {
  it('lists every method and event with its kind', () => {
    expect({ methods: METHODS, events: EVENTS }).toMatchInlineSnapshot(`
      {
        "events": {
          "cluster.state": "state",
          "metrics.sample": "stream",
          "tail.records": "stream",
        },
        "methods": {
          "app.info": "query",
          "brokers.action": "command",
          "cluster.overview": "query",
          "groups.describe": "query",
          "groups.list": "query",
          "messages.browse": "query",
          "messages.produce": "command",
          "settings.get": "query",
          "settings.update": "command",
          "tail.start": "command",
          "tail.stop": "command",
          "topics.create": "command",
          "topics.delete": "command",
          "topics.describe": "query",
        },
      }
    `);
  });

  it('name lists and guards agree with the tables', () => {
    expect(METHOD_NAMES).toEqual(Object.keys(METHODS));
    expect(EVENT_NAMES).toEqual(Object.keys(EVENTS));
    for (const m of METHOD_NAMES) expect(isMethodName(m)).toBe(true);
    for (const e of EVENT_NAMES) expect(isEventName(e)).toBe(true);
    expect(isMethodName('toString')).toBe(false);
    expect(isMethodName('__proto__')).toBe(false);
    expect(isEventName('cluster.overview')).toBe(false);
  });
});
