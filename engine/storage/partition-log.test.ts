import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { batchOf, ManualClock, readAll, tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { readBatchHeader } from './record-batch.ts';
import { isKafkaError } from '../protocol/error-codes.ts';
import { crc32c } from '@node-rs/crc32';

function open(config: Partial<LogConfig> = {}, clock = new ManualClock()) {
  const dir = path.join(tempDir(), 'topic-0');
  const log = PartitionLog.open({ dir, config: logConfig(config), clock: clock.fn });
  return { dir, log, clock };
}

function files(dir: string, ext: string): string[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith(ext)).sort();
}

describe('PartitionLog append and read', () => {
  it('assigns offsets by rewriting only baseOffset and partitionLeaderEpoch', () => {
    const { log } = open();
    const a = batchOf(0, 3);
    const original = Buffer.from(a);
    expect(log.appendAsLeader(a, 7)).toMatchObject({ firstOffset: 0, lastOffset: 2, records: 3 });
    const b = batchOf(3, 2);
    expect(log.appendAsLeader(b, 7)).toMatchObject({ firstOffset: 3, lastOffset: 4 });
    expect(log.logEndOffset).toBe(5);
    // Bytes on disk: identical to the producer's except bytes 0-7 (offset) and 12-15 (epoch).
    const stored = log.read(0, 1 << 20);
    const first = stored.subarray(0, original.length);
    expect(first.subarray(16)).toEqual(original.subarray(16));
    expect(first.subarray(8, 12)).toEqual(original.subarray(8, 12));
    expect(readBatchHeader(stored, 0).partitionLeaderEpoch).toBe(7);
    expect(readBatchHeader(stored, original.length).baseOffset).toBe(3);
    expect(readAll(log).map((r) => r.value!.toString())).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
  });

  it('writes Kafka-named files: 20-digit base offset .log, .index, .timeindex', () => {
    const { dir, log } = open({ segmentBytes: 2048 });
    for (let i = 0; i < 20; i++) log.appendAsLeader(batchOf(i * 5, 5, { valueBytes: 40 }), 0);
    const logs = files(dir, '.log');
    expect(logs[0]).toBe('00000000000000000000.log');
    expect(logs.length).toBeGreaterThan(2);
    for (const l of logs) {
      expect(l).toMatch(/^\d{20}\.log$/);
      expect(fs.existsSync(path.join(dir, l.replace('.log', '.index')))).toBe(true);
      expect(fs.existsSync(path.join(dir, l.replace('.log', '.timeindex')))).toBe(true);
    }
    // Each segment is named by the offset of its first batch.
    const infos = log.segmentInfos();
    expect(logs.map((l) => Number(l.slice(0, 20)))).toEqual(infos.map((s) => s.baseOffset));
    for (let i = 1; i < infos.length; i++) expect(infos[i].baseOffset).toBe(infos[i - 1].nextOffset);
  });

  it('reads whole batches from the one holding the offset, bounded by maxBytes and maxOffset', () => {
    const { log } = open({ indexIntervalBytes: 100 });
    const sizes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const b = batchOf(i * 4, 4);
      sizes.push(b.length);
      log.appendAsLeader(b, 0);
    }
    // Offset 21 lives in the batch starting at 20.
    const one = log.read(21, sizes[5]);
    expect(readBatchHeader(one, 0).baseOffset).toBe(20);
    expect(one.length).toBe(sizes[5]);
    // maxBytes smaller than a batch still returns that batch (KIP-74), but never a partial one.
    expect(log.read(21, 10).length).toBe(sizes[5]);
    expect(log.read(21, 10, { minOneBatch: false }).length).toBe(0);
    // maxOffset (the high watermark) excludes batches at or above it.
    const bounded = log.read(0, 1 << 20, { maxOffset: 12 });
    expect(readAll(log).length).toBe(200);
    let n = 0;
    for (let p = 0; p < bounded.length; p += 12 + bounded.readInt32BE(p + 8)) n++;
    expect(n).toBe(3);
    expect(log.read(200, 100).length).toBe(0);
    expect(() => log.read(201, 100)).toThrow(/OFFSET_OUT_OF_RANGE/);
  });

  it('refuses a corrupt batch with CORRUPT_MESSAGE and writes nothing', () => {
    const { dir, log } = open();
    log.appendAsLeader(batchOf(0, 2), 0);
    const sizeBefore = fs.statSync(path.join(dir, '00000000000000000000.log')).size;
    const good = batchOf(2, 2);
    const bad = batchOf(4, 2);
    bad[bad.length - 3] ^= 0x01;
    const request = Buffer.concat([good, bad]);
    let err: unknown;
    try {
      log.appendAsLeader(request, 0);
    } catch (e) {
      err = e;
    }
    expect(isKafkaError(err, 'CORRUPT_MESSAGE')).toBe(true);
    expect(log.logEndOffset).toBe(2);
    expect(fs.statSync(path.join(dir, '00000000000000000000.log')).size).toBe(sizeBefore);
  });

  it('refuses batches over max.message.bytes with MESSAGE_TOO_LARGE, and an inconsistent count with INVALID_RECORD', () => {
    const { log } = open({ maxMessageBytes: 500 });
    expect(() => log.appendAsLeader(batchOf(0, 20, { valueBytes: 100 }), 0)).toThrow(/MESSAGE_TOO_LARGE/);
    const b = batchOf(0, 3);
    b.writeInt32BE(5, 23); // lastOffsetDelta
    // Recompute the CRC so only the count is wrong.
    b.writeUInt32BE(crc32c(b.subarray(21)), 17);
    expect(() => log.appendAsLeader(b, 0)).toThrow(/INVALID_RECORD/);
    expect(log.logEndOffset).toBe(0);
  });

  it('requires keys on a compacted topic (INVALID_RECORD)', () => {
    const { log } = open({ cleanupPolicy: { delete: false, compact: true } });
    expect(() => log.appendAsLeader(batchOf(0, 2, { key: () => null }), 0)).toThrow(/INVALID_RECORD/);
    expect(log.appendAsLeader(batchOf(0, 2), 0).lastOffset).toBe(1);
  });

  it('stamps LogAppendTime and keeps the CRC valid', () => {
    const clock = new ManualClock(1_800_000_000_000);
    const { log } = open({ messageTimestampType: 'LogAppendTime' }, clock);
    const r = log.appendAsLeader(batchOf(0, 2), 0);
    expect(r.logAppendTime).toBe(1_800_000_000_000);
    const rec = readAll(log);
    expect(rec.map((x) => x.timestamp)).toEqual([1_800_000_000_000, 1_800_000_000_000]);
  });

  it('follower appends keep the leader offsets and must be contiguous', () => {
    const leader = open().log;
    for (let i = 0; i < 5; i++) leader.appendAsLeader(batchOf(i * 2, 2), 3);
    const follower = open().log;
    follower.appendAsFollower(leader.read(0, 1 << 20));
    expect(follower.logEndOffset).toBe(10);
    expect(follower.read(0, 1 << 20)).toEqual(leader.read(0, 1 << 20));
    expect(() => follower.appendAsFollower(leader.read(4, 1 << 20))).toThrow(/OFFSET_OUT_OF_RANGE/);
  });
});

describe('PartitionLog rolling', () => {
  it('rolls on segment.bytes', () => {
    const { log } = open({ segmentBytes: 4096 });
    for (let i = 0; i < 40; i++) log.appendAsLeader(batchOf(i * 5, 5, { valueBytes: 60 }), 0);
    const infos = log.segmentInfos();
    expect(infos.length).toBeGreaterThan(3);
    for (const s of infos) expect(s.size).toBeLessThanOrEqual(4096);
  });

  it('rolls on segment.ms, measured from the first batch timestamp', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = open({ segmentMs: 60_000 }, clock);
    log.appendAsLeader(batchOf(0, 1, { timestamp: 1_000_000 }), 0);
    log.appendAsLeader(batchOf(1, 1, { timestamp: 1_059_000 }), 0);
    expect(log.segmentInfos().length).toBe(1);
    clock.advance(61_000);
    log.appendAsLeader(batchOf(2, 1, { timestamp: 1_061_001 }), 0);
    expect(log.segmentInfos().map((s) => s.baseOffset)).toEqual([0, 2]);
  });

  it('rolls when the offset index is full', () => {
    const { log } = open({ segmentIndexBytes: 8 * 4, indexIntervalBytes: 1 });
    for (let i = 0; i < 20; i++) log.appendAsLeader(batchOf(i, 1), 0);
    expect(log.segmentInfos().length).toBeGreaterThan(3);
  });
});

describe('PartitionLog offsets by timestamp', () => {
  it('finds the first offset at or after a timestamp, and earliest/latest/max', () => {
    const { log } = open({ indexIntervalBytes: 200, segmentBytes: 8192 });
    for (let i = 0; i < 100; i++) log.appendAsLeader(batchOf(i * 3, 3, { timestamp: 10_000 + i * 100 }), 0);
    expect(log.offsetForTimestamp(10_000 + 4_250)).toEqual({ offset: 129, timestamp: 10_000 + 4_300 });
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 10_000 });
    expect(log.offsetForTimestamp(99_999_999)).toBeNull();
    expect(log.offsetForTimestamp(EARLIEST_TIMESTAMP)!.offset).toBe(0);
    expect(log.offsetForTimestamp(LATEST_TIMESTAMP)!.offset).toBe(300);
    // The last batch's three records share the highest timestamp: the first of them (KAFKA-16310).
    expect(log.offsetForTimestamp(MAX_TIMESTAMP)).toEqual({ offset: 297, timestamp: 10_000 + 9_900 });
  });

  it('MAX_TIMESTAMP is the record with the highest timestamp, inside its batch and across segments and restarts', () => {
    const { log, dir } = open({ segmentBytes: 1024 });
    log.appendAsLeader(buildBatch([5_000, 9_000, 7_000, 8_000].map((timestamp, i) => ({ key: `a${i}`, value: 'x', timestamp }))), 0);
    expect(log.offsetForTimestamp(MAX_TIMESTAMP)).toEqual({ offset: 1, timestamp: 9_000 });
    // Later batches with lower timestamps (in a later segment too) do not move it.
    for (let i = 0; i < 20; i++) log.appendAsLeader(buildBatch([{ key: `b${i}`, value: 'y'.repeat(60), timestamp: 6_000 + i }]), 0);
    expect(log.segmentInfos().length).toBeGreaterThan(1);
    expect(log.offsetForTimestamp(MAX_TIMESTAMP)).toEqual({ offset: 1, timestamp: 9_000 });
    // A higher one in the middle of a later batch does.
    log.appendAsLeader(buildBatch([1, 12_000, 3].map((timestamp, i) => ({ key: `c${i}`, value: 'z', timestamp }))), 0);
    expect(log.offsetForTimestamp(MAX_TIMESTAMP)).toEqual({ offset: 25, timestamp: 12_000 });
    log.close();
    const reopened = PartitionLog.open({ dir, config: logConfig({ segmentBytes: 1024 }) });
    expect(reopened.offsetForTimestamp(MAX_TIMESTAMP)).toEqual({ offset: 25, timestamp: 12_000 });
    reopened.close();
  });
});

describe('PartitionLog truncation and deletion', () => {
  it('truncateTo removes everything at and above the offset, across segments', () => {
    const { log } = open({ segmentBytes: 2048 });
    for (let i = 0; i < 40; i++) log.appendAsLeader(batchOf(i * 2, 2, { valueBytes: 50 }), 0);
    log.setHighWatermark(80);
    log.truncateTo(31); // 31 is in the batch [30, 31]: the whole batch goes
    expect(log.logEndOffset).toBe(30);
    expect(log.highWatermark).toBe(30);
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(30).keys()]);
    expect(log.appendAsLeader(batchOf(30, 2), 1).firstOffset).toBe(30);
    log.truncateTo(0);
    expect(log.logEndOffset).toBe(0);
    expect(log.segmentInfos()).toHaveLength(1);
  });

  it('deleteRecordsBefore moves the log start, deletes whole segments below it, and never passes the high watermark', () => {
    const { dir, log } = open({ segmentBytes: 2048 });
    for (let i = 0; i < 40; i++) log.appendAsLeader(batchOf(i * 2, 2, { valueBytes: 50 }), 0);
    log.setHighWatermark(60);
    expect(() => log.deleteRecordsBefore(61)).toThrow(/OFFSET_OUT_OF_RANGE/);
    const segmentsBefore = files(dir, '.log').length;
    expect(log.deleteRecordsBefore(45)).toBe(45);
    expect(log.logStartOffset).toBe(45);
    expect(files(dir, '.log').length).toBeLessThan(segmentsBefore);
    expect(log.segmentInfos()[0].baseOffset).toBeLessThanOrEqual(45);
    expect(() => log.read(44, 100)).toThrow(/OFFSET_OUT_OF_RANGE/);
    expect(readAll(log)[0].offset).toBe(45);
    expect(log.offsetForTimestamp(EARLIEST_TIMESTAMP)!.offset).toBe(45);
    // -1 means "up to the high watermark".
    expect(log.deleteRecordsBefore(-1)).toBe(60);
  });

  it('retention.ms deletes whole segments whose newest record is too old, never beyond the high watermark', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = open({ segmentBytes: 1500, retentionMs: 10_000 }, clock);
    for (let i = 0; i < 30; i++) log.appendAsLeader(batchOf(i * 2, 2, { timestamp: 1_000_000 + i * 1000, valueBytes: 50 }), 0);
    log.setHighWatermark(60);
    const infos = log.segmentInfos();
    clock.now = 1_000_000 + 20_000; // records older than 10_000 ms: timestamps < 1_010_000
    const deleted = log.deleteOldSegments();
    const expectedGone = infos.filter((s, i) => i < infos.length - 1 && s.largestTimestamp < 1_010_000).length;
    expect(deleted).toBe(expectedGone);
    expect(deleted).toBeGreaterThan(0);
    expect(log.logStartOffset).toBe(infos[deleted].baseOffset);
    // With the high watermark at 0 nothing may go.
    const other = open({ segmentBytes: 1500, retentionMs: 10 }, clock).log;
    for (let i = 0; i < 30; i++) other.appendAsLeader(batchOf(i * 2, 2, { timestamp: 1, valueBytes: 50 }), 0);
    expect(other.deleteOldSegments()).toBe(0);
  });

  it('retention.ms can delete the active segment: the log rolls and keeps its end offset', () => {
    const clock = new ManualClock(1_000_000);
    const { log } = open({ retentionMs: 1000 }, clock);
    log.appendAsLeader(batchOf(0, 5, { timestamp: 1_000_000 }), 0);
    log.setHighWatermark(5);
    clock.advance(5000);
    expect(log.deleteOldSegments()).toBe(1);
    expect(log.logStartOffset).toBe(5);
    expect(log.logEndOffset).toBe(5);
    expect(log.appendAsLeader(batchOf(5, 1, { timestamp: clock.now }), 0).firstOffset).toBe(5);
  });

  it('retention.bytes keeps the newest segments within the limit', () => {
    const { log } = open({ segmentBytes: 1024, retentionBytes: 3000 });
    for (let i = 0; i < 40; i++) log.appendAsLeader(batchOf(i * 2, 2, { valueBytes: 60 }), 0);
    log.setHighWatermark(80);
    const deleted = log.deleteOldSegments();
    expect(deleted).toBeGreaterThan(0);
    expect(log.size()).toBeLessThanOrEqual(3000 + 1024);
    const infos = log.segmentInfos();
    // One more deletion would have gone under the limit.
    expect(log.size() - infos[0].size).toBeLessThan(3000);
  });
});

describe('PartitionLog flush policy', () => {
  it('flush.messages advances the recovery point', () => {
    const { log } = open({ flushMessages: 10 });
    for (let i = 0; i < 9; i++) log.appendAsLeader(batchOf(i, 1), 0);
    expect(log.recoveryPoint).toBe(0);
    log.appendAsLeader(batchOf(9, 1), 0);
    expect(log.recoveryPoint).toBe(10);
  });

  it('flush.ms flushes on the periodic check once the interval has passed', () => {
    const clock = new ManualClock();
    const { log } = open({ flushMs: 5000 }, clock);
    log.appendAsLeader(batchOf(0, 3), 0);
    log.maybeFlush();
    expect(log.recoveryPoint).toBe(0);
    clock.advance(5000);
    log.maybeFlush();
    expect(log.recoveryPoint).toBe(3);
  });

  it('by default the log is not flushed per append, only on roll and close', () => {
    const { log } = open({ segmentBytes: 1024 });
    log.appendAsLeader(batchOf(0, 3), 0);
    expect(log.recoveryPoint).toBe(0);
    for (let i = 1; i < 30; i++) log.appendAsLeader(batchOf(i * 3, 3, { valueBytes: 50 }), 0);
    const infos = log.segmentInfos();
    expect(log.recoveryPoint).toBe(infos[infos.length - 1].baseOffset);
  });
});

describe('PartitionLog record builder interplay', () => {
  it('stores gzip-compressed batches as sent', () => {
    const { log } = open();
    const b = buildBatch([{ key: 'a', value: 'x'.repeat(500) }, { key: 'b', value: 'y'.repeat(500) }], { compression: 1 });
    log.appendAsLeader(Buffer.from(b), 0);
    const stored = log.read(0, 1 << 20);
    expect(stored.subarray(16)).toEqual(b.subarray(16));
    expect(readAll(log).map((r) => r.value!.length)).toEqual([500, 500]);
  });
});

describe('PartitionLog idempotent producers', () => {
  const idem = (seq: number, count: number, epoch = 0) =>
    buildBatch(Array.from({ length: count }, (_, i) => ({ key: `k${seq + i}`, value: `v${seq + i}` })), { producerId: 42, producerEpoch: epoch, baseSequence: seq });

  it('answers a retried batch with its original offsets and writes nothing, also after a restart', () => {
    const { dir, log } = open();
    expect(log.appendAsLeader(idem(0, 3), 0).firstOffset).toBe(0);
    expect(log.appendAsLeader(idem(3, 2), 0).firstOffset).toBe(3);
    const size = log.size();
    const dup = log.appendAsLeader(idem(0, 3), 0);
    expect(dup).toMatchObject({ duplicate: true, firstOffset: 0, lastOffset: 2 });
    expect(log.size()).toBe(size);
    expect(() => log.appendAsLeader(idem(9, 1), 0)).toThrow(/OUT_OF_ORDER_SEQUENCE_NUMBER/);
    log.close();
    const again = PartitionLog.open({ dir, config: logConfig(), cleanShutdown: true });
    expect(again.appendAsLeader(idem(3, 2), 0)).toMatchObject({ duplicate: true, firstOffset: 3 });
    expect(again.appendAsLeader(idem(5, 1), 0)).toMatchObject({ firstOffset: 5 });
    expect(() => again.appendAsLeader(idem(6, 1, 0), 0)).not.toThrow();
    expect(again.describeProducers()).toEqual([expect.objectContaining({ producerId: 42, epoch: 0, lastSequence: 6, lastOffset: 6 })]);
  });
});
