// Records in Confluent's wire format (app/registry/wire-format.ts) for the console: decoded for display and
// search, encoded from the values a user types.
//
// The codec keeps the parsed schemas it fetched (by id, and by subject + version) for as long as the
// connection lasts: ids never change meaning in a registry. Decoding is synchronous once `prepare` has
// fetched a record's schema, so the search can decode inside its scan loop. Schema parsing is the registry's
// own (app/registry/types): one parser for what the registry accepts and what the console decodes.

import type { DecodedValue, SchemaRef } from '../../contract.ts';
import type { AvroSchema } from '../../registry/types/avro.ts';
import type { JsonSchemaDoc } from '../../registry/types/json-schema.ts';
import type { ProtobufSchema } from '../../registry/types/protobuf.ts';
import type { ParsedSchema } from '../../registry/types/schema-type.ts';
import { decodePayload, FIRST_MESSAGE_INDEXES, looksConfluent, messageAt, parseRegistered, payloadOf, schemaIdOf, wireHeader } from '../../registry/wire-format.ts';
import { ConsoleError } from '../service/errors.ts';
import { RegistryRefusal, type RegistryClient, type RegistrySchema } from './registry-client.ts';

interface Known {
  id: number;
  subject: string | null;
  version: number | null;
  parsed: ParsedSchema;
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

  private parse(s: RegistrySchema): Promise<ParsedSchema> {
    return parseRegistered(s, (subject, version) => this.client.version(subject, version));
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
      return { ...head, json: JSON.stringify(decodePayload(known.parsed, payloadOf(bytes))) };
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

function mismatch(label: string, field: string, why: string): ConsoleError {
  const where = field ? `field '${field}'` : 'the value';
  return new ConsoleError('SCHEMA_MISMATCH', `The value does not match ${label}: ${where} ${why}. Nothing was sent.`, field);
}

function frame(id: number, parsed: ParsedSchema, value: unknown, label: string): Buffer {
  const head = wireHeader(id);
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
      return Buffer.concat([head, FIRST_MESSAGE_INDEXES, t.encode(t.fromObject(value as Record<string, unknown>)).finish()]);
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
