// Starting a cluster: the brokers start side by side, and when one cannot (its port is taken) the start fails
// with that error and leaves no other broker running.

import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cluster } from './cluster.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function listen(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(undefined));
    s.listen(port, '127.0.0.1', () => resolve(s));
  });
}
const close = (s: net.Server) => new Promise<void>((r) => s.close(() => r()));

/** Three free consecutive ports, held until released. */
async function threePorts(): Promise<{ base: number; servers: net.Server[] }> {
  for (;;) {
    const base = 20_000 + Math.floor(Math.random() * 40_000);
    const servers = (await Promise.all([0, 1, 2].map((i) => listen(base + i)))).filter((s): s is net.Server => s !== undefined);
    if (servers.length === 3) return { base, servers };
    await Promise.all(servers.map(close));
  }
}

describe('Cluster.start', () => {
  it('fails with the taken port of one broker and leaves the others stopped; starts all three once it is free', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-start-'));
    dirs.push(dataDir);
    const { base, servers } = await threePorts();
    await close(servers[0]);
    await close(servers[2]);
    const err = await Cluster.start({ dataDir, brokers: 3, basePort: base }).then(() => undefined, (e: NodeJS.ErrnoException) => e);
    expect(err?.code).toBe('EADDRINUSE');
    // Brokers 1 and 3 started and were stopped again: their ports are free.
    for (const port of [base, base + 2]) {
      const s = await listen(port);
      expect(s, `port ${port}`).toBeDefined();
      await close(s!);
    }
    await close(servers[1]);
    const cluster = await Cluster.start({ dataDir, brokers: 3, basePort: base });
    try {
      expect(cluster.status().map((b) => [b.id, b.port, b.state])).toEqual([[1, base, 'running'], [2, base + 1, 'running'], [3, base + 2, 'running']]);
      expect(cluster.partitions()).toEqual([]);
      // The brokers start side by side; the bootstrap list is still in broker id order (broker 1's first).
      expect(cluster.bootstrapServers).toBe(cluster.status().map((b) => `${b.host}:${b.port}`).join(','));
    } finally {
      await cluster.stop();
    }
  }, 60_000);
});
