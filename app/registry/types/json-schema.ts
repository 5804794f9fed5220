// JSON Schemas, validated with ajv (draft-07 by default; 2019-09 and 2020-12 when `$schema` names them).
//
// Parse: JSON text, an object or a boolean; referenced schemas are added to ajv under their reference name,
// so `"$ref": "address.json"` resolves; ajv compiles the schema, which fails on an invalid keyword value or an
// unresolvable $ref. Equality: the JSON with object keys sorted.
// Can read — a subset of Confluent's JSON Schema diff (JsonSchemaDiff), applied recursively through
// `properties`, `items` and `additionalProperties` schemas. The reader cannot read the writer's data when:
//   - TYPE_NARROWED: the reader's `type` does not allow a type the writer's allows (no `type` = any;
//     "integer" is within "number");
//   - REQUIRED_PROPERTY_ADDED: the reader requires a property the writer does not require;
//   - PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL: the writer has a property the reader lacks while the reader
//     has `additionalProperties: false`;
//   - PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL: the reader declares a property (other than `true`/`{}`) the
//     writer does not while the writer's content model is open (the writer may have written anything there);
//   - ADDITIONAL_PROPERTIES_NARROWED: the writer allows additional properties and the reader does not;
//   - ENUM_ARRAY_NARROWED: the reader's `enum` lacks a value of the writer's (or the writer had none);
//   - MAX_*_DECREASED / MIN_*_INCREASED: maximum, minimum, exclusive bounds, maxLength, minLength, maxItems,
//     minItems, maxProperties, minProperties made stricter (or added);
//   - PATTERN_CHANGED: `pattern` added or changed;
//   - REF_CHANGED: a `$ref` (not followed) differs.
// Not checked: combinators (allOf/anyOf/oneOf/not are compared for equality only: any change is reported as
// COMBINED_TYPE_CHANGED), `if/then/else`, `dependencies`, `patternProperties`, formats.

import { Ajv, type AnySchema } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaTypeHandler } from './schema-type.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export type JsonValue = null | boolean | number | string | JsonValue[] | { [k: string]: JsonValue };
type Obj = { [k: string]: JsonValue };

export interface JsonSchemaDoc extends ParsedSchema {
  json: JsonValue;
  validate: ValidateFunction;
}

export function sortedJson(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${sortedJson(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

function parseJson(text: string, what: string): JsonValue {
  let v: JsonValue;
  try {
    v = JSON.parse(text) as JsonValue;
  } catch (e) {
    throw new SchemaParseError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== 'boolean' && (v === null || typeof v !== 'object' || Array.isArray(v))) throw new SchemaParseError(`${what} must be a JSON object or boolean`);
  return v;
}

function ajvFor(schema: JsonValue): Ajv {
  const draft = typeof schema === 'object' && schema && !Array.isArray(schema) ? String(schema.$schema ?? '') : '';
  const opts = { strict: false, allErrors: true, validateFormats: true };
  const ajv = draft.includes('2020-12') ? new Ajv2020(opts) : draft.includes('2019-09') ? new Ajv2019(opts) : new Ajv({ ...opts, validateSchema: !draft || draft.includes('draft-07') });
  addFormats(ajv as Ajv);
  return ajv as Ajv;
}

export const jsonSchemaHandler: SchemaTypeHandler<JsonSchemaDoc> = {
  parse(text, refs: ResolvedReference[]) {
    const json = parseJson(text, 'the schema');
    const ajv = ajvFor(json);
    for (const ref of refs) {
      const r = parseJson(ref.schema, `referenced schema '${ref.name}'`);
      try {
        // Addressable by the reference name and, when it has one, by its own $id (what most serializers use).
        ajv.addSchema(r as AnySchema, ref.name);
      } catch (e) {
        throw new SchemaParseError(`referenced schema '${ref.name}': ${(e as Error).message}`);
      }
    }
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(json as AnySchema);
    } catch (e) {
      throw new SchemaParseError((e as Error).message);
    }
    return { type: 'JSON', text: JSON.stringify(json), canonical: sortedJson(json), json, validate };
  },

  canRead(reader, writer) {
    const out: string[] = [];
    diff(asObj(reader.json), asObj(writer.json), '#', out);
    return out;
  },
};

function asObj(v: JsonValue | undefined): Obj | false {
  if (v === undefined || v === true) return {};
  if (v === false) return false;
  return v as Obj;
}

function typesOf(s: Obj): Set<string> | null {
  if (s.type === undefined) return null;
  return new Set(Array.isArray(s.type) ? (s.type as string[]) : [s.type as string]);
}

function allows(readerTypes: Set<string> | null, t: string): boolean {
  return readerTypes === null || readerTypes.has(t) || (t === 'integer' && readerTypes.has('number'));
}

const STRICTER_IF_LOWER = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const STRICTER_IF_HIGHER = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const COMBINATORS = ['allOf', 'anyOf', 'oneOf', 'not'];

function diff(reader: Obj | false, writer: Obj | false, path: string, out: string[]): void {
  if (writer === false) return;
  if (reader === false) {
    out.push(`TYPE_NARROWED at ${path}: the reader accepts nothing`);
    return;
  }
  if (Object.keys(reader).length === 0) return;
  const w: Obj = writer;
  const r: Obj = reader;
  if (r.$ref !== undefined || w.$ref !== undefined) {
    if (r.$ref !== w.$ref) out.push(`REF_CHANGED at ${path}: ${String(w.$ref)} -> ${String(r.$ref)}`);
    return;
  }
  const rt = typesOf(r);
  const wt = typesOf(w);
  if (rt !== null) {
    const writerTypes = wt ?? new Set(['null', 'boolean', 'object', 'array', 'number', 'string']);
    const lost = [...writerTypes].filter((t) => !allows(rt, t));
    if (lost.length > 0) out.push(`TYPE_NARROWED at ${path}: ${lost.join(', ')} no longer allowed`);
  }
  if (r.enum !== undefined) {
    const rv = new Set((r.enum as JsonValue[]).map(sortedJson));
    const missing = w.enum === undefined ? ['(any value)'] : (w.enum as JsonValue[]).map(sortedJson).filter((v) => !rv.has(v));
    if (missing.length > 0) out.push(`ENUM_ARRAY_NARROWED at ${path}: ${missing.join(', ')}`);
  }
  for (const k of STRICTER_IF_LOWER) if (typeof r[k] === 'number' && !(typeof w[k] === 'number' && (w[k] as number) <= (r[k] as number))) out.push(`${k.toUpperCase()}_DECREASED at ${path}`);
  for (const k of STRICTER_IF_HIGHER) if (typeof r[k] === 'number' && !(typeof w[k] === 'number' && (w[k] as number) >= (r[k] as number))) out.push(`${k.toUpperCase()}_INCREASED at ${path}`);
  if (r.pattern !== undefined && r.pattern !== w.pattern) out.push(`PATTERN_CHANGED at ${path}`);
  for (const k of COMBINATORS) if ((r[k] !== undefined || w[k] !== undefined) && sortedJson(r[k] ?? null) !== sortedJson(w[k] ?? null)) out.push(`COMBINED_TYPE_CHANGED at ${path}: ${k}`);

  // Objects.
  const rReq = new Set((r.required as string[] | undefined) ?? []);
  const wReq = new Set((w.required as string[] | undefined) ?? []);
  for (const p of rReq) if (!wReq.has(p)) out.push(`REQUIRED_PROPERTY_ADDED at ${path}: ${p}`);
  const rProps = (r.properties as Obj | undefined) ?? {};
  const wProps = (w.properties as Obj | undefined) ?? {};
  const readerClosed = r.additionalProperties === false;
  const writerOpen = w.additionalProperties !== false;
  if (writerOpen && readerClosed) out.push(`ADDITIONAL_PROPERTIES_NARROWED at ${path}`);
  for (const p of Object.keys(wProps)) {
    if (p in rProps) diff(asObj(rProps[p]), asObj(wProps[p]), `${path}/properties/${p}`, out);
    else if (readerClosed) out.push(`PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL at ${path}: ${p}`);
    else if (typeof r.additionalProperties === 'object') diff(asObj(r.additionalProperties), asObj(wProps[p]), `${path}/properties/${p}`, out);
  }
  for (const p of Object.keys(rProps)) {
    if (p in wProps) continue;
    const rp = asObj(rProps[p]);
    const unconstrained = typeof rp === 'object' && Object.keys(rp).length === 0;
    if (writerOpen && !unconstrained) {
      if (typeof w.additionalProperties === 'object') diff(rp, asObj(w.additionalProperties), `${path}/properties/${p}`, out);
      else out.push(`PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL at ${path}: ${p}`);
    }
  }
  if (typeof r.additionalProperties === 'object' && typeof w.additionalProperties === 'object') diff(asObj(r.additionalProperties), asObj(w.additionalProperties), `${path}/additionalProperties`, out);

  // Arrays.
  if (r.items !== undefined && !Array.isArray(r.items)) {
    const wi = w.items !== undefined && !Array.isArray(w.items) ? asObj(w.items) : {};
    diff(asObj(r.items), wi, `${path}/items`, out);
  }
}
