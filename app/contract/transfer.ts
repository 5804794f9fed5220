// Moving records in and out: export, import, replay.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { ConsumedRecord, Header } from './messages.ts';

export const ExportFormat = s.literal('jsonl', 'csv');
export type ExportFormat = Infer<typeof ExportFormat>;

export const ExportRequest = s.named('ExportRequest', s.object({ topic: s.string(), format: ExportFormat, records: s.array(ConsumedRecord) }));
export type ExportRequest = Infer<typeof ExportRequest>;

export const ImportRequest = s.named('ImportRequest', s.object({
  topic: s.string(),
  format: ExportFormat,
  content: s.string(),
  /** true: validate and preview only; nothing is written. */
  dryRun: s.boolean(),
  /** true: each record goes to the partition it names; false: the partitioner chooses. */
  keepPartitions: s.boolean(),
}));
export type ImportRequest = Infer<typeof ImportRequest>;

/** A record to write (import preview, template preview): key and value as base64 (null: null), headers as text. */
export const ImportedRecord = s.named('ImportedRecord', s.object({
  partition: s.nullable(s.int()),
  key: s.nullable(s.string()),
  value: s.nullable(s.string()),
  headers: s.array(Header),
  timestamp: s.nullable(s.number()),
}));
export type ImportedRecord = Infer<typeof ImportedRecord>;

export const ImportResult = s.named('ImportResult', s.object({
  /** Valid records in the file. */
  count: s.int(),
  /** The first records, as they would be written. */
  preview: s.array(ImportedRecord),
  /** One per bad line; when there is any, nothing was written. */
  errors: s.array(s.object({ line: s.int(), message: s.string() })),
  written: s.int(),
}));
export type ImportResult = Infer<typeof ImportResult>;

export const ReplayRequest = s.named('ReplayRequest', s.object({
  topic: s.string(),
  /** null: the partitioner chooses; otherwise every record goes to this partition. */
  partition: s.nullable(s.int()),
  records: s.array(ConsumedRecord),
}));
export type ReplayRequest = Infer<typeof ReplayRequest>;
