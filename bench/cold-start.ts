// Cold start of `streamlab serve` to three brokers accepting clients, and its memory once settled. Each run
// spawns the built bundle in a fresh data dir and times spawn -> a Kafka client (engine/client) has connected
// to each broker it printed and had ApiVersions answered; the process's CPU (all threads) at that moment; and
// its RSS once the console, the web host and the registry have loaded ("Streamlab UI:") and 5 s of idle.
// The sources through tsx are measured in the same run for comparison, as is any other bundle directory
// given (a build of an earlier commit, for before/after figures):
//
//   node --import tsx bench/cold-start.ts [--runs 5] [--compare DIR ...] [--no-source]

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { KafkaConnection } from '../engine/index.ts';
import { ensureServeBuild } from '../scripts/build-serve.mjs';
import type { BenchResult } from './report.ts';

const ROOT = path.join(import.meta.dirname, '..');
const CLK_TCK = 100; // /proc/<pid>/stat's clock ticks on Linux

async function kafkaReady(hostPort: string): Promise<void> {
  const [host, port] = hostPort.split(':');
  const c = await KafkaConnection.connect(host, Number(port), { clientId: 'cold-start-bench', timeoutMs: 10_000 });
  try {
    await c.negotiateVersions();
  } finally {
    await c.close();
  }
}

function rssMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime, stime
}

export interface StartSample {
  /** Spawn to three brokers answering a Kafka client. */
  seconds: number;
  /** CPU of the process, all threads, at that moment. */
  cpu: number;
  /** RSS once everything loaded and idled for idleMs. */
  rss: number;
}

/** One start of `node <args> serve ...` in a fresh data dir. */
export async function startOnce(args: string[], idleMs = 5000): Promise<StartSample> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-bench-serve-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, [...args, 'serve', '--data-dir', dir, '--brokers', '3', '--port', '0', '--ui-port', '0', '--registry-port', '0', '--no-open'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const seen = (re: RegExp) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) {
          child.stdout.off('data', check);
          child.stderr.off('data', check);
          resolve(m);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out.slice(-500)}`)));
      check();
    });
  child.stdout.on('data', (d: Buffer) => (out += d));
  child.stderr.on('data', (d: Buffer) => (out += d));
  try {
    const brokers = (await seen(/cluster running: (\S+)/))[1].split(',');
    // A refused connection right after the line is a real failure: the brokers listen before it is printed.
    await Promise.all(brokers.map(kafkaReady));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSeconds(child.pid!);
    await seen(/Streamlab UI: /);
    await new Promise((r) => setTimeout(r, idleMs));
    return { seconds, cpu, rss: rssMB(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export interface Variant {
  name: string;
  args: string[];
}

/** Runs the variants interleaved (run i of each, then run i+1), so load changes hit them alike. */
export async function measure(variants: Variant[], runs: number): Promise<Map<string, StartSample[]>> {
  const samples = new Map(variants.map((v) => [v.name, [] as StartSample[]]));
  for (let i = 0; i < runs; i++) for (const v of variants) samples.get(v.name)!.push(await startOnce(v.args));
  return samples;
}

export function summary(samples: StartSample[]): StartSample {
  return { seconds: median(samples.map((s) => s.seconds)), cpu: median(samples.map((s) => s.cpu)), rss: median(samples.map((s) => s.rss)) };
}

/** The bench rows (bench/scale.ts): the built bundle, with the sources through tsx beside it. */
export async function coldStartBench(runs = 5): Promise<BenchResult[]> {
  const entry = await ensureServeBuild(() => {});
  const samples = await measure([{ name: 'built', args: [entry] }, { name: 'source', args: ['--import', 'tsx', path.join(ROOT, 'app', 'serve', 'cli.ts')] }], runs);
  const built = summary(samples.get('built')!);
  const source = summary(samples.get('source')!);
  return [
    {
      name: 'cold start of streamlab serve to 3 brokers answering a Kafka client (built)', value: built.seconds, unit: 's', target: 0.5, higherIsBetter: false,
      extra: { cpuSeconds: built.cpu, fromSource: source.seconds },
    },
    {
      name: 'RSS of streamlab serve, 3 brokers, no partitions, console loaded, 5 s idle (built)', value: built.rss, unit: 'MB', target: 150, higherIsBetter: false,
      extra: { fromSource: source.rss },
    },
  ];
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const { values } = parseArgs({ options: { runs: { type: 'string' }, compare: { type: 'string', multiple: true }, 'no-source': { type: 'boolean' } } });
  const runs = Number(values.runs ?? 5);
  const entry = await ensureServeBuild(() => {});
  const variants: Variant[] = [{ name: path.relative(ROOT, path.dirname(entry)), args: [entry] }];
  for (const dir of values.compare ?? []) variants.push({ name: dir, args: [path.resolve(dir, 'cli.js')] });
  if (!values['no-source']) variants.push({ name: 'source (tsx)', args: ['--import', 'tsx', path.join(ROOT, 'app', 'serve', 'cli.ts')] });
  const samples = await measure(variants, runs);
  for (const [name, s] of samples) {
    const m = summary(s);
    console.log(`${name.padEnd(22)} start ${m.seconds.toFixed(3)} s (runs ${s.map((x) => x.seconds.toFixed(2)).join(' ')})  cpu ${m.cpu.toFixed(2)} s  rss ${m.rss.toFixed(1)} MB (runs ${s.map((x) => x.rss.toFixed(0)).join(' ')})`);
  }
}
