// Avro schemas, through avsc.
//
// Parse: JSON text, then avsc's Type.forSchema; referenced schemas are parsed first into one registry of named
// types, so `"type": "com.acme.Address"` resolves to the referenced record (Confluent's reference semantics:
// the reference name is the subject-independent file name, the named types inside it are what is used).
// Equality: avsc's normalized schema (type.schema(): full names, attributes in a fixed order, no whitespace)
// — like Confluent's canonical string, defaults and docs count, so two schemas differing in a default get two
// ids. The text stored is the client's JSON without whitespace.
// Can read (Avro's schema resolution, which avsc implements in createResolver and Confluent in
// AvroCompatibilityChecker): record names must match (or an alias); every reader field missing from the
// writer needs a default; types must promote (int -> long/float/double, long -> float/double, float -> double,
// string <-> bytes); enum symbols written must exist in the reader (or the reader has a default); unions: every
// writer branch must resolve to a reader branch; fixed sizes equal; array items and map values recursively.

import avro from 'avsc';
import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaTypeHandler } from './schema-type.ts';

export interface AvroSchema extends ParsedSchema {
  avroType: avro.Type;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new SchemaParseError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
}

export const avroHandler: SchemaTypeHandler<AvroSchema> = {
  parse(text, refs: ResolvedReference[]) {
    const registry: Record<string, avro.Type> = {};
    for (const ref of refs) {
      try {
        avro.Type.forSchema(parseJson(ref.schema, `referenced schema '${ref.name}'`) as avro.Schema, { registry });
      } catch (e) {
        if (e instanceof SchemaParseError) throw e;
        throw new SchemaParseError(`referenced schema '${ref.name}': ${(e as Error).message}`);
      }
    }
    const json = parseJson(text, 'the schema');
    let avroType: avro.Type;
    try {
      avroType = avro.Type.forSchema(json as avro.Schema, { registry });
    } catch (e) {
      throw new SchemaParseError((e as Error).message);
    }
    return { type: 'AVRO', text: JSON.stringify(json), canonical: JSON.stringify(avroType.schema({ exportAttrs: true })), avroType };
  },

  canRead(reader, writer) {
    try {
      reader.avroType.createResolver(writer.avroType);
      return [];
    } catch (e) {
      return [`reader cannot resolve the writer's schema: ${(e as Error).message}`];
    }
  },
};
