// The console's registry client against a small HTTP server standing in for a registry: it sends basic auth or
// a bearer token, turns Confluent's error bodies into named errors, and says so when nothing answers. The
// codec marks wire-format values it cannot decode instead of failing the page.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RegistryClient } from './registry-client.ts';
import { SchemaCodec } from './wire-format.ts';

let server: http.Server;
let url: string;
const seen: { path: string; auth: string | undefined }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    seen.push({ path: req.url ?? '', auth: req.headers.authorization });
    res.setHeader('Content-Type', 'application/vnd.schemaregistry.v1+json');
    if (req.url === '/subjects') return res.end('["a-value"]');
    if (req.url === '/secret') return void res.writeHead(401).end('{"error_code":401,"message":"Unauthorized"}');
    if (req.url?.startsWith('/schemas/ids/')) return void res.writeHead(404).end('{"error_code":40403,"message":"Schema not found"}');
    res.writeHead(404).end(JSON.stringify({ error_code: 40401, message: "Subject 'x' not found." }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
});

describe('RegistryClient', () => {
  it('sends basic auth or a bearer token', async () => {
    expect(await new RegistryClient({ url: `${url}/`, username: 'u', password: 'p' }).subjects()).toEqual(['a-value']);
    expect(seen.at(-1)?.auth).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
    await new RegistryClient({ url, token: 't0k' }).subjects();
    expect(seen.at(-1)?.auth).toBe('Bearer t0k');
    await new RegistryClient({ url }).subjects();
    expect(seen.at(-1)?.auth).toBeUndefined();
  });

  it("names Confluent's errors, refused credentials and a registry that does not answer", async () => {
    const c = new RegistryClient({ url });
    await expect(c.versions('x')).rejects.toMatchObject({ errorName: 'SUBJECT_NOT_FOUND', code: 40401, message: "Subject 'x' not found." });
    await expect(c.request('GET', '/secret')).rejects.toMatchObject({ errorName: 'REGISTRY_ERROR', message: expect.stringContaining('refused the credentials') });
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await expect(new RegistryClient({ url: `http://127.0.0.1:${port}` }).subjects()).rejects.toMatchObject({ errorName: 'REGISTRY_UNAVAILABLE' });
  });
});

describe('SchemaCodec', () => {
  const wire = (id: number) => Buffer.concat([Buffer.from([0, 0, 0, 0, id]), Buffer.from('payload')]);

  it('leaves values alone whose id the registry does not know, and plain values', async () => {
    const codec = new SchemaCodec(new RegistryClient({ url }));
    expect(await codec.decodeAll([wire(9), Buffer.from('{"a":1}'), null])).toEqual([undefined, undefined, undefined]);
  });

  it('marks wire-format values with the reason when the registry is down', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const codec = new SchemaCodec(new RegistryClient({ url: `http://127.0.0.1:${port}` }));
    const [d, plain] = await codec.decodeAll([wire(3), Buffer.from('text')]);
    expect(d).toMatchObject({ schemaId: 3, subject: null, schemaType: null, error: expect.stringContaining('not answering') });
    expect(plain).toBeUndefined();
  });
});
