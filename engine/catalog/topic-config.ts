// Kafka's topic-level configs: names, types, defaults, valid values and validation messages, matched to
// apache/kafka 4.x (storage/.../log/LogConfig.java as on trunk after KIP-1030: segment.bytes at least
// 1 MiB, message.timestamp.after.max.ms defaulting to 1 hour). The catalog stores only overrides; every
// default comes from this table, and toLogConfig turns overrides into the parsed LogConfig of storage/.
//
// Left out on purpose: tiered-storage configs (remote.storage.enable, local.retention.*, remote.*),
// replication throttles ({leader,follower}.replication.throttled.replicas) and configs Kafka 4.x no
// longer defines (message.format.version, message.downconversion.enable,
// message.timestamp.difference.max.ms): Kafka 4.x answers "Unknown topic config name" for those too.
//
// Kafka checks min.insync.replicas only against its own range (>= 1), never against the replication
// factor: a topic with min.insync.replicas > RF is created, and acks=all produces then fail with
// NOT_ENOUGH_REPLICAS. So there is no validateAgainstReplicationFactor here. The one cross-config rule
// Kafka enforces on topic configs is min.compaction.lag.ms <= max.compaction.lag.ms (LogConfig.validateValues).

import { KafkaError } from '../protocol/error-codes.ts';
import type { LogConfig } from '../storage/log-config.ts';

export type ConfigType = 'int' | 'long' | 'double' | 'boolean' | 'string' | 'list' | 'class' | 'password';

export interface ConfigDef {
  name: string;
  type: ConfigType;
  /** Kafka's default as Kafka displays it (Long.MAX_VALUE is "9223372036854775807"). */
  default: string;
  doc: string;
  /** Kafka's "Valid Values" column, e.g. "[-1,...]" or "[compact, delete]"; "" when any value of the type is. */
  validValues: string;
  /** The broker config whose value is the default (Kafka's "Server Default Property"). */
  serverDefaultProperty: string;
  /** Throws KafkaError INVALID_CONFIG with Kafka's message when `value` is not valid for this config. */
  validate(value: string): void;
}

type Parsed = bigint | number | boolean | string | string[];

interface Def extends ConfigDef {
  parse(value: string): Parsed;
}

const INT_MIN = -(2n ** 31n);
const INT_MAX = 2n ** 31n - 1n;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/;

/** ConfigException's message: "Invalid value <v> for configuration <name>: <why>". */
function invalid(name: string, value: unknown, why: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', `Invalid value ${String(value)} for configuration ${name}: ${why}`);
}

/** Java prints a double with at least one decimal ("1.0"), and Kafka's messages quote it that way. */
function javaDouble(n: number): string {
  return Number.isInteger(n) ? n.toFixed(1) : String(n);
}

interface NumberRange {
  min?: number | bigint;
  max?: number | bigint;
}

function rangeText(r: NumberRange): string {
  if (r.min === undefined) return '';
  return r.max === undefined ? `[${r.min},...]` : `[${r.min},...,${r.max}]`;
}

function checkRange(name: string, v: bigint | number, shown: string, r: NumberRange): void {
  if (r.min !== undefined && v < r.min) throw invalid(name, shown, `Value must be at least ${r.min}`);
  if (r.max !== undefined && v > r.max) throw invalid(name, shown, `Value must be no more than ${r.max}`);
}

function define(
  name: string,
  type: ConfigType,
  dflt: string,
  validValues: string,
  serverDefaultProperty: string,
  doc: string,
  parse: (value: string) => Parsed,
): Def {
  const def: Def = { name, type, default: dflt, doc, validValues, serverDefaultProperty, parse, validate: (v) => void parse(v) };
  def.parse(dflt); // a default that fails its own validation is a bug in this table
  return def;
}

function integral(name: string, bits: 32 | 64, raw: string, r: NumberRange): bigint {
  const t = raw.trim();
  const [lo, hi, kind] = bits === 32 ? [INT_MIN, INT_MAX, 'INT'] : [LONG_MIN, LONG_MAX, 'LONG'];
  const v = INTEGER.test(t) ? BigInt(t) : undefined;
  if (v === undefined || v < lo || v > hi) throw invalid(name, raw, `Not a number of type ${kind}`);
  checkRange(name, v, v.toString(), r);
  return v;
}

const intDef = (name: string, dflt: string, r: NumberRange, server: string, doc: string): Def =>
  define(name, 'int', dflt, rangeText(r), server, doc, (v) => integral(name, 32, v, r));
const longDef = (name: string, dflt: string, r: NumberRange, server: string, doc: string): Def =>
  define(name, 'long', dflt, rangeText(r), server, doc, (v) => integral(name, 64, v, r));

function doubleDef(name: string, dflt: string, r: NumberRange, server: string, doc: string): Def {
  return define(name, 'double', dflt, rangeText(r), server, doc, (raw) => {
    const t = raw.trim();
    const v = DECIMAL.test(t) ? Number(t.replace(/[dDfF]$/, '')) : NaN;
    if (!Number.isFinite(v)) throw invalid(name, raw, 'Not a number of type DOUBLE');
    checkRange(name, v, javaDouble(v), r);
    return v;
  });
}

function booleanDef(name: string, dflt: string, server: string, doc: string): Def {
  return define(name, 'boolean', dflt, '', server, doc, (raw) => {
    const t = raw.trim().toLowerCase();
    if (t !== 'true' && t !== 'false') throw invalid(name, raw, 'Expected value to be either true or false');
    return t === 'true';
  });
}

function stringInDef(name: string, dflt: string, valid: string[], server: string, doc: string): Def {
  return define(name, 'string', dflt, `[${valid.join(', ')}]`, server, doc, (raw) => {
    const t = raw.trim();
    if (!valid.includes(t)) throw invalid(name, t, `String must be one of: ${valid.join(', ')}`);
    return t;
  });
}

/** Kafka's LIST type with ValidList.in: comma separated, trimmed; empty allowed, duplicates not. */
function listInDef(name: string, dflt: string, valid: string[], server: string, doc: string): Def {
  return define(name, 'list', dflt, `[${valid.join(', ')}]`, server, doc, (raw) => {
    const t = raw.trim();
    const items = t === '' ? [] : t.split(/\s*,\s*/);
    if (new Set(items).size !== items.length) {
      throw new KafkaError('INVALID_CONFIG', `Configuration '${name}' values must not be duplicated.`);
    }
    for (const item of items) {
      if (item === '') throw new KafkaError('INVALID_CONFIG', `Configuration '${name}' values must not be empty.`);
      if (!valid.includes(item)) throw invalid(name, item, `String must be one of: ${valid.join(', ')}`);
    }
    return items;
  });
}

const LONG_MAX_TEXT = LONG_MAX.toString(); // 9223372036854775807

const DEFS: Def[] = [
  listInDef('cleanup.policy', 'delete', ['compact', 'delete'], 'log.cleanup.policy',
    'Retention policy for old segments: "delete" discards them past retention time or size, "compact" keeps the latest value per key; both may be given.'),
  stringInDef('compression.type', 'producer', ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'], 'compression.type',
    "Final compression of the topic's batches: a codec, 'uncompressed', or 'producer' to keep the producer's codec."),
  define('compression.gzip.level', 'int', '-1', '[1,...,9] or -1', 'compression.gzip.level',
    'Compression level used when compression.type is gzip.', (raw) => {
      const v = integral('compression.gzip.level', 32, raw, {});
      if (v > 9n || (v < 1n && v !== -1n)) throw invalid('compression.gzip.level', v, 'Value must be between 1 and 9 or equal to -1');
      return v;
    }),
  intDef('compression.lz4.level', '9', { min: 1, max: 17 }, 'compression.lz4.level', 'Compression level used when compression.type is lz4.'),
  intDef('compression.zstd.level', '3', { min: -131072, max: 22 }, 'compression.zstd.level', 'Compression level used when compression.type is zstd.'),
  longDef('delete.retention.ms', '86400000', { min: 0 }, 'log.cleaner.delete.retention.ms',
    'How long delete tombstones are retained on compacted topics.'),
  longDef('file.delete.delay.ms', '60000', { min: 0 }, 'log.segment.delete.delay.ms', 'Time to wait before deleting a file from the filesystem.'),
  longDef('flush.messages', LONG_MAX_TEXT, { min: 1 }, 'log.flush.interval.messages',
    'Force an fsync after this many messages; by default the OS flushes and replication provides durability.'),
  longDef('flush.ms', LONG_MAX_TEXT, { min: 0 }, 'log.flush.interval.ms',
    'Force an fsync after this much time; by default the OS flushes and replication provides durability.'),
  intDef('index.interval.bytes', '4096', { min: 0 }, 'log.index.interval.bytes', 'How often (in log bytes) an offset index entry is added.'),
  longDef('max.compaction.lag.ms', LONG_MAX_TEXT, { min: 1 }, 'log.cleaner.max.compaction.lag.ms',
    'Maximum time a message remains ineligible for compaction.'),
  intDef('max.message.bytes', '1048588', { min: 0 }, 'message.max.bytes', 'Largest record batch size allowed (after compression).'),
  longDef('message.timestamp.after.max.ms', '3600000', { min: 0 }, 'log.message.timestamp.after.max.ms',
    'With CreateTime, how far a message timestamp may be ahead of the broker clock before the batch is rejected.'),
  longDef('message.timestamp.before.max.ms', LONG_MAX_TEXT, { min: 0 }, 'log.message.timestamp.before.max.ms',
    'With CreateTime, how far a message timestamp may be behind the broker clock before the batch is rejected.'),
  stringInDef('message.timestamp.type', 'CreateTime', ['CreateTime', 'LogAppendTime'], 'log.message.timestamp.type',
    "Whether a record's timestamp is the producer's create time or the broker's log append time."),
  doubleDef('min.cleanable.dirty.ratio', '0.5', { min: 0, max: 1 }, 'log.cleaner.min.cleanable.ratio',
    'Minimum ratio of dirty (uncompacted) log to total log before the compactor cleans it.'),
  longDef('min.compaction.lag.ms', '0', { min: 0 }, 'log.cleaner.min.compaction.lag.ms', 'Minimum time a message remains uncompacted.'),
  intDef('min.insync.replicas', '1', { min: 1 }, 'min.insync.replicas',
    'With acks=all, the minimum number of in-sync replicas that must acknowledge a write.'),
  booleanDef('preallocate', 'false', 'log.preallocate', 'Preallocate the segment file on disk when creating a new segment.'),
  longDef('retention.bytes', '-1', {}, 'log.retention.bytes', 'Maximum size of a partition before old segments are deleted; -1 means no limit.'),
  longDef('retention.ms', '604800000', { min: -1 }, 'log.retention.ms', 'Maximum age of a segment before it is deleted; -1 means no limit.'),
  // Kafka 4.0 raised the minimum from 14 bytes to 1 MiB (KIP-1030), and 4.x is what clients meet today;
  // tests that want tiny segments use the storage layer directly (Kafka has internal.segment.bytes for that).
  intDef('segment.bytes', '1073741824', { min: 1024 * 1024 }, 'log.segment.bytes', 'Size of a segment file; retention and cleaning work a file at a time.'),
  intDef('segment.index.bytes', '10485760', { min: 4 }, 'log.index.size.max.bytes', 'Maximum size of the offset and time index of a segment.'),
  longDef('segment.jitter.ms', '0', { min: 0 }, 'log.roll.jitter.ms', 'Maximum random jitter subtracted from the segment roll time.'),
  longDef('segment.ms', '604800000', { min: 1 }, 'log.roll.ms', 'Time after which a segment is rolled even if not full.'),
  booleanDef('unclean.leader.election.enable', 'false', 'unclean.leader.election.enable',
    'Allow a replica outside the ISR to become leader as a last resort, at the risk of data loss.'),
];

const BY_NAME = new Map<string, Def>(DEFS.map((d) => [d.name, d]));

export const TOPIC_CONFIGS: ReadonlyMap<string, ConfigDef> = BY_NAME;

function defOf(name: string): Def {
  const def = BY_NAME.get(name);
  if (!def) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${name}`);
  return def;
}

/** Validates overrides by name, value and Kafka's cross-config rule. Throws KafkaError INVALID_CONFIG. */
export function validateTopicConfigs(overrides: Record<string, string>): void {
  for (const name of Object.keys(overrides)) defOf(name);
  const parsed = parseAll(overrides);
  const minLag = parsed.get('min.compaction.lag.ms') as bigint;
  const maxLag = parsed.get('max.compaction.lag.ms') as bigint;
  if (minLag > maxLag) {
    throw new KafkaError('INVALID_CONFIG',
      `conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`);
  }
}

function parseAll(overrides: Record<string, string>): Map<string, Parsed> {
  const out = new Map<string, Parsed>();
  for (const def of DEFS) {
    const v = Object.hasOwn(overrides, def.name) ? overrides[def.name] : def.default;
    if (typeof v !== 'string') throw invalid(def.name, v, `Expected a string value`);
    out.set(def.name, def.parse(v));
  }
  return out;
}

export interface ResolvedConfig {
  name: string;
  value: string;
  isDefault: boolean;
  source: 'TOPIC' | 'DEFAULT';
}

/** Every topic config, sorted by name, with the override where there is one. Unknown names are skipped. */
export function describeTopicConfigs(overrides: Record<string, string>): ResolvedConfig[] {
  return [...DEFS]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((def) =>
      Object.hasOwn(overrides, def.name)
        ? { name: def.name, value: overrides[def.name], isDefault: false, source: 'TOPIC' as const }
        : { name: def.name, value: def.default, isDefault: true, source: 'DEFAULT' as const },
    );
}

/** Kafka's longs beyond 2^53 ("never", Long.MAX_VALUE) become Number.MAX_SAFE_INTEGER. */
function toNumber(v: bigint): number {
  const max = BigInt(Number.MAX_SAFE_INTEGER);
  return Number(v > max ? max : v < -max ? -max : v);
}

/** Parses validated overrides (plus defaults) into storage's LogConfig. Throws like validateTopicConfigs. */
export function toLogConfig(overrides: Record<string, string>): LogConfig {
  validateTopicConfigs(overrides);
  const p = parseAll(overrides);
  const n = (name: string): number => toNumber(p.get(name) as bigint);
  const policy = p.get('cleanup.policy') as string[];
  return {
    segmentBytes: n('segment.bytes'),
    segmentMs: n('segment.ms'),
    segmentJitterMs: n('segment.jitter.ms'),
    segmentIndexBytes: n('segment.index.bytes'),
    indexIntervalBytes: n('index.interval.bytes'),
    retentionMs: n('retention.ms'),
    retentionBytes: n('retention.bytes'),
    flushMessages: n('flush.messages'),
    flushMs: n('flush.ms'),
    cleanupPolicy: { delete: policy.includes('delete'), compact: policy.includes('compact') },
    deleteRetentionMs: n('delete.retention.ms'),
    minCompactionLagMs: n('min.compaction.lag.ms'),
    maxCompactionLagMs: n('max.compaction.lag.ms'),
    minCleanableDirtyRatio: p.get('min.cleanable.dirty.ratio') as number,
    maxMessageBytes: n('max.message.bytes'),
    messageTimestampType: p.get('message.timestamp.type') as LogConfig['messageTimestampType'],
    messageTimestampBeforeMaxMs: n('message.timestamp.before.max.ms'),
    messageTimestampAfterMaxMs: n('message.timestamp.after.max.ms'),
    fileDeleteDelayMs: n('file.delete.delay.ms'),
    preallocate: p.get('preallocate') as boolean,
    minInsyncReplicas: n('min.insync.replicas'),
    uncleanLeaderElectionEnable: p.get('unclean.leader.election.enable') as boolean,
    compressionType: p.get('compression.type') as string,
  };
}
