// The per-partition log settings, by Kafka's topic config names (see engine/catalog/topic-config.ts for
// parsing and validation). Values here are already parsed: milliseconds and bytes as numbers, where Kafka's
// Long.MAX_VALUE ("never") is Number.MAX_SAFE_INTEGER.

export interface LogConfig {
  segmentBytes: number; // segment.bytes
  segmentMs: number; // segment.ms
  segmentJitterMs: number; // segment.jitter.ms
  segmentIndexBytes: number; // segment.index.bytes: size cap of .index/.timeindex
  indexIntervalBytes: number; // index.interval.bytes
  retentionMs: number; // retention.ms, -1 = unlimited
  retentionBytes: number; // retention.bytes, -1 = unlimited
  flushMessages: number; // flush.messages
  flushMs: number; // flush.ms
  cleanupPolicy: { delete: boolean; compact: boolean }; // cleanup.policy
  deleteRetentionMs: number; // delete.retention.ms: how long tombstones survive compaction
  minCompactionLagMs: number; // min.compaction.lag.ms
  maxCompactionLagMs: number; // max.compaction.lag.ms
  minCleanableDirtyRatio: number; // min.cleanable.dirty.ratio
  maxMessageBytes: number; // max.message.bytes: the largest batch accepted
  messageTimestampType: 'CreateTime' | 'LogAppendTime'; // message.timestamp.type
  messageTimestampBeforeMaxMs: number; // message.timestamp.before.max.ms (CreateTime only)
  messageTimestampAfterMaxMs: number; // message.timestamp.after.max.ms (CreateTime only)
  fileDeleteDelayMs: number; // file.delete.delay.ms
  preallocate: boolean; // preallocate
  minInsyncReplicas: number; // min.insync.replicas
  uncleanLeaderElectionEnable: boolean; // unclean.leader.election.enable
  compressionType: string; // compression.type
}

export const NEVER = Number.MAX_SAFE_INTEGER;

/** Kafka 3.9 / 4.x topic defaults. */
export const DEFAULT_LOG_CONFIG: LogConfig = Object.freeze({
  segmentBytes: 1024 * 1024 * 1024,
  segmentMs: 7 * 24 * 60 * 60 * 1000,
  segmentJitterMs: 0,
  segmentIndexBytes: 10 * 1024 * 1024,
  indexIntervalBytes: 4096,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  flushMessages: NEVER,
  flushMs: NEVER,
  cleanupPolicy: Object.freeze({ delete: true, compact: false }),
  deleteRetentionMs: 24 * 60 * 60 * 1000,
  minCompactionLagMs: 0,
  maxCompactionLagMs: NEVER,
  minCleanableDirtyRatio: 0.5,
  maxMessageBytes: 1024 * 1024 + 12,
  messageTimestampType: 'CreateTime',
  messageTimestampBeforeMaxMs: NEVER,
  // Kafka's default is 1 hour ahead; topics get it from the catalog (toLogConfig). Unbounded here, so logs
  // opened directly (tools, tests on manual clocks) take any timestamp.
  messageTimestampAfterMaxMs: NEVER,
  fileDeleteDelayMs: 60_000,
  preallocate: false,
  minInsyncReplicas: 1,
  uncleanLeaderElectionEnable: false,
  compressionType: 'producer',
}) as LogConfig;

export function logConfig(overrides: Partial<LogConfig> = {}): LogConfig {
  return { ...DEFAULT_LOG_CONFIG, ...overrides };
}
