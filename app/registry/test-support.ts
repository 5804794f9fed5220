// Shared by the registry tests: a real local cluster on free ports in a temp dir, a registry on a free port,
// and a small REST caller that returns status and parsed body.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, type Cluster } from '../../engine/index.ts';
import { startRegistry, type Registry } from './index.ts';

export interface RegistryFixture {
  cluster: Cluster;
  bootstrap: string[];
  registry: Registry;
  close(): Promise<void>;
}

export async function registryFixture(brokers: number, registryOptions: { writeTimeoutMs?: number } = {}): Promise<RegistryFixture> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-registry-'));
  const cluster = await startCluster({ dataDir, brokers, basePort: 0, brokerConfig: { groupInitialRebalanceDelayMs: 0 } });
  const bootstrap = cluster.bootstrapServers.split(',');
  const registry = await startRegistry({ bootstrap, port: 0, ...registryOptions });
  const fixture: RegistryFixture = {
    cluster, bootstrap, registry,
    async close() {
      await fixture.registry.close().catch(() => undefined);
      await cluster.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return fixture;
}

export interface Answer<T = unknown> {
  status: number;
  body: T;
}

export const SR_JSON = 'application/vnd.schemaregistry.v1+json';

/** One REST call; `body` is sent as JSON unless it is a string or a Buffer (sent as is). */
export async function call<T = Record<string, unknown>>(base: string, method: string, route: string, body?: unknown, contentType = SR_JSON): Promise<Answer<T>> {
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : Buffer.isBuffer(body) ? new Uint8Array(body) : JSON.stringify(body);
  const res = await fetch(`${base}${route}`, { method, headers: payload !== undefined ? { 'Content-Type': contentType } : {}, body: payload });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // left as text
  }
  return { status: res.status, body: parsed as T };
}
