// Compiles a schema (a struct's fields at one version) into a flat plan of closures, once.
// Decoding and encoding then run straight down an array of pre-resolved readers/writers: no
// version-range parsing, type-name lookups or string comparisons per field on the hot path.
// Plans are cached per (MessageSpec, version) by codec.ts.

import { ProtocolError } from './codec-errors.ts';
import { Reader } from './reader.ts';
import { Writer, ZERO_UUID } from './writer.ts';
import { type DefaultValue, type FieldSpec, PRIMITIVE_TYPES, fieldKey, inVersions } from './schema.ts';

type Obj = Record<string, unknown>;

interface ValueCodec {
  read(r: Reader): unknown;
  write(w: Writer, v: unknown): void;
  /** Fewest bytes the value can take on the wire (bounds array counts before allocating). */
  minSize: number;
  /** A fresh default value. */
  def(): unknown;
  /** The default as a constant, to encode a missing (undefined) value. */
  writeDefault: unknown;
  isDefault(v: unknown): boolean;
}

interface FieldPlan extends ValueCodec {
  key: string;
  name: string;
  present: boolean;
  tag: number; // -1 when not tagged in this version
}

export interface StructCodec {
  decode(r: Reader): Obj;
  encode(w: Writer, v: Obj | undefined): void;
  minSize: number;
  def(): Obj;
  isDefault(v: Obj): boolean;
}

const EMPTY_BUFFER = Buffer.alloc(0);
const EMPTY_OBJECT: Obj = Object.freeze({}) as Obj;
const EMPTY_ARRAY: readonly unknown[] = Object.freeze([]);

export function compileStruct(fields: readonly FieldSpec[], version: number, flexible: boolean, path: string): StructCodec {
  const all: FieldPlan[] = fields.map((f) => compileField(f, version, flexible, path));
  const regular = all.filter((f) => f.present && f.tag < 0);
  const tagged = all.filter((f) => f.present && f.tag >= 0).sort((a, b) => a.tag - b.tag);
  const byTag = new Map<number, FieldPlan>(tagged.map((f) => [f.tag, f]));
  if (byTag.size !== tagged.length) throw new Error(`${path}: duplicate tag at version ${version}`);
  const n = all.length;
  const nRegular = regular.length;

  // Flat plan: one key and one step per field, in Kafka's field order (every decoded object of a
  // struct gets its properties in the same order, so they share one hidden class).
  const keys = all.map((f) => f.key);
  const steps = all.map((f) => (f.present && f.tag < 0 ? f.read : (_r: Reader) => f.def()));
  const decode = (r: Reader): Obj => {
    const o: Obj = {};
    for (let i = 0; i < n; i++) o[keys[i]] = steps[i](r);
    if (flexible) {
      const count = r.uvarint();
      if (count * 2 > r.remaining()) throw new ProtocolError(`${path}: ${count} tagged fields cannot fit in ${r.remaining()} byte(s)`);
      for (let i = 0; i < count; i++) {
        const tag = r.uvarint();
        const size = r.uvarint();
        r.need(size);
        const start = r.pos;
        const f = byTag.get(tag);
        if (f === undefined) {
          r.pos = start + size; // unknown tagged field: skip it
          continue;
        }
        const sub = r.end === start + size ? r : new Reader(r.buf, start, start + size);
        o[f.key] = f.read(sub);
        if (sub.pos !== start + size) {
          throw new ProtocolError(`${path}: tagged field ${f.name} (tag ${tag}) declared ${size} byte(s), used ${sub.pos - start}`);
        }
        r.pos = start + size;
      }
    }
    return o;
  };

  const encode = (w: Writer, v: Obj | undefined): void => {
    const o = v ?? EMPTY_OBJECT;
    for (let i = 0; i < nRegular; i++) {
      const f = regular[i];
      const x = o[f.key];
      f.write(w, x === undefined ? f.writeDefault : x);
    }
    if (flexible) {
      let count = 0;
      for (const f of tagged) {
        const x = o[f.key];
        if (x !== undefined && !f.isDefault(x)) count++;
      }
      w.uvarint(count);
      if (count === 0) return;
      for (const f of tagged) {
        const x = o[f.key];
        if (x === undefined || f.isDefault(x)) continue;
        const sub = new Writer(64);
        f.write(sub, x);
        const bytes = sub.finish();
        w.uvarint(f.tag);
        w.uvarint(bytes.length);
        w.raw(bytes);
      }
    }
  };

  let minSize = flexible ? 1 : 0;
  for (const f of regular) minSize += f.minSize;

  const def = (): Obj => {
    const o: Obj = {};
    for (let i = 0; i < n; i++) o[all[i].key] = all[i].def();
    return o;
  };
  const isDefault = (v: Obj): boolean => {
    for (const f of all) {
      if (!f.present) continue;
      const x = v[f.key];
      if (x !== undefined && !f.isDefault(x)) return false;
    }
    return true;
  };
  return { decode, encode, minSize, def, isDefault };
}

function compileField(f: FieldSpec, version: number, flexible: boolean, path: string): FieldPlan {
  const name = `${path}.${f.name}`;
  const present = inVersions(f.versions, version);
  const tagged = flexible && f.tag !== undefined && inVersions(f.taggedVersions ?? f.versions, version);
  const nullable = inVersions(f.nullableVersions, version);
  const compact = f.flexibleVersions !== undefined ? inVersions(f.flexibleVersions, version) : flexible;
  const codec = present
    ? compileValue(f, version, flexible, compact, nullable, name)
    : compileValue(f, version, flexible, compact, true, name); // absent: only def() is used
  return { ...codec, key: fieldKey(f.name), name: f.name, present, tag: tagged ? (f.tag as number) : -1 };
}

function compileValue(f: FieldSpec, version: number, flexible: boolean, compact: boolean, nullable: boolean, name: string): ValueCodec {
  const isArray = f.type.startsWith('[]');
  const elemType = isArray ? f.type.slice(2) : f.type;
  if (f.fields !== undefined) {
    const sc = compileStruct(f.fields, version, flexible, name);
    return isArray ? arrayOf(structValue(sc, false, name), f, compact, nullable, name) : structValue(sc, nullable, name, f.default);
  }
  if (!PRIMITIVE_TYPES.has(elemType)) throw new Error(`${name}: unknown type ${f.type} (a struct type needs 'fields')`);
  if (isArray) return arrayOf(primitive(elemType, compact, false, undefined, name), f, compact, nullable, name);
  return primitive(elemType, compact, nullable, f.default, name);
}

function nullCheck(nullable: boolean, name: string, v: unknown): void {
  if (v === null && !nullable) throw new ProtocolError(`${name}: null is not allowed in this version`);
}

function arrayOf(elem: ValueCodec, f: FieldSpec, compact: boolean, nullable: boolean, name: string): ValueCodec {
  const defaultNull = f.default === null;
  const minElem = elem.minSize;
  const readElem = elem.read;
  const writeElem = elem.write;
  return {
    read: compact
      ? (r) => {
          const len = r.compactArrayLength(nullable, minElem);
          if (len < 0) return null;
          const a = new Array(len);
          for (let i = 0; i < len; i++) a[i] = readElem(r);
          return a;
        }
      : (r) => {
          const len = r.arrayLength(nullable, minElem);
          if (len < 0) return null;
          const a = new Array(len);
          for (let i = 0; i < len; i++) a[i] = readElem(r);
          return a;
        },
    write: (w, v) => {
      if (v === null) {
        nullCheck(nullable, name, v);
        if (compact) w.compactArrayLength(-1);
        else w.arrayLength(-1);
        return;
      }
      const a = v as readonly unknown[];
      const len = a.length;
      if (compact) w.compactArrayLength(len);
      else w.arrayLength(len);
      for (let i = 0; i < len; i++) writeElem(w, a[i] === undefined ? elem.writeDefault : a[i]);
    },
    minSize: compact ? 1 : 4,
    def: defaultNull ? () => null : () => [],
    writeDefault: defaultNull ? null : EMPTY_ARRAY,
    isDefault: defaultNull ? (v) => v === null : (v) => v !== null && (v as unknown[]).length === 0,
  };
}

function structValue(sc: StructCodec, nullable: boolean, name: string, dflt?: DefaultValue): ValueCodec {
  const defaultNull = dflt === null;
  if (!nullable) {
    return {
      read: sc.decode,
      write: (w, v) => {
        nullCheck(false, name, v);
        sc.encode(w, v as Obj);
      },
      minSize: sc.minSize,
      def: defaultNull ? () => null : sc.def,
      writeDefault: EMPTY_OBJECT,
      isDefault: defaultNull ? (v) => v === null : (v) => sc.isDefault(v as Obj),
    };
  }
  // A nullable struct is preceded by an int8: -1 for null, 1 for present.
  return {
    read: (r) => (r.int8() < 0 ? null : sc.decode(r)),
    write: (w, v) => {
      if (v === null) return w.int8(-1);
      w.int8(1);
      sc.encode(w, v as Obj);
    },
    minSize: 1,
    def: defaultNull ? () => null : sc.def,
    writeDefault: defaultNull ? null : EMPTY_OBJECT,
    isDefault: defaultNull ? (v) => v === null : (v) => v !== null && sc.isDefault(v as Obj),
  };
}

function scalarDefault(type: string, dflt: DefaultValue | undefined): unknown {
  if (dflt !== undefined) return dflt;
  switch (type) {
    case 'bool': return false;
    case 'string': return '';
    case 'bytes': return EMPTY_BUFFER;
    case 'records': return null;
    case 'uuid': return ZERO_UUID;
    default: return 0;
  }
}

function primitive(type: string, compact: boolean, nullable: boolean, dflt: DefaultValue | undefined, name: string): ValueCodec {
  const d = scalarDefault(type, dflt);
  const base = {
    def: () => d,
    writeDefault: d,
    isDefault: (v: unknown) => v === d || (typeof v === 'bigint' && typeof d === 'number' && v === BigInt(d)),
  };
  switch (type) {
    case 'bool': return { ...base, minSize: 1, read: (r) => r.bool(), write: (w, v) => w.bool(v as boolean) };
    case 'int8': return { ...base, minSize: 1, read: (r) => r.int8(), write: (w, v) => w.int8(v as number) };
    case 'int16': return { ...base, minSize: 2, read: (r) => r.int16(), write: (w, v) => w.int16(v as number) };
    case 'uint16': return { ...base, minSize: 2, read: (r) => r.uint16(), write: (w, v) => w.uint16(v as number) };
    case 'int32': return { ...base, minSize: 4, read: (r) => r.int32(), write: (w, v) => w.int32(v as number) };
    case 'uint32': return { ...base, minSize: 4, read: (r) => r.uint32(), write: (w, v) => w.uint32(v as number) };
    case 'int64': return { ...base, minSize: 8, read: (r) => r.int64(), write: (w, v) => w.int64(v as number) };
    case 'float64': return { ...base, minSize: 8, read: (r) => r.float64(), write: (w, v) => w.float64(v as number) };
    case 'uuid': return { ...base, minSize: 16, read: (r) => r.uuid(), write: (w, v) => w.uuid(v as string) };
    case 'string':
      return {
        ...base,
        minSize: compact ? 1 : 2,
        read: compact ? (r) => r.compactString(nullable) : (r) => r.string(nullable),
        write: (w, v) => {
          nullCheck(nullable, name, v);
          if (compact) w.compactString(v as string | null);
          else w.string(v as string | null);
        },
      };
    case 'bytes':
    case 'records': {
      const defaultIsEmpty = d !== null;
      return {
        ...base,
        def: () => d,
        isDefault: (v) => (defaultIsEmpty ? v !== null && byteLength(v) === 0 : v === null),
        minSize: compact ? 1 : 4,
        read: compact ? (r) => r.compactBytes(nullable) : (r) => r.bytes(nullable),
        write: (w, v) => {
          nullCheck(nullable, name, v);
          if (compact) w.compactBytes(v as Buffer | null);
          else w.bytes(v as Buffer | null);
        },
      };
    }
    default:
      throw new Error(`${name}: unknown primitive type ${type}`);
  }
}

function byteLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((n: number, b: Buffer) => n + b.length, 0);
  return (v as Uint8Array).length;
}
