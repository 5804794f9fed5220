// The web host's guards: the socket needs the token and our own Origin; calls and events flow as JSON.

import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WireMessage } from '../contract.ts';
import type { Console } from '../console/service/console.ts';
import { startWebHost, type WebHost } from './web-host.ts';

let host: WebHost;
let emit: (event: string, payload: unknown) => void = () => undefined;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-webhost-'));

beforeAll(async () => {
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const fakeConsole = {
    dispatch: async (method: string, request: unknown) =>
      method === 'app.info' ? { ok: true, value: { echo: request } } : { ok: false, error: { name: 'UNKNOWN_METHOD', message: method } },
    onEvent: (l: (e: string, p: unknown) => void) => {
      emit = l;
      return () => undefined;
    },
    disconnect: () => undefined,
  } as unknown as Console;
  host = await startWebHost({ console: fakeConsole, rendererDir: dir, port: 0, token: 'secret-token' });
});
afterAll(async () => {
  await host.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(token: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws?token=${token}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(String(res.statusCode))));
    ws.once('error', reject);
  });
}

/** A GET with exactly these headers (fetch cannot set Host); resolves with the status code. */
function rawGet(pathname: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port: host.port, path: pathname, headers, agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
  });
}

describe('web host', () => {
  it('prints a URL with the token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=secret-token`);
  });

  it('serves the renderer with a CSP, and refuses a foreign Host header', async () => {
    const res = await fetch(`http://127.0.0.1:${host.port}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    const traversal = await fetch(`http://127.0.0.1:${host.port}/..%2f..%2fetc%2fpasswd`);
    expect([403, 404]).toContain(traversal.status);

    // Our own names for this port are served; a rebound name, or ours on another port, is not.
    expect(await rawGet('/', { host: `127.0.0.1:${host.port}` })).toBe(200);
    expect(await rawGet('/', { host: `localhost:${host.port}` })).toBe(200);
    expect(await rawGet('/', { host: `evil.example:${host.port}` })).toBe(421);
    expect(await rawGet('/', { host: 'evil.example' })).toBe(421);
    expect(await rawGet('/', { host: `localhost:${host.port + 1}` })).toBe(421);
    // The socket too, even with the right token and our own Origin.
    const upgrade = { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', origin: `http://127.0.0.1:${host.port}` };
    expect(await rawGet('/ws?token=secret-token', { ...upgrade, host: `evil.example:${host.port}` })).toBe(421);
  });

  it('refuses another origin and a wrong token', async () => {
    await expect(open('secret-token', 'http://evil.example')).rejects.toThrow('403');
    await expect(open('wrong', `http://127.0.0.1:${host.port}`)).rejects.toThrow('401');
  });

  it('answers calls and forwards events', async () => {
    const ws = await open('secret-token', `http://127.0.0.1:${host.port}`);
    const messages: WireMessage[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(String(d)) as WireMessage));
    ws.send(JSON.stringify({ type: 'call', id: 7, method: 'app.info', request: { x: 1 } }));
    await expect.poll(() => messages.length).toBe(1);
    expect(messages[0]).toEqual({ type: 'result', id: 7, result: { ok: true, value: { echo: { x: 1 } } } });
    emit('cluster.state', { at: 1 });
    await expect.poll(() => messages.length).toBe(2);
    expect(messages[1]).toEqual({ type: 'event', event: 'cluster.state', payload: { at: 1 } });
    ws.close();
  });
});
