// The log laid bare, on real segment files in a temp dir: segments listed with their files and index
// entries, a record located to its segment, byte position and batch (codec, producer id/epoch/sequence,
// the batch's other records), a torn tail being written treated as the end of the readable log.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectSegment, locateRecord, segmentBaseOffsets } from './log-inspector.ts';
import { CompressionType } from './record-batch.ts';
import { buildBatch } from './records.ts';
import { tempDir } from './test-support.ts';

const T = 1_700_000_000_000;
const recs = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${from + i}`, value: `value-${from + i}`, timestamp: T + from + i }));

function writeLog(dir: string): { b1: Buffer; b2: Buffer } {
  const b1 = buildBatch(recs(0, 3), { baseOffset: 0 });
  const b2 = buildBatch(recs(3, 2), { baseOffset: 3, compression: CompressionType.Gzip, producerId: 42, producerEpoch: 1, baseSequence: 3 });
  const b3 = buildBatch(recs(5, 4), { baseOffset: 5 });
  fs.writeFileSync(path.join(dir, '00000000000000000000.log'), Buffer.concat([b1, b2]));
  const idx = Buffer.alloc(8);
  idx.writeInt32BE(3, 0);
  idx.writeInt32BE(b1.length, 4);
  fs.writeFileSync(path.join(dir, '00000000000000000000.index'), idx);
  fs.writeFileSync(path.join(dir, '00000000000000000000.timeindex'), Buffer.alloc(0));
  // The active segment, with half a batch being written at its end.
  fs.writeFileSync(path.join(dir, '00000000000000000005.log'), Buffer.concat([b3, b3.subarray(0, 20)]));
  return { b1, b2 };
}

describe('log inspector', () => {
  it('lists segments with their files, batches and index entries', () => {
    const dir = tempDir();
    const { b1, b2 } = writeLog(dir);
    expect(segmentBaseOffsets(dir)).toEqual([0, 5]);
    const s0 = inspectSegment(dir, 0);
    expect(s0.files).toEqual([
      { name: '00000000000000000000.log', sizeBytes: b1.length + b2.length },
      { name: '00000000000000000000.index', sizeBytes: 8 },
      { name: '00000000000000000000.timeindex', sizeBytes: 0 },
    ]);
    expect(s0.batches.map((b) => [b.baseOffset, b.lastOffset, b.position, b.codec])).toEqual([[0, 2, 0, 'none'], [3, 4, b1.length, 'gzip']]);
    expect(s0.offsetIndex).toEqual([{ offset: 3, position: b1.length }]);
    expect([s0.nextOffset, s0.maxTimestamp]).toEqual([5, T + 4]);
    // The torn tail of the active segment is not a batch.
    expect(inspectSegment(dir, 5).batches.map((b) => b.baseOffset)).toEqual([5]);
  });

  it("locates a record: segment, position, the batch's header and its other records", () => {
    const dir = tempDir();
    const { b1 } = writeLog(dir);
    const at = locateRecord(dir, 4)!;
    expect(at.segment).toBe('00000000000000000000.log');
    expect(at.batch).toMatchObject({ position: b1.length, baseOffset: 3, lastOffset: 4, codec: 'gzip', producerId: 42, producerEpoch: 1, baseSequence: 3, recordCount: 2, transactional: false, control: false });
    expect(at.records).toEqual([
      { offset: 3, timestamp: T + 3, keySize: 2, valueSize: 7 },
      { offset: 4, timestamp: T + 4, keySize: 2, valueSize: 7 },
    ]);
    expect(locateRecord(dir, 7)?.segment).toBe('00000000000000000005.log');
    expect(locateRecord(dir, 99)).toBeUndefined();
  });
});
