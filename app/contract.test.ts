// The whole UI <-> backend surface, snapshotted (as Insomnia does for its IPC): adding, removing or re-kinding
// a method or event, or changing any request, response or payload shape, shows up here and must be reviewed.

import { describe, expect, it } from 'vitest';
import { describeShape, type Shape } from './contract-schema.ts';
import { EVENTS, EVENT_NAMES, METHODS, METHOD_NAMES, StreamlabError, checkRequest, isEventName, isMethodName } from './contract.ts';

/** Every named shape reachable from the tables, printed once. */
function namedShapes(): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (sh: Shape<unknown>) => {
    if (sh.name) {
      if (out[sh.name] !== undefined) return;
      out[sh.name] = describeShape(sh);
    }
    if ('inner' in sh) walk(sh.inner);
    if ('fields' in sh) for (const f of Object.values(sh.fields)) walk(f);
  };
  for (const m of Object.values(METHODS)) {
    walk(m.request);
    walk(m.response);
  }
  for (const e of Object.values(EVENTS)) walk(e.payload);
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

describe('contract surface', () => {
  it('lists every method and event with its kind and shapes', () => {
    const methods = Object.fromEntries(Object.entries(METHODS).map(([name, m]) =>
      [name, `${m.kind} (${describeShape(m.request, false)}) => ${describeShape(m.response, false)}`]));
    const events = Object.fromEntries(Object.entries(EVENTS).map(([name, e]) => [name, `${e.kind} ${describeShape(e.payload, false)}`]));
    expect({ methods, events, shapes: namedShapes() }).toMatchSnapshot();
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

describe('checkRequest', () => {
  const produce = { topic: 't', partition: null, key: null, value: 'v', format: 'text', headers: [{ key: 'h', value: 'x' }] };

  it('passes a request of the declared shape, dropping undeclared fields', () => {
    expect(checkRequest('messages.produce', { ...produce, extra: 1 })).toEqual({ ok: true, value: produce });
    expect(checkRequest('search.start', { topic: 't' })).toEqual({ ok: true, value: { topic: 't' } });
  });

  it('takes null, nothing or {} for a method without a request', () => {
    for (const r of [null, undefined, {}]) expect(checkRequest('cluster.overview', r)).toEqual({ ok: true, value: undefined });
    expect(checkRequest('cluster.overview', 5)).toMatchObject({ ok: false, error: { name: 'INVALID_REQUEST', field: '' } });
  });

  it('names the method, the field and what it must be', () => {
    expect(checkRequest('messages.browse', { topic: 't', partition: '0', offset: 0, limit: 10 })).toEqual({
      ok: false,
      error: { name: 'INVALID_REQUEST', field: 'partition', message: `messages.browse: field 'partition' must be int, got string "0".` },
    });
    expect(checkRequest('messages.browse', { topic: 't', partition: 0, offset: 1.5, limit: 10 })).toMatchObject({ ok: false, error: { field: 'offset' } });
    expect(checkRequest('topics.create', { name: 'x', partitions: 1, replicationFactor: 1 })).toMatchObject({
      ok: false, error: { field: 'configs', message: `topics.create: field 'configs' must be Record<string, string>, got nothing.` },
    });
    expect(checkRequest('messages.produce', { ...produce, headers: [{ key: 'h', value: 7 }] })).toMatchObject({
      ok: false, error: { field: 'headers[0].value', message: expect.stringContaining('must be string, got number 7') },
    });
    expect(checkRequest('brokers.action', { brokerId: 1, action: 'explode' })).toMatchObject({
      ok: false, error: { field: 'action', message: `brokers.action: field 'action' must be "stop" | "kill" | "restart", got string "explode".` },
    });
    expect(checkRequest('topics.describe', null)).toMatchObject({ ok: false, error: { field: '', message: 'topics.describe: the request must be { topic: string }, got null.' } });
    expect(checkRequest('settings.update', { theme: 'pink' })).toMatchObject({ ok: false, error: { field: 'theme' } });
  });

  it('carries the field to the UI on StreamlabError', () => {
    const r = checkRequest('messages.browse', {});
    if (r.ok) throw new Error('expected a refusal');
    const e = new StreamlabError(r.error);
    expect([e.name, e.field]).toEqual(['INVALID_REQUEST', 'topic']);
  });
});
