// Writer: a growable buffer for encoding Kafka wire primitives (see reader.ts for the
// encodings and representation rules). Large buffers (records) are kept by reference.

import { ProtocolError } from './codec-errors.ts';
import type { Int64 } from './reader.ts';

export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

const TWO_32 = 4294967296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** Buffers at least this large are appended by reference by Writer.raw (zero-copy chunks). */
const RAW_BY_REFERENCE = 8192;

export class Writer {
  private buf: Buffer;
  private pos = 0;
  private chunks: Buffer[] | null = null;
  private chunkedBytes = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  /** Total bytes written so far. */
  get length(): number {
    return this.chunkedBytes + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n > this.buf.length) {
      const nb = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n, 256));
      this.buf.copy(nb, 0, 0, this.pos);
      this.buf = nb;
    }
  }

  int8(v: number): void {
    this.ensure(1);
    this.buf[this.pos++] = v & 0xff;
  }

  bool(v: boolean): void {
    this.ensure(1);
    this.buf[this.pos++] = v ? 1 : 0;
  }

  int16(v: number): void {
    this.ensure(2);
    const b = this.buf;
    const p = this.pos;
    b[p] = (v >> 8) & 0xff;
    b[p + 1] = v & 0xff;
    this.pos = p + 2;
  }

  uint16(v: number): void {
    this.int16(v);
  }

  int32(v: number): void {
    this.ensure(4);
    const b = this.buf;
    const p = this.pos;
    b[p] = (v >>> 24) & 0xff;
    b[p + 1] = (v >>> 16) & 0xff;
    b[p + 2] = (v >>> 8) & 0xff;
    b[p + 3] = v & 0xff;
    this.pos = p + 4;
  }

  uint32(v: number): void {
    this.int32(v >>> 0);
  }

  int64(v: Int64): void {
    if (typeof v === 'number' && v >= -9007199254740992 && v <= 9007199254740992) {
      if (!Number.isInteger(v)) throw new ProtocolError(`int64 value ${v} is not an integer`);
      const hi = Math.floor(v / TWO_32);
      const lo = v - hi * TWO_32;
      this.int32(hi | 0);
      this.int32(lo >>> 0);
      return;
    }
    const big = typeof v === 'bigint' ? v : Number.isInteger(v) ? BigInt(v) : NaN;
    if (typeof big !== 'bigint' || big < INT64_MIN || big > INT64_MAX) {
      throw new ProtocolError(`int64 value ${String(v)} out of range`);
    }
    this.ensure(8);
    this.buf.writeBigInt64BE(big, this.pos);
    this.pos += 8;
  }

  float64(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleBE(v, this.pos);
    this.pos += 8;
  }

  uvarint(v: number): void {
    this.ensure(5);
    const b = this.buf;
    let n = v >>> 0;
    while (n >= 0x80) {
      b[this.pos++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    b[this.pos++] = n;
  }

  varint(v: number): void {
    this.uvarint(((v << 1) ^ (v >> 31)) >>> 0);
  }

  varlong(v: Int64): void {
    if (typeof v === 'number' && Number.isInteger(v) && v >= -(2 ** 52) && v < 2 ** 52) {
      let n = v >= 0 ? v * 2 : -v * 2 - 1;
      this.ensure(10);
      while (n >= 0x80) {
        this.buf[this.pos++] = (n % 128) | 0x80;
        n = Math.floor(n / 128);
      }
      this.buf[this.pos++] = n;
      return;
    }
    const big = BigInt(v);
    if (big < INT64_MIN || big > INT64_MAX) throw new ProtocolError(`varlong value ${String(v)} out of range`);
    let n = big >= 0n ? big << 1n : (-big << 1n) - 1n;
    this.ensure(10);
    while (n >= 0x80n) {
      this.buf[this.pos++] = Number(n & 0x7fn) | 0x80;
      n >>= 7n;
    }
    this.buf[this.pos++] = Number(n);
  }

  uuid(v: string): void {
    this.ensure(16);
    if (v === ZERO_UUID) {
      this.buf.fill(0, this.pos, this.pos + 16);
    } else {
      if (v.length !== 22 || this.buf.write(v, this.pos, 16, 'base64url') !== 16) {
        throw new ProtocolError(`invalid uuid ${JSON.stringify(v)} (want 22 base64url characters)`);
      }
    }
    this.pos += 16;
  }

  private utf8(v: string, len: number): void {
    this.ensure(len);
    this.buf.write(v, this.pos, len, 'utf8');
    this.pos += len;
  }

  string(v: string | null): void {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v, 'utf8');
    if (len > 0x7fff) throw new ProtocolError(`string of ${len} bytes is too long for an int16 length`);
    this.int16(len);
    this.utf8(v, len);
  }

  compactString(v: string | null): void {
    if (v === null) return this.uvarint(0);
    const len = Buffer.byteLength(v, 'utf8');
    this.uvarint(len + 1);
    this.utf8(v, len);
  }

  bytes(v: Buffer | Uint8Array | readonly Buffer[] | null): void {
    if (v === null) return this.int32(-1);
    if (Array.isArray(v)) {
      this.int32(totalLength(v));
      for (const c of v) this.raw(c);
      return;
    }
    this.int32((v as Uint8Array).length);
    this.raw(v as Uint8Array);
  }

  compactBytes(v: Buffer | Uint8Array | readonly Buffer[] | null): void {
    if (v === null) return this.uvarint(0);
    if (Array.isArray(v)) {
      this.uvarint(totalLength(v) + 1);
      for (const c of v) this.raw(c);
      return;
    }
    this.uvarint((v as Uint8Array).length + 1);
    this.raw(v as Uint8Array);
  }

  arrayLength(n: number): void {
    this.int32(n);
  }

  /** n is the element count, or -1 for null. */
  compactArrayLength(n: number): void {
    this.uvarint(n + 1);
  }

  /** Appends bytes. Large buffers are kept by reference (no copy) until finish(). */
  raw(v: Uint8Array): void {
    if (v.length >= RAW_BY_REFERENCE) {
      if (this.chunks === null) this.chunks = [];
      if (this.pos > 0) {
        this.chunks.push(this.buf.subarray(0, this.pos));
        this.chunkedBytes += this.pos;
        this.buf = this.buf.subarray(this.pos); // keep using the rest of the allocation
        this.pos = 0;
      }
      this.chunks.push(Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.length));
      this.chunkedBytes += v.length;
      return;
    }
    this.ensure(v.length);
    this.buf.set(v, this.pos);
    this.pos += v.length;
  }

  /**
   * Overwrites an int32 written earlier at absolute position `at` (e.g. a size prefix reserved
   * with int32(0) as the very first write).
   */
  patchInt32(at: number, v: number): void {
    const target = this.chunks === null ? this.buf : this.chunks[0];
    if (at < 0 || at + 4 > (this.chunks === null ? this.pos : target.length)) {
      throw new RangeError(`patchInt32: position ${at} is not in the first chunk`);
    }
    target.writeInt32BE(v, at);
  }

  /** The bytes written, as one Buffer (one copy only if large buffers were appended by reference). */
  finish(): Buffer {
    if (this.chunks === null) return this.buf.subarray(0, this.pos);
    return Buffer.concat(this.finishChunks(), this.length);
  }

  /** The bytes written, as a list of Buffers in order (for socket.writev / cork; zero-copy). */
  finishChunks(): Buffer[] {
    const out = this.chunks === null ? [] : this.chunks.slice();
    if (this.pos > 0) out.push(this.buf.subarray(0, this.pos));
    return out;
  }
}

function totalLength(chunks: readonly Buffer[]): number {
  let n = 0;
  for (const c of chunks) n += c.length;
  return n;
}
