// Starts `npm run serve` on free ports with a fresh data dir, waits for the UI URL (with its token) on its
// output, and hands it to the tests in STREAMLAB_URL (bootstrap servers in STREAMLAB_BOOTSTRAP). The
// returned teardown sends SIGINT, as Ctrl-C would, and waits for the clean shutdown.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { FullConfig } from '@playwright/test';

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

async function freePorts(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + Math.floor(Math.random() * 30000);
    const checks = await Promise.all(Array.from({ length: count }, (_, i) => portFree(base + i)));
    if (checks.every(Boolean)) return base;
  }
  throw new Error('no free ports');
}

export default async function globalSetup(config: FullConfig): Promise<() => Promise<void>> {
  const wantsWeb = config.projects.some((p) => p.name === 'web') && !process.argv.some((a) => a === '--project=electron');
  if (!wantsWeb) return async () => undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-e2e-'));
  const brokerPort = await freePorts(3);
  let uiPort = await freePorts(1);
  while (uiPort >= brokerPort && uiPort < brokerPort + 3) uiPort = await freePorts(1);
  const child = spawn('npm', ['run', 'serve', '--', '--data-dir', dataDir, '--brokers', '3', '--port', String(brokerPort), '--ui-port', String(uiPort), '--no-open'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its URL within 90 s:\n${output}`)), 90_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /Streamlab UI: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  process.env.STREAMLAB_URL = url;
  process.env.STREAMLAB_BOOTSTRAP = [0, 1, 2].map((i) => `127.0.0.1:${brokerPort + i}`).join(',');
  return async () => {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // The whole process group: npm, tsx and node.
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, 15_000));
    await Promise.race([exited, timeout]);
    if (child.exitCode === null) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
