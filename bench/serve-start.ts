// Cold start of the `streamlab serve` command to three brokers accepting clients: spawn to the moment a TCP
// connection to each broker it printed succeeds, in a fresh data dir. Measured for the built bundle (what
// `npm run serve` runs) and, in the same run, for the sources through tsx (what it ran before), plus the RSS of
// the whole process once serving (brokers share it: they are worker threads).

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { ensureServeBuild } from '../scripts/build-serve.mjs';
import type { BenchResult } from './report.ts';

const ROOT = path.join(import.meta.dirname, '..');

function connect(hostPort: string): Promise<void> {
  const [host, port] = hostPort.split(':');
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), host, () => {
      s.destroy();
      resolve();
    });
    s.once('error', reject);
  });
}

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** One start: seconds to three brokers accepting connections, and the RSS once they do. */
async function startOnce(args: string[]): Promise<{ seconds: number; rss: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-serve-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, 'serve', '--data-dir', dir, '--brokers', '3', '--port', '0', '--ui-port', '0', '--registry-port', '0', '--no-open'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const brokers = await new Promise<string[]>((resolve, reject) => {
      let out = '';
      const onData = (d: Buffer) => {
        out += d;
        const m = /cluster running: (\S+)/.exec(out);
        if (m) resolve(m[1].split(','));
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out.slice(-500)}`)));
    });
    await Promise.all(brokers.map(connect));
    const seconds = (performance.now() - t0) / 1000;
    await new Promise((r) => setTimeout(r, 1000));
    return { seconds, rss: rssMB(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function serveStartBench(runs = 3): Promise<BenchResult[]> {
  const entry = await ensureServeBuild(() => {});
  const built: { seconds: number; rss: number }[] = [];
  const source: { seconds: number; rss: number }[] = [];
  for (let i = 0; i < runs; i++) {
    built.push(await startOnce([entry]));
    source.push(await startOnce(['--import', 'tsx', path.join(ROOT, 'app', 'serve', 'cli.ts')]));
  }
  return [
    {
      name: 'cold start of streamlab serve to 3 brokers accepting clients (built)', value: median(built.map((r) => r.seconds)), unit: 's', target: 0.5, higherIsBetter: false,
      extra: { fromSource: median(source.map((r) => r.seconds)) },
    },
    {
      name: 'RSS of streamlab serve, 3 brokers, no partitions (built)', value: median(built.map((r) => r.rss)), unit: 'MB', target: 150, higherIsBetter: false,
      extra: { fromSource: median(source.map((r) => r.rss)) },
    },
  ];
}
