// Deterministic sample values for a schema at one version (tests and benchmarks).
//
// Every field present in the version gets a non-default value (so tagged fields are really sent),
// nested arrays get `arrayLength` elements; fields absent in the version get the default the
// decoder produces. With `nulls: true`, every field that is nullable in the version is null.

import { ZERO_UUID } from './writer.ts';
import { type FieldSpec, type MessageSpec, fieldKey, inVersions } from './schema.ts';

export interface SampleOptions {
  nulls?: boolean;
  arrayLength?: number;
  /** Use a bigint (beyond 2^53) for int64 fields. */
  bigInt64?: boolean;
  seed?: number;
}

type Obj = Record<string, unknown>;

export function sampleMessage(spec: MessageSpec, version: number, opts: SampleOptions = {}): Obj {
  const state = { seed: opts.seed ?? 1 };
  return sampleStruct(spec.fields, version, opts, state);
}

function sampleStruct(fields: readonly FieldSpec[], version: number, opts: SampleOptions, state: { seed: number }): Obj {
  const o: Obj = {};
  for (const f of fields) {
    o[fieldKey(f.name)] = inVersions(f.versions, version) ? sampleField(f, version, opts, state) : defaultOf(f);
  }
  return o;
}

function sampleField(f: FieldSpec, version: number, opts: SampleOptions, state: { seed: number }): unknown {
  if (opts.nulls && inVersions(f.nullableVersions, version)) return null;
  const isArray = f.type.startsWith('[]');
  const elem = isArray ? f.type.slice(2) : f.type;
  const one = (): unknown =>
    f.fields !== undefined ? sampleStruct(f.fields, version, opts, state) : samplePrimitive(elem, f.default, opts, state);
  if (!isArray) return one();
  const n = opts.arrayLength ?? 2;
  const a: unknown[] = [];
  for (let i = 0; i < n; i++) a.push(one());
  return a;
}

function samplePrimitive(type: string, dflt: unknown, opts: SampleOptions, state: { seed: number }): unknown {
  const s = ++state.seed;
  switch (type) {
    case 'bool': return dflt === true ? false : true;
    case 'int8': return (s % 100) + 1;
    case 'int16': return (s % 30000) + 1;
    case 'uint16': return 40000 + (s % 20000);
    case 'int32': return 100000 + s;
    case 'uint32': return 3000000000 + s;
    case 'int64': return opts.bigInt64 ? -(2n ** 60n) - BigInt(s) : 2 ** 40 + s;
    case 'float64': return s + 0.5;
    case 'string': return `s${s}-é`;
    case 'bytes': return Buffer.from([s & 0xff, 1, 2, 3]);
    case 'records': return Buffer.from(Array.from({ length: 24 }, (_, i) => (s + i) & 0xff));
    case 'uuid': {
      const b = Buffer.alloc(16, s & 0xff);
      b[0] = 0x42;
      return b.toString('base64url');
    }
    default: throw new Error(`unknown type ${type}`);
  }
}

/** The decoder's default for a field (explicit default, else Kafka's per-type default). */
export function defaultOf(f: FieldSpec): unknown {
  if (f.default !== undefined && (f.fields === undefined || f.default === null)) return f.default;
  if (f.type.startsWith('[]')) return [];
  if (f.fields !== undefined) {
    const o: Obj = {};
    for (const sub of f.fields) o[fieldKey(sub.name)] = defaultOf(sub);
    return o;
  }
  switch (f.type) {
    case 'bool': return false;
    case 'string': return '';
    case 'bytes': return Buffer.alloc(0);
    case 'records': return null;
    case 'uuid': return ZERO_UUID;
    default: return 0;
  }
}
