// Compatibility levels over a per-type "can read" rule (the shape of Confluent's CompatibilityChecker):
//   BACKWARD    the new schema can read data written with the latest one;
//   FORWARD     the latest schema can read data written with the new one;
//   FULL        both;
//   *_TRANSITIVE the same against every earlier (not deleted) version, not only the latest;
//   NONE        nothing is checked.
// Schemas of another type than the new one cannot be read by it: that is reported, not compared.

import { avroHandler } from './types/avro.ts';
import { jsonSchemaHandler } from './types/json-schema.ts';
import { protobufHandler } from './types/protobuf.ts';
import type { ParsedSchema, SchemaTypeHandler, SchemaTypeName } from './types/schema-type.ts';

export const COMPATIBILITY_LEVELS = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

export function isCompatibilityLevel(v: unknown): v is CompatibilityLevel {
  return typeof v === 'string' && (COMPATIBILITY_LEVELS as readonly string[]).includes(v);
}

export const HANDLERS: Record<SchemaTypeName, SchemaTypeHandler> = {
  AVRO: avroHandler as unknown as SchemaTypeHandler,
  PROTOBUF: protobufHandler as unknown as SchemaTypeHandler,
  JSON: jsonSchemaHandler as unknown as SchemaTypeHandler,
};

/**
 * Why `candidate` may not follow `previous` (oldest first) at `level`; empty when it may.
 * Each message names the version it was checked against.
 */
export function checkCompatibility(level: CompatibilityLevel, candidate: ParsedSchema, previous: { version: number; schema: ParsedSchema }[]): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? [...previous].reverse() : [previous[previous.length - 1]];
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  const out: string[] = [];
  for (const { version, schema } of against) {
    if (schema.type !== candidate.type) {
      out.push(`version ${version} is of type ${schema.type}, the new schema of type ${candidate.type}`);
      continue;
    }
    const rule = HANDLERS[candidate.type];
    if (backward) for (const m of rule.canRead(candidate, schema)) out.push(`{oldSchemaVersion: ${version}, direction: BACKWARD, ${m}}`);
    if (forward) for (const m of rule.canRead(schema, candidate)) out.push(`{oldSchemaVersion: ${version}, direction: FORWARD, ${m}}`);
  }
  return out;
}
