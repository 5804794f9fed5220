// Records: producing, browsing, tailing, and values in Confluent's wire format.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const Header = s.named('Header', s.object({ key: s.string(), value: s.string() }));
export type Header = Infer<typeof Header>;

export const ValueFormat = s.literal('text', 'json');
export type ValueFormat = Infer<typeof ValueFormat>;

/** A value in Confluent's wire format (magic byte 0, schema id), decoded with its schema from the registry. */
export const DecodedValue = s.named('DecodedValue', s.object({
  schemaId: s.int(),
  /** The subject and version the schema is registered under (the first, if several); null when unknown. */
  subject: s.nullable(s.string()),
  version: s.nullable(s.int()),
  /** null when the schema could not be read. */
  schemaType: s.nullable(s.literal('AVRO', 'PROTOBUF', 'JSON')),
  /** The decoded value as JSON text; absent when it could not be decoded (then `error` says why). */
  json: s.optional(s.string()),
  error: s.optional(s.string()),
}));
export type DecodedValue = Infer<typeof DecodedValue>;

/** Encode the value with a registered schema: the value is JSON and must match it; nothing is sent otherwise. */
export const SchemaRef = s.named('SchemaRef', s.object({
  subject: s.string(),
  /** null: the latest version. */
  version: s.nullable(s.int()),
}));
export type SchemaRef = Infer<typeof SchemaRef>;

export const ProduceRequest = s.named('ProduceRequest', s.object({
  topic: s.string(),
  /** null: the producer's partitioner picks one. */
  partition: s.nullable(s.int()),
  key: s.nullable(s.string()),
  value: s.string(),
  /** 'json': the value (and key, if given) must parse as JSON; nothing is written otherwise. */
  format: ValueFormat,
  headers: s.array(Header),
  /** Encode the value (JSON) with this schema in Confluent's wire format. */
  valueSchema: s.optional(SchemaRef),
}));
export type ProduceRequest = Infer<typeof ProduceRequest>;

export const ProduceResult = s.named('ProduceResult', s.object({ topic: s.string(), partition: s.int(), offset: s.int() }));
export type ProduceResult = Infer<typeof ProduceResult>;

export const ConsumedRecord = s.named('ConsumedRecord', s.object({
  partition: s.int(),
  offset: s.int(),
  /** Milliseconds since the epoch. */
  timestamp: s.int(),
  /** Base64 of the key bytes; null for a null key. */
  key: s.nullable(s.string()),
  /** Base64 of the value bytes; null for a tombstone. */
  value: s.nullable(s.string()),
  headers: s.array(s.object({ key: s.string(), value: s.nullable(s.string()) })),
  /** Bytes of key + value. */
  size: s.int(),
  /** The value decoded through the schema registry, when it is in Confluent's wire format. */
  decoded: s.optional(DecodedValue),
}));
export type ConsumedRecord = Infer<typeof ConsumedRecord>;

export const IsolationLevel = s.literal('read_uncommitted', 'read_committed');
export type IsolationLevel = Infer<typeof IsolationLevel>;

export const TxnMarkerInfo = s.named('TxnMarkerInfo', s.object({
  offset: s.int(),
  type: s.literal('COMMIT', 'ABORT'),
  producerId: s.int(),
  producerEpoch: s.int(),
  timestamp: s.int(),
}));
export type TxnMarkerInfo = Infer<typeof TxnMarkerInfo>;

export const BrowseRequest = s.named('BrowseRequest', s.object({
  topic: s.string(),
  partition: s.int(),
  /** First offset wanted; clamped to the log start offset. */
  offset: s.int(),
  /** At most this many records (1..1000). */
  limit: s.int(),
  /** read_uncommitted (default): up to the high watermark, aborted records included; read_committed: up to the
   * last stable offset, records of aborted transactions left out. */
  isolation: s.optional(IsolationLevel),
}));
export type BrowseRequest = Infer<typeof BrowseRequest>;

export const MessagePage = s.named('MessagePage', s.object({
  topic: s.string(),
  partition: s.int(),
  logStartOffset: s.int(),
  highWatermark: s.int(),
  records: s.array(ConsumedRecord),
  /** The last stable offset: read_committed readers stop here (the first offset of the oldest open transaction). */
  lastStableOffset: s.optional(s.int()),
  /** COMMIT/ABORT control records (transaction markers) in the range read, in offset order. */
  markers: s.optional(s.array(TxnMarkerInfo)),
  /** read_uncommitted: offsets of records that belong to transactions aborted within the range read. */
  abortedOffsets: s.optional(s.array(s.int())),
}));
export type MessagePage = Infer<typeof MessagePage>;

export const TailStartRequest = s.named('TailStartRequest', s.object({
  topic: s.string(),
  partition: s.int(),
  /** Start after this offset; default: the current high watermark (only new records). */
  fromOffset: s.optional(s.int()),
}));
export type TailStartRequest = Infer<typeof TailStartRequest>;

export const TailEvent = s.named('TailEvent', s.object({
  subscriptionId: s.string(),
  topic: s.string(),
  partition: s.int(),
  records: s.array(ConsumedRecord),
}));
export type TailEvent = Infer<typeof TailEvent>;

export const Compression = s.literal('none', 'gzip', 'snappy', 'lz4', 'zstd');
export type Compression = Infer<typeof Compression>;
