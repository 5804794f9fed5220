// The `streamlab` command driven as a user would from a shell: one process serves, others control it.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServeBuild, SERVE_DIR } from '../../scripts/build-serve.mjs';

const root = path.resolve(import.meta.dirname, '..', '..');
const bin = path.join(root, 'bin', 'streamlab.mjs');
let dataDir: string;
let server: ChildProcess;
let serveOutput = '';

function streamlab(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args, '--data-dir', dataDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function json(...args: string[]): Promise<Record<string, unknown>> {
  const r = await streamlab(...args);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

// The brokers' threads run the bundle through a V8 code cache: this one is corrupt, and must only cost time.
const codeCache = path.join(SERVE_DIR, 'broker-worker.cjs.cache');
const corruptCache = Buffer.alloc(64 * 1024, 0xa5);

type Status = { brokers: { id: number; state: string }[]; partitions: { topic: string; leader: number; isr: number[] }[] };

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-cli-'));
  await ensureServeBuild(() => undefined);
  fs.writeFileSync(codeCache, corruptCache);
  server = spawn(process.execPath, [bin, 'serve', '--data-dir', dataDir, '--brokers', '3', '--port', '0', '--ui-port', '0', '--registry-port', '0', '--no-open', '--broker-config', 'num.partitions=2', '--broker-config', 'log.retention.hours=48'], { stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout!.on('data', (d) => (serveOutput += d));
  server.stderr!.on('data', (d) => (serveOutput += d));
  await until('serve to start', async () => serveOutput.includes('Streamlab UI'), 120_000);
}, 180_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    server.kill('SIGINT');
    await new Promise((r) => server.once('exit', r));
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('streamlab command', () => {
  it('serves through a corrupt code cache and replaces it with a valid one', async () => {
    expect(serveOutput).toMatch(/Streamlab cluster running: \S+:\d+,\S+:\d+,\S+:\d+/);
    const status = await json('status');
    expect((status as unknown as Status).brokers.map((b) => b.state)).toEqual(['running', 'running', 'running']);
    await until('the code cache to be rewritten', async () => !fs.readFileSync(codeCache).equals(corruptCache));
  });

  it('reports status, manages topics, and stops, kills, restarts and adds brokers', async () => {
    const control = path.join(dataDir, 'control.json');
    expect(fs.statSync(control).mode & 0o777).toBe(0o600);

    const status = (await json('status')) as unknown as Status;
    expect(status.brokers.map((b) => [b.id, b.state])).toEqual([[1, 'running'], [2, 'running'], [3, 'running']]);

    const created = await json('topic', 'create', 'orders', '--partitions', '3', '--replication-factor', '3', '--config', 'retention.ms=60000');
    expect(created).toMatchObject({ name: 'orders', partitions: 3, replicationFactor: 3 });
    const described = await json('topic', 'describe', 'orders');
    expect(described.configs).toEqual({ 'retention.ms': '60000' });
    expect((described.partitions as unknown[]).length).toBe(3);
    // The Schema Registry starts on its first request and keeps its schemas in the cluster: `_schemas` is
    // there beside the user's topics from then on, not before.
    expect((await json('topic', 'list')).topics).toEqual(['orders']);
    const registryUrl = /Streamlab Schema Registry: (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOutput)?.[1];
    expect(await (await fetch(`${registryUrl}/subjects`)).json()).toEqual([]);
    expect(((await json('topic', 'list')).topics as string[]).sort()).toEqual(['_schemas', 'orders']);

    // Kill broker 2: it is stopped and leads nothing; the ISRs drop it.
    await json('broker', 'kill', '2');
    const afterKill = (await json('status')) as unknown as Status;
    expect(afterKill.brokers.find((b) => b.id === 2)!.state).toBe('stopped');
    for (const p of afterKill.partitions) {
      expect(p.leader).not.toBe(2);
      expect(p.isr).not.toContain(2);
    }
    // Restart it: it catches up and rejoins every ISR.
    await json('broker', 'restart', '2');
    await until('broker 2 back in every ISR', async () => {
      const s = (await json('status')) as unknown as Status;
      return s.partitions.every((p) => p.isr.includes(2));
    });
    // A controlled stop, then a restart.
    await json('broker', 'stop', '3');
    expect(((await json('status')) as unknown as Status).partitions.every((p) => p.leader !== 3)).toBe(true);
    await json('broker', 'restart', '3');
    expect(await json('broker', 'add')).toEqual({ id: 4 });
    expect(((await json('status')) as unknown as Status).brokers.map((b) => b.state)).toEqual(['running', 'running', 'running', 'running']);

    expect(await json('topic', 'delete', 'orders')).toEqual({ deleted: 'orders' });
    expect(await json('topic', 'list')).toEqual({ topics: ['_schemas'] });
  });

  it('serves the Schema Registry and prints its URL', async () => {
    const url = /Streamlab Schema Registry: (http:\/\/127\.0\.0\.1:\d+)/.exec(serveOutput)?.[1];
    expect(url, serveOutput).toBeDefined();
    const res = await fetch(`${url}/subjects/cli-value/versions`, {
      method: 'POST', headers: { 'Content-Type': 'application/vnd.schemaregistry.v1+json' }, body: JSON.stringify({ schema: '"string"' }),
    });
    expect(await res.json()).toEqual({ id: 1 });
    expect(await (await fetch(`${url}/subjects`)).json()).toEqual(['cli-value']);
  });

  it('answers bad requests with one clear line and a non-zero exit, writing nothing', async () => {
    const cases: [string[], RegExp][] = [
      [['topic', 'create', 'big', '--partitions', '1', '--replication-factor', '9'], /^streamlab: INVALID_REPLICATION_FACTOR: .*9.*\n$/],
      [['topic', 'create', 'zero', '--partitions', '0', '--replication-factor', '1'], /^streamlab: INVALID_PARTITIONS: .*\n$/],
      [['topic', 'create', 'a/b', '--partitions', '1'], /^streamlab: INVALID_TOPIC_EXCEPTION: .*\n$/],
      [['topic', 'create', 'cfg', '--config', 'retention.ms=-5'], /^streamlab: INVALID_CONFIG: .*retention\.ms.*\n$/],
      [['topic', 'describe', 'missing'], /^streamlab: UNKNOWN_TOPIC_OR_PARTITION: .*\n$/],
      [['broker', 'kill', '99'], /^streamlab: no broker 99\n$/],
      [['broker', 'explode', '1'], /^streamlab: usage: .*\n$/],
    ];
    for (const [args, expected] of cases) {
      const r = await streamlab(...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(expected);
    }
    expect(await json('topic', 'list')).toEqual({ topics: ['_schemas'] });
  });

  it('--broker-config: a topic created without counts gets num.partitions; bad settings stop serve before it starts', async () => {
    const created = await json('topic', 'create', 'defaults');
    expect(created).toMatchObject({ name: 'defaults', partitions: 2, replicationFactor: 1 });
    await json('topic', 'delete', 'defaults');
    const cases: [string, RegExp][] = [
      ['num.partition=4', /^streamlab: --broker-config: Unknown broker config name: num\.partition\n$/],
      ['num.partitions=four', /^streamlab: --broker-config: Invalid value four for configuration num\.partitions: Not a number of type INT\n$/],
      ['num.partitions', /^streamlab: --broker-config: expected name=value, not 'num\.partitions'\n$/],
    ];
    for (const [entry, expected] of cases) {
      const r = await streamlab('serve', '--port', '0', '--ui-port', '0', '--no-open', '--broker-config', entry);
      expect(r.code, entry).toBe(2);
      expect(r.stderr).toMatch(expected);
    }
  });

  it('says clearly when no instance runs for a data dir', async () => {
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-none-'));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [bin, 'status', '--data-dir', other], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    fs.rmSync(other, { recursive: true, force: true });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^streamlab: no running Streamlab found for .*\n$/);
  });
});
