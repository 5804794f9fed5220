// 2,000 partitions (RF 3 on 3 brokers: 6,000 replicas, 18,000 segment files) created, produced to, the process
// restarted and every record read back — in a process whose open-file limit is 256, set for it alone.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, 'scale-run.ts');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-scale-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function runLimited(limit: number, ...args: string[]): Promise<{ code: number | null; out: Record<string, unknown>; stderr: string }> {
  return new Promise((resolve) => {
    const cmd = `ulimit -n ${limit}; exec node --import tsx ${[script, dataDir, ...args].map((a) => JSON.stringify(a)).join(' ')}`;
    const child = spawn('bash', ['-c', cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').pop() ?? '';
      let out: Record<string, unknown> = {};
      try {
        out = JSON.parse(line) as Record<string, unknown>;
      } catch {
        out = { unparsed: stdout };
      }
      resolve({ code, out, stderr });
    });
  });
}

describe.runIf(process.platform === 'linux')('many partitions under a low open-file limit', () => {
  it('creates 2,000 partitions, produces to each, restarts and reads every record back under ulimit -n 256', async () => {
    const created = await runLimited(256, 'create', '20', '100');
    expect(created.out, created.stderr).toMatchObject({ mode: 'create', partitions: 2000, produced: 2000, failedBrokers: 0 });
    expect(created.out.error).toBeUndefined();
    expect(created.out.limit).toMatch(/^open file limit 256 /);
    expect(created.code).toBe(0);
    expect(created.out.maxFds as number).toBeLessThanOrEqual(256);

    const verified = await runLimited(256, 'verify', '20', '100');
    expect(verified.out, verified.stderr).toMatchObject({ mode: 'verify', partitions: 2000, records: 6000, failedBrokers: 0 });
    expect(verified.out.error).toBeUndefined();
    expect(verified.code).toBe(0);
  }, 10 * 60_000);
});
