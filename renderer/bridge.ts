// The UI's only way to the backend. In Electron the preload exposes `window.streamlab` (see
// app/preload/preload.ts); in a browser served by `streamlab serve`, a WebSocket client speaks the same
// contract to /ws with the token from the page URL. Both satisfy `Bridge`.

import {
  StreamlabError, type Bridge, type CallResult, type EventName, type EventPayload, type MethodName,
  type MethodResponse, type RequestArgs, type WireMessage, type WireRequest,
} from '../app/contract.ts';

// window.streamlab's type is derived from the preload implementation: app/preload/window.d.ts.

type AnyListener = (payload: unknown) => void;

/** How long a call may wait for its answer before it fails with TIMEOUT (calls queued while offline included). */
export const DEFAULT_CALL_TIMEOUT_MS = 60_000;

export interface WebSocketBridgeOptions {
  callTimeoutMs?: number;
  /** The WebSocket class (tests in Node pass the `ws` package's). */
  WebSocket?: typeof WebSocket;
  /** Where frames that are not our protocol are reported (they are dropped; the socket stays open). */
  onBadFrame?: (reason: string) => void;
}

interface Pending {
  resolve: (r: CallResult<MethodName>) => void;
  timer: ReturnType<typeof setTimeout>;
}

const fail = (name: string, message: string): CallResult<MethodName> => ({ ok: false, error: { name, message } });

/**
 * The WebSocket transport: one socket, calls matched by id, each with a time limit, reconnecting with backoff
 * when it drops. A frame from the host that is not a result or an event is reported and dropped.
 */
export class WebSocketBridge implements Bridge {
  private ws: WebSocket | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<EventName, Set<AnyListener>>();
  private readonly queue: { id: number; frame: string }[] = [];
  private retryMs = 250;
  private closed = false;
  private readonly callTimeoutMs: number;
  private readonly Socket: typeof WebSocket;
  private readonly onBadFrame: (reason: string) => void;
  /** Connection state for the UI ("Reconnecting..."). */
  onStatus: (connected: boolean) => void = () => undefined;

  constructor(private readonly url: string, opts: WebSocketBridgeOptions = {}) {
    this.callTimeoutMs = opts.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    this.Socket = opts.WebSocket ?? WebSocket;
    this.onBadFrame = opts.onBadFrame ?? ((reason) => console.warn(`Streamlab: dropped a frame from the host: ${reason}`));
    this.connect();
  }

  private connect(): void {
    const ws = new this.Socket(this.url);
    this.ws = ws;
    ws.onopen = () => {
      this.retryMs = 250;
      this.onStatus(true);
      for (const m of this.queue.splice(0)) if (this.pending.has(m.id)) ws.send(m.frame);
    };
    ws.onmessage = (ev) => this.receive(ev.data);
    ws.onclose = () => {
      this.onStatus(false);
      // Calls in flight are lost with the socket: fail them clearly rather than hang.
      for (const id of [...this.pending.keys()]) {
        this.settle(id, fail('DISCONNECTED', 'The connection to Streamlab was lost. Is `streamlab serve` still running?'));
      }
      if (this.closed) return;
      setTimeout(() => this.connect(), this.retryMs);
      this.retryMs = Math.min(5000, this.retryMs * 2);
    };
  }

  private receive(data: unknown): void {
    let msg: WireMessage;
    try {
      msg = JSON.parse(String(data)) as WireMessage;
    } catch {
      return this.onBadFrame('not JSON');
    }
    if (msg?.type === 'result' && typeof msg.id === 'number' && typeof msg.result?.ok === 'boolean') {
      this.settle(msg.id, msg.result);
    } else if (msg?.type === 'event' && typeof msg.event === 'string') {
      for (const l of this.listeners.get(msg.event) ?? []) {
        // One screen's failing listener must not keep the event from the others.
        try {
          l(msg.payload);
        } catch (e) {
          console.error(e);
        }
      }
    } else if (msg?.type === 'error') {
      this.onBadFrame(`the host refused a frame: ${msg.error?.message ?? 'no reason given'}`);
    } else {
      this.onBadFrame('neither a result nor an event');
    }
  }

  private settle(id: number, result: CallResult<MethodName>): void {
    const p = this.pending.get(id);
    if (!p) return; // timed out already, or not ours
    this.pending.delete(id);
    clearTimeout(p.timer);
    p.resolve(result);
  }

  async call<K extends MethodName>(method: K, ...args: RequestArgs<K>): Promise<MethodResponse<K>> {
    const id = this.nextId++;
    const frame = JSON.stringify({ type: 'call', id, method, request: args[0] ?? null } satisfies WireRequest);
    const result = await new Promise<CallResult<MethodName>>((resolve) => {
      const timer = setTimeout(() => {
        this.settle(id, fail('TIMEOUT', `Streamlab did not answer '${method}' within ${Math.round(this.callTimeoutMs / 1000)} s.`));
      }, this.callTimeoutMs);
      this.pending.set(id, { resolve, timer });
      if (this.ws?.readyState === this.Socket.OPEN) this.ws.send(frame);
      else this.queue.push({ id, frame });
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
