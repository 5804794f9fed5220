// The browser's WebSocket bridge against a real socket server that misbehaves on purpose: answers that never
// come, frames that are not the protocol, a listener that throws, a server that goes away.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { StreamlabError } from '../app/contract.ts';
import { WebSocketBridge } from './bridge.ts';

let server: WebSocketServer;
let serverSocket: Promise<WebSocket>;
let bridge: WebSocketBridge;
const badFrames: string[] = [];

beforeEach(async () => {
  server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => server.once('listening', resolve));
  serverSocket = new Promise((resolve) => server.once('connection', resolve));
  badFrames.length = 0;
  const { port } = server.address() as { port: number };
  bridge = new WebSocketBridge(`ws://127.0.0.1:${port}/ws`, {
    callTimeoutMs: 200,
    WebSocket: WebSocket as unknown as typeof globalThis.WebSocket,
    onBadFrame: (reason) => badFrames.push(reason),
  });
});
afterEach(async () => {
  bridge.close();
  for (const c of server.clients) c.terminate();
  await new Promise((resolve) => server.close(resolve));
});

/** The calls the bridge sent, as the server saw them. */
async function calls(ws: WebSocket): Promise<{ id: number; method: string }[]> {
  const seen: { id: number; method: string }[] = [];
  ws.on('message', (d) => seen.push(JSON.parse(String(d))));
  return seen;
}

describe('WebSocketBridge', () => {
  it('fails a call that gets no answer with TIMEOUT, ignores the late answer, and serves the next call', async () => {
    const ws = await serverSocket;
    const seen = await calls(ws);
    const slow = bridge.call('cluster.overview');
    const failed = await slow.then(() => undefined, (e: unknown) => e);
    expect(failed).toBeInstanceOf(StreamlabError);
    expect((failed as StreamlabError).name).toBe('TIMEOUT');
    expect((failed as StreamlabError).message).toContain('cluster.overview');
    // The late answer to the timed-out call is dropped; the next call is answered normally.
    const next = bridge.call('settings.get');
    await expect.poll(() => seen.length).toBe(2);
    ws.send(JSON.stringify({ type: 'result', id: seen[0].id, result: { ok: true, value: 'late' } }));
    ws.send(JSON.stringify({ type: 'result', id: seen[1].id, result: { ok: true, value: { theme: 'dark' } } }));
    await expect(next).resolves.toEqual({ theme: 'dark' });
  });

  it('drops frames that are not the protocol and keeps the socket', async () => {
    const ws = await serverSocket;
    const seen = await calls(ws);
    const pending = bridge.call('app.info');
    await expect.poll(() => seen.length).toBe(1);
    ws.send('{not json');
    ws.send(JSON.stringify({ type: 'result', id: 'x' }));
    ws.send(JSON.stringify({ type: 'error', error: { name: 'INVALID_FRAME', message: 'The frame is not JSON.' } }));
    ws.send(JSON.stringify({ type: 'result', id: seen[0].id, result: { ok: false, error: { name: 'INVALID_REQUEST', message: 'm', field: 'topic' } } }));
    const e = await pending.then(() => undefined, (x: unknown) => x as StreamlabError);
    expect([e?.name, e?.field]).toEqual(['INVALID_REQUEST', 'topic']);
    expect(badFrames).toEqual(['not JSON', 'neither a result nor an event', 'the host refused a frame: The frame is not JSON.']);
  });

  it('delivers an event to every listener even when one throws', async () => {
    const ws = await serverSocket;
    const got: unknown[] = [];
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (e: unknown) => errors.push(e);
    try {
      bridge.on('cluster.state', () => {
        throw new Error('a broken screen');
      });
      bridge.on('cluster.state', (p) => got.push(p));
      ws.send(JSON.stringify({ type: 'event', event: 'cluster.state', payload: { at: 1 } }));
      await expect.poll(() => got.length).toBe(1);
    } finally {
      console.error = original;
    }
    expect(got).toEqual([{ at: 1 }]);
    expect(String(errors[0])).toContain('a broken screen');
  });

  it('fails calls in flight with DISCONNECTED when the host goes away', async () => {
    const ws = await serverSocket;
    const seen = await calls(ws);
    const pending = bridge.call('groups.list');
    await expect.poll(() => seen.length).toBe(1);
    ws.terminate();
    await expect(pending).rejects.toMatchObject({ name: 'DISCONNECTED' });
  });
});
