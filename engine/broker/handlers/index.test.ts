import { describe, expect, it } from 'vitest';
import { ADVERTISED_API_VERSIONS, ApiKey, apiKeyName } from '../../protocol/api-keys.ts';
import type { Handler, ResponseOf } from './context.ts';
import { HANDLERS, SERVED_APIS, handlersByApiKey, type HandlerTable } from './index.ts';

describe('request handlers', () => {
  it('serve every api the broker advertises in ApiVersions, and nothing unadvertised', () => {
    const advertised = ADVERTISED_API_VERSIONS.map((a) => apiKeyName(a.apiKey)).sort();
    const handled = [...SERVED_APIS].sort();
    expect(handled).toEqual(advertised);
  });

  it('are dispatched by api key, each key to the handler of its own api', () => {
    const broker = {} as Parameters<typeof handlersByApiKey>[0];
    const byKey = handlersByApiKey(broker);
    expect([...byKey.keys()].sort((a, b) => a - b)).toEqual(ADVERTISED_API_VERSIONS.map((a) => a.apiKey));
    // A table whose every handler answers with its own name shows which handler a key reaches.
    const echo = Object.fromEntries(SERVED_APIS.map((name) => [name, () => ({ errorMessage: name })])) as unknown as HandlerTable;
    const echoed = handlersByApiKey(broker, echo);
    const req = { header: {} as never, apiVersion: 0, clientId: '', clientHost: '', connectionId: 1, authorize: () => true };
    for (const name of SERVED_APIS) expect(echoed.get(ApiKey[name])?.({}, req)).toEqual({ errorMessage: name });
  });

  it('are typed by their schemas: a missing handler or a misspelt response field does not compile', () => {
    const { Produce: _produce, ...withoutProduce } = HANDLERS;
    // @ts-expect-error Produce has no handler
    const missing: HandlerTable = withoutProduce;
    // @ts-expect-error the Heartbeat response has errorCode, not errorcode
    const misspelt: Handler<'Heartbeat'> = (): ResponseOf<'Heartbeat'> => ({ throttleTimeMs: 0, errorcode: 0 });
    // @ts-expect-error a Fetch handler does not serve Heartbeat
    const swapped: HandlerTable = { ...HANDLERS, Heartbeat: HANDLERS.Fetch };
    expect([missing, misspelt, swapped].every((x) => x !== undefined)).toBe(true);
  });
});
