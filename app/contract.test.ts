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
          "producer.progress": "stream",
          "search.progress": "stream",
          "tail.records": "stream",
        },
        "methods": {
          "app.info": "query",
          "brokers.action": "command",
          "brokers.add": "command",
          "cluster.overview": "query",
          "connections.delete": "command",
          "connections.list": "query",
          "connections.save": "command",
          "connections.use": "command",
          "decode.protobuf": "query",
          "groups.delete": "command",
          "groups.describe": "query",
          "groups.list": "query",
          "groups.resetOffsets": "command",
          "messages.browse": "query",
          "messages.export": "query",
          "messages.import": "command",
          "messages.offsetForTime": "query",
          "messages.produce": "command",
          "messages.replay": "command",
          "metrics.cluster": "query",
          "metrics.group": "query",
          "metrics.topic": "query",
          "metrics.topics": "query",
          "producer.cancel": "command",
          "producer.start": "command",
          "search.cancel": "query",
          "search.start": "query",
          "settings.get": "query",
          "settings.update": "command",
          "tail.start": "command",
          "tail.stop": "command",
          "templates.delete": "command",
          "templates.list": "query",
          "templates.preview": "query",
          "templates.save": "command",
          "topics.addPartitions": "command",
          "topics.alterConfigs": "command",
          "topics.create": "command",
          "topics.delete": "command",
          "topics.describe": "query",
          "topics.purge": "command",
          "topics.segments": "query",
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
