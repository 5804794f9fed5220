// Searching a topic's records.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { ContractError } from './errors.ts';
import { ConsumedRecord } from './messages.ts';

export const SearchRequest = s.named('SearchRequest', s.object({
  topic: s.string(),
  /** Empty or omitted: every partition. */
  partitions: s.optional(s.array(s.int())),
  /** Per partition: first offset scanned (inclusive) and where to stop (exclusive). */
  fromOffset: s.optional(s.int()),
  toOffset: s.optional(s.int()),
  /** Milliseconds since the epoch: records with fromTime <= timestamp <= toTime. */
  fromTime: s.optional(s.number()),
  toTime: s.optional(s.number()),
  /** Case-sensitive substring of the key / value / any header value (UTF-8). */
  keyContains: s.optional(s.string()),
  valueContains: s.optional(s.string()),
  headerContains: s.optional(s.string()),
  /** A JavaScript regular expression (source, flags) tested against the key and value text. */
  regex: s.optional(s.string()),
  regexFlags: s.optional(s.string()),
  /** A JavaScript expression over `r` (key, value, headers, partition, offset, timestamp; r.json parses the value). */
  predicate: s.optional(s.string()),
  /** Time limit of the predicate per record (default 20 ms) and in total (default 30 s). */
  predicateTimeoutMs: s.optional(s.number()),
  totalTimeoutMs: s.optional(s.number()),
  /** Stop after this many matches (default 1000, at most 100000). */
  limit: s.optional(s.number()),
  /** Continue a search that stopped at its limit: per partition, the first offset not yet scanned (only these are scanned). */
  resumeFrom: s.optional(s.array(s.object({ partition: s.int(), offset: s.int() }))),
}));
export type SearchRequest = Infer<typeof SearchRequest>;

export const SearchProgressEvent = s.named('SearchProgressEvent', s.object({
  searchId: s.string(),
  scanned: s.int(),
  total: s.int(),
  matched: s.int(),
  /** Matches found since the previous event. */
  records: s.array(ConsumedRecord),
  done: s.boolean(),
  cancelled: s.boolean(),
  /** Why the search stopped early (a predicate over its time limit, a broker error). */
  error: s.optional(ContractError),
  /** Done because the limit of matches was reached with records left unscanned: where to continue from. */
  limitReached: s.optional(s.boolean()),
  resumeFrom: s.optional(s.array(s.object({ partition: s.int(), offset: s.int() }))),
}));
export type SearchProgressEvent = Infer<typeof SearchProgressEvent>;
