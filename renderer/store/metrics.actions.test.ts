// Reading a metrics series: the window becomes `since`, and the call is made on the bridge itself (a
// bridge whose methods use `this`, like the WebSocket one, must work).

import { describe, expect, it } from 'vitest';
import type { Bridge, EventName, MethodName } from '../../app/contract.ts';
import { readSeries } from './metrics.actions.ts';

class StatefulBridge {
  readonly calls: { method: MethodName; request: unknown }[] = [];
  async call(method: MethodName, request?: unknown): Promise<unknown> {
    this.calls.push({ method, request });
    return [{ at: 1, messagesPerSec: 2, bytesPerSec: 3 }];
  }
  on(_event: EventName, _listener: (p: unknown) => void): () => void {
    return () => undefined;
  }
}

describe('readSeries', () => {
  it('asks for the last windowMs of the series, on the bridge itself', async () => {
    const bridge = new StatefulBridge();
    const before = Date.now();
    const points = await readSeries(bridge as unknown as Bridge, 'metrics.topic', { topic: 'orders' }, 60_000);
    expect(points).toEqual([{ at: 1, messagesPerSec: 2, bytesPerSec: 3 }]);
    expect(bridge.calls).toHaveLength(1);
    const { method, request } = bridge.calls[0] as { method: string; request: { topic: string; since: number } };
    expect(method).toBe('metrics.topic');
    expect(request.topic).toBe('orders');
    expect(request.since).toBeGreaterThanOrEqual(before - 60_000);
    expect(request.since).toBeLessThanOrEqual(Date.now() - 60_000);
  });
});
