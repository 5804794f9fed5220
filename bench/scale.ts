// Scale: cold start and RSS of `streamlab serve` built and from source (cold-start.ts), partitions created per second, RSS and open descriptors at 0 / 1,000 / 10,000 partitions, cold start
// at 0 and 10,000, idle CPU at 1,000, and the 10,000-partition run (created, produced to, restarted, every
// record read back) under `ulimit -n 1024`. Each measurement runs in a child process of its own, so
// descriptor counts and RSS are that cluster's alone.
//
// "before" figures in `extra` are from the same scenarios run on the code before the descriptor pool, the
// lazy epoch checkpoint and the follower long-poll (recorded once on this machine; there is no flag for the
// old code path): 1,000 partitions created at 340/s holding 9,099 descriptors, idle 9.5 % of a core, and
// 2,000 partitions under `ulimit -n 256` failing every broker with EMFILE. Cold start before lazy log opening
// (every log opened at broker start), measured in one run beside the lazy code on a loaded 2-core machine:
// 1,000 partitions 16.5 s (11.1 s with none), 10,000 partitions 39.8 s (6.9 s with none). Since logs open on
// first use, the opening work lands just after start (followers open a bounded number per fetch round), so the
// idle row waits until the cluster has settled (every replica's log open, then 10 s untouched: scale-child.ts) before measuring;
// `settleSeconds` says how long that took and `cpuSeconds` is the robust figure on a shared machine. Idle
// before incremental fetches read only changed partitions (same settled measurement, one run beside it on
// a 2-core machine at load 12-15): 2.3-2.7 % of a core at 1,000 partitions; with no partitions 0.9 %.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './report.ts';
import { coldStartBench } from './cold-start.ts';

function runChild(limit: number, script: string, args: string[]): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const cmd = `ulimit -n ${limit}; exec node --import tsx ${[script, ...args].map((a) => JSON.stringify(a)).join(' ')}`;
    const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('close', (code) => {
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as Record<string, number>);
      } catch {
        reject(new Error(`${path.basename(script)} ${args.join(' ')} exited ${code}: ${out.slice(-500)}`));
      }
    });
  });
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-scale-'));
}

export async function scaleBench(opts: { big?: number } = {}): Promise<BenchResult[]> {
  const big = opts.big ?? 10_000;
  const child = path.join(import.meta.dirname, 'scale-child.ts');
  const results: BenchResult[] = await coldStartBench();
  const at: Record<number, Record<string, number>> = {};
  for (const n of [0, 1000, big]) {
    const dir = tempDir();
    try {
      at[n] = await runChild(1024, child, [dir, String(n), '20']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  results.push({ name: `partitions created (RF 3, ${big} partitions)`, value: at[big].partitionsPerSecond, unit: 'partitions/s', extra: { before: 340 } });
  results.push({ name: 'RSS, 3 brokers, no partitions', value: at[0].rssEmpty, unit: 'MB', target: 150, higherIsBetter: false, extra: { before: 247 } });
  results.push({ name: 'RSS, 1,000 partitions', value: at[1000].rssLoaded, unit: 'MB', extra: { before: 351 } });
  results.push({ name: `RSS, ${big} partitions`, value: at[big].rssLoaded, unit: 'MB' });
  results.push({ name: 'open descriptors, no partitions', value: at[0].fdsEmpty, unit: 'fds' });
  results.push({ name: 'open descriptors, 1,000 partitions', value: at[1000].fdsLoaded, unit: 'fds', extra: { before: 9099 } });
  results.push({ name: `open descriptors, ${big} partitions (ulimit -n 1024)`, value: at[big].fdsLoaded, unit: 'fds', target: 1024, higherIsBetter: false });
  results.push({ name: 'cold start to serving, no partitions', value: at[0].coldStartEmpty, unit: 's', target: 0.5, higherIsBetter: false });
  results.push({ name: 'cold start to serving, 1,000 partitions', value: at[1000].coldStartLoaded, unit: 's', higherIsBetter: false, extra: { before: 16.5 } });
  results.push({ name: `cold start to serving, ${big} partitions`, value: at[big].coldStartLoaded, unit: 's', higherIsBetter: false, extra: { partitionsBack: at[big].partitionsBack, before: 39.8 } });
  results.push({
    name: 'idle CPU, 1,000 partitions (settled)', value: at[1000].idleCpuPct, unit: '% of a core', target: 1, higherIsBetter: false,
    extra: { before: 2.5, cpuSeconds: at[1000].idleCpuSeconds, wallSeconds: at[1000].idleWallSeconds, settleSeconds: at[1000].settleSeconds, noPartitions: at[0].idleCpuPct },
  });

  // The goal run: created, produced to, restarted, every record read back, under ulimit -n 1024.
  const run = path.join(import.meta.dirname, '..', 'engine', 'test', 'scale-run.ts');
  const dir = tempDir();
  try {
    const topics = String(Math.ceil(big / 100));
    const created = await runChild(1024, run, [dir, 'create', topics, '100']);
    const verified = await runChild(1024, run, [dir, 'verify', topics, '100']);
    results.push({
      name: `${big} partitions under ulimit -n 1024: records read back after a restart`, value: verified.records ?? 0, unit: 'records', target: big * 3, higherIsBetter: true,
      extra: { produced: created.produced ?? 0, maxFds: Math.max(created.maxFds ?? 0, verified.maxFds ?? 0), restartSeconds: verified.startSeconds ?? NaN },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return results;
}
