// The Schema Registry, and decoding with a schema.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const SchemaType = s.literal('AVRO', 'PROTOBUF', 'JSON');
export type SchemaType = Infer<typeof SchemaType>;

export const CompatibilityLevel = s.literal('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE');
export type CompatibilityLevel = Infer<typeof CompatibilityLevel>;

export const SubjectSummary = s.named('SubjectSummary', s.object({
  subject: s.string(),
  schemaType: SchemaType,
  latestVersion: s.int(),
  latestId: s.int(),
  versionCount: s.int(),
  /** The subject's own level; null: it follows the global one. */
  compatibility: s.nullable(CompatibilityLevel),
  /** Soft-deleted (listed only when asked for). */
  deleted: s.boolean(),
}));
export type SubjectSummary = Infer<typeof SubjectSummary>;

export const SchemaRegistryOverview = s.named('SchemaRegistryOverview', s.object({
  /** The registry the active connection uses; null: it names none. */
  url: s.nullable(s.string()),
  /** Why the registry could not be read (it is not running, refused the credentials, ...). */
  error: s.optional(s.string()),
  globalCompatibility: s.nullable(CompatibilityLevel),
  subjects: s.array(SubjectSummary),
}));
export type SchemaRegistryOverview = Infer<typeof SchemaRegistryOverview>;

export const SchemaReference = s.named('SchemaReference', s.object({ name: s.string(), subject: s.string(), version: s.int() }));
export type SchemaReference = Infer<typeof SchemaReference>;

export const SchemaVersion = s.named('SchemaVersion', s.object({
  version: s.int(),
  id: s.int(),
  schemaType: SchemaType,
  schema: s.string(),
  references: s.array(SchemaReference),
  deleted: s.boolean(),
}));
export type SchemaVersion = Infer<typeof SchemaVersion>;

export const SubjectDetail = s.named('SubjectDetail', s.object({
  subject: s.string(),
  compatibility: s.nullable(CompatibilityLevel),
  /** The level that applies: the subject's own, else the global one. */
  effectiveCompatibility: CompatibilityLevel,
  /** Oldest first; soft-deleted versions included, marked. */
  versions: s.array(SchemaVersion),
}));
export type SubjectDetail = Infer<typeof SubjectDetail>;

export const SchemaDraft = s.named('SchemaDraft', s.object({
  subject: s.string(),
  schemaType: SchemaType,
  schema: s.string(),
  references: s.optional(s.array(SchemaReference)),
}));
export type SchemaDraft = Infer<typeof SchemaDraft>;

export const CompatibilityReport = s.named('CompatibilityReport', s.object({
  /** false: the schema does not parse (messages say why). */
  valid: s.boolean(),
  compatible: s.boolean(),
  /** The level it was checked at. */
  level: CompatibilityLevel,
  /** The checker's messages, one per problem. */
  messages: s.array(s.string()),
}));
export type CompatibilityReport = Infer<typeof CompatibilityReport>;

/** Decode a value with a .proto schema (parsed as text; imports are not loaded) as a fully-qualified message type. */
export const DecodeProtobufRequest = s.named('DecodeProtobufRequest', s.object({
  schema: s.string(),
  /** e.g. 'shop.Order' (package + message name). */
  messageType: s.string(),
  valueBase64: s.string(),
}));
export type DecodeProtobufRequest = Infer<typeof DecodeProtobufRequest>;
