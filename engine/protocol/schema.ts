// The shape of a protocol schema: the same information as Apache Kafka's message JSON specs
// (clients/src/main/resources/common/message/*.json), written as TypeScript data.
//
// A field:
//   name              Kafka's name (PascalCase). Decoded values use it with the first letter lower-cased:
//                     "ThrottleTimeMs" -> throttleTimeMs, "TopicId" -> topicId.
//   type              a primitive ('int32', 'string', 'records', 'uuid', ...), '[]' + a primitive, or a
//                     struct name ('ReplicaState') / '[]' + a struct name ('[]FetchTopic') with `fields`.
//   versions          the versions the field exists in: '0+', '3-7', '5', 'none'.
//   nullableVersions  versions where null is allowed (strings, bytes, records, arrays, structs).
//   tag, taggedVersions  a tagged field (flexible versions only): written in the tagged-field section
//                     at the end of its struct, only when its value differs from the default.
//   flexibleVersions  a field-level override (Kafka uses 'none' for the request header's ClientId).
//   default           the value when the field is absent (version, or tag not sent). Without it:
//                     0, false, '', [], zero uuid, empty bytes, null records, or a struct of defaults,
//                     as Kafka's generated code does. Use null for a nullable field that defaults to null.
//
// Encoding input: a missing (undefined) field is written as its default.

import type { Int64 } from './reader.ts';

export type PrimitiveType =
  | 'bool' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'float64'
  | 'string' | 'bytes' | 'records' | 'uuid';

export const PRIMITIVE_TYPES: ReadonlySet<string> = new Set<PrimitiveType>([
  'bool', 'int8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'float64', 'string', 'bytes', 'records', 'uuid',
]);

export type DefaultValue = string | number | bigint | boolean | null;

export interface FieldSpec {
  readonly name: string;
  readonly type: string;
  readonly versions: string;
  readonly nullableVersions?: string;
  readonly taggedVersions?: string;
  readonly tag?: number;
  readonly flexibleVersions?: string;
  readonly default?: DefaultValue;
  readonly ignorable?: boolean;
  readonly fields?: readonly FieldSpec[];
  readonly about?: string;
}

export interface MessageSpec {
  readonly apiKey: number;
  readonly type: 'request' | 'response' | 'header';
  readonly name: string;
  /** The versions we declare (may be wider than what the broker advertises). */
  readonly validVersions: string;
  readonly flexibleVersions: string;
  readonly fields: readonly FieldSpec[];
}

// ---- version ranges -------------------------------------------------------------------------

export interface VersionRange {
  readonly min: number;
  /** Inclusive; Infinity for 'N+'. min > max means the empty range ('none'). */
  readonly max: number;
}

export const NO_VERSIONS: VersionRange = { min: 1, max: 0 };

const rangeCache = new Map<string, VersionRange>();

/** Parses '0+', '3-7', '5' or 'none' (Kafka's version-range syntax). */
export function parseVersions(s: string): VersionRange {
  const cached = rangeCache.get(s);
  if (cached !== undefined) return cached;
  const t = s.trim();
  let r: VersionRange;
  let m: RegExpExecArray | null;
  if (t === 'none') r = NO_VERSIONS;
  else if ((m = /^(\d+)\+$/.exec(t)) !== null) r = { min: Number(m[1]), max: Infinity };
  else if ((m = /^(\d+)-(\d+)$/.exec(t)) !== null) r = { min: Number(m[1]), max: Number(m[2]) };
  else if ((m = /^(\d+)$/.exec(t)) !== null) r = { min: Number(m[1]), max: Number(m[1]) };
  else throw new Error(`invalid version range ${JSON.stringify(s)}`);
  if (r !== NO_VERSIONS && r.min > r.max) throw new Error(`invalid version range ${JSON.stringify(s)}`);
  rangeCache.set(s, r);
  return r;
}

export function inVersions(range: string | undefined, version: number): boolean {
  if (range === undefined) return false;
  const r = parseVersions(range);
  return version >= r.min && version <= r.max;
}

/** Kafka's field name to the decoded property name: first letter lower-cased. */
export function fieldKey(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

// ---- value types derived from a spec ---------------------------------------------------------
// MessageValue<typeof ProduceRequest> is the decoded object's type. Every field of the spec is
// present (fields absent in the decoded version hold their default).

export interface PrimitiveValues {
  bool: boolean;
  int8: number;
  int16: number;
  uint16: number;
  int32: number;
  uint32: number;
  int64: Int64;
  float64: number;
  string: string;
  bytes: Buffer;
  records: Buffer | null;
  uuid: string;
}

type NullIf<F> = F extends { readonly nullableVersions: string } ? null : never;

export type FieldValue<F extends FieldSpec> =
  | (F extends { readonly fields: infer S extends readonly FieldSpec[] }
      ? F['type'] extends `[]${string}` ? StructValue<S>[] : StructValue<S>
      : F['type'] extends `[]${infer P extends keyof PrimitiveValues}`
        ? PrimitiveValues[P][]
        : F['type'] extends keyof PrimitiveValues ? PrimitiveValues[F['type']] : unknown)
  | NullIf<F>;

export type StructValue<S extends readonly FieldSpec[]> = {
  [F in S[number] as Uncapitalize<F['name']>]: FieldValue<F>;
};

export type MessageValue<M extends MessageSpec> = StructValue<M['fields']>;

/** What the encoder accepts: any field may be omitted (written as its default). */
export type FieldInput<F extends FieldSpec> =
  | (F extends { readonly fields: infer S extends readonly FieldSpec[] }
      ? F['type'] extends `[]${string}` ? readonly StructInput<S>[] : StructInput<S>
      : F['type'] extends 'records'
        ? Buffer | readonly Buffer[] | null
        : F['type'] extends `[]${infer P extends keyof PrimitiveValues}`
          ? readonly PrimitiveValues[P][]
          : F['type'] extends keyof PrimitiveValues ? PrimitiveValues[F['type']] : unknown)
  | NullIf<F>;

export type StructInput<S extends readonly FieldSpec[]> = {
  [F in S[number] as Uncapitalize<F['name']>]?: FieldInput<F>;
};

export type MessageInput<M extends MessageSpec> = StructInput<M['fields']>;
