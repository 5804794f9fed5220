// The headless web host: serves the built renderer over HTTP on 127.0.0.1 and the contract over a
// WebSocket at /ws. The socket requires the random token printed in the URL and an Origin of this very
// host (a page from any other site, even on localhost, is refused), and every request must name this host
// in its Host header (DNS-rebinding guard). Static files carry the same Content-Security-Policy as Electron
// (app/csp.ts); /favicon.ico is the app icon. A frame that is not a call (bad JSON, a wrong type) is answered
// with an error when it names an id, and ignored otherwise: the socket stays open either way.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WireMessage } from '../contract.ts';
import { CONTENT_SECURITY_POLICY } from '../csp.ts';
import { REPO_ROOT } from './renderer-build.ts';
import type { Console } from '../console/service/console.ts';

const APP_ICON = path.join(REPO_ROOT, 'build', 'icon.png');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export interface WebHostOptions {
  console: Console;
  rendererDir: string;
  /** 0 picks a free port. */
  port: number;
  /** Fixed token (tests); default: 32 random bytes. */
  token?: string;
  /** The app icon, served as /favicon.ico; default build/icon.png of the repository. */
  iconFile?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export async function startWebHost(opts: WebHostOptions): Promise<WebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const root = path.resolve(opts.rendererDir);
  const iconFile = opts.iconFile ?? APP_ICON;
  let port = opts.port;
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

  const server = http.createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) {
      res.writeHead(421, { 'content-type': 'text/plain' }).end('Misdirected request');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    let rel: string;
    try {
      rel = decodeURIComponent(url.pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    // Browsers ask for /favicon.ico on every page: answer with the app icon (a PNG, which they all accept).
    if (rel === '/favicon.ico' && fs.existsSync(iconFile)) {
      res.writeHead(200, { 'content-type': 'image/png', 'x-content-type-options': 'nosniff', 'cache-control': 'public, max-age=86400' });
      if (req.method === 'HEAD') res.end();
      else fs.createReadStream(iconFile).pipe(res);
      return;
    }
    let file = path.join(root, rel === '/' ? 'index.html' : rel);
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end();
      return;
    }
    // Unknown paths without an extension get the app (client-side screens); missing assets get 404.
    if (!fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      if (path.extname(rel) !== '') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
        return;
      }
      file = path.join(root, 'index.html');
    }
    res.writeHead(200, {
      'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': file.endsWith('index.html') ? 'no-store' : 'public, max-age=31536000, immutable',
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 8 * 1024 * 1024,
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== '/ws') return refuse('404 Not Found');
    if (!allowedHosts().has(req.headers.host ?? '')) return refuse('421 Misdirected Request');
    if (!allowedOrigins().has(req.headers.origin ?? '')) return refuse('403 Forbidden');
    if (!sameToken(url.searchParams.get('token') ?? '', token)) return refuse('401 Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = opts.console.onEvent((event, payload) => {
    const msg = JSON.stringify({ type: 'event', event, payload } satisfies WireMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(msg);
  });

  wss.on('connection', (ws: WebSocket) => {
    const clientId = `web-${randomUUID()}`;
    sockets.add(ws);
    const send = (msg: WireMessage) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    };
    const refuse = (id: unknown, message: string) => {
      const error = { name: 'INVALID_FRAME', message };
      // With an id the caller's promise settles now instead of at its time limit.
      send(typeof id === 'number' ? { type: 'result', id, result: { ok: false, error } } : { type: 'error', error });
    };
    ws.on('message', async (data, isBinary) => {
      if (isBinary) return refuse(undefined, 'Binary frames are not part of the protocol: send JSON text.');
      let msg: { type?: unknown; id?: unknown; method?: unknown; request?: unknown };
      try {
        msg = JSON.parse(String(data)) as typeof msg;
      } catch {
        return refuse(undefined, 'The frame is not JSON.');
      }
      if (typeof msg !== 'object' || msg === null) return refuse(undefined, 'The frame is not a JSON object.');
      if (msg.type !== 'call' || typeof msg.id !== 'number' || typeof msg.method !== 'string') {
        return refuse(msg.id, `Expected { type: 'call', id: number, method: string, request }.`);
      }
      const result = await opts.console.dispatch(msg.method, msg.request, { clientId });
      send({ type: 'result', id: msg.id, result });
    });
    // A protocol-level fault (an oversized or broken frame) closes this socket only; without a listener
    // the 'error' event would be thrown and take the whole host down.
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      sockets.delete(ws);
      opts.console.disconnect(clientId);
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
