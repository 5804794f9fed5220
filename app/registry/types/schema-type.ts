// What the registry needs from each schema type (AVRO, PROTOBUF, JSON): parse a schema with the schemas it
// references, give a normalized form for equality ("is this the schema registered before?"), and the one
// type-specific compatibility question: can a reader with schema R read data written with schema W?
// Everything else (levels, transitivity) is in ../compatibility.ts and the same for every type.

export type SchemaTypeName = 'AVRO' | 'PROTOBUF' | 'JSON';
export const SCHEMA_TYPES: SchemaTypeName[] = ['JSON', 'PROTOBUF', 'AVRO'];

/** A schema a schema refers to, already resolved to its text: `name` is how the referring schema names it. */
export interface ResolvedReference {
  name: string;
  schema: string;
}

export interface ParsedSchema {
  type: SchemaTypeName;
  /** The text to store and serve (the client's text, whitespace-normalized where the format allows). */
  text: string;
  /** Equal for two schemas that mean the same. */
  canonical: string;
}

export interface SchemaTypeHandler<P extends ParsedSchema = ParsedSchema> {
  /** Throws SchemaParseError naming what is wrong. `refs`: every transitive reference, dependencies first. */
  parse(text: string, refs: ResolvedReference[]): P;
  /** Why `reader` cannot read data written with `writer`; empty when it can. */
  canRead(reader: P, writer: P): string[];
}

export class SchemaParseError extends Error {}
