// Record templates and the bulk producer.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { ContractError } from './errors.ts';
import { Compression, Header, SchemaRef, ValueFormat } from './messages.ts';

export const Template = s.named('Template', s.object({
  name: s.string(),
  /** Templates: text with {{generators}} (see codecs/record-template.ts). A null key template: null keys. */
  key: s.nullable(s.string()),
  value: s.string(),
  headers: s.array(Header),
  format: ValueFormat,
}));
export type Template = Infer<typeof Template>;

export const TemplatePreviewRequest = s.named('TemplatePreviewRequest', s.object({ template: Template, count: s.int() }));
export type TemplatePreviewRequest = Infer<typeof TemplatePreviewRequest>;

export const BulkProduceRequest = s.named('BulkProduceRequest', s.object({
  topic: s.string(),
  partition: s.nullable(s.int()),
  template: Template,
  count: s.int(),
  /** Records per second; 0: as fast as the cluster takes them. */
  ratePerSec: s.number(),
  compression: Compression,
  /** 0, 1 or -1 (all). */
  acks: s.int(),
  /** Encode each rendered value (JSON) with this schema in Confluent's wire format. */
  valueSchema: s.optional(SchemaRef),
}));
export type BulkProduceRequest = Infer<typeof BulkProduceRequest>;

export const ProducerProgressEvent = s.named('ProducerProgressEvent', s.object({
  jobId: s.string(),
  topic: s.string(),
  sent: s.int(),
  total: s.int(),
  done: s.boolean(),
  cancelled: s.boolean(),
  /** Offsets written, per partition. */
  partitions: s.array(s.object({ partition: s.int(), firstOffset: s.int(), lastOffset: s.int() })),
  error: s.optional(ContractError),
}));
export type ProducerProgressEvent = Infer<typeof ProducerProgressEvent>;
