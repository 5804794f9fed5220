// Disk faults under the partition log: a failed append is a clear error, the log stays readable, and after a
// reopen it holds a consistent prefix of what was acknowledged.

import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultyFileLayer } from './faulty-file-layer.ts';
import { PartitionLog } from './partition-log.ts';
import { logConfig } from './log-config.ts';
import { batchOf, readAll, tempDir } from './test-support.ts';
import { isKafkaError } from '../protocol/error-codes.ts';

function setup(fl: FaultyFileLayer, config = logConfig({ segmentBytes: 4096, indexIntervalBytes: 256 })) {
  const dir = path.join(tempDir(), 'faults-0');
  const open = (cleanShutdown = false, checkpoint?: ReturnType<PartitionLog['checkpoint']>) =>
    PartitionLog.open({ dir, config, fileLayer: fl, cleanShutdown, checkpoint });
  return { dir, open };
}

function appendMany(log: PartitionLog, from: number, batches: number): number {
  for (let i = 0; i < batches; i++) log.appendAsLeader(batchOf(from + i * 2, 2, { valueBytes: 80 }), 0);
  return from + batches * 2;
}

describe('storage under disk faults', () => {
  it('a partial write fails the append with KAFKA_STORAGE_ERROR and is rolled back', () => {
    const fl = new FaultyFileLayer();
    const { open } = setup(fl);
    const log = open();
    const end = appendMany(log, 0, 10);
    fl.failNextWrites(1);
    let err: unknown;
    try {
      log.appendAsLeader(batchOf(end, 2), 0);
    } catch (e) {
      err = e;
    }
    expect(isKafkaError(err, 'KAFKA_STORAGE_ERROR')).toBe(true);
    expect((err as Error).message).toMatch(/EIO/);
    expect(log.logEndOffset).toBe(end);
    // Still readable and still writable: the partial bytes were cut off.
    expect(readAll(log).map((r) => r.offset)).toEqual([...Array(end).keys()]);
    expect(log.appendAsLeader(batchOf(end, 2), 0).firstOffset).toBe(end);
    log.close();
    const again = open(true);
    expect(readAll(again).length).toBe(end + 2);
  });

  it('ENOSPC: the append that does not fit fails, earlier data stays readable, appends resume when space returns', () => {
    const fl = new FaultyFileLayer();
    const { open } = setup(fl);
    const log = open();
    const end = appendMany(log, 0, 5);
    fl.spaceLeft = 150; // less than one batch
    expect(() => log.appendAsLeader(batchOf(end, 2, { valueBytes: 80 }), 0)).toThrow(/ENOSPC/);
    expect(log.logEndOffset).toBe(end);
    expect(readAll(log).length).toBe(end);
    fl.spaceLeft = Infinity;
    expect(log.appendAsLeader(batchOf(end, 2), 0).firstOffset).toBe(end);
  });

  it('a failed fsync takes the log offline for writes; reads go on; a reopen recovers a consistent prefix', () => {
    const fl = new FaultyFileLayer();
    const { open } = setup(fl, logConfig({ segmentBytes: 1 << 20, flushMessages: 4 }));
    const log = open();
    log.appendAsLeader(batchOf(0, 2), 0);
    fl.failNextSyncs(1);
    expect(() => log.appendAsLeader(batchOf(2, 2), 0)).toThrow(/fsync/);
    expect(() => log.appendAsLeader(batchOf(4, 2), 0)).toThrow(/offline/);
    expect(readAll(log).length).toBe(4);
    const cp = log.checkpoint();
    expect(cp.recoveryPoint).toBe(0);
    log.closeWithoutFlush();
    const again = open(false, cp);
    expect(readAll(again).map((r) => r.offset)).toEqual([0, 1, 2, 3]);
    expect(again.appendAsLeader(batchOf(4, 2), 0).firstOffset).toBe(4);
  });

  it('a crash keeps only fsynced bytes: the log recovers to exactly the flushed prefix', () => {
    const fl = new FaultyFileLayer();
    const { open } = setup(fl);
    const log = open();
    const flushedEnd = appendMany(log, 0, 30); // spans several 4 KiB segments
    log.flush();
    const cp = log.checkpoint();
    appendMany(log, flushedEnd, 7); // page cache only, but a segment roll flushes the segment it closes
    expect(log.logEndOffset).toBe(flushedEnd + 14);
    const durable = log.recoveryPoint;
    expect(durable).toBeGreaterThanOrEqual(flushedEnd);
    expect(durable).toBeLessThan(flushedEnd + 14);
    fl.crash();
    const again = open(false, cp);
    expect(again.logEndOffset).toBe(durable);
    expect(readAll(again).map((r) => r.offset)).toEqual([...Array(durable).keys()]);
    expect(again.appendAsLeader(batchOf(durable, 2), 0).firstOffset).toBe(durable);
  });

  it('crashes at random points always recover to a prefix that includes everything flushed (seeded)', () => {
    let seed = 0x5eed;
    const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let round = 0; round < 8; round++) {
      const fl = new FaultyFileLayer();
      const { open } = setup(fl, logConfig({ segmentBytes: 2048, indexIntervalBytes: 128 }));
      let log = open();
      let cp = log.checkpoint();
      let acked = 0;
      let flushed = 0;
      for (let step = 0; step < 40; step++) {
        acked = appendMany(log, acked, 1);
        if (rand() < 0.2) {
          log.flush();
          cp = log.checkpoint();
          flushed = acked;
        }
        if (rand() < 0.1) {
          fl.crash();
          log = open(false, cp);
          expect(log.logEndOffset, `seed round ${round} step ${step}`).toBeGreaterThanOrEqual(flushed);
          expect(log.logEndOffset).toBeLessThanOrEqual(acked);
          expect(readAll(log).map((r) => r.offset)).toEqual([...Array(log.logEndOffset).keys()]);
          acked = log.logEndOffset;
        }
      }
    }
  });
});
