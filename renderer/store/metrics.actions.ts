// Metrics history for the charts: one of the contract's metrics.* series over the last `windowMs`.

import type { Bridge, MethodRequest, MethodResponse } from '../../app/contract.ts';

export type SeriesMethod = 'metrics.cluster' | 'metrics.topic' | 'metrics.topics' | 'metrics.group';
export type SeriesQuery<K extends SeriesMethod> = Omit<MethodRequest<K>, 'since'>;

export async function readSeries<K extends SeriesMethod>(bridge: Bridge, method: K, query: SeriesQuery<K>, windowMs: number): Promise<MethodResponse<K>> {
  const request = { ...query, since: Date.now() - windowMs } as MethodRequest<K>;
  // One generic call over four methods: the compiler cannot pick the overload from a union of names.
  // Called on the bridge (the WebSocket bridge's `call` uses `this`).
  const call = bridge.call as (this: Bridge, m: K, r: MethodRequest<K>) => Promise<MethodResponse<K>>;
  return call.call(bridge, method, request);
}
