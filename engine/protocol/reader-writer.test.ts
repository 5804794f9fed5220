import { describe, expect, it } from 'vitest';
import { ProtocolError } from './codec-errors.ts';
import { Reader } from './reader.ts';
import { Writer, ZERO_UUID } from './writer.ts';

function bytes(fn: (w: Writer) => void): Buffer {
  const w = new Writer(4);
  fn(w);
  return w.finish();
}

describe('wire primitives (Reader and Writer)', () => {
  it('encodes fixed-width integers big-endian and reads them back', () => {
    const b = bytes((w) => {
      w.int8(-2);
      w.int16(-300);
      w.uint16(65000);
      w.int32(-70000);
      w.uint32(4000000000);
      w.float64(1.25);
      w.bool(true);
    });
    expect(b.subarray(0, 3)).toEqual(Buffer.from([0xfe, 0xfe, 0xd4]));
    const r = new Reader(b);
    expect([r.int8(), r.int16(), r.uint16(), r.int32(), r.uint32(), r.float64(), r.bool()]).toEqual([
      -2, -300, 65000, -70000, 4000000000, 1.25, true,
    ]);
    expect(r.remaining()).toBe(0);
  });

  it('int64: numbers within ±2^53, bigint beyond, never rounded', () => {
    const values = [0, -1, 1, 2 ** 53, -(2 ** 53), 2 ** 32 + 5, -(2 ** 32) - 5, 9007199254740993n, -(2n ** 63n), 2n ** 63n - 1n];
    const b = bytes((w) => values.forEach((v) => w.int64(v)));
    expect(b.subarray(8, 16)).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    const r = new Reader(b);
    const out = values.map(() => r.int64());
    expect(out).toEqual(values);
    expect(typeof out[3]).toBe('number');
    expect(typeof out[7]).toBe('bigint');
    expect(() => bytes((w) => w.int64(2n ** 63n))).toThrow(ProtocolError);
    expect(() => bytes((w) => w.int64(1.5))).toThrow(ProtocolError);
  });

  it('unsigned varint, zig-zag varint and varlong match Kafka encodings', () => {
    expect(bytes((w) => w.uvarint(300))).toEqual(Buffer.from([0xac, 0x02]));
    expect(bytes((w) => w.varint(-1))).toEqual(Buffer.from([0x01]));
    expect(bytes((w) => w.varint(1))).toEqual(Buffer.from([0x02]));
    expect(bytes((w) => w.varint(-2147483648))).toEqual(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
    expect(bytes((w) => w.varlong(-1))).toEqual(Buffer.from([0x01]));
    const vs = [0, 1, -1, 63, -64, 2 ** 40, -(2 ** 45), 2 ** 53, 2n ** 62n, -(2n ** 63n)];
    const b = bytes((w) => vs.forEach((v) => w.varlong(v)));
    const r = new Reader(b);
    expect(vs.map(() => r.varlong())).toEqual(vs);
    const ints = [0, 1, -1, 2147483647, -2147483648, 12345];
    const b2 = bytes((w) => ints.forEach((v) => w.varint(v)));
    const r2 = new Reader(b2);
    expect(ints.map(() => r2.varint())).toEqual(ints);
  });

  it('rejects varints that never end or overflow', () => {
    expect(() => new Reader(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x01])).uvarint()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x1f])).uvarint()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0x80, 0x80])).uvarint()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.alloc(11, 0x80)).varlong()).toThrow(ProtocolError);
  });

  it('uuid is the 22-char base64url string; zero uuid is all zero bytes', () => {
    expect(bytes((w) => w.uuid(ZERO_UUID))).toEqual(Buffer.alloc(16));
    const raw = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
    const s = new Reader(raw).uuid();
    expect(s).toHaveLength(22);
    expect(s).toBe(raw.toString('base64url'));
    expect(bytes((w) => w.uuid(s))).toEqual(raw);
    expect(() => bytes((w) => w.uuid('short'))).toThrow(ProtocolError);
  });

  it('strings: classic int16 length and compact length+1, null only when allowed', () => {
    expect(bytes((w) => w.string('ab'))).toEqual(Buffer.from([0, 2, 0x61, 0x62]));
    expect(bytes((w) => w.string(null))).toEqual(Buffer.from([0xff, 0xff]));
    expect(bytes((w) => w.compactString('ab'))).toEqual(Buffer.from([3, 0x61, 0x62]));
    expect(bytes((w) => w.compactString(null))).toEqual(Buffer.from([0]));
    expect(new Reader(Buffer.from([0xff, 0xff])).string(true)).toBeNull();
    expect(() => new Reader(Buffer.from([0xff, 0xff])).string(false)).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xfe])).string(true)).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0])).compactString(false)).toThrow(ProtocolError);
    expect(new Reader(Buffer.from([4, 0xc3, 0xa9, 0x78])).compactString()).toBe('éx');
  });

  it('bytes are zero-copy subarrays of the input', () => {
    const frame = Buffer.from([0, 0, 0, 2, 9, 8, 7]);
    const b = new Reader(frame).bytes() as Buffer;
    expect(b).toEqual(Buffer.from([9, 8]));
    expect(b.buffer).toBe(frame.buffer);
    frame[4] = 1;
    expect(b[0]).toBe(1);
  });

  it('bounds: every read past the end and every oversize length throws ProtocolError', () => {
    expect(() => new Reader(Buffer.from([1])).int16()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0, 0, 0])).int32()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.alloc(7)).int64()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0, 5, 1, 2])).string()).toThrow(/truncated/);
    expect(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).bytes()).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0x7f, 0xff, 0xff, 0xff])).arrayLength(false)).toThrow(/cannot fit/);
    expect(() => new Reader(Buffer.from([0, 0, 0, 3, 0, 0, 0, 0])).arrayLength(false, 4)).toThrow(/cannot fit/);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff])).arrayLength(false)).toThrow(ProtocolError);
    expect(new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff])).arrayLength(true)).toBe(-1);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xfe])).arrayLength(true)).toThrow(ProtocolError);
    expect(() => new Reader(Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f])).compactArrayLength(false)).toThrow(/cannot fit/);
    // a reader over a window never reads beyond its end
    expect(() => new Reader(Buffer.from([0, 0, 0, 1]), 0, 2).int32()).toThrow(ProtocolError);
  });

  it('tagged-field sections: skips unknown tags, rejects sizes beyond the frame', () => {
    const b = Buffer.from([2, 1, 2, 0xaa, 0xbb, 5, 1, 0xcc]);
    const seen: number[] = [];
    const r = new Reader(b);
    r.taggedFields((tag) => {
      seen.push(tag);
      return false;
    });
    expect(seen).toEqual([1, 5]);
    expect(r.remaining()).toBe(0);
    expect(() => new Reader(Buffer.from([1, 0, 9, 1])).taggedFields(null)).toThrow(ProtocolError);
  });

  it('Writer keeps large buffers by reference and can return chunks', () => {
    const big = Buffer.alloc(20000, 7);
    const w = new Writer(16);
    w.int32(0);
    w.bytes(big);
    w.int16(5);
    w.patchInt32(0, 42);
    const chunks = w.finishChunks();
    expect(chunks).toContain(big);
    const all = w.finish();
    expect(all.length).toBe(4 + 4 + 20000 + 2);
    expect(all.readInt32BE(0)).toBe(42);
    expect(all.readInt32BE(4)).toBe(20000);
    expect(all.readInt16BE(20008)).toBe(5);
  });
});
