// Runs librdkafka's own regression suite (its tests/test-runner, built by scripts/build-test-clients.mjs from the
// source in the client cache) against a cluster, and reads each test's verdict from the summary table the runner
// prints at exit. Used by librdkafka-suite.test.ts; also runnable by hand for a whole-suite sweep:
//
//   npx tsx engine/test/librdkafka-suite-runner.ts [TESTS] [-- test-runner args]
//
// starts a 3-broker cluster whose auto-created topics have 4 partitions and RF 3 (the suite's default scenario)
// and prints one line per test.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const LIBRDKAFKA_VERSION = '2.15.1';
const cache = process.env.STREAMLAB_CLIENTS_CACHE ?? path.join(os.homedir(), '.cache', 'streamlab', 'test-clients');
export const LIBRDKAFKA_DIR = path.join(cache, `librdkafka-${LIBRDKAFKA_VERSION}`);
export const TEST_RUNNER = path.join(LIBRDKAFKA_DIR, 'tests', 'test-runner');
const KAFKA_TOOLS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'kafka-tools.mjs');

/** The broker version the suite gates tests on: Kafka 4.2, whose share-group tests need it. */
export const SUITE_KAFKA_VERSION = '4.2.0';

/**
 * The suite's default scenario: auto-created topics of 4 partitions and RF 3, and Kafka's default 3 s initial
 * rebalance delay (the test fixture's 0 would split the group tests' simultaneous joins into two rebalances).
 * Share groups may set share.record.lock.duration.ms down to 1 s, as librdkafka's own test clusters allow
 * (tests/cluster_testing.py): the share tests wait out 3 s acquisition locks.
 */
export const SUITE_BROKER_CONFIG = {
  'num.partitions': '4', 'default.replication.factor': '3', 'group.initial.rebalance.delay.ms': '3000',
  'group.share.min.record.lock.duration.ms': '1000',
};
/** Its clusters run an authorizer that lets everyone in until a test adds ACLs (the ACL tests need one). */
export const SUITE_SECURITY = { protocol: 'PLAINTEXT', authorizer: true, allowEveryoneIfNoAclFound: true } as const;

/** A SASL_PLAINTEXT cluster for the suite's SASL tests, and the test.conf lines that log in to it as the admin. */
export function saslSuite(mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512') {
  return {
    security: { ...SUITE_SECURITY, protocol: 'SASL_PLAINTEXT', connectionsMaxReauthMs: 5_000 } as const,
    conf: { 'security.protocol': 'SASL_PLAINTEXT', 'sasl.mechanism': mechanism, 'sasl.username': 'admin', 'sasl.password': 'admin-secret' },
  };
}

export type SuiteState = 'PASSED' | 'FAILED' | 'SKIPPED' | 'RUNNING' | 'NOT_STARTED' | 'DNS';

export interface SuiteVerdict {
  name: string;
  state: SuiteState;
  seconds: number;
  /** The failure or skip reason the runner printed. */
  reason: string;
}

export interface SuiteRun {
  code: number | null;
  /** By test name (e.g. "0012_produce_consume"), in the runner's order. */
  verdicts: Map<string, SuiteVerdict>;
  output: string;
}

export interface SuiteOptions {
  bootstrap: string;
  /** The TESTS filter: test numbers, e.g. ['0012', '0030']. */
  tests: string[];
  /** More client properties for test.conf (SASL/SSL settings). */
  conf?: Record<string, string>;
  /** More environment (TEST_CONSUMER_GROUP_PROTOCOL, SUBTESTS, ...). */
  env?: Record<string, string>;
  /** test-runner flags; by default quick mode (-Q), run in parallel by 2. */
  args?: string[];
  timeoutMs?: number;
  /** Receives the runner's output as it comes (for a hand run). */
  onOutput?: (chunk: string) => void;
}

export function assertSuiteBuilt(): void {
  if (!fs.existsSync(TEST_RUNNER)) throw new Error(`${TEST_RUNNER} is missing: run \`node scripts/build-test-clients.mjs\` (npm test does)`);
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;
const ROW = /^\|\s*(\d{4}_\S+)\s*\|\s*([A-Z_]+)\s*\|\s*([\d.]+)s\s*\|\s?(.*)$/;

/** The summary table's rows: "| 0012_produce_consume | PASSED | 3.210s | reason". */
export function parseSummary(output: string): Map<string, SuiteVerdict> {
  const out = new Map<string, SuiteVerdict>();
  for (const raw of output.split('\n')) {
    const m = ROW.exec(raw.replace(ANSI, '').trimEnd());
    if (!m) continue;
    out.set(m[1], { name: m[1], state: m[2] as SuiteState, seconds: Number(m[3]), reason: m[4].trim() });
  }
  return out;
}

/** Runs test-runner in a fresh directory with a test.conf for `bootstrap`; never throws on failed tests. */
export async function runSuite(opts: SuiteOptions): Promise<SuiteRun> {
  assertSuiteBuilt();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-rdk-suite-'));
  try {
    const conf = { 'bootstrap.servers': opts.bootstrap, 'test.timeout.multiplier': '2', 'test.topic.random': 'true', ...opts.conf };
    fs.writeFileSync(path.join(dir, 'test.conf'), Object.entries(conf).map(([k, v]) => `${k}=${v}\n`).join(''));
    // Some tests read certificates and scripts relative to the tests directory.
    fs.symlinkSync(path.join(LIBRDKAFKA_DIR, 'tests', 'fixtures'), path.join(dir, 'fixtures'));
    // The Kafka tools some tests run ($KAFKA_PATH/bin/kafka-topics.sh, kafka-acls.sh), as kafka-tools.mjs.
    const bin = path.join(dir, 'kafka', 'bin');
    fs.mkdirSync(bin, { recursive: true });
    for (const tool of ['topics', 'acls']) {
      const file = path.join(bin, `kafka-${tool}.sh`);
      fs.writeFileSync(file, `#!/bin/sh\nexec "${process.execPath}" "${KAFKA_TOOLS}" ${tool} "$@"\n`);
      fs.chmodSync(file, 0o755);
    }
    const env = {
      ...process.env,
      TESTS: opts.tests.join(','),
      TEST_KAFKA_VERSION: SUITE_KAFKA_VERSION,
      RDKAFKA_TEST_CONF: path.join(dir, 'test.conf'),
      KAFKA_PATH: path.join(dir, 'kafka'),
      BROKERS: opts.bootstrap,
      LD_LIBRARY_PATH: [path.join(LIBRDKAFKA_DIR, 'src'), path.join(LIBRDKAFKA_DIR, 'src-cpp')].join(':'),
      ...opts.env,
    };
    return await new Promise<SuiteRun>((resolve, reject) => {
      // Line-buffered stdout: the runner can abort at exit (threads it still sees) with its summary table half
      // in a buffer.
      const child = spawn('stdbuf', ['-oL', '-eL', TEST_RUNNER, ...(opts.args ?? ['-Q', '-p2'])], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const take = (d: Buffer) => {
        const s = d.toString();
        output += s;
        opts.onOutput?.(s);
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 10 * 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, verdicts: parseSummary(output), output });
      });
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The lines of one test's own output (its "[0012_produce_consume / 1.2s]" prefixed lines), for a failure message. */
export function testOutput(output: string, name: string, maxLines = 40): string {
  const lines = output.replace(ANSI, '').split('\n').filter((l) => l.includes(`[${name} `) || l.includes(`${name}:`));
  return lines.slice(-maxLines).join('\n');
}

async function main(): Promise<void> {
  const { testCluster } = await import('./cluster-fixture.ts');
  const { parseBrokerConfigs } = await import('../index.ts');
  const sep = process.argv.indexOf('--');
  const tests = (process.argv[2] && process.argv[2] !== '--' ? process.argv[2] : '').split(',').filter(Boolean);
  const args = sep > 0 ? process.argv.slice(sep + 1) : undefined;
  // SUITE_SASL=SCRAM-SHA-512 (or PLAIN, SCRAM-SHA-256): a SASL_PLAINTEXT cluster, clients logging in as the admin.
  const sasl = process.env.SUITE_SASL ? saslSuite(process.env.SUITE_SASL as 'PLAIN') : undefined;
  const tc = await testCluster({ brokers: 3, brokerConfig: parseBrokerConfigs(SUITE_BROKER_CONFIG), security: sasl?.security ?? SUITE_SECURITY });
  try {
    const run = await runSuite({ bootstrap: tc.bootstrap, tests, args, conf: sasl?.conf, timeoutMs: 60 * 60_000, onOutput: process.env.SUITE_VERBOSE ? (s) => process.stderr.write(s) : undefined });
    const count: Record<string, number> = {};
    for (const v of run.verdicts.values()) {
      count[v.state] = (count[v.state] ?? 0) + 1;
      console.log(`${v.name.padEnd(45)} ${v.state.padEnd(8)} ${v.seconds.toFixed(1).padStart(7)}s ${v.reason}`);
    }
    console.log(JSON.stringify(count));
    fs.writeFileSync(process.env.SUITE_OUTPUT ?? path.join(os.tmpdir(), 'librdkafka-suite.log'), run.output);
  } finally {
    await tc.close();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
