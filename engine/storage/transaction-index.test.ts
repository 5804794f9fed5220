import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { ABORTED_TXN_SIZE, CorruptTxnIndexError, TransactionIndex, type AbortedTxn } from './transaction-index.ts';
import { tempDir } from './test-support.ts';

const entry = (producerId: number, firstOffset: number, lastOffset: number, lastStableOffset: number): AbortedTxn =>
  ({ producerId, firstOffset, lastOffset, lastStableOffset });

function index() {
  const file = path.join(tempDir(), '00000000000000000000.txnindex');
  return { file, idx: new TransactionIndex(nodeFileLayer, file) };
}

describe('TransactionIndex (.txnindex)', () => {
  it('is not created until the first entry, then stores 34-byte entries in Kafka\'s layout', () => {
    const { file, idx } = index();
    expect(idx.collectAbortedTxns(0, 100)).toEqual({ abortedTransactions: [], isComplete: false });
    expect(fs.existsSync(file)).toBe(false);
    idx.append(entry(7, 3, 10, 11));
    idx.append(entry(0x1_0000_0001, 12, 20, 15));
    idx.flush();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBe(2 * ABORTED_TXN_SIZE);
    expect(bytes.subarray(0, 34).toString('hex')).toBe(
      '0000' + '0000000000000007' + '0000000000000003' + '000000000000000a' + '000000000000000b',
    );
    expect(bytes.subarray(34, 36).toString('hex')).toBe('0000');
    expect(bytes.subarray(36, 44).toString('hex')).toBe('0000000100000001');
    idx.close();
    expect(new TransactionIndex(nodeFileLayer, file).entries()).toEqual([entry(7, 3, 10, 11), entry(0x1_0000_0001, 12, 20, 15)]);
  });

  it('refuses an entry that does not follow the last one', () => {
    const { idx } = index();
    idx.append(entry(1, 0, 10, 11));
    expect(() => idx.append(entry(2, 5, 10, 11))).toThrow(RangeError);
    expect(() => idx.append(entry(2, 5, 9, 11))).toThrow(RangeError);
    expect(idx.entries()).toHaveLength(1);
  });

  it('collects entries overlapping the fetch range and says when the search is complete', () => {
    const { idx } = index();
    idx.append(entry(1, 0, 5, 6));
    idx.append(entry(2, 4, 9, 10));
    idx.append(entry(3, 20, 30, 31));
    expect(idx.collectAbortedTxns(6, 8)).toEqual({ abortedTransactions: [entry(2, 4, 9, 10)], isComplete: true });
    expect(idx.collectAbortedTxns(0, 25)).toEqual({ abortedTransactions: [entry(1, 0, 5, 6), entry(2, 4, 9, 10), entry(3, 20, 30, 31)], isComplete: true });
    expect(idx.collectAbortedTxns(10, 40)).toEqual({ abortedTransactions: [entry(3, 20, 30, 31)], isComplete: false });
  });

  it('truncates entries whose marker is at or above the offset; a torn file fails its sanity check', () => {
    const { file, idx } = index();
    idx.append(entry(1, 0, 5, 6));
    idx.append(entry(2, 6, 9, 10));
    idx.truncateTo(9);
    expect(idx.entries()).toEqual([entry(1, 0, 5, 6)]);
    expect(fs.statSync(file).size).toBe(34);
    idx.close();
    fs.appendFileSync(file, Buffer.alloc(5));
    expect(() => new TransactionIndex(nodeFileLayer, file).sanityCheck()).toThrow(CorruptTxnIndexError);
  });
});
