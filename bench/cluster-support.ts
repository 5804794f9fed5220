// Shared by the cluster benchmarks: the engine's cluster fixture (engine/testing.ts), kcat runs timed by their
// own wall time, the 1M-message input file, and percentiles.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testCluster, type TestCluster, type TestClusterOptions } from '../engine/testing.ts';

export { createTopic } from '../engine/testing.ts';
export type BenchCluster = TestCluster;

/** The engine's cluster fixture, with `brokers` brokers. */
export function benchCluster(brokers: number, opts: Omit<TestClusterOptions, 'brokers' | 'dataDir'> = {}): Promise<BenchCluster> {
  return testCluster({ brokers, ...opts });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A file of `count` newline-delimited messages of exactly `bytes` bytes each (the delimiter not counted),
 * made once per process and reused by every kcat produce.
 */
const inputFiles = new Map<string, string>();
export function messageFile(count: number, bytes: number): string {
  const key = `${count}x${bytes}`;
  const known = inputFiles.get(key);
  if (known) return known;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-input-')), `${key}.txt`);
  const line = Buffer.alloc(bytes + 1, 'x');
  line[bytes] = 0x0a;
  const per = 10_000;
  const chunk = Buffer.concat(Array.from({ length: per }, (_, i) => {
    const l = Buffer.from(line);
    l.write(String(i).padStart(8, '0'), 0, 'latin1');
    return l;
  }));
  const fd = fs.openSync(file, 'w');
  for (let written = 0; written < count; written += per) {
    const n = Math.min(per, count - written);
    fs.writeSync(fd, chunk, 0, n * (bytes + 1));
  }
  fs.closeSync(fd);
  inputFiles.set(key, file);
  process.once('exit', () => fs.rmSync(path.dirname(file), { recursive: true, force: true }));
  return file;
}

export interface KcatRun {
  code: number | null;
  /** Wall time, spawn to exit. */
  seconds: number;
  /** kcat's own CPU time (user + system), from GNU time; NaN where /usr/bin/time is missing. */
  kcatCpuSeconds: number;
  /** CPU time of this process over the run, every thread: the brokers (worker threads) and the controller. */
  clusterCpuSeconds: number;
  /** % of the wall time in which some runnable task on the machine waited for a CPU (Linux PSI); NaN if unknown. */
  cpuWaitPct: number;
  stderr: string;
}

const GNU_TIME = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/**
 * Runs kcat with stdin from a file (or nothing) and stdout discarded, timed from spawn to exit: kcat's own
 * wall time, which for -P includes waiting for every delivery report and for -C reading to the end. The
 * machine is shared, so CPU times are measured too: they say what the work costs whatever else is running.
 */
export function kcat(args: string[], opts: { stdinFile?: string; timeoutMs?: number } = {}): Promise<KcatRun> {
  return new Promise((resolve, reject) => {
    const stdin = opts.stdinFile ? fs.openSync(opts.stdinFile, 'r') : 'ignore';
    const timeFile = GNU_TIME ? path.join(os.tmpdir(), `streamlab-bench-time-${process.pid}-${Math.random().toString(36).slice(2)}`) : undefined;
    const [cmd, argv] = timeFile ? [GNU_TIME!, ['-o', timeFile, '-f', '%U %S', 'kcat', ...args]] : ['kcat', args];
    const cpu0 = process.cpuUsage();
    const psi0 = cpuPressureUs();
    const t0 = process.hrtime.bigint();
    const child: ChildProcess = spawn(cmd, argv, { stdio: [stdin, 'ignore', 'pipe'] });
    if (typeof stdin === 'number') fs.closeSync(stdin);
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 180_000);
    child.stderr!.on('data', (d: Buffer) => {
      if (stderr.length < 64 * 1024) stderr += d.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      const cpu = process.cpuUsage(cpu0);
      const cpuWaitPct = (100 * (cpuPressureUs() - psi0)) / 1e6 / seconds;
      clearTimeout(timer);
      let kcatCpuSeconds = NaN;
      if (timeFile) {
        try {
          const m = /([\d.]+) ([\d.]+)\s*$/.exec(fs.readFileSync(timeFile, 'utf8'));
          if (m) kcatCpuSeconds = Number(m[1]) + Number(m[2]);
          fs.rmSync(timeFile);
        } catch {
          // no figure
        }
      }
      resolve({ code, seconds, kcatCpuSeconds, clusterCpuSeconds: (cpu.user + cpu.system) / 1e6, cpuWaitPct, stderr });
    });
  });
}

/**
 * Linux pressure stall information: total µs in which some runnable task waited for a CPU. The machine is
 * shared with other work; a run with a high share of waiting measured the neighbours as much as us.
 */
export function cpuPressureUs(): number {
  try {
    const m = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return m ? Number(m[1]) : NaN;
  } catch {
    return NaN;
  }
}

/** The 1-minute load average and the core count: how busy the shared machine was. */
export function machineLoad(): string {
  return `${os.loadavg()[0].toFixed(1)}/${os.availableParallelism()}`;
}

/** -X key=value pairs as kcat arguments, and the same as a short text for the result row. */
export function kcatSettings(settings: Record<string, string | number>): { args: string[]; text: string } {
  const entries = Object.entries(settings);
  return { args: entries.flatMap(([k, v]) => ['-X', `${k}=${v}`]), text: entries.map(([k, v]) => `${k}=${v}`).join(',') };
}

/** The p-th percentile (0..100) of an ascending array, nearest rank. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
