// The log manager's periodic flush (flush.ms) over the logs it holds, on real files in a temp dir.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { logConfig } from './log-config.ts';
import { LogManager } from './log-manager.ts';
import { batchOf, ManualClock } from './test-support.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function manager(configs: Record<string, Partial<Parameters<typeof logConfig>[0]>>, clock: ManualClock): LogManager {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-logs-'));
  dirs.push(dataDir);
  return LogManager.open({
    dataDir,
    checkpoints: { read: () => new Map(), write: () => undefined },
    configFor: (topic) => logConfig(configs[topic] ?? {}),
    clock: clock.fn,
  });
}

describe('LogManager.flushDue', () => {
  it('flushes each open log whose flush.ms has passed since its last flush, and only those', () => {
    const clock = new ManualClock();
    const logs = manager({ timed: { flushMs: 5000 }, never: {} }, clock);
    const timed = logs.getOrCreate({ topic: 'timed', partition: 0 });
    const never = logs.getOrCreate({ topic: 'never', partition: 0 });
    timed.appendAsLeader(batchOf(0, 3), 0);
    never.appendAsLeader(batchOf(0, 3), 0);
    logs.flushDue();
    expect([timed.recoveryPoint, never.recoveryPoint]).toEqual([0, 0]);
    clock.advance(5000);
    logs.flushDue();
    // flush.ms defaults to never (as Kafka's): only the log that asked for it is flushed.
    expect([timed.recoveryPoint, never.recoveryPoint]).toEqual([3, 0]);
  });
});
