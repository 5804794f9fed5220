// The metrics history on a real SQLite file: rates from counters, minute rollup, retention, reopen.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openConsoleDb, type ConsoleDb } from './db.ts';
import { MetricsStore, rates } from './metrics-store.ts';

const dirs: string[] = [];
const open = (dir: string): { db: ConsoleDb; store: MetricsStore } => {
  const db = openConsoleDb(path.join(dir, 'console.db'));
  return { db, store: new MetricsStore(db.sqlite!, () => db.settings().metricsRetentionDays * 86_400_000) };
};
const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-metrics-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);

describe('metrics store', () => {
  it('turns counters into rates summed over partitions, ignoring drops', () => {
    expect(rates([
      { at: 0, key: 'a/0', a: 0, b: 0 }, { at: 0, key: 'a/1', a: 10, b: 100 },
      { at: 1000, key: 'a/0', a: 5, b: 50 }, { at: 1000, key: 'a/1', a: 20, b: 200 },
      { at: 3000, key: 'a/0', a: 1, b: 10 }, { at: 3000, key: 'a/1', a: 20, b: 200 },
    ])).toEqual([
      { at: 1000, messagesPerSec: 15, bytesPerSec: 150 },
      { at: 3000, messagesPerSec: 0, bytesPerSec: 0 },
    ]);
  });

  it('keeps 1 s points for an hour and 1 min points after, with the same rates', () => {
    const { db, store } = open(tmp());
    // 90 minutes of samples every 10 s, 10 messages and 1000 bytes per second on t/0, 2 partitions of t.
    for (let s = 0; s <= 90 * 60; s += 10) {
      const at = T0 + s * 1000;
      store.record(at, [
        { topic: 't', partition: 0, endOffset: s * 10, size: s * 1000 },
        { topic: 't', partition: 1, endOffset: 0, size: -1 },
      ], [{ groupId: 'g', topic: 't', partition: 0, committed: s * 5, lag: s * 5, lagMs: s * 100 }]);
    }
    const byTopic = store.throughputByTopic(T0 + 89 * 60_000);
    expect(byTopic.t.in.at(-1)?.messagesPerSec).toBeCloseTo(10, 5);
    expect(byTopic.t.out.at(-1)?.messagesPerSec).toBeCloseTo(5, 5);
    const now = T0 + 90 * 60_000;
    store.rollup(Math.floor(now / 60_000) * 60_000, now);
    const { seconds, minutes } = store.counts();
    expect(seconds).toBe(2 * (6 * 60 + 1)); // the last hour (inclusive of its first second)
    expect(minutes).toBe(2 * 90); // every finished minute
    const series = store.throughput(T0);
    expect(series.length).toBeGreaterThan(300);
    for (const p of series) {
      expect(p.messagesPerSec).toBeCloseTo(10, 5);
      expect(p.bytesPerSec).toBeCloseTo(1000, 5);
    }
    expect(series[0].at).toBeLessThan(now - 60 * 60_000); // minute points cover the older half hour
    expect(store.throughput(T0, 'other')).toEqual([]);
    const lag = store.groupLag('g', now - 60_000);
    expect(lag.at(-1)).toEqual({ at: now, lag: 90 * 60 * 5, lagSeconds: 90 * 60 * 100 / 1000 });
    db.close();
  });

  it('prunes minute points beyond the retention setting', () => {
    const { db, store } = open(tmp());
    db.updateSettings({ metricsRetentionDays: 1 });
    for (let d = 0; d < 3; d++) store.record(T0 + d * 86_400_000, [{ topic: 't', partition: 0, endOffset: d, size: d }], []);
    const now = T0 + 2 * 86_400_000 + 60_000;
    store.rollup(Math.floor(now / 60_000) * 60_000, now);
    expect(store.counts()).toEqual({ seconds: 1, minutes: 1 });
    db.close();
  });

  it('survives a restart: history is read back after reopening the database', () => {
    const dir = tmp();
    let { db, store } = open(dir);
    const now = Date.now();
    for (let i = 0; i < 5; i++) store.record(now - 5000 + i * 1000, [{ topic: 't', partition: 0, endOffset: i * 100, size: i * 4000 }], []);
    db.close();
    ({ db, store } = open(dir));
    expect(store.throughput(now - 10_000).map((p) => p.messagesPerSec)).toEqual([100, 100, 100, 100]);
    expect(store.throughputByTopic(now - 10_000).t.in).toHaveLength(4);
    db.close();
  });
});
