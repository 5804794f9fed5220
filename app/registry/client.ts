// Encoding and decoding records in Confluent's wire format (wire-format.ts) through a registry's REST API
// (ours or any Confluent-compatible one).

import type { JsonSchemaDoc } from './types/json-schema.ts';
import type { ProtobufSchema } from './types/protobuf.ts';
import type { AvroSchema } from './types/avro.ts';
import type { ParsedSchema, SchemaTypeName } from './types/schema-type.ts';
import { decodePayload, FIRST_MESSAGE_INDEXES, looksConfluent, messageAt, parseRegistered, payloadOf, schemaIdOf, wireHeader, type RegisteredSchema } from './wire-format.ts';

export interface DecodedRecord {
  subject: string | null;
  version: number | null;
  id: number;
  schemaType: SchemaTypeName;
  value: unknown;
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

function parseFetched(registryUrl: string, s: RegisteredSchema): Promise<ParsedSchema> {
  return parseRegistered(s, (subject, version) => get<RegisteredSchema>(registryUrl, `/subjects/${encodeURIComponent(subject)}/versions/${version}`));
}

/** Decode a record value (or key) in Confluent's wire format; throws saying why when it is not one. */
export async function decodeConfluent(bytes: Uint8Array, registryUrl: string): Promise<DecodedRecord> {
  if (!looksConfluent(bytes)) throw new Error('Not in the Confluent wire format (magic byte 0 and a 4-byte schema id)');
  const id = schemaIdOf(bytes);
  const fetched = await get<RegisteredSchema>(registryUrl, `/schemas/ids/${id}`);
  const versions = await get<{ subject: string; version: number }[]>(registryUrl, `/schemas/ids/${id}/versions`).catch(() => []);
  const parsed = await parseFetched(registryUrl, fetched);
  const value = decodePayload(parsed, payloadOf(bytes));
  return { subject: versions[0]?.subject ?? null, version: versions[0]?.version ?? null, id, schemaType: parsed.type, value };
}

function frame(id: number, payload: Uint8Array, indexes: Uint8Array = Buffer.alloc(0)): Buffer {
  return Buffer.concat([wireHeader(id), indexes, payload]);
}

/**
 * Encode `value` with the latest schema of `subject`. Input that does not match gets an error naming the
 * field (a path like `address.city`); nothing is encoded.
 */
export async function encodeConfluent(subject: string, value: unknown, registryUrl: string): Promise<Buffer> {
  const latest = await get<RegisteredSchema & { id: number }>(registryUrl, `/subjects/${encodeURIComponent(subject)}/versions/latest`);
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
      return frame(latest.id, t.encode(t.fromObject(value as Record<string, unknown>)).finish(), FIRST_MESSAGE_INDEXES);
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
