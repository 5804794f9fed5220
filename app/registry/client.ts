// Encoding and decoding records in Confluent's wire format through a registry's REST API (ours or any
// Confluent-compatible one): byte 0 (magic 0), the schema id as a big-endian int32, then
//   AVRO      the Avro binary encoding;
//   PROTOBUF  the message indexes (zig-zag varints: a count then the path of the message type in the file;
//             the first message is written as the single byte 0), then the Protobuf encoding;
//   JSON      the JSON text (UTF-8).
// Decoding also accepts Protobuf payloads written without the indexes (some serializers omit them).

import protobuf from 'protobufjs';
import { HANDLERS } from './compatibility.ts';
import type { SchemaReference } from './store-format.ts';
import type { AvroSchema } from './types/avro.ts';
import type { JsonSchemaDoc } from './types/json-schema.ts';
import type { ProtobufSchema } from './types/protobuf.ts';
import type { ParsedSchema, ResolvedReference, SchemaTypeName } from './types/schema-type.ts';

export interface DecodedRecord {
  subject: string | null;
  version: number | null;
  id: number;
  schemaType: SchemaTypeName;
  value: unknown;
}

interface FetchedSchema {
  schema: string;
  schemaType?: string;
  references?: SchemaReference[];
}

async function get<T>(registryUrl: string, path: string): Promise<T> {
  const url = `${registryUrl.replace(/\/$/, '')}${path}`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { Accept: 'application/vnd.schemaregistry.v1+json' } });
  } catch (e) {
    throw new Error(`The schema registry at ${registryUrl} is not answering: ${(e as Error).message}`);
  }
  const body = (await res.json().catch(() => null)) as (T & { message?: string }) | null;
  if (!res.ok) throw new Error(`The schema registry answered ${res.status} for ${path}: ${body?.message ?? res.statusText}`);
  return body as T;
}

async function resolveRefs(registryUrl: string, refs: SchemaReference[], seen = new Set<string>()): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const ref of refs) {
    const key = `${ref.subject}/${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = await get<FetchedSchema>(registryUrl, `/subjects/${encodeURIComponent(ref.subject)}/versions/${ref.version}`);
    out.push(...(await resolveRefs(registryUrl, v.references ?? [], seen)), { name: ref.name, schema: v.schema });
  }
  return out;
}

async function parseFetched(registryUrl: string, s: FetchedSchema): Promise<ParsedSchema> {
  const type = (s.schemaType ?? 'AVRO').toUpperCase() as SchemaTypeName;
  if (!(type in HANDLERS)) throw new Error(`Unknown schema type '${s.schemaType}'`);
  return HANDLERS[type].parse(s.schema, await resolveRefs(registryUrl, s.references ?? []));
}

function readZigZag(buf: Buffer, at: number): [number, number] {
  let result = 0;
  let shift = 0;
  for (let i = at; i < buf.length && shift < 35; i++) {
    const b = buf[i];
    result |= (b & 0x7f) << shift;
    shift += 7;
    if ((b & 0x80) === 0) return [(result >>> 1) ^ -(result & 1), i + 1];
  }
  throw new Error('truncated varint');
}

function writeZigZag(n: number): number[] {
  let v = ((n << 1) ^ (n >> 31)) >>> 0;
  const out: number[] = [];
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

/** The message type at `indexes` in the file: [0] the first top-level message, [1, 2] the third nested in the second. */
function messageAt(p: ProtobufSchema, indexes: number[]): protobuf.Type {
  const own = new Set(p.messages);
  const topLevel = p.messages.filter((m) => !p.messages.some((o) => m.startsWith(o + '.') && own.has(o)));
  let t: protobuf.Type | undefined = topLevel[indexes[0]] ? p.root.lookupType(topLevel[indexes[0]]) : undefined;
  for (const i of indexes.slice(1)) t = t?.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[i];
  if (!t) throw new Error(`The schema has no message at index path [${indexes.join(', ')}]`);
  return t;
}

function decodeProtobuf(p: ProtobufSchema, payload: Buffer): unknown {
  const toObject = (t: protobuf.Type, bytes: Buffer) => t.toObject(t.decode(bytes), { longs: String, enums: String, bytes: String, defaults: true });
  try {
    const [count, first] = readZigZag(payload, 0);
    let at = first;
    const indexes: number[] = [];
    if (count === 0) indexes.push(0);
    else if (count < 0 || count > 64) throw new Error('not message indexes');
    for (let i = 0; i < count; i++) {
      const [idx, next] = readZigZag(payload, at);
      indexes.push(idx);
      at = next;
    }
    return toObject(messageAt(p, indexes), payload.subarray(at));
  } catch {
    return toObject(messageAt(p, [0]), payload);
  }
}

/** Decode a record value (or key) in Confluent's wire format; throws saying why when it is not one. */
export async function decodeConfluent(bytes: Uint8Array, registryUrl: string): Promise<DecodedRecord> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 5 || buf[0] !== 0) throw new Error('Not in the Confluent wire format (magic byte 0 and a 4-byte schema id)');
  const id = buf.readInt32BE(1);
  const payload = buf.subarray(5);
  const fetched = await get<FetchedSchema>(registryUrl, `/schemas/ids/${id}`);
  const versions = await get<{ subject: string; version: number }[]>(registryUrl, `/schemas/ids/${id}/versions`).catch(() => []);
  const parsed = await parseFetched(registryUrl, fetched);
  let value: unknown;
  switch (parsed.type) {
    case 'AVRO':
      value = plain((parsed as AvroSchema).avroType.fromBuffer(payload));
      break;
    case 'PROTOBUF':
      value = decodeProtobuf(parsed as ProtobufSchema, payload);
      break;
    case 'JSON':
      value = JSON.parse(payload.toString('utf8')) as unknown;
      break;
  }
  return { subject: versions[0]?.subject ?? null, version: versions[0]?.version ?? null, id, schemaType: parsed.type, value };
}

/** A decoded Avro value as plain JSON: bytes and fixed as base64, longs beyond 2^53 as strings. */
function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function frame(id: number, payload: Uint8Array, indexes: number[] = []): Buffer {
  const head = Buffer.alloc(5);
  head.writeInt32BE(id, 1);
  return Buffer.concat([head, Buffer.from(indexes), payload]);
}

/**
 * Encode `value` with the latest schema of `subject`. Input that does not match gets an error naming the
 * field (a path like `address.city`); nothing is encoded.
 */
export async function encodeConfluent(subject: string, value: unknown, registryUrl: string): Promise<Buffer> {
  const latest = await get<FetchedSchema & { id: number }>(registryUrl, `/subjects/${encodeURIComponent(subject)}/versions/latest`);
  const parsed = await parseFetched(registryUrl, latest);
  switch (parsed.type) {
    case 'AVRO': {
      const type = (parsed as AvroSchema).avroType;
      const bad: string[] = [];
      if (type.isValid(value, { errorHook: (path, v) => bad.push(`${path.join('.') || '(the value)'} (got ${JSON.stringify(v)})`) })) return frame(latest.id, type.toBuffer(value));
      // The Avro JSON encoding (unions as {"type": value}, bytes as strings) is accepted too.
      try {
        return frame(latest.id, type.toBuffer(type.fromString(JSON.stringify(value))));
      } catch {
        throw new Error(`The value does not match ${subject}'s schema: ${bad.join('; ')}`);
      }
    }
    case 'PROTOBUF': {
      const t = messageAt(parsed as ProtobufSchema, [0]);
      const problem = t.verify(value as Record<string, unknown>);
      if (problem) throw new Error(`The value does not match ${subject}'s schema: ${problem}`);
      return frame(latest.id, t.encode(t.fromObject(value as Record<string, unknown>)).finish(), writeZigZag(0));
    }
    case 'JSON': {
      const v = (parsed as JsonSchemaDoc).validate;
      if (!v(value)) {
        const errs = (v.errors ?? []).map((e) => `${e.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '(the value)'} ${e.message ?? 'is invalid'}`);
        throw new Error(`The value does not match ${subject}'s schema: ${errs.join('; ')}`);
      }
      return frame(latest.id, Buffer.from(JSON.stringify(value)));
    }
  }
}
