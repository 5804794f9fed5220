// Metrics history and live samples.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

/** One point of a throughput series: rates over the interval ending at `at`. */
export const ThroughputPoint = s.named('ThroughputPoint', s.object({ at: s.number(), messagesPerSec: s.number(), bytesPerSec: s.number() }));
export type ThroughputPoint = Infer<typeof ThroughputPoint>;

/** One point of a group's lag series: total records behind, and the age of the oldest unconsumed record. */
export const LagPoint = s.named('LagPoint', s.object({
  at: s.number(),
  lag: s.number(),
  /** Seconds; null when nothing is behind (or its timestamp could not be read). */
  lagSeconds: s.nullable(s.number()),
}));
export type LagPoint = Infer<typeof LagPoint>;

/** A topic's rates for the topics table: written (in) and consumed by groups (out: committed offsets' progress). */
export const TopicRates = s.named('TopicRates', s.object({
  in: s.array(ThroughputPoint),
  /** messagesPerSec only (bytesPerSec is 0): the sum over groups of committed-offset progress. */
  out: s.array(ThroughputPoint),
}));
export type TopicRates = Infer<typeof TopicRates>;

/** Start of the window, ms since the epoch (default: one hour ago). */
const since = s.optional(s.number());

export const SeriesRequest = s.named('SeriesRequest', s.object({ since }));
export type SeriesRequest = Infer<typeof SeriesRequest>;

export const MetricsSample = s.named('MetricsSample', s.object({
  at: s.number(),
  /** Per topic: messages (sum of high watermarks) and the rate since the previous sample. */
  topics: s.array(s.object({ topic: s.string(), messages: s.number(), messagesPerSec: s.number(), bytesPerSec: s.optional(s.number()) })),
  /** Per broker: listener bytes in/out per second (local cluster only, from broker-internal counters). */
  brokers: s.optional(s.array(s.object({ id: s.int(), bytesInPerSec: s.number(), bytesOutPerSec: s.number() }))),
}));
export type MetricsSample = Infer<typeof MetricsSample>;
