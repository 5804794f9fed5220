import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { BatchField, CompressionType, RECORD_BATCH_HEADER_SIZE, updateBatchCrc, validateBatch } from './record-batch.ts';
import {
  buildBatch, decodeBatchRecords, readUnsignedVarint, readVarint, readVarlong, sizeOfUnsignedVarint, sizeOfVarint,
  sizeOfVarlong, writeUnsignedVarint, writeVarint, writeVarlong,
} from './records.ts';
import type { NewRecord } from './records.ts';
import { crc32cRef, expectError } from './test-support.ts';

const require = createRequire(import.meta.url);



const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('varints', () => {
  const varints: [number, string][] = [
    [0, '00'], [-1, '01'], [1, '02'], [63, '7e'], [-64, '7f'], [64, '8001'], [300, 'd804'],
    [2147483647, 'feffffff0f'], [-2147483648, 'ffffffff0f'],
  ];
  it('zig-zag varint known encodings, sizes and round trip', () => {
    for (const [v, enc] of varints) {
      const b = Buffer.alloc(5);
      const end = writeVarint(b, 0, v);
      expect(b.subarray(0, end).toString('hex'), `${v}`).toBe(enc);
      expect(sizeOfVarint(v)).toBe(end);
      const r = { buf: b, pos: 0 };
      expect(readVarint(r)).toBe(v);
      expect(r.pos).toBe(end);
    }
    expect(() => writeVarint(Buffer.alloc(5), 0, 2 ** 31)).toThrow(RangeError);
  });

  it('zig-zag varlong known encodings, safe-integer edges and round trip', () => {
    const cases: [number, string][] = [
      [0, '00'], [-1, '01'], [300, 'd804'], [2 ** 31, '8080808010'],
      [Number.MAX_SAFE_INTEGER, 'feffffffffffff1f'], [Number.MIN_SAFE_INTEGER, 'fdffffffffffff1f'],
    ];
    for (const [v, enc] of cases) {
      const b = Buffer.alloc(10);
      const end = writeVarlong(b, 0, v);
      expect(b.subarray(0, end).toString('hex'), `${v}`).toBe(enc);
      expect(sizeOfVarlong(v)).toBe(end);
      expect(readVarlong({ buf: b, pos: 0 })).toBe(v);
    }
    for (let i = 0; i < 2000; i++) {
      const v = Math.trunc((Math.random() - 0.5) * 2 ** (1 + (i % 54))) + 0;
      const b = Buffer.alloc(10);
      const end = writeVarlong(b, 0, v);
      expect(sizeOfVarlong(v)).toBe(end);
      // cross-check against BigInt zig-zag
      let z = (BigInt(v) << 1n) ^ (BigInt(v) >> 63n);
      z = BigInt.asUintN(64, z);
      let expected = '';
      do { const g = Number(z & 0x7fn); z >>= 7n; expected += (g | (z > 0n ? 0x80 : 0)).toString(16).padStart(2, '0'); } while (z > 0n);
      expect(b.subarray(0, end).toString('hex'), `${v}`).toBe(expected);
      expect(readVarlong({ buf: b, pos: 0 })).toBe(v);
    }
    // int64 max (zig-zag 2^64-2): 10 bytes, not a safe integer.
    expectError(() => readVarlong({ buf: hex('feffffffffffffffff01'), pos: 0 }), 'CORRUPT_MESSAGE');
    expectError(() => readVarlong({ buf: hex('80808080808080808001'), pos: 0 }), 'CORRUPT_MESSAGE'); // 2^63
    expectError(() => readVarlong({ buf: hex('ffffffffffffff1f'), pos: 0 }), 'CORRUPT_MESSAGE'); // -2^53
    expectError(() => readVarlong({ buf: hex('8080808080808080808001'), pos: 0 }), 'CORRUPT_MESSAGE'); // 11 bytes
    expectError(() => readVarlong({ buf: hex('8080'), pos: 0 }), 'CORRUPT_MESSAGE');
    expect(() => writeVarlong(Buffer.alloc(10), 0, 2 ** 53)).toThrow(RangeError);
  });

  it('unsigned varints, truncation and over-long encodings', () => {
    const b = Buffer.alloc(5);
    expect(writeUnsignedVarint(b, 0, 0xffffffff)).toBe(5);
    expect(b.toString('hex')).toBe('ffffffff0f');
    expect(readUnsignedVarint({ buf: b, pos: 0 })).toBe(0xffffffff);
    expect(sizeOfUnsignedVarint(127)).toBe(1);
    expect(sizeOfUnsignedVarint(128)).toBe(2);
    expectError(() => readVarint({ buf: hex('8080'), pos: 0 }), 'CORRUPT_MESSAGE');
    expectError(() => readVarint({ buf: hex('808080808001'), pos: 0 }), 'CORRUPT_MESSAGE');
    expectError(() => readVarint({ buf: hex('ffffffff1f'), pos: 0 }), 'CORRUPT_MESSAGE');
    expectError(() => readVarint({ buf: hex('0280'), pos: 1 }), 'CORRUPT_MESSAGE');
    expectError(() => readVarint({ buf: hex('8001'), pos: 0, end: 1 }), 'CORRUPT_MESSAGE');
  });
});

describe('known-answer batch', () => {
  it('matches bytes derived by hand from the v2 format', () => {
    const buf = buildBatch([
      { key: 'k', value: 'v', headers: [{ key: 'h', value: 'x' }], timestamp: 1000 },
      { key: null, value: Buffer.from('ab'), timestamp: 999 },
      { key: '', value: null, headers: [{ key: 'n', value: null }], timestamp: 1300 },
    ], { baseOffset: 5, partitionLeaderEpoch: 7 });
    const expected = hex(`
      0000000000000005  00000052  00000007  02  00000000
      0000  00000002  00000000000003e8  0000000000000514  ffffffffffffffff  ffff  ffffffff  00000003
      18 00 00 00 02 6b 02 76 02 02 68 02 78
      10 00 01 02 01 04 61 62 00
      14 00 d804 04 00 01 02 02 6e 01`);
    // length 24/2=12: attrs, tsDelta 0, offsetDelta 0, key len 1 'k', value len 1 'v', 1 header: 'h' = 'x'
    // length 8:  attrs, tsDelta -1, offsetDelta 1, null key, value len 2 'ab', 0 headers
    // length 10: attrs, tsDelta +300 (zig-zag 600 = d8 04), offsetDelta 2, key len 0, null value, 'n' = null
    expected.writeUInt32BE(crc32cRef(expected.subarray(BatchField.Attributes)), BatchField.Crc);
    expect(buf.toString('hex')).toBe(expected.toString('hex'));
    const recs = decodeBatchRecords(buf);
    expect(recs.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
      [5, 1000, 'k', 'v'], [6, 999, null, 'ab'], [7, 1300, '', null],
    ]);
    expect(recs[2].headers).toEqual([{ key: 'n', value: null }]);
  });
});

function fiftyRecords(): NewRecord[] {
  const out: NewRecord[] = [];
  for (let i = 0; i < 50; i++) {
    out.push({
      key: i % 7 === 0 ? null : i % 2 ? `key-${i}` : Buffer.from([i, 0, 255, 128]),
      value: i % 11 === 0 ? null : i % 3 === 0 ? Buffer.from(Array.from({ length: 300 + i }, (_, j) => (j * i) & 0xff))
        : `välue ${i} — 日本語 🎉 `.repeat(1 + (i % 5)),
      headers: i % 4 === 0 ? [] : [
        { key: 'trace-id', value: `t${i}` },
        { key: 'bin', value: Buffer.from([0, i]) },
        { key: 'nullable', value: null },
        { key: 'ключ', value: 'значение' },
      ],
      timestamp: 1_700_000_000_000 + (i % 9) * 1000 - 4000,
    });
  }
  return out;
}

const asBuffer = (v: Buffer | string | null | undefined): Buffer | null =>
  v === null || v === undefined ? null : typeof v === 'string' ? Buffer.from(v) : v;

describe('round trip', () => {
  for (const compression of [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
    it(`50 records, codec ${compression}`, () => {
      const input = fiftyRecords();
      const buf = buildBatch(input, { compression, baseOffset: 1000, producerId: 17, producerEpoch: 2, baseSequence: 40 });
      const h = validateBatch(buf, 0);
      expect(h.attributes & 7).toBe(compression);
      expect(h.baseTimestamp).toBe(input[0].timestamp);
      expect(h.maxTimestamp).toBe(Math.max(...input.map((r) => r.timestamp!)));
      const recs = decodeBatchRecords(buf);
      expect(recs.length).toBe(50);
      recs.forEach((r, i) => {
        expect(r.offset).toBe(1000 + i);
        expect(r.timestamp).toBe(input[i].timestamp);
        expect(r.attributes).toBe(0);
        expect(r.key).toEqual(asBuffer(input[i].key));
        expect(r.value).toEqual(asBuffer(input[i].value));
        expect(r.headers).toEqual((input[i].headers ?? []).map((x) => ({ key: x.key, value: asBuffer(x.value) })));
      });
    });
  }

  it('records without a timestamp get opts.now; a batch inside a larger buffer decodes at its position', () => {
    const b = buildBatch([{ value: 'a' }, { value: 'b', timestamp: 5 }], { now: 1234 });
    const wrapped = Buffer.concat([Buffer.alloc(9), b, Buffer.alloc(3)]);
    expect(decodeBatchRecords(wrapped, 9).map((r) => r.timestamp)).toEqual([1234, 5]);
  });

  it('explicit offsetDeltas (compaction) keep original offsets; they must increase', () => {
    const b = buildBatch([{ value: 'a', offsetDelta: 0 }, { value: 'b', offsetDelta: 3 }, { value: 'c', offsetDelta: 7 }], { baseOffset: 100 });
    expectError(() => validateBatch(b, 0), 'INVALID_RECORD');
    const h = validateBatch(b, 0, { allowOffsetGaps: true });
    expect([h.lastOffsetDelta, h.recordCount]).toEqual([7, 3]);
    expect(decodeBatchRecords(b).map((r) => r.offset)).toEqual([100, 103, 107]);
    expectError(() => buildBatch([{ value: 'a', offsetDelta: 2 }, { value: 'b', offsetDelta: 2 }]), 'INVALID_RECORD');
    expectError(() => buildBatch([{ value: 'a', offsetDelta: -1 }]), 'INVALID_RECORD');
  });

  it('an empty batch cannot be built (producers never send one)', () => {
    expectError(() => buildBatch([]), 'INVALID_RECORD');
  });
});

describe('malformed records (with a correct CRC)', () => {
  const base = (): Buffer => buildBatch([{ key: 'k', value: 'vv' }, { key: 'x', value: 'y' }], { now: 1 });
  // first record: length 9 (zig-zag 12), attrs, tsDelta, offsetDelta, key 'k', value 'vv', 0 headers
  const mutate = (f: (b: Buffer) => Buffer): Buffer => {
    const b = f(base());
    b.writeInt32BE(b.length - 12, BatchField.BatchLength);
    updateBatchCrc(b, 0);
    return b;
  };
  const R = RECORD_BATCH_HEADER_SIZE;

  it('sanity: the layout assumed below', () => {
    expect(base().subarray(R, R + 10).toString('hex')).toBe('12000000026b04767600');
  });

  const cases: [string, (b: Buffer) => Buffer][] = [
    ['record length past the end', (b) => { b[R] = 0x7e; return b; }],
    ['negative record length', (b) => { b[R] = 0x03; return b; }],
    ['record length shorter than its fields', (b) => { b[R] = 0x10; return b; }],
    ['record length longer than its fields', (b) => { b[R] = 0x14; return b; }],
    ['key length below -1', (b) => { b[R + 4] = 0x03; return b; }],
    ['negative header count', (b) => { b[R + 9] = 0x01; return b; }],
    ['header with a null key', (b) => Buffer.concat([b.subarray(0, R), Buffer.from('14000000026b0476760201'+'00', 'hex'), b.subarray(R + 10)])],
    ['trailing bytes after the last record', (b) => Buffer.concat([b, Buffer.from([0])])],
    ['fewer records than recordCount', (b) => { b.writeInt32BE(3, BatchField.RecordCount); b.writeInt32BE(2, BatchField.LastOffsetDelta); return b; }],
    ['more records than recordCount', (b) => { b.writeInt32BE(1, BatchField.RecordCount); b.writeInt32BE(0, BatchField.LastOffsetDelta); return b; }],
  ];
  for (const [name, f] of cases) {
    it(`${name} is INVALID_RECORD`, () => {
      const b = mutate(f);
      expectError(() => decodeBatchRecords(b), 'INVALID_RECORD');
    });
  }

  it('a compressed section that is not valid for its codec is CORRUPT_MESSAGE', () => {
    for (const c of [CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
      const b = buildBatch([{ value: 'hello '.repeat(100) }], { compression: c });
      b.fill(0x33, R + 4, R + 20);
      updateBatchCrc(b, 0);
      expectError(() => decodeBatchRecords(b), 'CORRUPT_MESSAGE');
    }
  });
});

describe('kafkajs interop', () => {
  const Long = require('kafkajs/src/utils/long');
  const Decoder = require('kafkajs/src/protocol/decoder');
  const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0');
  const Record = require('kafkajs/src/protocol/recordBatch/record/v0');
  const decodeKafkajsBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder');

  for (const compression of [CompressionType.None, CompressionType.Gzip]) {
    it(`we decode a batch made by kafkajs's encoder (codec ${compression})`, async () => {
      const records = [
        Record({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from('key-0'), value: Buffer.from('value-0'), headers: { a: 'x', b: Buffer.from([1, 2]) } }),
        Record({ offsetDelta: 1, timestampDelta: 25, key: null, value: Buffer.from('ünïcode') }),
        Record({ offsetDelta: 2, timestampDelta: 7, key: Buffer.from('k2'), value: null }),
      ];
      const encoder = await RecordBatch({
        compression, firstOffset: Long.fromNumber(0), firstTimestamp: 1_650_000_000_000, maxTimestamp: 1_650_000_000_025,
        lastOffsetDelta: 2, producerId: Long.fromNumber(4000), producerEpoch: 3, firstSequence: 11, records,
      });
      const buf: Buffer = encoder.buffer;
      const h = validateBatch(buf, 0);
      expect([h.producerId, h.producerEpoch, h.baseSequence, h.recordCount, h.attributes]).toEqual([4000, 3, 11, 3, compression]);
      const recs = decodeBatchRecords(buf);
      expect(recs.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
        [0, 1_650_000_000_000, 'key-0', 'value-0'], [1, 1_650_000_000_025, null, 'ünïcode'], [2, 1_650_000_000_007, 'k2', null],
      ]);
      expect(recs[0].headers).toEqual([{ key: 'a', value: Buffer.from('x') }, { key: 'b', value: Buffer.from([1, 2]) }]);
    });

    it(`kafkajs's decoder reads our batch (codec ${compression})`, async () => {
      const buf = buildBatch(fiftyRecords(), { compression, baseOffset: 77 });
      const out = await decodeKafkajsBatch(new Decoder(buf));
      expect(out.records.length).toBe(50);
      const input = fiftyRecords();
      out.records.forEach((r: { offset: string; timestamp: string; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }, i: number) => {
        expect(r.offset).toBe(String(77 + i));
        expect(r.timestamp).toBe(String(input[i].timestamp));
        expect(r.key).toEqual(asBuffer(input[i].key));
        expect(r.value).toEqual(asBuffer(input[i].value));
        if (input[i].headers?.length) expect(r.headers['ключ']).toEqual(Buffer.from('значение'));
      });
    });
  }
});
