// A bridge for the store's tests: each contract method the test needs answers from a handler (throw to
// refuse); every call is recorded; events are emitted by hand. A method without a handler is refused with
// UNKNOWN_METHOD, so a test notices a call it did not expect.

import type { Bridge, EventName, EventPayload, MethodName, MethodRequest, MethodResponse } from '../../app/contract.ts';
import { StreamlabError } from '../../app/contract.ts';

export type FakeHandlers = { [K in MethodName]?: (req: MethodRequest<K>) => MethodResponse<K> | Promise<MethodResponse<K>> };

export function fakeBridge(handlers: FakeHandlers) {
  const listeners = new Map<EventName, Set<(p: unknown) => void>>();
  const calls: { method: MethodName; request: unknown }[] = [];
  const bridge = {
    async call(method: MethodName, request?: unknown) {
      calls.push({ method, request });
      const h = handlers[method] as ((req: unknown) => unknown) | undefined;
      if (!h) throw new StreamlabError({ name: 'UNKNOWN_METHOD', message: method });
      return h(request);
    },
    on(event: EventName, l: (p: unknown) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(l);
      return () => set.delete(l);
    },
  } as unknown as Bridge;
  const emit = <E extends EventName>(event: E, payload: EventPayload<E>) => listeners.get(event)?.forEach((l) => l(payload));
  const methods = () => calls.map((c) => c.method);
  return { bridge, calls, emit, methods };
}

export const refuse = (name: string, message: string, kafkaCode?: number) => () => {
  throw new StreamlabError({ name, message, ...(kafkaCode === undefined ? {} : { kafkaCode }) });
};
