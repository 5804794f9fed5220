// Decoders for the record detail pane, by hand and dependency-free (they run in the renderer under a strict
// CSP, where code-generating libraries cannot): MessagePack, Avro binary with a given JSON schema (optionally
// behind Confluent's 5-byte schema-registry header), and Protobuf without a schema (field numbers and wire
// types; length-delimited fields shown as a nested message, text or bytes, whichever parses).
// Each returns a JSON-able value or throws a DecodeError saying where and why.

export class DecodeError extends Error {}

class Reader {
  pos = 0;
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) throw new DecodeError(`truncated at byte ${this.pos}: ${what} needs ${n} more byte${n === 1 ? '' : 's'}`);
  }
  u8(): number {
    this.need(1, 'a byte');
    return this.bytes[this.pos++];
  }
  take(n: number, what = 'data'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  dv(n: number, what: string): DataView {
    this.need(n, what);
    const at = this.pos;
    this.pos += n;
    return new DataView(this.view.buffer, this.view.byteOffset + at, n);
  }
  get done(): boolean {
    return this.pos >= this.bytes.length;
  }
}

const utf8 = (b: Uint8Array) => new TextDecoder('utf-8', { fatal: true }).decode(b);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const bigOrNumber = (v: bigint) => (v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString());

/** JSON text of a decoded value (bigints as strings, bytes as hex). */
export function toJson(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? `0x${hex(x)}` : x), 2);
}

// ---- MessagePack (https://github.com/msgpack/msgpack/blob/master/spec.md) ----

export function decodeMessagePack(bytes: Uint8Array): unknown {
  const r = new Reader(bytes);
  const v = mp(r, 0);
  if (!r.done) throw new DecodeError(`${bytes.length - r.pos} bytes left after the first value at byte ${r.pos}`);
  return v;
}

function mp(r: Reader, depth: number): unknown {
  if (depth > 200) throw new DecodeError('nested too deep');
  const at = r.pos;
  const b = r.u8();
  if (b <= 0x7f) return b;
  if (b >= 0xe0) return b - 0x100;
  if ((b & 0xf0) === 0x80) return mpMap(r, b & 0x0f, depth);
  if ((b & 0xf0) === 0x90) return mpArray(r, b & 0x0f, depth);
  if ((b & 0xe0) === 0xa0) return utf8(r.take(b & 0x1f, 'a string'));
  switch (b) {
    case 0xc0: return null;
    case 0xc2: return false;
    case 0xc3: return true;
    case 0xc4: return r.take(r.u8(), 'bin 8');
    case 0xc5: return r.take(r.dv(2, 'bin 16 length').getUint16(0), 'bin 16');
    case 0xc6: return r.take(r.dv(4, 'bin 32 length').getUint32(0), 'bin 32');
    case 0xc7: case 0xc8: case 0xc9: {
      const n = b === 0xc7 ? r.u8() : b === 0xc8 ? r.dv(2, 'ext length').getUint16(0) : r.dv(4, 'ext length').getUint32(0);
      const type = r.dv(1, 'ext type').getInt8(0);
      return mpExt(type, r.take(n, 'ext data'));
    }
    case 0xca: return r.dv(4, 'float 32').getFloat32(0);
    case 0xcb: return r.dv(8, 'float 64').getFloat64(0);
    case 0xcc: return r.u8();
    case 0xcd: return r.dv(2, 'uint 16').getUint16(0);
    case 0xce: return r.dv(4, 'uint 32').getUint32(0);
    case 0xcf: return bigOrNumber(r.dv(8, 'uint 64').getBigUint64(0));
    case 0xd0: return r.dv(1, 'int 8').getInt8(0);
    case 0xd1: return r.dv(2, 'int 16').getInt16(0);
    case 0xd2: return r.dv(4, 'int 32').getInt32(0);
    case 0xd3: return bigOrNumber(r.dv(8, 'int 64').getBigInt64(0));
    case 0xd4: case 0xd5: case 0xd6: case 0xd7: case 0xd8: {
      const type = r.dv(1, 'ext type').getInt8(0);
      return mpExt(type, r.take(1 << (b - 0xd4), 'fixext data'));
    }
    case 0xd9: return utf8(r.take(r.u8(), 'str 8'));
    case 0xda: return utf8(r.take(r.dv(2, 'str 16 length').getUint16(0), 'str 16'));
    case 0xdb: return utf8(r.take(r.dv(4, 'str 32 length').getUint32(0), 'str 32'));
    case 0xdc: return mpArray(r, r.dv(2, 'array 16 length').getUint16(0), depth);
    case 0xdd: return mpArray(r, r.dv(4, 'array 32 length').getUint32(0), depth);
    case 0xde: return mpMap(r, r.dv(2, 'map 16 length').getUint16(0), depth);
    case 0xdf: return mpMap(r, r.dv(4, 'map 32 length').getUint32(0), depth);
    default: throw new DecodeError(`byte 0x${b.toString(16)} at ${at} is not a MessagePack type (0xc1 is never used)`);
  }
}

function mpArray(r: Reader, n: number, depth: number): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(mp(r, depth + 1));
  return out;
}

function mpMap(r: Reader, n: number, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    const k = mp(r, depth + 1);
    out[typeof k === 'string' ? k : toJson(k)] = mp(r, depth + 1);
  }
  return out;
}

function mpExt(type: number, data: Uint8Array): unknown {
  if (type === -1) {
    // The timestamp extension: 32-bit seconds, 64-bit (30-bit ns + 34-bit s) or 96-bit.
    const dv = new DataView(data.buffer, data.byteOffset, data.byteLength);
    let ms: number;
    if (data.length === 4) ms = dv.getUint32(0) * 1000;
    else if (data.length === 8) ms = Number(dv.getBigUint64(0) & 0x3ffffffffn) * 1000 + Math.floor((dv.getUint32(0) >>> 2) / 1e6);
    else if (data.length === 12) ms = Number(dv.getBigInt64(4)) * 1000 + Math.floor(dv.getUint32(0) / 1e6);
    else throw new DecodeError(`timestamp extension of ${data.length} bytes`);
    return { $timestamp: new Date(ms).toISOString() };
  }
  return { $ext: type, data: `0x${hex(data)}` };
}

// ---- Avro binary encoding (https://avro.apache.org/docs/current/specification/) ----

type AvroSchema = string | AvroSchema[] | { type: string | AvroSchema; name?: string; namespace?: string; fields?: { name: string; type: AvroSchema }[]; symbols?: string[]; items?: AvroSchema; values?: AvroSchema; size?: number; logicalType?: string };

export function parseAvroSchema(text: string): AvroSchema {
  let s: unknown;
  try {
    s = JSON.parse(text);
  } catch (e) {
    throw new DecodeError(`the schema is not JSON: ${(e as Error).message}`);
  }
  return s as AvroSchema;
}

/** Decode Avro binary with `schema`; a Confluent header (0x00 + 4-byte schema id) is skipped when asked. */
export function decodeAvro(bytes: Uint8Array, schema: AvroSchema, opts: { confluentHeader?: boolean } = {}): unknown {
  const r = new Reader(bytes);
  if (opts.confluentHeader) {
    if (r.u8() !== 0) throw new DecodeError('no Confluent header: the first byte is not 0');
    r.take(4, 'the schema id');
  }
  const named = new Map<string, AvroSchema>();
  const v = avro(r, schema, named, '');
  if (!r.done) throw new DecodeError(`${bytes.length - r.pos} bytes left after the record at byte ${r.pos}: wrong schema?`);
  return v;
}

/** An unsigned base-128 varint (Protobuf's), up to 64 bits. */
function varint(r: Reader): bigint {
  let shift = 0n;
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    const b = r.u8();
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return result;
    shift += 7n;
  }
  throw new DecodeError(`varint longer than 10 bytes at ${r.pos}`);
}

/** A zigzag-encoded signed varint (Avro's int and long). */
function zigzag(r: Reader): bigint {
  const n = varint(r);
  return (n >> 1n) ^ -(n & 1n);
}
const long = (r: Reader) => bigOrNumber(zigzag(r));
const count = (r: Reader, what: string) => {
  const n = Number(zigzag(r));
  if (n > r.bytes.length * 8 + 16) throw new DecodeError(`${what} of ${n} cannot fit in ${r.bytes.length} bytes: wrong schema?`);
  return n;
};

function avro(r: Reader, s: AvroSchema, named: Map<string, AvroSchema>, ns: string): unknown {
  if (Array.isArray(s)) {
    const i = Number(zigzag(r));
    if (i < 0 || i >= s.length) throw new DecodeError(`union branch ${i} at byte ${r.pos} does not exist (the union has ${s.length})`);
    return avro(r, s[i], named, ns);
  }
  if (typeof s === 'string') {
    switch (s) {
      case 'null': return null;
      case 'boolean': return r.u8() !== 0;
      case 'int': case 'long': return long(r);
      case 'float': return r.dv(4, 'a float').getFloat32(0, true);
      case 'double': return r.dv(8, 'a double').getFloat64(0, true);
      case 'bytes': return r.take(count(r, 'bytes length'), 'bytes');
      case 'string': return utf8(r.take(count(r, 'string length'), 'a string'));
      default: {
        const t = named.get(s) ?? named.get(ns ? `${ns}.${s}` : s);
        if (!t) throw new DecodeError(`unknown type '${s}'`);
        return avro(r, t, named, ns);
      }
    }
  }
  if (typeof s !== 'object' || s === null) throw new DecodeError(`not an Avro schema: ${JSON.stringify(s)}`);
  const type = s.type;
  if (typeof type !== 'string') return avro(r, type, named, ns);
  const space = s.namespace ?? ns;
  const register = () => {
    if (s.name) {
      named.set(s.name, s);
      named.set(s.name.includes('.') ? s.name : space ? `${space}.${s.name}` : s.name, s);
    }
  };
  switch (type) {
    case 'record': case 'error': {
      register();
      const out: Record<string, unknown> = {};
      for (const f of s.fields ?? []) out[f.name] = avro(r, f.type, named, space);
      return out;
    }
    case 'enum': {
      register();
      const i = Number(zigzag(r));
      const sym = s.symbols?.[i];
      if (sym === undefined) throw new DecodeError(`enum index ${i} has no symbol`);
      return sym;
    }
    case 'fixed':
      register();
      return r.take(s.size ?? 0, 'fixed');
    case 'array': case 'map': {
      const out: unknown[] = [];
      const map: Record<string, unknown> = {};
      for (;;) {
        let n = count(r, `${type} block`);
        if (n === 0) break;
        if (n < 0) {
          n = -n;
          zigzag(r); // block size in bytes
        }
        for (let i = 0; i < n; i++) {
          if (type === 'array') out.push(avro(r, s.items ?? 'null', named, space));
          else {
            const k = utf8(r.take(count(r, 'map key length'), 'a map key'));
            map[k] = avro(r, s.values ?? 'null', named, space);
          }
        }
      }
      return type === 'array' ? out : map;
    }
    default:
      return avro(r, type, named, space);
  }
}

// ---- Protobuf without a schema (https://protobuf.dev/programming-guides/encoding/) ----

export interface ProtoField {
  field: number;
  wireType: 'varint' | 'i64' | 'len' | 'i32';
  value: unknown;
}

export function decodeProtobuf(bytes: Uint8Array, depth = 0): ProtoField[] {
  const r = new Reader(bytes);
  const out: ProtoField[] = [];
  while (!r.done) {
    const at = r.pos;
    const tag = varint(r);
    const field = Number(tag >> 3n);
    const wt = Number(tag & 7n);
    if (field === 0) throw new DecodeError(`field number 0 at byte ${at}`);
    if (wt === 0) {
      const v = varint(r);
      // Show the plain value; a sint (zigzag) reading is the reader's to make without a schema.
      out.push({ field, wireType: 'varint', value: bigOrNumber(v > 0x7fffffffffffffffn ? v - (1n << 64n) : v) });
    } else if (wt === 1) {
      const dv = r.dv(8, 'a 64-bit field');
      out.push({ field, wireType: 'i64', value: { int: bigOrNumber(dv.getBigInt64(0, true)), double: dv.getFloat64(0, true) } });
    } else if (wt === 5) {
      const dv = r.dv(4, 'a 32-bit field');
      out.push({ field, wireType: 'i32', value: { int: dv.getInt32(0, true), float: dv.getFloat32(0, true) } });
    } else if (wt === 2) {
      const n = Number(varint(r));
      const data = r.take(n, `field ${field}`);
      out.push({ field, wireType: 'len', value: lenValue(data, depth) });
    } else {
      throw new DecodeError(`wire type ${wt} at byte ${at} (groups 3/4 are deprecated; 6/7 do not exist)`);
    }
  }
  return out;
}

function lenValue(data: Uint8Array, depth: number): unknown {
  // Printable UTF-8 reads as text; otherwise a nested message if it parses whole; otherwise bytes.
  let text: string | undefined;
  try {
    text = utf8(data);
  } catch {
    text = undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (text !== undefined && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) return text;
  if (data.length > 0 && depth < 32) {
    try {
      return { message: decodeProtobuf(data, depth + 1) };
    } catch {
      // not a nested message
    }
  }
  return `0x${hex(data)}`;
}
