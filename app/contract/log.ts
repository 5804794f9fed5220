// The log laid bare (local cluster: read from the leader's segment files).
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { Compression } from './messages.ts';

export const LogBatch = s.named('LogBatch', s.object({
  position: s.int(), sizeBytes: s.int(), baseOffset: s.int(), lastOffset: s.int(), recordCount: s.int(),
  codec: Compression, producerId: s.int(), producerEpoch: s.int(), baseSequence: s.int(),
  transactional: s.boolean(), control: s.boolean(), partitionLeaderEpoch: s.int(),
  baseTimestamp: s.number(), maxTimestamp: s.number(), crc: s.number(),
}));
export type LogBatch = Infer<typeof LogBatch>;

export const RecordLocation = s.named('RecordLocation', s.object({
  broker: s.int(),
  /** The segment file name (20-digit base offset + .log) and its base offset. */
  segment: s.string(),
  baseOffset: s.int(),
  batch: LogBatch,
  records: s.array(s.object({ offset: s.int(), timestamp: s.number(), keySize: s.nullable(s.int()), valueSize: s.nullable(s.int()) })),
}));
export type RecordLocation = Infer<typeof RecordLocation>;

export const SegmentDetail = s.named('SegmentDetail', s.object({
  broker: s.int(),
  baseOffset: s.int(),
  nextOffset: s.int(),
  active: s.boolean(),
  files: s.array(s.object({ name: s.string(), sizeBytes: s.int() })),
  batches: s.array(LogBatch),
  offsetIndex: s.array(s.object({ offset: s.int(), position: s.int() })),
  timeIndex: s.array(s.object({ timestamp: s.number(), offset: s.int() })),
  /** What retention or compaction does to it next, in sentences, from the topic's configs. */
  next: s.array(s.string()),
}));
export type SegmentDetail = Infer<typeof SegmentDetail>;
