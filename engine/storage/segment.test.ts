import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { CorruptIndexError } from './index-file.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { readBatchHeader, setBaseOffset } from './record-batch.ts';
import { LogSegment, fileStem, segmentPaths } from './segment.ts';
import { batchOf, tempDir } from './test-support.ts';

const BASE = 100;
const T0 = 1_700_000_000_000;
const NOW = T0 + 10_000;

/** A batch of `count` records at offset `base`, as the leader would store it. */
function storedBatch(base: number, count: number, opts: { timestamp?: number; valueBytes?: number } = {}) {
  const buf = batchOf(base, count, { valueBytes: opts.valueBytes ?? 60, timestamp: opts.timestamp });
  setBaseOffset(buf, 0, base);
  const h = readBatchHeader(buf, 0);
  return { buf, last: base + h.lastOffsetDelta, maxTimestamp: h.maxTimestamp };
}

function openSegment(dir: string, config: Partial<LogConfig> = {}) {
  return LogSegment.open(nodeFileLayer, dir, BASE, logConfig({ indexIntervalBytes: 100, ...config }), NOW);
}

/** Appends batches of 2 records at consecutive offsets; returns each one's position and bytes. */
function fill(seg: LogSegment, batches: number, opts: { timestamp?: (i: number) => number } = {}) {
  const out: { position: number; buf: Buffer; base: number; last: number }[] = [];
  let offset = seg.nextOffset;
  for (let i = 0; i < batches; i++) {
    const b = storedBatch(offset, 2, { timestamp: opts.timestamp?.(i) });
    out.push({ position: seg.size(), buf: b.buf, base: offset, last: b.last });
    seg.append(b.buf, b.last, b.maxTimestamp, b.last);
    offset = b.last + 1;
  }
  return out;
}

function int32Pairs(file: string): [number, number][] {
  const b = fs.readFileSync(file);
  const out: [number, number][] = [];
  for (let i = 0; i < b.length; i += 8) out.push([b.readInt32BE(i), b.readInt32BE(i + 4)]);
  return out;
}

function timeEntries(file: string): [number, number][] {
  const b = fs.readFileSync(file);
  const out: [number, number][] = [];
  for (let i = 0; i < b.length; i += 12) out.push([Number(b.readBigInt64BE(i)), b.readInt32BE(i + 8)]);
  return out;
}

describe('LogSegment files', () => {
  it('names its three files by the 20-digit base offset', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    expect(fileStem(BASE)).toBe('00000000000000000100');
    expect(fileStem(2 ** 40)).toBe('00000001099511627776');
    expect(fs.readdirSync(dir).sort()).toEqual(['00000000000000000100.index', '00000000000000000100.log', '00000000000000000100.timeindex']);
    expect(seg.logPath).toBe(segmentPaths(dir, BASE).log);
    seg.delete();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('stores the batches back to back, byte for byte, with no header or footer', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    const written = fill(seg, 3);
    seg.flush();
    expect(fs.readFileSync(segmentPaths(dir, BASE).log)).toEqual(Buffer.concat(written.map((w) => w.buf)));
    expect(seg.nextOffset).toBe(BASE + 6);
  });

  it('adds an index entry (relative last offset, position) once index.interval.bytes have passed', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    const written = fill(seg, 4, { timestamp: (i) => T0 + i * 10 });
    const size = written[0].buf.length;
    expect(size).toBeGreaterThan(100); // each batch is past the interval: every batch after the first is indexed
    const p = segmentPaths(dir, BASE);
    expect(int32Pairs(p.index)).toEqual(written.slice(1).map((w) => [w.last - BASE, w.position]));
    // The time index: the max timestamp so far (every record of batch i has T0 + 10i) with the offset holding it.
    expect(timeEntries(p.timeIndex)).toEqual([[T0 + 10, 3], [T0 + 20, 5], [T0 + 30, 7]]);
    // Rolling off adds the last timestamp only if it grew; here it did not.
    seg.onBecomeInactive();
    expect(timeEntries(p.timeIndex)).toHaveLength(3);
  });

  it('writes the final time-index entry when it becomes inactive', () => {
    const dir = tempDir();
    const seg = openSegment(dir, { indexIntervalBytes: 4096 });
    fill(seg, 2, { timestamp: (i) => T0 + i * 10 });
    expect(fs.statSync(segmentPaths(dir, BASE).timeIndex).size).toBe(0);
    seg.onBecomeInactive();
    expect(timeEntries(segmentPaths(dir, BASE).timeIndex)).toEqual([[T0 + 10, 3]]);
  });
});

describe('LogSegment reads', () => {
  it('reads whole batches from the one holding an offset, below maxOffset, at least one when asked', () => {
    const seg = openSegment(tempDir());
    const written = fill(seg, 5);
    const size = written[0].buf.length;
    const r = seg.read(BASE + 3, 10 * size, Number.MAX_SAFE_INTEGER, false)!;
    expect(r.position).toBe(written[1].position); // offset 103 is in the second batch (102-103)
    expect(r.bytes).toEqual(Buffer.concat(written.slice(1).map((w) => w.buf)));
    expect(seg.read(BASE, 10 * size, BASE + 4, false)!.bytes).toEqual(Buffer.concat(written.slice(0, 2).map((w) => w.buf)));
    expect(seg.read(BASE, size + 10, Number.MAX_SAFE_INTEGER, false)!.bytes).toEqual(written[0].buf);
    expect(seg.read(BASE, 10, Number.MAX_SAFE_INTEGER, false)!.bytes.length).toBe(0);
    expect(seg.read(BASE, 10, Number.MAX_SAFE_INTEGER, true)!.bytes).toEqual(written[0].buf);
    expect(seg.read(BASE + 10, 10 * size, Number.MAX_SAFE_INTEGER, false)).toBeNull();
  });

  it('finds the first batch with a timestamp at or after a target', () => {
    const seg = openSegment(tempDir());
    fill(seg, 4, { timestamp: (i) => T0 + i * 100 });
    expect(seg.findBatchByTimestamp(T0 + 150, BASE)!.header.baseOffset).toBe(BASE + 4);
    expect(seg.findBatchByTimestamp(T0 - 1, BASE)!.header.baseOffset).toBe(BASE);
    expect(seg.findBatchByTimestamp(T0 + 1, BASE + 6)!.header.baseOffset).toBe(BASE + 6);
    expect(seg.findBatchByTimestamp(T0 + 1000, BASE)).toBeNull();
    expect(seg.largestTimestamp()).toBe(T0 + 300);
  });
});

describe('LogSegment recovery', () => {
  it('opens fast after a clean close: next offset, max timestamp and indexes from the files', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    fill(seg, 4, { timestamp: (i) => T0 + i * 10 });
    seg.flush();
    seg.close();
    const again = openSegment(dir);
    again.loadFast();
    expect(again.nextOffset).toBe(BASE + 8);
    expect(again.largestTimestamp()).toBe(T0 + 30);
    expect(again.offsetIndex.entries).toBe(3);
  });

  it('refuses a fast open when an index file is missing, and recovery rebuilds the same bytes', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    fill(seg, 4, { timestamp: (i) => T0 + i * 10 });
    seg.close();
    const p = segmentPaths(dir, BASE);
    const index = fs.readFileSync(p.index);
    const timeIndex = fs.readFileSync(p.timeIndex);
    fs.unlinkSync(p.index);
    const again = openSegment(dir);
    expect(() => again.loadFast()).toThrow(CorruptIndexError);
    expect(again.recover()).toMatchObject({ truncatedBytes: 0, nextOffset: BASE + 8, batches: 4 });
    expect(fs.readFileSync(p.index)).toEqual(index);
    expect(fs.readFileSync(p.timeIndex)).toEqual(timeIndex);
  });

  it('cuts a torn last batch off the file and reports the bytes', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    const written = fill(seg, 3);
    seg.close();
    const p = segmentPaths(dir, BASE);
    const tornAt = written[2].position + 30;
    fs.truncateSync(p.log, tornAt);
    const again = openSegment(dir);
    const r = again.recover();
    expect(r).toMatchObject({ validBytes: written[2].position, truncatedBytes: 30, nextOffset: BASE + 4, batches: 2 });
    expect(r.reason).toMatch(/torn batch/);
    expect(fs.statSync(p.log).size).toBe(written[2].position);
    // The segment takes appends again where the valid part ends.
    const next = storedBatch(BASE + 4, 2);
    again.append(next.buf, next.last, next.maxTimestamp, next.last);
    expect(again.read(BASE + 4, 1 << 20, Number.MAX_SAFE_INTEGER, false)!.bytes).toEqual(next.buf);
  });

  it('stops at a batch whose CRC does not match, dropping it and everything after', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    const written = fill(seg, 4);
    seg.close();
    const p = segmentPaths(dir, BASE);
    const fd = fs.openSync(p.log, 'r+');
    fs.writeSync(fd, Buffer.from([0xff]), 0, 1, written[1].position + 70); // a record byte, inside the CRC
    fs.closeSync(fd);
    const again = openSegment(dir);
    const r = again.recover();
    expect(r).toMatchObject({ validBytes: written[1].position, nextOffset: BASE + 2, batches: 1 });
    expect(r.reason).toMatch(/invalid batch/);
    expect(fs.statSync(p.log).size).toBe(written[1].position);
    expect(int32Pairs(p.index)).toEqual([]);
  });
});

describe('LogSegment truncation and rolling', () => {
  it('truncates to the batch holding an offset, in the .log and both indexes', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    const written = fill(seg, 4, { timestamp: (i) => T0 + i * 10 });
    const removed = seg.truncateTo(BASE + 5); // in the third batch (104-105)
    expect(removed).toBe(written[2].buf.length + written[3].buf.length);
    const p = segmentPaths(dir, BASE);
    expect(fs.statSync(p.log).size).toBe(written[2].position);
    expect(int32Pairs(p.index)).toEqual([[written[1].last - BASE, written[1].position]]);
    expect(timeEntries(p.timeIndex)).toEqual([[T0 + 10, 3]]);
    expect(seg.nextOffset).toBe(BASE + 4);
    expect(seg.largestTimestamp()).toBe(T0 + 10);
  });

  it('rolls on segment.bytes, on segment.ms from the first batch, and on offsets past int32', () => {
    const seg = openSegment(tempDir(), { segmentBytes: 1000, segmentMs: 60_000 });
    expect(seg.shouldRoll(logConfig({ segmentBytes: 1000, segmentMs: 60_000 }), 100, T0, BASE, NOW)).toBe(false);
    const [w] = fill(seg, 1, { timestamp: () => T0 });
    const config = logConfig({ segmentBytes: 1000, segmentMs: 60_000 });
    const size = w.buf.length;
    expect(seg.shouldRoll(config, 1000 - size, T0, BASE + 2, NOW)).toBe(false);
    expect(seg.shouldRoll(config, 1000 - size + 1, T0, BASE + 2, NOW)).toBe(true);
    expect(seg.shouldRoll(config, 10, T0 + 60_000, BASE + 2, NOW)).toBe(false);
    expect(seg.shouldRoll(config, 10, T0 + 60_001, BASE + 2, NOW)).toBe(true);
    expect(seg.shouldRoll(config, 10, T0, BASE + 0x80000000, NOW)).toBe(true);
  });

  it('refuses an append whose offset does not fit the segment, leaving the file as it was', () => {
    const dir = tempDir();
    const seg = openSegment(dir);
    fill(seg, 1);
    const before = fs.readFileSync(segmentPaths(dir, BASE).log);
    const far = storedBatch(BASE + 0x80000000, 1);
    expect(() => seg.append(far.buf, far.last, far.maxTimestamp, far.last)).toThrow(/KAFKA_STORAGE_ERROR/);
    expect(fs.readFileSync(segmentPaths(dir, BASE).log)).toEqual(before);
    expect(path.basename(seg.logPath)).toBe('00000000000000000100.log');
  });
});
