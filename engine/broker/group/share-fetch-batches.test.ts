import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Partition } from '../partition.ts';
import { PartitionLog } from '../../storage/partition-log.ts';
import { logConfig } from '../../storage/log-config.ts';
import { buildBatch } from '../../storage/records.ts';
import { batchOf, ManualClock, tempDir } from '../../storage/test-support.ts';
import { abortedWithin, batchesWithin, clipAcquired, readBatchList, type StoredBatch } from './share-fetch-batches.ts';

const batch = (baseOffset: number, lastOffset: number, size: number): StoredBatch => ({ baseOffset, lastOffset, bytes: Buffer.alloc(size) });

describe('ShareFetch MaxBytes', () => {
  const batches = [batch(0, 0, 100), batch(1, 4, 100), batch(5, 5, 100)];

  it('keeps the leading batches that fit, and always the first batch of a response', () => {
    expect(batchesWithin(batches, 250, false).map((b) => b.baseOffset)).toEqual([0, 1]);
    expect(batchesWithin(batches, 1, true).map((b) => b.baseOffset)).toEqual([0]);
    expect(batchesWithin(batches, 1, false)).toEqual([]);
    expect(batchesWithin(batches, 300, false)).toHaveLength(3);
  });

  it('clips acquired runs at the last batch sent and lists the offsets given back', () => {
    const acquired = [{ firstOffset: 0, lastOffset: 2, deliveryCount: 2 }, { firstOffset: 3, lastOffset: 5, deliveryCount: 1 }];
    expect(clipAcquired(acquired, 4)).toEqual({ kept: [{ firstOffset: 0, lastOffset: 2, deliveryCount: 2 }, { firstOffset: 3, lastOffset: 4, deliveryCount: 1 }], dropped: [5] });
    expect(clipAcquired(acquired, -1)).toEqual({ kept: [], dropped: [0, 1, 2, 3, 4, 5] });
  });
});

describe('read_committed: the batches of aborted transactions', () => {
  function txnBatch(pid: number, seq: number, n: number): Buffer {
    const records = Array.from({ length: n }, (_, i) => ({ value: `p${pid}-${seq + i}` }));
    return buildBatch(records, { producerId: pid, producerEpoch: 0, baseSequence: seq, transactional: true });
  }

  // A real log: 0-1 plain, 2-3 producer 7 (aborted), 4-5 producer 8 (committed), 6-7 producer 7 again (same
  // transaction), 8 producer 7's ABORT, 9 producer 8's COMMIT, 10-12 producer 7's next transaction (committed), 13 COMMIT.
  function log(): { partition: Partition; log: PartitionLog } {
    const l = PartitionLog.open({ dir: path.join(tempDir(), 't-0'), config: logConfig({}), clock: new ManualClock().fn });
    l.appendAsLeader(batchOf(0, 2), 0);
    l.appendAsLeader(txnBatch(7, 0, 2), 0);
    l.appendAsLeader(txnBatch(8, 0, 2), 0);
    l.appendAsLeader(txnBatch(7, 2, 2), 0);
    l.appendTxnMarker(7, 0, 'ABORT', 1, 0);
    l.appendTxnMarker(8, 0, 'COMMIT', 1, 0);
    l.appendAsLeader(txnBatch(7, 4, 3), 0);
    l.appendTxnMarker(7, 0, 'COMMIT', 1, 0);
    l.setHighWatermark(l.logEndOffset);
    return { partition: { log: l } as unknown as Partition, log: l };
  }

  it('finds the aborted data batches among the acquired runs, not the committed ones nor the markers', () => {
    const { partition } = log();
    expect(abortedWithin(partition, [{ firstOffset: 0, lastOffset: 13, deliveryCount: 1 }])).toEqual([{ firstOffset: 2, lastOffset: 3 }, { firstOffset: 6, lastOffset: 7 }]);
    expect(abortedWithin(partition, [{ firstOffset: 4, lastOffset: 5, deliveryCount: 1 }, { firstOffset: 7, lastOffset: 7, deliveryCount: 2 }])).toEqual([{ firstOffset: 6, lastOffset: 7 }]);
    // The same producer's later, committed transaction is not touched.
    expect(abortedWithin(partition, [{ firstOffset: 9, lastOffset: 13, deliveryCount: 1 }])).toEqual([]);
    expect(abortedWithin(partition, [])).toEqual([]);
  });

  it('what is left to send holds no aborted batch', () => {
    const { partition } = log();
    const sent = readBatchList(partition, [{ firstOffset: 0, lastOffset: 1, deliveryCount: 1 }, { firstOffset: 4, lastOffset: 5, deliveryCount: 1 }, { firstOffset: 8, lastOffset: 13, deliveryCount: 1 }]);
    expect(sent.map((b) => [b.baseOffset, b.lastOffset])).toEqual([[0, 1], [4, 5], [8, 8], [9, 9], [10, 12], [13, 13]]);
  });
});
