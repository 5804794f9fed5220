// Shape descriptors for the contract: each shape is declared once as a value, its TypeScript type is derived
// from it (`Infer`), and the same value checks untyped JSON at run time (`parseShape`) and prints itself for
// the contract's snapshot (`describeShape`). Hand-rolled and small on purpose: the contract is shared with the
// renderer and must stay free of dependencies.
//
// Checking follows the usual schema-library rules (zod's defaults): a value of the wrong type is refused with
// the path of the field, what was expected and what came; unknown object fields are dropped, so a handler only
// ever sees declared fields; an optional field may be absent (JSON has no undefined).
//
// Imports: none (app/contract.ts, which the renderer imports, imports only this file).

type Desc =
  | { kind: 'string' | 'number' | 'int' | 'boolean' | 'unknown' | 'void' }
  | { kind: 'literal'; values: readonly (string | number)[] }
  | { kind: 'nullable' | 'optional' | 'array' | 'record'; inner: Shape<unknown> }
  | { kind: 'object'; fields: Readonly<Record<string, Shape<unknown>>> };

/** A shape of JSON values of type T. `name` marks a shape the snapshot lists once and refers to by name. */
export type Shape<T> = Desc & { readonly name?: string; readonly _type?: T };
type Optional<T> = Shape<T> & { readonly kind: 'optional' };
type Fields = Record<string, Shape<unknown>>;

export type Infer<S> = S extends Shape<infer T> ? T : never;
type OptionalKeys<F extends Fields> = { [K in keyof F]: F[K] extends Optional<unknown> ? K : never }[keyof F];
type Flatten<T> = { [K in keyof T]: T[K] } & {};
type ObjectOf<F extends Fields> = Flatten<
  { [K in Exclude<keyof F, OptionalKeys<F>>]: Infer<F[K]> } & { [K in OptionalKeys<F>]?: Infer<F[K]> }
>;

export const s = {
  string: (): Shape<string> => ({ kind: 'string' }),
  /** Any finite number. */
  number: (): Shape<number> => ({ kind: 'number' }),
  /** A safe integer: offsets, partitions, counts. */
  int: (): Shape<number> => ({ kind: 'int' }),
  boolean: (): Shape<boolean> => ({ kind: 'boolean' }),
  unknown: (): Shape<unknown> => ({ kind: 'unknown' }),
  /** No value: a request without arguments (null, absent or {} on the wire), a response without a body. */
  void: (): Shape<void> => ({ kind: 'void' }),
  literal: <const V extends readonly (string | number)[]>(...values: V): Shape<V[number]> => ({ kind: 'literal', values }),
  nullable: <T>(inner: Shape<T>): Shape<T | null> => ({ kind: 'nullable', inner }),
  optional: <T>(inner: Shape<T>): Optional<T> => ({ kind: 'optional', inner }) as Optional<T>,
  array: <T>(inner: Shape<T>): Shape<T[]> => ({ kind: 'array', inner }),
  /** An object used as a map from string keys. */
  record: <T>(inner: Shape<T>): Shape<Record<string, T>> => ({ kind: 'record', inner }),
  object: <F extends Fields>(fields: F): Shape<ObjectOf<F>> => ({ kind: 'object', fields }),
  /** Every field of an object shape, optional (an update patch). */
  partial: <T>(o: Shape<T>): Shape<Partial<T>> => {
    if (o.kind !== 'object') throw new TypeError('partial() takes an object shape');
    const fields: Fields = {};
    for (const [k, v] of Object.entries(o.fields)) fields[k] = v.kind === 'optional' ? v : s.optional(v);
    return { kind: 'object', fields };
  },
  /** Name a shape: the snapshot lists it once under this name. */
  named: <T>(name: string, shape: Shape<T>): Shape<T> => ({ ...shape, name }),
};

/** Why a value does not fit: the field's path ('' for the value itself), what was expected and what came. */
export interface ShapeMismatch {
  field: string;
  expected: string;
  got: string;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
  return typeof v === 'object' ? 'an object' : typeof v;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const join = (path: string, key: string | number) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key);

class Mismatch {
  constructor(readonly m: ShapeMismatch) {}
}

function parse(shape: Shape<unknown>, v: unknown, path: string): unknown {
  const fail = (): never => {
    throw new Mismatch({ field: path, expected: describeShape(shape, false), got: typeOf(v) });
  };
  switch (shape.kind) {
    case 'unknown': return v;
    case 'void': return v === undefined || v === null || (isPlainObject(v) && Object.keys(v).length === 0) ? undefined : fail();
    case 'string': return typeof v === 'string' ? v : fail();
    case 'number': return typeof v === 'number' && Number.isFinite(v) ? v : fail();
    case 'int': return Number.isSafeInteger(v) ? v : fail();
    case 'boolean': return typeof v === 'boolean' ? v : fail();
    case 'literal': return shape.values.includes(v as string | number) ? v : fail();
    case 'nullable': return v === null ? null : parse(shape.inner, v, path);
    case 'optional': return v === undefined ? undefined : parse(shape.inner, v, path);
    case 'array': return Array.isArray(v) ? v.map((x, i) => parse(shape.inner, x, join(path, i))) : fail();
    case 'record': {
      if (!isPlainObject(v)) return fail();
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = parse(shape.inner, x, join(path, k));
      return out;
    }
    case 'object': {
      if (!isPlainObject(v)) return fail();
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(shape.fields)) {
        const x = Object.hasOwn(v, k) ? v[k] : undefined;
        if (x === undefined && f.kind !== 'optional' && f.kind !== 'unknown') {
          throw new Mismatch({ field: join(path, k), expected: describeShape(f, false), got: 'nothing' });
        }
        const parsed = parse(f, x, join(path, k));
        if (parsed !== undefined) out[k] = parsed;
      }
      return out;
    }
  }
}

/** The value checked against the shape, unknown object fields dropped; or why it does not fit. */
export function parseShape<T>(shape: Shape<T>, value: unknown): { ok: true; value: T } | { ok: false; mismatch: ShapeMismatch } {
  try {
    return { ok: true, value: parse(shape, value, '') as T };
  } catch (e) {
    if (e instanceof Mismatch) return { ok: false, mismatch: e.m };
    throw e;
  }
}

/** The shape in TypeScript-like notation; named shapes nested inside print as their name. */
export function describeShape(shape: Shape<unknown>, expandTop = true): string {
  if (shape.name && !expandTop) return shape.name;
  switch (shape.kind) {
    case 'literal': return shape.values.map((v) => JSON.stringify(v)).join(' | ');
    case 'nullable': return `${describeShape(shape.inner, false)} | null`;
    case 'optional': return describeShape(shape.inner, false);
    case 'array': {
      const inner = describeShape(shape.inner, false);
      return /[ |]/.test(inner) && !inner.startsWith('{') ? `(${inner})[]` : `${inner}[]`;
    }
    case 'record': return `Record<string, ${describeShape(shape.inner, false)}>`;
    case 'object': {
      const fields = Object.entries(shape.fields).map(([k, f]) => `${k}${f.kind === 'optional' ? '?' : ''}: ${describeShape(f, false)}`);
      return fields.length ? `{ ${fields.join('; ')} }` : '{}';
    }
    default: return shape.kind;
  }
}
