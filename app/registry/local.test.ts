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
