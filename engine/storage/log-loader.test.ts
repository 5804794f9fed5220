// Write, corrupt, recover, check, append again (the etcd repair-test pattern): one harness, many corruptions.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LogManager, CLEAN_SHUTDOWN_FILE } from './log-manager.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { batchOf, MemoryCheckpointStore, readAll, tempDir } from './test-support.ts';
import { segmentPaths } from './segment.ts';

const TP = { topic: 'orders', partition: 0 };
const BATCHES = 60;
const PER_BATCH = 10;
// ~60 batches of ~1.2 KiB with 16 KiB segments: several segments, several index entries each.
const config: LogConfig = logConfig({ segmentBytes: 16 * 1024, indexIntervalBytes: 1024 });

interface Written {
  dataDir: string;
  store: MemoryCheckpointStore;
  /** Per batch: first offset, segment base, position within the segment, size. */
  batches: { first: number; segment: number; position: number; size: number }[];
}

function write(opts: { clean: boolean; flushEvery?: number }): Written {
  const dataDir = tempDir();
  const store = new MemoryCheckpointStore();
  const lm = LogManager.open({ dataDir, checkpoints: store, configFor: () => config });
  const log = lm.getOrCreate(TP);
  const batches: Written['batches'] = [];
  for (let i = 0; i < BATCHES; i++) {
    const buf = batchOf(i * PER_BATCH, PER_BATCH, { valueBytes: 100 });
    const r = log.appendAsLeader(buf, 0);
    const seg = log.segmentInfos().at(-1)!;
    batches.push({ first: r.firstOffset, segment: seg.baseOffset, position: seg.size - buf.length, size: buf.length });
    if (opts.flushEvery && (i + 1) % opts.flushEvery === 0) {
      log.flush();
      lm.writeCheckpoints();
    }
  }
  log.setHighWatermark(log.logEndOffset);
  if (opts.clean) lm.close();
  else lm.closeWithoutFlush();
  return { dataDir, store, batches };
}

function reopen(w: Written) {
  const lm = LogManager.open({ dataDir: w.dataDir, checkpoints: w.store, configFor: () => config });
  return { lm, log: lm.get(TP)! };
}

function logFile(w: Written, segment: number): string {
  return segmentPaths(path.join(w.dataDir, 'orders-0'), segment).log;
}

/** Checks the surviving offsets are exactly [0, survivors), that they read back intact, and that appends continue. */
function checkRecovered(w: Written, survivors: number) {
  const { lm, log } = reopen(w);
  expect(log.logEndOffset).toBe(survivors);
  const records = readAll(log);
  expect(records.map((r) => r.offset)).toEqual([...Array(survivors).keys()]);
  for (const r of records) expect(r.value!.toString().startsWith(`v${r.offset}.`)).toBe(true);
  // Append again, close cleanly, reopen: the log continues from the recovered end.
  const more = log.appendAsLeader(batchOf(survivors, 5), 1);
  expect(more.firstOffset).toBe(survivors);
  lm.close();
  const again = reopen(w);
  expect(again.log.recoveryReport.truncatedBytes).toBe(0);
  expect(readAll(again.log).map((r) => r.offset)).toEqual([...Array(survivors + 5).keys()]);
  again.lm.close();
  return log.recoveryReport;
}

describe('log recovery', () => {
  it('writes several segments (the harness is meaningful)', () => {
    const w = write({ clean: true });
    const segments = new Set(w.batches.map((b) => b.segment));
    expect(segments.size).toBeGreaterThanOrEqual(4);
    expect(fs.existsSync(path.join(w.dataDir, CLEAN_SHUTDOWN_FILE))).toBe(true);
  });

  it('(a) truncated mid-batch: keeps every batch before the cut', () => {
    const w = write({ clean: false });
    const victim = w.batches[BATCHES - 4];
    fs.truncateSync(logFile(w, victim.segment), victim.position + 30);
    const report = checkRecovered(w, victim.first);
    expect(report.truncatedBytes).toBe(30);
    expect(report.truncatedAtOffset).toBe(victim.first);
  });

  it('(b) torn last batch: loses only that batch', () => {
    const w = write({ clean: false });
    const last = w.batches[BATCHES - 1];
    fs.truncateSync(logFile(w, last.segment), last.position + last.size - 7);
    const report = checkRecovered(w, last.first);
    expect(report.truncatedBytes).toBe(last.size - 7);
  });

  it('(c) 512 zeroed bytes in the middle of the last segment: keeps the batches before them, drops the rest', () => {
    const w = write({ clean: false });
    const lastSeg = w.batches[BATCHES - 1].segment;
    const file = logFile(w, lastSeg);
    const size = fs.statSync(file).size;
    const at = Math.floor(size / 2);
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(512), 0, 512, at);
    fs.closeSync(fd);
    const hit = w.batches.find((b) => b.segment === lastSeg && b.position <= at && at < b.position + b.size)!;
    const report = checkRecovered(w, hit.first);
    expect(report.truncatedBytes).toBe(size - hit.position);
  });

  it('(c2) corruption in an earlier segment drops every later segment', () => {
    const w = write({ clean: false });
    const segs = [...new Set(w.batches.map((b) => b.segment))];
    const victim = w.batches.find((b) => b.segment === segs[1])!;
    const fd = fs.openSync(logFile(w, victim.segment), 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, victim.position + 40); // inside the CRC-covered part
    fs.closeSync(fd);
    const report = checkRecovered(w, victim.first);
    expect(report.deletedSegments.length).toBe(segs.length - 2);
    for (const s of segs.slice(2)) expect(fs.existsSync(logFile(w, s))).toBe(false);
  });

  it('(c3) with a recovery point, segments below it are trusted and only the tail is re-validated', () => {
    const w = write({ clean: false, flushEvery: 25 });
    const cp = w.store.data.get(`orders\u00000`)!;
    expect(cp.recoveryPoint).toBe(50 * PER_BATCH);
    const last = w.batches[BATCHES - 1];
    fs.truncateSync(logFile(w, last.segment), last.position + 3);
    const report = checkRecovered(w, last.first);
    expect(report.segmentsLoaded).toBeGreaterThan(0);
    expect(report.segmentsRecovered).toBeLessThan(new Set(w.batches.map((b) => b.segment)).size);
  });

  for (const [name, damage] of [
    ['deleted .index', (f: string) => fs.rmSync(f.replace(/\.log$/, '.index'))],
    ['deleted .timeindex', (f: string) => fs.rmSync(f.replace(/\.log$/, '.timeindex'))],
    ['torn .index', (f: string) => fs.truncateSync(f.replace(/\.log$/, '.index'), 5)],
    ['garbled .index', (f: string) => {
      const idx = f.replace(/\.log$/, '.index');
      const b = fs.readFileSync(idx);
      b.fill(0x7f, 0, Math.min(b.length, 16));
      fs.writeFileSync(idx, b);
    }],
    ['garbled .timeindex', (f: string) => {
      const idx = f.replace(/\.log$/, '.timeindex');
      const b = fs.readFileSync(idx);
      b.fill(0x7f, 0, Math.min(b.length, 24));
      fs.writeFileSync(idx, b);
    }],
  ] as const) {
    it(`(d) ${name} after a clean shutdown: rebuilt from the log, nothing lost`, () => {
      const w = write({ clean: true });
      const seg = w.batches[BATCHES - 1].segment;
      const before = fs.statSync(logFile(w, seg).replace(/\.log$/, '.index')).size;
      expect(before).toBeGreaterThan(0);
      damage(logFile(w, seg));
      const { lm, log } = reopen(w);
      expect(log.recoveryReport.cleanShutdown).toBe(true);
      expect(log.recoveryReport.indexesRebuilt).toContain(seg);
      // Every offset is still found through the rebuilt index.
      for (const b of w.batches) {
        const bytes = log.read(b.first + 3, 1, { maxOffset: log.logEndOffset });
        expect(bytes.readInt32BE(4) + bytes.readInt32BE(0) * 2 ** 32).toBe(b.first);
      }
      expect(fs.statSync(logFile(w, seg).replace(/\.log$/, '.index')).size).toBe(before);
      expect(log.offsetForTimestamp(1_700_000_000_000 + 555)).toEqual({ offset: 555, timestamp: 1_700_000_000_555 });
      lm.close();
      checkRecovered(w, BATCHES * PER_BATCH);
    });
  }

  it('(e) no clean-shutdown marker: the segment at the recovery point is re-validated and everything survives', () => {
    const w = write({ clean: true });
    fs.rmSync(path.join(w.dataDir, CLEAN_SHUTDOWN_FILE));
    const report = checkRecovered(w, BATCHES * PER_BATCH);
    expect(report.cleanShutdown).toBe(false);
    expect(report.segmentsRecovered).toBe(1);
    expect(report.truncatedBytes).toBe(0);
  });

  it('(e2) no marker and no checkpoint: every segment is re-validated and everything survives', () => {
    const w = write({ clean: true });
    fs.rmSync(path.join(w.dataDir, CLEAN_SHUTDOWN_FILE));
    w.store.data.clear();
    const report = checkRecovered(w, BATCHES * PER_BATCH);
    expect(report.segmentsRecovered).toBe(new Set(w.batches.map((b) => b.segment)).size);
    expect(report.truncatedBytes).toBe(0);
  });

  it('the marker is removed at start-up, so a later crash is not mistaken for a clean stop', () => {
    const w = write({ clean: true });
    const { lm } = reopen(w);
    expect(fs.existsSync(path.join(w.dataDir, CLEAN_SHUTDOWN_FILE))).toBe(false);
    lm.closeWithoutFlush();
    const again = reopen(w);
    expect(again.log.recoveryReport.cleanShutdown).toBe(false);
    again.lm.close();
  });

  it('leftover compaction files are discarded and a committed swap is installed', () => {
    const w = write({ clean: true });
    const dir = path.join(w.dataDir, 'orders-0');
    fs.writeFileSync(path.join(dir, '00000000000000000123.log.cleaned'), 'half-written');
    fs.mkdirSync(path.join(dir, '.cleaner'));
    fs.writeFileSync(path.join(dir, '.cleaner', 'junk'), 'x');
    // A committed swap: the first segment's bytes renamed to .swap while the original still exists.
    const first = logFile(w, 0);
    fs.copyFileSync(first, `${first}.swap`);
    const { lm, log } = reopen(w);
    expect(fs.existsSync(path.join(dir, '00000000000000000123.log.cleaned'))).toBe(false);
    expect(fs.existsSync(path.join(dir, '.cleaner'))).toBe(false);
    expect(fs.existsSync(`${first}.swap`)).toBe(false);
    expect(log.recoveryReport.reasons.join('\n')).toMatch(/swap/);
    expect(readAll(log).length).toBe(BATCHES * PER_BATCH);
    lm.close();
  });
});
