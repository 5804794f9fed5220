import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { cleanLog } from './log-cleaner.ts';
import { nodeFileLayer } from './file-io.ts';
import { ManualClock, readAll, tempDir } from './test-support.ts';
import { buildBatch, type NewRecord } from './records.ts';
import { CompressionType } from './record-batch.ts';

const compact = (over: Partial<LogConfig> = {}) =>
  logConfig({ cleanupPolicy: { delete: false, compact: true }, segmentBytes: 1024, minCleanableDirtyRatio: 0, ...over });

function openLog(config: LogConfig, clock: ManualClock) {
  const dir = path.join(tempDir(), 'users-0');
  return { dir, log: PartitionLog.open({ dir, config, clock: clock.fn }) };
}

/** Writes `rounds` updates of keys k0..k{keys-1}; value "<key>@<round>". Returns the offset of each key's last write. */
function writeUpdates(log: PartitionLog, keys: number, rounds: number, ts: number, compression = CompressionType.None): Map<string, number> {
  const last = new Map<string, number>();
  for (let round = 0; round < rounds; round++) {
    const recs: NewRecord[] = [];
    for (let k = 0; k < keys; k++) recs.push({ key: `k${k}`, value: `k${k}@${round}`, timestamp: ts });
    const r = log.appendAsLeader(buildBatch(recs, { compression }), 0);
    for (let k = 0; k < keys; k++) last.set(`k${k}`, r.firstOffset + k);
  }
  return last;
}

describe('log compaction', () => {
  for (const codec of [CompressionType.None, CompressionType.Zstd]) {
    it(`keeps the last record per key in closed segments, offsets unchanged (codec ${codec})`, () => {
      const clock = new ManualClock(1_000_000);
      const { log } = openLog(compact(), clock);
      writeUpdates(log, 8, 30, clock.now, codec);
      const before = readAll(log);
      const activeBase = log.segmentInfos().at(-1)!.baseOffset;
      const result = cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer })!;
      expect(result.segmentsCleaned).toBeGreaterThan(1);
      const after = readAll(log);
      // Last occurrence of each key within the closed part, plus everything in the active segment.
      const lastInClosed = new Map<string, number>();
      for (const r of before) if (r.offset < activeBase) lastInClosed.set(r.key!.toString(), r.offset);
      const expected = before.filter((r) => r.offset >= activeBase || lastInClosed.get(r.key!.toString()) === r.offset);
      expect(after.map((r) => [r.offset, r.key!.toString(), r.value!.toString()])).toEqual(
        expected.map((r) => [r.offset, r.key!.toString(), r.value!.toString()]),
      );
      expect(after.length).toBeLessThan(before.length);
      // The log end and every surviving offset are unchanged, and appends continue.
      expect(log.logEndOffset).toBe(8 * 30);
      expect(log.appendAsLeader(buildBatch([{ key: 'k0', value: 'new' }]), 0).firstOffset).toBe(240);
    });
  }

  it('leaves the active segment and recent segments (min.compaction.lag.ms) alone', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = openLog(compact({ minCompactionLagMs: 60_000 }), clock);
    writeUpdates(log, 4, 40, clock.now);
    expect(cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer })).toBeNull();
    clock.advance(60_000);
    expect(cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer })).not.toBeNull();
  });

  it('honours min.cleanable.dirty.ratio: nothing new to clean means no rewrite', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = openLog(compact({ minCleanableDirtyRatio: 0.5 }), clock);
    writeUpdates(log, 4, 40, clock.now);
    expect(cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer })).not.toBeNull();
    expect(cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer })).toBeNull();
  });

  it('keeps tombstones for delete.retention.ms, then removes them', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = openLog(compact({ deleteRetentionMs: 10_000 }), clock);
    writeUpdates(log, 4, 10, clock.now);
    // A tombstone for k1 that later writes of k1 supersede, and one for k3 that stays the last word on k3.
    const tomb = log.appendAsLeader(buildBatch([{ key: 'k1', value: null, timestamp: clock.now }]), 0).firstOffset;
    writeUpdates(log, 2, 30, clock.now + 1);
    const tomb3 = log.appendAsLeader(buildBatch([{ key: 'k3', value: null, timestamp: clock.now }]), 0).firstOffset;
    writeUpdates(log, 1, 40, clock.now + 2); // pushes both into closed segments
    cleanLog(log, { now: clock.now + 5_000, fileLayer: nodeFileLayer, force: true });
    let recs = readAll(log);
    expect(recs.find((r) => r.offset === tomb3)?.value).toBeNull();
    expect(recs.filter((r) => r.key!.toString() === 'k3').map((r) => r.offset)).toEqual([tomb3]);
    expect(recs.find((r) => r.offset === tomb)).toBeUndefined(); // superseded by later k1 writes
    cleanLog(log, { now: clock.now + 20_000, fileLayer: nodeFileLayer, force: true });
    recs = readAll(log);
    expect(recs.filter((r) => r.key!.toString() === 'k3')).toEqual([]);
    expect(recs.filter((r) => r.key!.toString() === 'k2').length).toBe(1);
  });

  it('survives a reopen: cleaned segments are valid Kafka segments with rebuilt indexes', () => {
    const clock = new ManualClock(1_000_000);
    const { dir, log } = openLog(compact(), clock);
    writeUpdates(log, 6, 30, clock.now);
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer });
    const after = readAll(log).map((r) => r.offset);
    log.close();
    expect(fs.readdirSync(dir).some((f) => f.endsWith('.swap') || f === '.cleaner')).toBe(false);
    const reopened = PartitionLog.open({ dir, config: compact(), clock: clock.fn, cleanShutdown: false });
    expect(reopened.recoveryReport.truncatedBytes).toBe(0);
    expect(readAll(reopened).map((r) => r.offset)).toEqual(after);
  });
});
