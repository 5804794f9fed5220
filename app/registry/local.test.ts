// The hosts' registry start: a busy preferred port falls back to a free one and says so.

import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../engine/index.ts';
import { startLocalRegistry } from './local.ts';

let cluster: Cluster;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-registry-local-'));
beforeAll(async () => {
  cluster = await startCluster({ dataDir, brokers: 1, basePort: 0 });
});
afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

it('uses a free port when the preferred one is taken, and says so', async () => {
  const squatter = http.createServer();
  await new Promise<void>((r) => squatter.listen(0, '127.0.0.1', () => r()));
  const busy = (squatter.address() as AddressInfo).port;
  const messages: string[] = [];
  const registry = await startLocalRegistry({ bootstrap: cluster.bootstrapServers.split(','), port: busy, log: (m) => messages.push(m) });
  try {
    expect(registry.port).not.toBe(busy);
    expect(messages).toEqual([`Port ${busy} is already in use: the Schema Registry listens on ${registry.url} instead.`]);
    expect(await (await fetch(`${registry.url}/subjects`)).json()).toEqual([]);
  } finally {
    await registry.close();
    squatter.close();
  }
});

it('starts the registry on the first request and serves Avro, Protobuf and JSON schemas', async () => {
  const registry = await startLocalRegistry({ bootstrap: cluster.bootstrapServers.split(','), port: 0 });
  const call = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(`${registry.url}${p}`, { method, headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  try {
    const schemas = [
      { subject: 'avro-value', schemaType: 'AVRO', schema: JSON.stringify({ type: 'record', name: 'User', fields: [{ name: 'id', type: 'long' }] }) },
      { subject: 'proto-value', schemaType: 'PROTOBUF', schema: 'syntax = "proto3";\nmessage User { int64 id = 1; }\n' },
      { subject: 'json-value', schemaType: 'JSON', schema: JSON.stringify({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] }) },
    ];
    // Concurrent first requests share one start.
    const registered = await Promise.all(schemas.map((s) => call('POST', `/subjects/${s.subject}/versions`, { schemaType: s.schemaType, schema: s.schema })));
    for (const r of registered) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const ids = registered.map((r) => r.body.id as number);
    expect(new Set(ids).size).toBe(3);
    for (const [i, s] of schemas.entries()) {
      const got = await call('GET', `/schemas/ids/${ids[i]}`);
      expect(got.status).toBe(200);
      expect(got.body.schemaType ?? 'AVRO').toBe(s.schemaType);
    }
    // The codecs are loaded and check schemas: an Avro schema that does not parse is refused.
    const bad = await call('POST', '/subjects/avro-value/versions', { schema: '{"type":"record","name":"X","fields":[{"name":"a","type":"nope"}]}' });
    expect(bad.status).toBe(422);
    expect(bad.body.error_code).toBe(42201);
    expect((await call('GET', '/subjects')).body).toEqual(['avro-value', 'json-value', 'proto-value']);
  } finally {
    await registry.close();
  }
  // A new registry on the same cluster reads back what the first wrote.
  const again = await startLocalRegistry({ bootstrap: cluster.bootstrapServers.split(','), port: 0 });
  try {
    expect(await (await fetch(`${again.url}/subjects/proto-value/versions`)).json()).toEqual([1]);
  } finally {
    await again.close();
  }
});
