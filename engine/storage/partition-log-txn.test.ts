// Transactions in the partition log, with real files: markers, the LSO, the .txnindex beside each
// segment (its bytes), READ_COMMITTED's aborted-transaction lookup, recovery and replication.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PartitionLog } from './partition-log.ts';
import { logConfig, type LogConfig } from './log-config.ts';
import { ManualClock, expectError, tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { iterateBatches, CONTROL_MASK, TRANSACTIONAL_MASK } from './record-batch.ts';
import { readTxnMarker } from './control-batch.ts';
import { decodeAbortedTxn } from './transaction-index.ts';

function open(config: Partial<LogConfig> = {}, dir = path.join(tempDir(), 'topic-0'), cleanShutdown = false) {
  const clock = new ManualClock();
  const log = PartitionLog.open({ dir, config: logConfig(config), clock: clock.fn, cleanShutdown });
  return { dir, log, clock };
}

/** A transactional batch of `n` records from producer `pid` at sequence `seq`. */
function txnBatch(pid: number, seq: number, n = 2, epoch = 0): Buffer {
  const records = Array.from({ length: n }, (_, i) => ({ key: `k${seq + i}`, value: `p${pid}-${seq + i}`, timestamp: 1_700_000_000_000 }));
  return buildBatch(records, { producerId: pid, producerEpoch: epoch, baseSequence: seq, transactional: true, now: 1_700_000_000_000 });
}

function txnIndexFiles(dir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txnindex')).sort()) {
    const b = fs.readFileSync(path.join(dir, f));
    out[f] = [];
    for (let p = 0; p < b.length; p += 34) out[f].push(b.subarray(p, p + 34).toString('hex'));
  }
  return out;
}

const hexEntry = (pid: number, first: number, last: number, lso: number) =>
  '0000' + [pid, first, last, lso].map((n) => n.toString(16).padStart(16, '0')).join('');

describe('transaction markers in the log', () => {
  it('an open transaction holds the LSO back; COMMIT releases it without an index entry', () => {
    const { log, dir } = open();
    log.appendAsLeader(buildBatch([{ value: 'plain' }]), 0); // offset 0
    log.appendAsLeader(txnBatch(7, 0), 0); // offsets 1-2
    log.setHighWatermark(log.logEndOffset);
    expect(log.firstUnstableOffset()).toBe(1);
    expect(log.lastStableOffset).toBe(1);
    const r = log.appendTxnMarker(7, 0, 'COMMIT', 4, 0);
    expect(r.firstOffset).toBe(3);
    expect(r.completedTxn).toEqual({ producerId: 7, firstOffset: 1, lastOffset: 3, lastStableOffset: 4 });
    expect(log.firstUnstableOffset()).toBeUndefined();
    log.setHighWatermark(log.logEndOffset);
    expect(log.lastStableOffset).toBe(4);
    expect(txnIndexFiles(dir)).toEqual({});
    // The marker as stored: a transactional control batch with the producer's id and epoch.
    const stored = log.read(3, 1 << 16);
    const [h] = [...iterateBatches(stored, { validate: true })];
    expect(h.attributes & (CONTROL_MASK | TRANSACTIONAL_MASK)).toBe(CONTROL_MASK | TRANSACTIONAL_MASK);
    expect([h.baseOffset, h.producerId, h.producerEpoch, h.partitionLeaderEpoch]).toEqual([3, 7, 0, 0]);
    expect(readTxnMarker(stored, 0)).toEqual({ type: 'COMMIT', coordinatorEpoch: 4 });
    expect(log.producerState.entry(7)).toMatchObject({ coordinatorEpoch: 4, currentTxnFirstOffset: -1 });
  });

  it('an ABORT is indexed in the .txnindex with the LSO of the transactions still open', () => {
    const { log, dir } = open();
    log.appendAsLeader(txnBatch(7, 0), 0); // 0-1
    log.appendAsLeader(txnBatch(8, 0), 0); // 2-3
    log.appendAsLeader(txnBatch(7, 2), 0); // 4-5
    log.appendTxnMarker(7, 0, 'ABORT', 1, 0); // 6: producer 8 is still open from 2
    log.appendTxnMarker(8, 0, 'ABORT', 1, 0); // 7: nothing open
    expect(txnIndexFiles(dir)).toEqual({ '00000000000000000000.txnindex': [hexEntry(7, 0, 6, 2), hexEntry(8, 2, 7, 8)] });
    expect(log.collectAbortedTransactions(0, 8)).toEqual([
      { producerId: 7, firstOffset: 0, lastOffset: 6, lastStableOffset: 2 },
      { producerId: 8, firstOffset: 2, lastOffset: 7, lastStableOffset: 8 },
    ]);
    expect(log.collectAbortedTransactions(7, 8).map((t) => t.producerId)).toEqual([8]);
    expect(log.collectAbortedTransactions(0, 1).map((t) => t.producerId)).toEqual([7]);
  });

  it('refuses a marker from an older coordinator epoch or an older producer epoch, writing nothing', () => {
    const { log } = open();
    log.appendAsLeader(txnBatch(7, 0, 2, 3), 0);
    log.appendTxnMarker(7, 3, 'COMMIT', 5, 0);
    const end = log.logEndOffset;
    expectError(() => log.appendTxnMarker(7, 3, 'ABORT', 4, 0), 'TRANSACTION_COORDINATOR_FENCED');
    expectError(() => log.appendTxnMarker(7, 2, 'ABORT', 5, 0), 'INVALID_PRODUCER_EPOCH');
    expect(log.logEndOffset).toBe(end);
  });

  it('clients may not write control batches', () => {
    const { log } = open();
    const forged = buildBatch([{ key: Buffer.from([0, 0, 0, 1]), value: Buffer.alloc(6) }], { isControl: true, transactional: true, producerId: 1, producerEpoch: 0, baseSequence: 0 });
    expectError(() => log.appendAsLeader(forged, 0), 'INVALID_RECORD');
  });
});

describe('the .txnindex across segments, recovery and replication', () => {
  /** A transaction of producer 9 spanning three segments, aborted in the last. */
  function spanning(config: Partial<LogConfig> = {}) {
    const o = open({ segmentBytes: 200, ...config });
    o.log.appendAsLeader(txnBatch(9, 0), 0); // 0-1
    o.log.appendAsLeader(buildBatch([{ value: 'x'.repeat(120) }]), 0); // 2
    o.log.appendAsLeader(buildBatch([{ value: 'y'.repeat(120) }]), 0); // 3
    o.log.appendTxnMarker(9, 0, 'ABORT', 2, 0); // 4
    o.log.appendAsLeader(txnBatch(10, 0), 0); // 5-6, left open
    return o;
  }

  it('the entry goes with the segment holding the marker and is found from an earlier fetch offset', () => {
    const { log, dir } = spanning();
    expect(log.segmentInfos().length).toBeGreaterThanOrEqual(3);
    const files = txnIndexFiles(dir);
    expect(Object.values(files).flat()).toEqual([hexEntry(9, 0, 4, 5)]);
    const markerSegment = log.segmentInfos().find((s) => s.baseOffset <= 4 && s.nextOffset > 4)!;
    expect(Object.keys(files)).toEqual([`${String(markerSegment.baseOffset).padStart(20, '0')}.txnindex`]);
    expect(log.collectAbortedTransactions(0, 2)).toEqual([{ producerId: 9, firstOffset: 0, lastOffset: 4, lastStableOffset: 5 }]);
    expect(log.firstUnstableOffset()).toBe(5);
  });

  it('is rebuilt by the loader after a crash, byte for byte, even when the file was lost or torn', () => {
    const { log, dir } = spanning();
    const before = txnIndexFiles(dir);
    log.closeWithoutFlush();
    const [name] = Object.keys(before);
    fs.rmSync(path.join(dir, name));
    const again = open({ segmentBytes: 200 }, dir).log;
    expect(txnIndexFiles(dir)).toEqual(before);
    expect(again.firstUnstableOffset()).toBe(5);
    again.closeWithoutFlush();
    fs.appendFileSync(path.join(dir, name), Buffer.from([1, 2, 3]));
    const clean = open({ segmentBytes: 200 }, dir, true).log; // even after a clean shutdown a torn index is rebuilt
    expect(txnIndexFiles(dir)).toEqual(before);
    expect(clean.recoveryReport.indexesRebuilt.length).toBeGreaterThan(0);
    clean.close();
  });

  it('an orphan .txnindex is removed; a segment is deleted together with its index', () => {
    const { log, dir } = spanning({ retentionBytes: 1 });
    fs.writeFileSync(path.join(dir, '00000000000000099999.txnindex'), Buffer.alloc(34));
    log.close();
    const again = open({ segmentBytes: 200, retentionBytes: 1 }, dir, true).log;
    expect(fs.existsSync(path.join(dir, '00000000000000099999.txnindex'))).toBe(false);
    again.roll();
    again.setHighWatermark(again.logEndOffset);
    expect(again.deleteOldSegments()).toBe(3); // retention.bytes: all but the segment holding the marker
    expect(Object.keys(txnIndexFiles(dir))).toEqual(['00000000000000000004.txnindex']);
    again.deleteRecordsBefore(7); // then DeleteRecords past it
    expect(txnIndexFiles(dir)).toEqual({});
    again.close();
  });

  it('a follower indexes the aborts it replicates as the leader did', () => {
    const leader = spanning();
    const follower = open({ segmentBytes: 200 });
    let offset = 0;
    while (offset < leader.log.logEndOffset) {
      const bytes = leader.log.read(offset, 1 << 16);
      follower.log.appendAsFollower(Buffer.from(bytes));
      offset = follower.log.logEndOffset;
    }
    expect(Object.values(txnIndexFiles(follower.dir)).flat()).toEqual([hexEntry(9, 0, 4, 5)]);
    expect(follower.log.firstUnstableOffset()).toBe(5);
    expect(decodeAbortedTxn(Buffer.from(hexEntry(9, 0, 4, 5), 'hex'))).toEqual({ producerId: 9, firstOffset: 0, lastOffset: 4, lastStableOffset: 5 });
  });

  it('truncation removes entries whose marker is cut off and reopens the transaction', () => {
    const { log, dir } = spanning();
    log.truncateTo(4);
    expect(Object.values(txnIndexFiles(dir)).flat()).toEqual([]);
    expect(log.firstUnstableOffset()).toBe(0);
  });
});
