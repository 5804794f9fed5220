// Integration-test support: runs rdk-driver, our small program over a current librdkafka (2.15), and parses the
// JSON lines it prints. `npm test` builds it first (scripts/build-test-clients.mjs); a missing binary is an error
// that says how to build it, never a silent skip.

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const RDK_DRIVER = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test-clients', 'librdkafka', 'build', 'rdk-driver');

export type DriverEvent =
  | { event: 'record'; topic: string; partition: number; offset: number; key: string | null; value: string | null; deliveryCount?: number; ack?: string }
  | { event: 'assigned' | 'revoked'; partitions: { topic: string; partition: number }[] }
  | { event: 'txn'; n: number; first: number; last: number; result: 'commit' | 'abort' }
  | { event: 'txn-offsets'; n: number; result: 'commit' | 'failed'; code: string; offsets: { partition: number; offset: number; code: string }[] }
  | { event: 'rewind'; n: number; result: 'committed' | 'retry'; code: string; offsets: { partition: number; offset: number; code: string }[] }
  | { event: 'error'; where: string; code: string; message: string; fatal: boolean }
  | { event: 'client-error'; code: string; message: string }
  | { event: 'done'; [k: string]: unknown }
  | { event: 'version'; librdkafka: string };

export interface DriverRun {
  code: number | null;
  events: DriverEvent[];
  stderr: string;
  /** The events of one kind, typed. */
  of<E extends DriverEvent['event']>(kind: E): Extract<DriverEvent, { event: E }>[];
}

export interface RunningDriver {
  child: ChildProcess;
  events: DriverEvent[];
  done: Promise<DriverRun>;
}

function assertBuilt(): void {
  if (!fs.existsSync(RDK_DRIVER)) throw new Error(`${RDK_DRIVER} is missing: run \`node scripts/build-test-clients.mjs\` (npm test does)`);
}

/** Starts rdk-driver; `events` fills as lines arrive, `done` resolves at exit (it never rejects on a non-zero code). */
export function startDriver(args: string[], opts: { timeoutMs?: number } = {}): RunningDriver {
  assertBuilt();
  const child = spawn(RDK_DRIVER, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const events: DriverEvent[] = [];
  let buf = '';
  let stderr = '';
  const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.trim()) events.push(JSON.parse(line) as DriverEvent);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<DriverRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, events, stderr, of: (kind) => events.filter((e) => e.event === kind) as never });
    });
  });
  return { child, events, done };
}

export function rdk(args: string[], opts: { timeoutMs?: number } = {}): Promise<DriverRun> {
  return startDriver(args, opts).done;
}
