// The UI's only way to the backend. In Electron the preload exposes `window.streamlab` (see
// app/preload/preload.ts); in a browser served by `streamlab serve`, a WebSocket client speaks the same
// contract to /ws with the token from the page URL. Both satisfy `Bridge`.

import {
  StreamlabError, type Bridge, type CallResult, type EventName, type EventPayload, type MethodName,
  type MethodResponse, type RequestArgs, type WireMessage, type WireRequest,
} from '../app/contract.ts';

// window.streamlab's type is derived from the preload implementation: app/preload/window.d.ts.

type AnyListener = (payload: unknown) => void;

/** The WebSocket transport: one socket, calls matched by id, reconnecting with backoff when it drops. */
export class WebSocketBridge implements Bridge {
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: CallResult<MethodName>) => void }>();
  private readonly listeners = new Map<EventName, Set<AnyListener>>();
  private readonly queue: string[] = [];
  private retryMs = 250;
  private closed = false;
  /** Connection state for the UI ("Reconnecting..."). */
  onStatus: (connected: boolean) => void = () => undefined;

  constructor(private readonly url: string) {
    this.connect();
  }

  private connect(): void {
    const ws = new WebSocket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      this.onStatus(true);
      for (const m of this.queue.splice(0)) ws.send(m);
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as WireMessage;
      if (msg.type === 'result') {
        const p = this.pending.get(msg.id);
        this.pending.delete(msg.id);
        p?.resolve(msg.result);
      } else if (msg.type === 'event') {
        for (const l of this.listeners.get(msg.event) ?? []) l(msg.payload);
      }
    };
    ws.onclose = () => {
      this.onStatus(false);
      // Calls in flight are lost with the socket: fail them clearly rather than hang.
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.resolve({ ok: false, error: { name: 'DISCONNECTED', message: 'The connection to Streamlab was lost. Is `streamlab serve` still running?' } });
      }
      if (this.closed) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(5000, this.retryMs * 2);
    };
  }

  async call<K extends MethodName>(method: K, ...args: RequestArgs<K>): Promise<MethodResponse<K>> {
    const id = this.nextId++;
    const msg = JSON.stringify({ type: 'call', id, method, request: args[0] ?? null } satisfies WireRequest);
    const result = await new Promise<CallResult<MethodName>>((resolve) => {
      this.pending.set(id, { resolve });
      if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(msg);
      else this.queue.push(msg);
    });
    if (!result.ok) throw new StreamlabError(result.error);
    return result.value as MethodResponse<K>;
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as AnyListener);
    return () => set.delete(listener as AnyListener);
  }

  close(): void {
    this.closed = true;
    this.ws?.close();
  }
}

/** The bridge for this window: Electron's preload if present, else a WebSocket to the serving host. */
export function createBridge(): Bridge {
  const exposed: Bridge | undefined = window.streamlab;
  if (exposed) return exposed;
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  return new WebSocketBridge(`${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`);
}
