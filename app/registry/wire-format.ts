// Confluent's wire format, as serializers write it: byte 0 (magic 0), the schema id (big-endian int32), then
//   AVRO      the Avro binary encoding;
//   PROTOBUF  the message indexes (zig-zag varints: their count, then the path of the message type in the
//             file; the first message is the single byte 0), then the Protobuf encoding;
//   JSON      the JSON text (UTF-8).
// Decoding also accepts Protobuf payloads without the indexes (some serializers omit them).
//
// One reading of the format for every client of a registry: the REST client here (decodeConfluent /
// encodeConfluent) and the console's SchemaCodec, which adds auth, caching and its own error names.
// Parsing a fetched schema (with its references) is the registry's own (types/), through HANDLERS.

import protobuf from 'protobufjs';
import { HANDLERS } from './compatibility.ts';
import type { AvroSchema } from './types/avro.ts';
import type { ProtobufSchema } from './types/protobuf.ts';
import type { ParsedSchema, ResolvedReference, SchemaTypeName } from './types/schema-type.ts';

/** Magic byte plus the schema id. */
export const WIRE_HEADER_BYTES = 5;

/** A schema as a registry answers it: its text, type (absent: AVRO) and references. */
export interface RegisteredSchema {
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

/** Fetches one version of a subject (for references). */
export type FetchVersion = (subject: string, version: number) => Promise<RegisteredSchema>;

/** True for bytes that may be in the wire format (the registry has the last word: an unknown id is not). */
export function looksConfluent(bytes: Uint8Array | null | undefined): bytes is Uint8Array {
  return !!bytes && bytes.length >= WIRE_HEADER_BYTES && bytes[0] === 0;
}

export function schemaIdOf(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readInt32BE(1);
}

/** The bytes after the header. */
export function payloadOf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset + WIRE_HEADER_BYTES, bytes.byteLength - WIRE_HEADER_BYTES);
}

/** The header for a schema id: magic 0, then the id. */
export function wireHeader(id: number): Buffer {
  const head = Buffer.alloc(WIRE_HEADER_BYTES);
  head.writeInt32BE(id, 1);
  return head;
}

/** Parse a fetched schema with its references (resolved depth-first, each once). */
export async function parseRegistered(s: RegisteredSchema, fetchVersion: FetchVersion): Promise<ParsedSchema> {
  const type = (s.schemaType ?? 'AVRO').toUpperCase();
  if (!(type in HANDLERS)) throw new Error(`unknown schema type '${s.schemaType}'`);
  return HANDLERS[type as SchemaTypeName].parse(s.schema, await resolveReferences(s.references ?? [], fetchVersion));
}

async function resolveReferences(refs: NonNullable<RegisteredSchema['references']>, fetchVersion: FetchVersion, seen = new Set<string>()): Promise<ResolvedReference[]> {
  const out: ResolvedReference[] = [];
  for (const ref of refs) {
    const key = `${ref.subject}/${ref.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const v = await fetchVersion(ref.subject, ref.version);
    out.push(...(await resolveReferences(v.references ?? [], fetchVersion, seen)), { name: ref.name, schema: v.schema });
  }
  return out;
}

/** The value of a payload (the bytes after the header) as plain JSON. */
export function decodePayload(parsed: ParsedSchema, payload: Buffer): unknown {
  switch (parsed.type) {
    case 'AVRO':
      return plain((parsed as AvroSchema).avroType.fromBuffer(payload));
    case 'PROTOBUF':
      return decodeProtobuf(parsed as ProtobufSchema, payload);
    case 'JSON':
      return JSON.parse(payload.toString('utf8')) as unknown;
  }
}

/** Avro values as plain JSON: bytes and fixed as base64, longs beyond 2^53 as strings. */
function plain(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return v.toString('base64');
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function readZigZag(buf: Buffer, at: number): [number, number] {
  let result = 0;
  for (let i = at, shift = 0; i < buf.length && shift < 35; i++, shift += 7) {
    result |= (buf[i] & 0x7f) << shift;
    if ((buf[i] & 0x80) === 0) return [(result >>> 1) ^ -(result & 1), i + 1];
  }
  throw new Error('truncated varint');
}

/** The message indexes of the file's first message: the single byte 0 (count 0 means [0]). */
export const FIRST_MESSAGE_INDEXES = Buffer.from([0]);

/** The message at an index path: [0] the file's first message, [1, 0] the first nested in the second. */
export function messageAt(p: ProtobufSchema, path: number[]): protobuf.Type {
  const own = new Set(p.messages);
  const top = p.messages.filter((m) => !p.messages.some((o) => o !== m && m.startsWith(o + '.') && own.has(o)));
  let t: protobuf.Type | undefined = top[path[0]] !== undefined ? p.root.lookupType(top[path[0]]) : undefined;
  for (const i of path.slice(1)) t = t?.nestedArray.filter((n): n is protobuf.Type => n instanceof protobuf.Type)[i];
  if (!t) throw new Error(`the schema has no message at index path [${path.join(', ')}]`);
  return t;
}

function decodeProtobuf(p: ProtobufSchema, payload: Buffer): unknown {
  const read = (t: protobuf.Type, bytes: Buffer) => t.toObject(t.decode(bytes), { longs: String, enums: String, bytes: String, defaults: true });
  try {
    const [count, first] = readZigZag(payload, 0);
    if (count < 0 || count > 64) throw new Error('not message indexes');
    const path: number[] = count === 0 ? [0] : [];
    let at = first;
    for (let i = 0; i < count; i++) {
      const [idx, next] = readZigZag(payload, at);
      path.push(idx);
      at = next;
    }
    return read(messageAt(p, path), payload.subarray(at));
  } catch {
    // No indexes after all: the payload is the first message.
    return read(messageAt(p, [0]), payload);
  }
}
