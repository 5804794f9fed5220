// Compaction of a log with transactions, on real files: aborted data goes, markers stay while needed
// and then until delete.retention.ms, a producer's last batch survives empty, open transactions are
// left alone.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { cleanLog } from './log-cleaner.ts';
import { nodeFileLayer } from './file-io.ts';
import { ManualClock, readAll, tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { isControl, iterateBatches } from './record-batch.ts';
import { readTxnMarker } from './control-batch.ts';

const DAY = 86_400_000;
const config = (over: Partial<LogConfig> = {}) =>
  logConfig({ cleanupPolicy: { delete: false, compact: true }, segmentBytes: 400, minCleanableDirtyRatio: 0, deleteRetentionMs: DAY, ...over });

function setup() {
  const clock = new ManualClock(1_000_000_000);
  const dir = path.join(tempDir(), 'state-0');
  const log = PartitionLog.open({ dir, config: config(), clock: clock.fn });
  const put = (key: string, value: string, o: { pid?: number; seq?: number; txn?: boolean } = {}) =>
    log.appendAsLeader(buildBatch([{ key, value, timestamp: clock.now }], {
      producerId: o.pid ?? -1, producerEpoch: o.pid === undefined ? -1 : 0, baseSequence: o.seq ?? -1, transactional: o.txn, now: clock.now,
    }), 0).firstOffset;
  return { clock, dir, log, put };
}

/** Every batch in the log: [baseOffset, kind, records, producerId]. */
function batches(log: PartitionLog): [number, string, number, number][] {
  const out: [number, string, number, number][] = [];
  let offset = log.logStartOffset;
  while (offset < log.logEndOffset) {
    const bytes = log.read(offset, 1 << 16, { maxOffset: log.logEndOffset });
    for (const h of iterateBatches(bytes, { validate: true, allowOffsetGaps: true })) {
      const kind = isControl(h.attributes) ? readTxnMarker(bytes, h.position)!.type : 'data';
      out.push([h.baseOffset, kind, h.recordCount, h.producerId]);
      offset = h.baseOffset + h.lastOffsetDelta + 1;
    }
  }
  return out;
}

function filler(put: ReturnType<typeof setup>['put'], n: number) {
  for (let i = 0; i < n; i++) put(`f${i}`, 'x'.repeat(60));
}

describe('compaction with transactions', () => {
  it('removes aborted records (which never shadow committed ones) and keeps the markers until delete.retention.ms', () => {
    const { clock, dir, log, put } = setup();
    const a0 = put('a', 'a-committed');              // 0
    const aborted = put('a', 'a-aborted', { pid: 5, seq: 0, txn: true });
    const abortAt = log.appendTxnMarker(5, 0, 'ABORT', 1, 0).firstOffset;
    const c1 = put('c', 'c-committed', { pid: 6, seq: 0, txn: true });
    const commitAt = log.appendTxnMarker(6, 0, 'COMMIT', 1, 0).firstOffset;
    filler(put, 12);
    log.setHighWatermark(log.logEndOffset);

    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    const values = readAll(log).map((r) => `${r.key}=${r.value}`);
    expect(values).toContain('a=a-committed');
    expect(values).not.toContain('a=a-aborted');
    expect(values).toContain('c=c-committed');
    const after = batches(log);
    expect(after.find((b) => b[0] === a0)).toEqual([a0, 'data', 1, -1]);
    // Producer 5's only batch: kept empty, so its sequence survives.
    expect(after.find((b) => b[0] === aborted)).toEqual([aborted, 'data', 0, 5]);
    expect(after.find((b) => b[0] === abortAt)).toEqual([abortAt, 'ABORT', 1, 5]);
    expect(after.find((b) => b[0] === commitAt)).toEqual([commitAt, 'COMMIT', 1, 6]);
    expect(log.producerState.entry(5)).toBeDefined();
    // The abort stays indexed in the cleaned segment.
    expect(log.collectAbortedTransactions(0, log.logEndOffset)).toEqual([{ producerId: 5, firstOffset: aborted, lastOffset: abortAt, lastStableOffset: abortAt + 1 }]);
    const idx = fs.readdirSync(dir).filter((f) => f.endsWith('.txnindex'));
    expect(idx).toHaveLength(1);

    // Producer 5 moves on, the transactions' data is gone or superseded, and delete.retention.ms passes.
    put('z', 'later', { pid: 5, seq: 1 });
    put('c', 'c-newer');
    filler(put, 12);
    clock.advance(2 * DAY);
    filler(put, 1);
    log.setHighWatermark(log.logEndOffset);
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    const later = batches(log);
    expect(later.find((b) => b[0] === aborted)).toBeUndefined(); // no longer producer 5's last batch
    expect(later.find((b) => b[0] === abortAt)).toBeUndefined();
    // Producer 6's batch lost its record to the newer c, but is its last batch: kept empty, and with it
    // the COMMIT marker of its transaction. Once the producer expires, both go.
    expect(later.find((b) => b[0] === c1)).toEqual([c1, 'data', 0, 6]);
    expect(later.find((b) => b[0] === commitAt)?.[1]).toBe('COMMIT');
    expect(log.producerState.removeExpiredProducers(clock.now)).toBeGreaterThan(0);
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    const last = batches(log);
    expect(last.find((b) => b[0] === c1)).toBeUndefined();
    expect(last.find((b) => b[0] === commitAt)).toBeUndefined();
    expect(readAll(log).map((r) => `${r.key}=${r.value}`)).toEqual(expect.arrayContaining(['a=a-committed', 'c=c-newer', 'z=later']));
  });

  it('after a crash the cleaned log reopens with its empty batch, marker and abort index', () => {
    const { clock, dir, log, put } = setup();
    const aborted = put('a', 'gone', { pid: 5, seq: 0, txn: true });
    const abortAt = log.appendTxnMarker(5, 0, 'ABORT', 1, 0).firstOffset;
    filler(put, 12);
    log.setHighWatermark(log.logEndOffset);
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    const cleaned = batches(log);
    const aborts = log.collectAbortedTransactions(0, log.logEndOffset);
    log.closeWithoutFlush();
    const again = PartitionLog.open({ dir, config: config(), clock: clock.fn });
    expect(again.recoveryReport.segmentsRecovered).toBeGreaterThan(0);
    expect(batches(again)).toEqual(cleaned);
    expect(cleaned.find((b) => b[0] === aborted)).toEqual([aborted, 'data', 0, 5]);
    expect(again.collectAbortedTransactions(0, again.logEndOffset)).toEqual(aborts);
    expect(aborts.map((t) => t.lastOffset)).toEqual([abortAt]);
    expect(again.producerState.entry(5)?.batches.at(-1)).toMatchObject({ firstSeq: 0, lastSeq: 0 });
    again.close();
  });

  it('a marker whose transaction still has data stays, however old', () => {
    const { clock, log, put } = setup();
    put('k', 'v1', { pid: 6, seq: 0, txn: true });
    const commitAt = log.appendTxnMarker(6, 0, 'COMMIT', 1, 0).firstOffset;
    filler(put, 12);
    clock.advance(2 * DAY);
    filler(put, 8);
    log.setHighWatermark(log.logEndOffset);
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    expect(batches(log).find((b) => b[0] === commitAt)?.[1]).toBe('COMMIT');
    expect(readAll(log).map((r) => r.value!.toString())).toContain('v1');
  });

  it('does not clean at or past the first unstable offset', () => {
    const { clock, log, put } = setup();
    filler(put, 4);
    filler(put, 4); // duplicates of f0..f3, cleanable
    const open = put('o', 'open', { pid: 7, seq: 0, txn: true });
    filler(put, 8);
    filler(put, 8);
    log.setHighWatermark(log.logEndOffset);
    const before = readAll(log).filter((r) => r.offset >= open).length;
    cleanLog(log, { now: clock.now, fileLayer: nodeFileLayer, force: true });
    const all = readAll(log);
    expect(all.filter((r) => r.offset >= open)).toHaveLength(before);
    expect(all.filter((r) => r.offset < open && r.key!.toString() === 'f0')).toHaveLength(1);
  });
});
