import { describe, expect, it } from 'vitest';
import {
  BatchField, CompressionType, LOG_OVERHEAD, RECORD_BATCH_HEADER_SIZE, batchSize, compressionOf, isControl,
  isTransactional, iterateBatches, lastOffset, readBatchHeader, setBaseOffset, setLogAppendTime,
  setPartitionLeaderEpoch, timestampTypeOf, updateBatchCrc, validateBatch,
} from './record-batch.ts';
import { buildBatch, decodeBatchRecords } from './records.ts';
import { crc32cRef, expectError } from './test-support.ts';



function small(n = 3, opts: Parameters<typeof buildBatch>[1] = {}): Buffer {
  const recs = Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `value ${i}`, timestamp: 1_700_000_000_000 + i }));
  return buildBatch(recs, opts);
}

describe('header', () => {
  it('reference CRC-32C gives the standard check value', () => {
    expect(crc32cRef(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('reads every field a producer set, and the attribute helpers decode them', () => {
    const buf = buildBatch(
      [{ value: 'a', timestamp: 2_000_000_000_000 }, { value: 'b', timestamp: 1_999_999_999_000 }, { value: 'c', timestamp: 2_000_000_000_500 }],
      { baseOffset: 2 ** 40 + 5, partitionLeaderEpoch: 9, producerId: 2 ** 45 + 3, producerEpoch: 12, baseSequence: 77,
        transactional: true, compression: CompressionType.Lz4 },
    );
    const h = validateBatch(buf, 0);
    expect(h).toEqual({
      position: 0, baseOffset: 2 ** 40 + 5, batchLength: buf.length - 12, partitionLeaderEpoch: 9, magic: 2,
      crc: crc32cRef(buf.subarray(21)), attributes: 0x13, lastOffsetDelta: 2, baseTimestamp: 2_000_000_000_000,
      maxTimestamp: 2_000_000_000_500, producerId: 2 ** 45 + 3, producerEpoch: 12, baseSequence: 77, recordCount: 3,
    });
    expect(batchSize(h)).toBe(buf.length);
    expect(lastOffset(h)).toBe(2 ** 40 + 7);
    expect(compressionOf(h.attributes)).toBe(CompressionType.Lz4);
    expect(isTransactional(h.attributes)).toBe(true);
    expect(isControl(h.attributes)).toBe(false);
    expect(timestampTypeOf(h.attributes)).toBe(0);
    expect(isControl(0x20)).toBe(true);
    expect(timestampTypeOf(0x08)).toBe(1);
    expect(isTransactional(0x2f)).toBe(false);
  });

  it('defaults are the producer sentinels (-1) and control batches carry bit 5', () => {
    const h = readBatchHeader(small(1, { isControl: true }), 0);
    expect([h.partitionLeaderEpoch, h.producerId, h.producerEpoch, h.baseSequence]).toEqual([-1, -1, -1, -1]);
    expect(h.attributes).toBe(0x20);
  });

  it('rejects short buffers, a bad magic and an impossible batchLength with CORRUPT_MESSAGE', () => {
    const buf = small();
    expectError(() => readBatchHeader(buf.subarray(0, 60), 0), 'CORRUPT_MESSAGE');
    expectError(() => readBatchHeader(buf, buf.length - 10), 'CORRUPT_MESSAGE');
    for (const magic of [0, 1, 3]) {
      const b = Buffer.from(buf);
      b[BatchField.Magic] = magic;
      expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
    }
    const b = Buffer.from(buf);
    b.writeInt32BE(48, BatchField.BatchLength);
    expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
    b.writeInt32BE(-1, BatchField.BatchLength);
    expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
  });

  it('int64 fields outside the safe integer range are an error, the edges of the range are not', () => {
    const b = small();
    b.writeBigInt64BE(2n ** 53n, BatchField.BaseOffset);
    expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
    b.writeBigInt64BE(2n ** 53n - 1n, BatchField.BaseOffset);
    expect(readBatchHeader(b, 0).baseOffset).toBe(Number.MAX_SAFE_INTEGER);
    b.writeBigInt64BE(-(2n ** 53n) + 1n, BatchField.BaseOffset);
    expect(readBatchHeader(b, 0).baseOffset).toBe(Number.MIN_SAFE_INTEGER);
    b.writeBigInt64BE(-(2n ** 53n), BatchField.BaseOffset);
    expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
    b.writeBigInt64BE(-(2n ** 63n), BatchField.ProducerId);
    b.writeBigInt64BE(0n, BatchField.BaseOffset);
    expectError(() => readBatchHeader(b, 0), 'CORRUPT_MESSAGE');
  });
});

describe('validateBatch', () => {
  it('any flipped byte in crc..end is CORRUPT_MESSAGE; baseOffset and partitionLeaderEpoch are outside the CRC', () => {
    for (const compression of [CompressionType.None, CompressionType.Zstd]) {
      const buf = small(4, { compression });
      for (let i = 0; i < buf.length; i++) {
        const b = Buffer.from(buf);
        // In baseOffset flip the lowest bit of each byte: a bit above 2^52 would make it an unsafe integer,
        // which readBatchHeader rejects by design (byte 0 checks that).
        b[i] ^= i < BatchField.BatchLength ? 0x01 : 0x5a;
        if (i === 0) {
          expect(() => validateBatch(b, 0)).toThrow(/safe integer/);
        } else if (i < BatchField.BatchLength || (i >= BatchField.PartitionLeaderEpoch && i < BatchField.Magic)) {
          expect(() => validateBatch(b, 0), `byte ${i}`).not.toThrow();
        } else {
          // batchLength and magic damage is CORRUPT_MESSAGE too (truncation / bad magic).
          expectError(() => validateBatch(b, 0), 'CORRUPT_MESSAGE');
        }
      }
    }
  });

  it('setBaseOffset and setPartitionLeaderEpoch rewrite in place and keep the CRC valid', () => {
    const buf = Buffer.concat([Buffer.from('junk'), small(5)]);
    const crc = readBatchHeader(buf, 4).crc;
    setBaseOffset(buf, 4, 123_456_789_012);
    setPartitionLeaderEpoch(buf, 4, 42);
    const h = validateBatch(buf, 4);
    expect([h.baseOffset, h.partitionLeaderEpoch, h.crc, lastOffset(h)]).toEqual([123_456_789_012, 42, crc, 123_456_789_016]);
    expect(buf.subarray(0, 4).toString()).toBe('junk');
    expect(decodeBatchRecords(buf, 4).map((r) => r.offset)).toEqual([0, 1, 2, 3, 4].map((d) => 123_456_789_012 + d));
    expect(() => setBaseOffset(buf, 4, 2 ** 53)).toThrow();
  });

  it('lastOffsetDelta inconsistent with recordCount is INVALID_RECORD even with a correct CRC', () => {
    for (const delta of [0, 3, 5, -1]) {
      const b = small(5);
      b.writeInt32BE(delta, BatchField.LastOffsetDelta);
      updateBatchCrc(b, 0);
      expectError(() => validateBatch(b, 0), 'INVALID_RECORD');
    }
  });

  it('negative or empty recordCount is INVALID_RECORD; compacted shapes pass with allowOffsetGaps', () => {
    const neg = small(1);
    neg.writeInt32BE(-1, BatchField.RecordCount);
    updateBatchCrc(neg, 0);
    expectError(() => validateBatch(neg, 0), 'INVALID_RECORD');
    expectError(() => validateBatch(neg, 0, { allowOffsetGaps: true }), 'INVALID_RECORD');

    const empty = Buffer.from(small(1).subarray(0, RECORD_BATCH_HEADER_SIZE));
    empty.writeInt32BE(RECORD_BATCH_HEADER_SIZE - LOG_OVERHEAD, BatchField.BatchLength);
    empty.writeInt32BE(0, BatchField.RecordCount);
    empty.writeInt32BE(6, BatchField.LastOffsetDelta); // a compacted-away batch keeps its offset range
    updateBatchCrc(empty, 0);
    expectError(() => validateBatch(empty, 0), 'INVALID_RECORD');
    expect(validateBatch(empty, 0, { allowOffsetGaps: true }).recordCount).toBe(0);
    expect(decodeBatchRecords(empty)).toEqual([]);

    const gaps = small(3);
    gaps.writeInt32BE(9, BatchField.LastOffsetDelta);
    updateBatchCrc(gaps, 0);
    expectError(() => validateBatch(gaps, 0), 'INVALID_RECORD');
    expect(lastOffset(validateBatch(gaps, 0, { allowOffsetGaps: true }))).toBe(9);
    gaps.writeInt32BE(1, BatchField.LastOffsetDelta); // 3 records cannot fit in 2 offsets
    updateBatchCrc(gaps, 0);
    expectError(() => validateBatch(gaps, 0, { allowOffsetGaps: true }), 'INVALID_RECORD');
  });

  it('a recordCount the uncompressed bytes cannot hold is INVALID_RECORD', () => {
    const b = small(2);
    b.writeInt32BE(1000, BatchField.RecordCount);
    b.writeInt32BE(999, BatchField.LastOffsetDelta);
    updateBatchCrc(b, 0);
    expectError(() => validateBatch(b, 0), 'INVALID_RECORD');
  });

  it('compression codecs 5-7 are UNSUPPORTED_COMPRESSION_TYPE', () => {
    for (const codec of [5, 6, 7]) {
      const b = small(2);
      b.writeInt16BE(codec, BatchField.Attributes);
      updateBatchCrc(b, 0);
      expectError(() => validateBatch(b, 0), 'UNSUPPORTED_COMPRESSION_TYPE');
    }
  });

  it('a batch cut short is CORRUPT_MESSAGE', () => {
    const b = small(3);
    expectError(() => validateBatch(b.subarray(0, b.length - 1), 0), 'CORRUPT_MESSAGE');
  });
});

describe('iterateBatches', () => {
  const batches = [
    small(3, { baseOffset: 0 }),
    small(1, { baseOffset: 3, compression: CompressionType.Gzip }),
    small(10, { baseOffset: 4, compression: CompressionType.Snappy }),
  ];
  const all = Buffer.concat(batches);

  it('yields every batch with its position, validated or not', () => {
    for (const validate of [false, true]) {
      const hs = [...iterateBatches(all, { validate })];
      expect(hs.map((h) => [h.position, h.baseOffset, h.recordCount])).toEqual([
        [0, 0, 3], [batches[0].length, 3, 1], [batches[0].length + batches[1].length, 4, 10],
      ]);
    }
    expect([...iterateBatches(Buffer.alloc(0))]).toEqual([]);
  });

  it('a truncated tail throws CORRUPT_MESSAGE unless allowPartialTail', () => {
    for (const cut of [1, 11, 12, 61, batches[2].length - 1]) {
      const part = all.subarray(0, all.length - batches[2].length + cut);
      expectError(() => [...iterateBatches(part)], 'CORRUPT_MESSAGE');
      expect([...iterateBatches(part, { allowPartialTail: true, validate: true })].length).toBe(2);
    }
  });

  it('validate: a corrupted middle batch throws; without validate only the header is read', () => {
    const b = Buffer.from(all);
    b[batches[0].length + RECORD_BATCH_HEADER_SIZE] ^= 1;
    expectError(() => [...iterateBatches(b, { validate: true })], 'CORRUPT_MESSAGE');
    expect([...iterateBatches(b)].length).toBe(3);
  });

  it('an impossible batchLength is CORRUPT_MESSAGE even with allowPartialTail', () => {
    const b = Buffer.from(all);
    b.writeInt32BE(10, batches[0].length + BatchField.BatchLength);
    expectError(() => [...iterateBatches(b, { allowPartialTail: true })], 'CORRUPT_MESSAGE');
  });
});

describe('setLogAppendTime', () => {
  it('sets the timestamp-type bit and maxTimestamp, recomputes the CRC, and records take the append time', () => {
    for (const compression of [CompressionType.None, CompressionType.Gzip]) {
      const b = small(4, { compression, transactional: true });
      setLogAppendTime(b, 0, 1_800_000_000_000);
      const h = validateBatch(b, 0);
      expect(timestampTypeOf(h.attributes)).toBe(1);
      expect(compressionOf(h.attributes)).toBe(compression);
      expect(isTransactional(h.attributes)).toBe(true);
      expect(h.maxTimestamp).toBe(1_800_000_000_000);
      expect(h.crc).toBe(crc32cRef(b.subarray(BatchField.Attributes)));
      expect(decodeBatchRecords(b).map((r) => r.timestamp)).toEqual([1_800_000_000_000, 1_800_000_000_000, 1_800_000_000_000, 1_800_000_000_000]);
    }
  });
});
