// The web host against frames that are not the protocol, and its favicon: a bad frame is answered (or
// dropped) and the socket keeps serving; a frame over the size limit closes that socket, not the host.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../contract.ts';
import type { Console } from '../console/service/console.ts';
import { startWebHost, type WebHost } from './web-host.ts';

let host: WebHost;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-frames-'));
const icon = path.join(dir, 'icon.png');
const iconBytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  fs.writeFileSync(icon, iconBytes);
  const fakeConsole = {
    dispatch: async (method: string, request: unknown) => ({ ok: true, value: { method, request } }),
    onEvent: () => () => undefined,
    disconnect: () => undefined,
  } as unknown as Console;
  host = await startWebHost({ console: fakeConsole, rendererDir: dir, port: 0, token: 't', iconFile: icon });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function open(): Promise<{ ws: WebSocket; messages: WireMessage[] }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=t`, { origin: `http://127.0.0.1:${host.port}` });
  const messages: WireMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WireMessage));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, messages };
}

describe('web host frames', () => {
  it('answers frames that are not calls with INVALID_FRAME and keeps serving the socket', async () => {
    const { ws, messages } = await open();
    ws.send('{not json');
    ws.send('42');
    ws.send(JSON.stringify({ type: 'call', id: 3 }));
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send(JSON.stringify({ type: 'call', id: 4, method: 'app.info', request: null }));
    await expect.poll(() => messages.length).toBe(5);
    expect(messages.slice(0, 4)).toEqual([
      { type: 'error', error: { name: 'INVALID_FRAME', message: 'The frame is not JSON.' } },
      { type: 'error', error: { name: 'INVALID_FRAME', message: 'The frame is not a JSON object.' } },
      { type: 'result', id: 3, result: { ok: false, error: { name: 'INVALID_FRAME', message: expect.stringContaining('method: string') } } },
      { type: 'error', error: { name: 'INVALID_FRAME', message: expect.stringContaining('Binary frames') } },
    ]);
    expect(messages[4]).toEqual({ type: 'result', id: 4, result: { ok: true, value: { method: 'app.info', request: null } } });
    ws.close();
  });

  it('closes only the socket that sends a frame over the size limit', async () => {
    const big = await open();
    const closed = new Promise<number>((resolve) => big.ws.once('close', (code) => resolve(code)));
    big.ws.send('x'.repeat(9 * 1024 * 1024));
    expect(await closed).toBe(1009); // "message too big"
    const { ws, messages } = await open();
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.info', request: null }));
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toMatchObject({ type: 'result', id: 1, result: { ok: true } });
    ws.close();
  });

  it('serves the app icon as the favicon', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await res.arrayBuffer())).toEqual(iconBytes);
  });

  it('finds the repository icon by default', async () => {
    const plain = await startWebHost({ console: { onEvent: () => () => undefined } as unknown as Console, rendererDir: dir, port: 0 });
    try {
      const res = await fetch(`http://127.0.0.1:${plain.port}/favicon.ico`);
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer())).toEqual(fs.readFileSync(path.join(import.meta.dirname, '..', '..', 'build', 'icon.png')));
    } finally {
      await plain.close();
    }
  });
});
