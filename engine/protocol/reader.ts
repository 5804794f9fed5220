// Reader: bounds-checked decoding of Kafka wire primitives from a Buffer. The Writer (writer.ts)
// encodes the same primitives; the encodings and representation rules below hold for both.
//
// Encodings (https://kafka.apache.org/protocol#protocol_types):
//   int8/16/32/64, uint16, uint32, float64   big-endian, fixed width
//   uvarint                                  unsigned LEB128, at most 5 bytes (32 bits)
//   varint / varlong                         zig-zag LEB128, at most 5 / 10 bytes
//   string                                   int16 length + UTF-8; nullable: length -1 is null
//   compact string                           uvarint (length + 1) + UTF-8; nullable: 0 is null
//   bytes / compact bytes                    int32 length / uvarint (length + 1); -1 / 0 is null
//   array / compact array                    int32 count / uvarint (count + 1); -1 / 0 is null
//   uuid                                     16 raw bytes
//   tagged fields                            uvarint count, then per field: uvarint tag, uvarint size, data
//
// Representation rules:
//   int64   a JS number when -2^53 <= v <= 2^53 (every offset, timestamp, producer id and epoch
//           a real cluster produces); outside that range a bigint, so nothing is ever rounded.
//           The Writer accepts either.
//   uuid    the 22-character base64url string Kafka prints (Uuid.toString()); all-zero is
//           ZERO_UUID = "AAAAAAAAAAAAAAAAAAAAAA".
//   bytes, records  zero-copy subarrays of the input Buffer. A caller that keeps one beyond the
//           life of the request frame should copy it (Buffer.from(b)).
//
// Safety: every read checks the bytes it needs against the end of the frame first, and every
// length read from the wire is checked against the remaining bytes BEFORE anything is allocated,
// so a hostile length can neither read out of bounds nor make us allocate a large buffer.

import { ProtocolError } from './codec-errors.ts';

/** int64 values: a number within ±2^53, a bigint beyond (see the representation rules above). */
export type Int64 = number | bigint;

const TWO_32 = 4294967296;

export class Reader {
  readonly buf: Buffer;
  pos: number;
  readonly end: number;

  constructor(buf: Buffer, offset = 0, end = buf.length) {
    this.buf = buf;
    this.pos = offset;
    this.end = end;
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /** Throws unless n more bytes are available. */
  need(n: number): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new ProtocolError(`truncated message: need ${n} byte(s) at offset ${this.pos}, ${this.end - this.pos} left`);
    }
  }

  skip(n: number): void {
    this.need(n);
    this.pos += n;
  }

  int8(): number {
    this.need(1);
    const v = this.buf[this.pos++];
    return (v << 24) >> 24;
  }

  bool(): boolean {
    this.need(1);
    return this.buf[this.pos++] !== 0;
  }

  int16(): number {
    this.need(2);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (((b[p] << 8) | b[p + 1]) << 16) >> 16;
  }

  uint16(): number {
    this.need(2);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p] << 8) | b[p + 1];
  }

  int32(): number {
    this.need(4);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  }

  uint32(): number {
    return this.int32() >>> 0;
  }

  int64(): Int64 {
    this.need(8);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 8;
    const hi = (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
    const lo = ((b[p + 4] << 24) | (b[p + 5] << 16) | (b[p + 6] << 8) | b[p + 7]) >>> 0;
    if ((hi >= -0x200000 && hi < 0x200000) || (hi === 0x200000 && lo === 0)) return hi * TWO_32 + lo;
    return b.readBigInt64BE(p);
  }

  float64(): number {
    this.need(8);
    const v = this.buf.readDoubleBE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Unsigned LEB128, at most 32 bits. */
  uvarint(): number {
    const b = this.buf;
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 5; i++) {
      if (this.pos >= this.end) throw new ProtocolError(`truncated varint at offset ${this.pos}`);
      const byte = b[this.pos++];
      if (i === 4 && byte > 0x0f) throw new ProtocolError('varint does not fit in 32 bits');
      result += (byte & 0x7f) * mul;
      if ((byte & 0x80) === 0) return result;
      mul *= 128;
    }
    throw new ProtocolError('varint longer than 5 bytes');
  }

  /** Zig-zag LEB128, 32 bits. */
  varint(): number {
    const n = this.uvarint();
    return (n >>> 1) ^ -(n & 1);
  }

  /** Zig-zag LEB128, 64 bits; number when it fits in ±2^53, else bigint. */
  varlong(): Int64 {
    const b = this.buf;
    let lowPart = 0; // first 49 bits, exact as a double
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (this.pos >= this.end) throw new ProtocolError(`truncated varlong at offset ${this.pos}`);
      const byte = b[this.pos++];
      lowPart += (byte & 0x7f) * mul;
      if ((byte & 0x80) === 0) return lowPart % 2 === 0 ? lowPart / 2 : -(lowPart + 1) / 2;
      mul *= 128;
    }
    let n = BigInt(lowPart);
    let shift = 49n;
    for (let i = 7; i < 10; i++) {
      if (this.pos >= this.end) throw new ProtocolError(`truncated varlong at offset ${this.pos}`);
      const byte = b[this.pos++];
      n |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        if (n >= 1n << 64n) throw new ProtocolError('varlong does not fit in 64 bits');
        const v = (n >> 1n) ^ -(n & 1n);
        return v >= -(2n ** 53n) && v <= 2n ** 53n ? Number(v) : v;
      }
      shift += 7n;
    }
    throw new ProtocolError('varlong longer than 10 bytes');
  }

  uuid(): string {
    this.need(16);
    const s = this.buf.toString('base64url', this.pos, this.pos + 16);
    this.pos += 16;
    return s;
  }

  private utf8(len: number): string {
    this.need(len);
    const p = this.pos;
    this.pos = p + len;
    return this.buf.toString('utf8', p, p + len);
  }

  private slice(len: number): Buffer {
    this.need(len);
    const p = this.pos;
    this.pos = p + len;
    return this.buf.subarray(p, p + len);
  }

  /** int16-length string; null only if `nullable`. */
  string(nullable = false): string | null {
    const len = this.int16();
    if (len < 0) return this.nullOr(len === -1 && nullable, 'string');
    return this.utf8(len);
  }

  /** uvarint (length + 1) string. */
  compactString(nullable = false): string | null {
    const len = this.uvarint() - 1;
    if (len < 0) return this.nullOr(nullable, 'compact string');
    return this.utf8(len);
  }

  /** int32-length bytes (also used for records). */
  bytes(nullable = false): Buffer | null {
    const len = this.int32();
    if (len < 0) return this.nullOr(len === -1 && nullable, 'bytes');
    return this.slice(len);
  }

  compactBytes(nullable = false): Buffer | null {
    const len = this.uvarint() - 1;
    if (len < 0) return this.nullOr(nullable, 'compact bytes');
    return this.slice(len);
  }

  /**
   * int32 array count; -1 is null (only if `nullable`). `minElementSize` is the fewest bytes one
   * element can take: the count is rejected if count * minElementSize exceeds what is left.
   */
  arrayLength(nullable: boolean, minElementSize = 1): number {
    const n = this.int32();
    if (n < 0) {
      if (n === -1 && nullable) return -1;
      throw new ProtocolError(`invalid array length ${n} at offset ${this.pos - 4}`);
    }
    this.checkCount(n, minElementSize);
    return n;
  }

  /** uvarint (count + 1); returns -1 for null (only if `nullable`). */
  compactArrayLength(nullable: boolean, minElementSize = 1): number {
    const n = this.uvarint() - 1;
    if (n < 0) {
      if (nullable) return -1;
      throw new ProtocolError(`null compact array where the schema does not allow it at offset ${this.pos}`);
    }
    this.checkCount(n, minElementSize);
    return n;
  }

  private checkCount(n: number, minElementSize: number): void {
    if (n * Math.max(1, minElementSize) > this.end - this.pos) {
      throw new ProtocolError(`array of ${n} element(s) cannot fit in the ${this.end - this.pos} byte(s) left at offset ${this.pos}`);
    }
  }

  private nullOr(allowed: boolean, what: string): null {
    if (!allowed) throw new ProtocolError(`invalid ${what} length (null where the schema does not allow it) at offset ${this.pos}`);
    return null;
  }

  /**
   * Reads a tagged-field section. For each field, `onField(tag, size)` is called with the reader
   * positioned at its data; it returns true if it consumed exactly `size` bytes, false to skip them.
   */
  taggedFields(onField: ((tag: number, size: number, r: Reader) => boolean) | null): void {
    const count = this.uvarint();
    this.checkCount(count, 2);
    for (let i = 0; i < count; i++) {
      const tag = this.uvarint();
      const size = this.uvarint();
      this.need(size);
      const start = this.pos;
      if (onField !== null && onField(tag, size, this)) {
        if (this.pos !== start + size) {
          throw new ProtocolError(`tagged field ${tag}: declared ${size} byte(s), read ${this.pos - start}`);
        }
      } else {
        this.pos = start + size;
      }
    }
  }
}
