// The one cluster fixture: a real cluster on free ports in a temp dir (for the integration tests, the fuzz
// run and the benchmarks, which reach it through engine/testing.ts), topics created over the protocol, and
// functions to run kcat against it.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCluster, TopicAdmin, type Cluster, type BrokerConfig, type ClusterOptions } from '../index.ts';

export interface TestCluster {
  cluster: Cluster;
  dataDir: string;
  bootstrap: string;
  close(): Promise<void>;
}

export interface TestClusterOptions {
  brokers?: number;
  brokerConfig?: Partial<BrokerConfig>;
  /** Kept after close() when given; otherwise a fresh temp dir that close() removes. */
  dataDir?: string;
  isolation?: ClusterOptions['isolation'];
  /** The cluster's log; by default printed when STREAMLAB_TEST_LOG is set. */
  log?: (msg: string) => void;
  security?: ClusterOptions['security'];
}

export async function testCluster(opts: TestClusterOptions = {}): Promise<TestCluster> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-it-'));
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      dataDir,
      brokers: opts.brokers ?? 1,
      basePort: 0,
      brokerConfig: { groupInitialRebalanceDelayMs: 0, ...opts.brokerConfig },
      isolation: opts.isolation,
      security: opts.security,
      log: opts.log ?? (process.env.STREAMLAB_TEST_LOG ? (m) => process.stderr.write(`[cluster] ${m}\n`) : undefined),
    });
  } catch (e) {
    if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  return {
    cluster,
    dataDir,
    bootstrap: cluster.bootstrapServers,
    async close() {
      await cluster.stop();
      if (!opts.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Creates a topic over the protocol and waits until every partition has a leader and a full ISR. */
export async function createTopic(cluster: Cluster, name: string, numPartitions: number, replicationFactor: number, configs: Record<string, string> = {}): Promise<void> {
  const admin = new TopicAdmin(() => cluster.status().filter((b) => b.state === 'running'), 'streamlab-fixture', cluster.adminConnectOptions());
  await admin.create({ name, numPartitions, replicationFactor, configs });
  await until(`topic ${name} to have leaders and full ISRs`, () =>
    cluster.partitions().filter((p) => p.topic === name && p.leader >= 0 && p.isr.length === replicationFactor).length === numPartitions);
}

export interface RunResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/** Runs a command with optional stdin; never throws on a non-zero exit (the caller asserts). */
export function run(cmd: string, args: string[], opts: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out), stderr: err });
    });
    if (opts.input !== undefined) child.stdin.end(opts.input);
    else child.stdin.end();
  });
}

/** kcat with the options every test wants: quiet, and failing fast rather than retrying forever. */
export function kcat(bootstrap: string, args: string[], opts: { input?: Buffer | string; timeoutMs?: number } = {}): Promise<RunResult> {
  return run('kcat', ['-b', bootstrap, '-q', ...args], opts);
}

/** Polls until check() returns something truthy, and returns it; fails naming `what` after `ms`. No timing is asserted. */
export async function until<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Polls until check() returns a value other than undefined (false and 0 count), and returns it. */
export async function waitFor<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
