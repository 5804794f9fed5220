// Confluent's wire format, as serializers write it: byte 0 (magic 0), the schema id (big-endian int32), then
//   AVRO      the Avro binary encoding;
//   PROTOBUF  the message indexes (zig-zag varints: their count, then the path of the message type in the
//             file; the first message is the single byte 0), then the Protobuf encoding;
//   JSON      the JSON text (UTF-8).
// Decoding also accepts Protobuf payloads without the indexes (some serializers omit them).
//
// The codec keeps the parsed schemas it fetched (by id, and by subject + version) for as long as the
// connection lasts: ids never change meaning in a registry. Decoding is synchronous once `prepare` has
// fetched a record's schema, so the search can decode inside its scan loop. Schema parsing is the registry's
// own (app/registry/types): one parser for what the registry accepts and what the console decodes.

import protobuf from 'protobufjs';
import type { DecodedValue, SchemaRef, SchemaType } from '../../contract.ts';
import { HANDLERS } from '../../registry/compatibility.ts';
import type { AvroSchema } from '../../registry/types/avro.ts';
import type { JsonSchemaDoc } from '../../registry/types/json-schema.ts';
import type { ProtobufSchema } from '../../registry/types/protobuf.ts';
import type { ParsedSchema, ResolvedReference } from '../../registry/types/schema-type.ts';
import { ConsoleError } from '../service/errors.ts';
import { RegistryRefusal, type RegistryClient, type RegistrySchema } from './registry-client.ts';

interface Known {
  id: number;
  subject: string | null;
  version: number | null;
  parsed: ParsedSchema;
}

/** True for bytes that may be in the wire format (the registry has the last word: an unknown id is not). */
export function looksConfluent(bytes: Uint8Array | null | undefined): bytes is Uint8Array {
  return !!bytes && bytes.length >= 5 && bytes[0] === 0;
}

export function schemaIdOf(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readInt32BE(1);
}

export class SchemaCodec {
  /** By schema id; null: the registry does not know the id (the bytes only looked like the wire format). */
  private readonly byId = new Map<number, Known | null | Error>();
  private readonly inflight = new Map<number, Promise<void>>();

  constructor(readonly client: RegistryClient) {}

  /** Fetch and parse the schemas of these ids (each once); failures are kept and reported by decode. */
  async prepare(ids: Iterable<number>): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const id of new Set(ids)) {
      if (this.byId.has(id)) continue;
      let p = this.inflight.get(id);
      if (!p) {
        p = this.load(id).finally(() => this.inflight.delete(id));
        this.inflight.set(id, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  private async load(id: number): Promise<void> {
    try {
      const s = await this.client.schemaById(id);
      const where = await this.client.idVersions(id).catch(() => []);
      this.byId.set(id, { id, subject: where[0]?.subject ?? null, version: where[0]?.version ?? null, parsed: await this.parse(s) });
    } catch (e) {
      // An unknown id: these bytes were not written by a serializer of this registry.
      if (e instanceof RegistryRefusal && e.code === 40403) this.byId.set(id, null);
      // A registry that is down is asked again next time.
      else if (e instanceof ConsoleError && e.errorName === 'REGISTRY_UNAVAILABLE') throw e;
      else this.byId.set(id, e as Error);
    }
  }

  private async parse(s: RegistrySchema): Promise<ParsedSchema> {
    const type = (s.schemaType ?? 'AVRO').toUpperCase();
    if (!(type in HANDLERS)) throw new Error(`unknown schema type '${s.schemaType}'`);
    return HANDLERS[type as SchemaType].parse(s.schema, await this.references(s.references ?? []));
  }

  private async references(refs: NonNullable<RegistrySchema['references']>, seen = new Set<string>()): Promise<ResolvedReference[]> {
    const out: ResolvedReference[] = [];
    for (const ref of refs) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const v = await this.client.version(ref.subject, ref.version);
      out.push(...(await this.references(v.references ?? [], seen)), { name: ref.name, schema: v.schema });
    }
    return out;
  }

  /**
   * The decoded value of bytes in the wire format, when their schema has been prepared; undefined when the
   * bytes are not in it (or their schema is not fetched yet).
   */
  decodeCached(bytes: Uint8Array | null | undefined): DecodedValue | undefined {
    if (!looksConfluent(bytes)) return undefined;
    const id = schemaIdOf(bytes);
    const known = this.byId.get(id);
    if (!known) return undefined;
    if (known instanceof Error) return { schemaId: id, subject: null, version: null, schemaType: null, error: `Schema ${id} could not be read: ${known.message}` };
    const head = { schemaId: id, subject: known.subject, version: known.version, schemaType: known.parsed.type };
    try {
      return { ...head, json: JSON.stringify(decodePayload(known.parsed, Buffer.from(bytes.buffer, bytes.byteOffset + 5, bytes.byteLength - 5))) };
    } catch (e) {
      return { ...head, error: `Not decodable with schema ${id}: ${(e as Error).message}` };
    }
  }

  /**
   * Decode many values at once: their schemas fetched together, then each decoded. With the registry down,
   * values that look like the wire format say so instead.
   */
  async decodeAll(values: (Uint8Array | null | undefined)[]): Promise<(DecodedValue | undefined)[]> {
    const ids = values.filter(looksConfluent).map(schemaIdOf);
    try {
      if (ids.length > 0) await this.prepare(ids);
    } catch (e) {
      return values.map((v) => (looksConfluent(v) ? { schemaId: schemaIdOf(v), subject: null, version: null, schemaType: null, error: (e as Error).message } : undefined));
    }
    return values.map((v) => this.decodeCached(v));
  }

  /**
   * An encoder for a subject's version (null: the latest): value -> wire-format bytes. A value that does not
   * match gets SCHEMA_MISMATCH naming the field; nothing is encoded.
   */
  async encoder(ref: SchemaRef): Promise<(value: unknown) => Buffer> {
    const s = await this.client.version(ref.subject, ref.version ?? 'latest');
    const parsed = await this.parse(s);
    const label = `${ref.subject} v${s.version ?? ref.version ?? '?'}`;
    return (value) => frame(s.id, parsed, value, label);
  }
}

function decodePayload(parsed: ParsedSchema, payload: Buffer): unknown {
  switch (parsed.type) {
    case 'AVRO':
      return plain((parsed as AvroSchema).avroType.fromBuffer(payload));
    case 'PROTOBUF':
      return decodeProtobuf(parsed as ProtobufSchema, payload);
    case 'JSON':
      return JSON.parse(payload.toString('utf8')) as unknown;
  }
}

/** Avro values as plain JSON: bytes and fixed as base64, big longs as strings. */
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

/** The message at an index path: [0] the file's first message, [1, 0] the first nested in the second. */
function messageAt(p: ProtobufSchema, path: number[]): protobuf.Type {
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
    return read(messageAt(p, [0]), payload);
  }
}

function mismatch(label: string, field: string, why: string): ConsoleError {
  const where = field ? `field '${field}'` : 'the value';
  return new ConsoleError('SCHEMA_MISMATCH', `The value does not match ${label}: ${where} ${why}. Nothing was sent.`, field);
}

function frame(id: number, parsed: ParsedSchema, value: unknown, label: string): Buffer {
  const head = Buffer.alloc(5);
  head.writeInt32BE(id, 1);
  switch (parsed.type) {
    case 'AVRO': {
      const type = (parsed as AvroSchema).avroType;
      const bad: { path: string; got: unknown; want: string }[] = [];
      type Described = { typeName?: string; name?: string; branchName?: string; types?: Described[] };
      const want = (t: Described) => t.name ?? (t.types ? `one of ${t.types.map((b) => b.branchName ?? b.typeName).join(', ')}` : t.typeName ?? 'its type');
      const hook = (path: string[], got: unknown, t: Described) => bad.push({ path: path.join('.'), got, want: want(t) });
      if (type.isValid(value, { errorHook: hook })) return Buffer.concat([head, type.toBuffer(value)]);
      // Avro's JSON encoding (unions as {"type": value}) is accepted too.
      try {
        return Buffer.concat([head, type.toBuffer(type.fromString(JSON.stringify(value)))]);
      } catch {
        const first = bad[0] ?? { path: '', got: value, want: 'its type' };
        const got = first.got === undefined ? 'it is missing' : `got ${JSON.stringify(first.got)}`;
        throw mismatch(label, first.path, `must be ${first.want} (${got})`);
      }
    }
    case 'PROTOBUF': {
      const t = messageAt(parsed as ProtobufSchema, [0]);
      if (!value || typeof value !== 'object' || Array.isArray(value)) throw mismatch(label, '', `must be a JSON object for message ${t.name}`);
      const problem = t.verify(value as Record<string, unknown>);
      if (problem) {
        const m = /^([\w.[\]]+): (.*)$/.exec(problem);
        throw mismatch(label, m?.[1] ?? '', m ? m[2] : problem);
      }
      // Message indexes [0]: the single byte 0.
      return Buffer.concat([head, Buffer.from([0]), t.encode(t.fromObject(value as Record<string, unknown>)).finish()]);
    }
    case 'JSON': {
      const validate = (parsed as JsonSchemaDoc).validate;
      if (!validate(value)) {
        const e = validate.errors?.[0];
        let field = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : '';
        const missing = (e?.params as { missingProperty?: string } | undefined)?.missingProperty;
        if (missing) field = field ? `${field}.${missing}` : missing;
        throw mismatch(label, field, missing ? 'is required' : (e?.message ?? 'is invalid'));
      }
      return Buffer.concat([head, Buffer.from(JSON.stringify(value), 'utf8')]);
    }
  }
}
