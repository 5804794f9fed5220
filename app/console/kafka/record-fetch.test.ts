// scanBatches over fetched bytes as a broker sends them: batches back to back, compressed or not, transaction
// markers between them, and a last batch cut short by the fetch size.

import { describe, expect, it } from 'vitest';
import { CompressionType, buildBatch } from '../../../engine/index.ts';
import { scanBatches } from './record-fetch.ts';

const seen = (chunk: Buffer) => {
  const out: { offset: number; key: string | null; value: string | null; headers: string[] }[] = [];
  const result = scanBatches(chunk, (r) => {
    out.push({
      offset: r.offset, key: r.key?.toString() ?? null, value: r.value?.toString() ?? null,
      headers: r.headers.map((h) => `${h.key}=${h.value?.toString() ?? 'null'}`),
    });
  });
  return { out, result };
};

describe('scanBatches', () => {
  const plain = buildBatch([{ key: 'k0', value: 'v0', headers: [{ key: 'h', value: 'x' }] }, { key: null, value: null }], { baseOffset: 10, now: 1 });
  const marker = buildBatch([{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.from([0, 0, 0, 0, 0, 0]) }], { baseOffset: 12, isControl: true, transactional: true, producerId: 1, producerEpoch: 0, now: 1 });
  const gzip = buildBatch([{ key: 'k13', value: 'v13' }, { key: 'k14', value: 'v14' }], { baseOffset: 13, compression: CompressionType.Gzip, now: 1 });

  it('reads every data record, skips markers, and reports the offset after the last batch', () => {
    const { out, result } = seen(Buffer.concat([plain, marker, gzip]));
    expect(out).toEqual([
      { offset: 10, key: 'k0', value: 'v0', headers: ['h=x'] },
      { offset: 11, key: null, value: null, headers: [] },
      { offset: 13, key: 'k13', value: 'v13', headers: [] },
      { offset: 14, key: 'k14', value: 'v14', headers: [] },
    ]);
    expect(result).toEqual({ next: 15, stopped: false });
  });

  it('leaves a batch cut short by the fetch size for the next fetch', () => {
    const chunk = Buffer.concat([plain, gzip]).subarray(0, plain.length + 20);
    const { out, result } = seen(chunk);
    expect(out.map((r) => r.offset)).toEqual([10, 11]);
    expect(result.next).toBe(12);
  });

  it('stops where the visitor says', () => {
    const offsets: number[] = [];
    const result = scanBatches(Buffer.concat([plain, gzip]), (r) => {
      offsets.push(r.offset);
      return r.offset < 13;
    });
    expect(offsets).toEqual([10, 11, 13]);
    expect(result).toEqual({ next: 14, stopped: true });
  });

  it('refuses corrupt bytes with Kafka\'s CORRUPT_MESSAGE instead of misreading them', () => {
    const bad = Buffer.from(plain);
    bad[bad.length - 1] ^= 0xff;
    expect(() => seen(bad)).toThrow(/CRC/);
  });
});
