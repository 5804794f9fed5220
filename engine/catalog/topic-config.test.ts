import { describe, expect, it } from 'vitest';
import { isKafkaError } from '../protocol/error-codes.ts';
import { DEFAULT_LOG_CONFIG } from '../storage/log-config.ts';
import { TOPIC_CONFIGS, describeTopicConfigs, toLogConfig, validateTopicConfigs } from './topic-config.ts';

// Kafka 4.x topic-level defaults and types, as apache/kafka's LogConfig defines them (checked against
// trunk's LogConfig.java / ServerLogConfigs.java, i.e. after KIP-1030 landed in 4.0).
const KAFKA_4_DEFAULTS: Record<string, [type: string, dflt: string]> = {
  'cleanup.policy': ['list', 'delete'],
  'compression.gzip.level': ['int', '-1'],
  'compression.lz4.level': ['int', '9'],
  'compression.type': ['string', 'producer'],
  'compression.zstd.level': ['int', '3'],
  'delete.retention.ms': ['long', '86400000'],
  'file.delete.delay.ms': ['long', '60000'],
  'flush.messages': ['long', '9223372036854775807'],
  'flush.ms': ['long', '9223372036854775807'],
  'index.interval.bytes': ['int', '4096'],
  'max.compaction.lag.ms': ['long', '9223372036854775807'],
  'max.message.bytes': ['int', '1048588'],
  'message.timestamp.after.max.ms': ['long', '3600000'],
  'message.timestamp.before.max.ms': ['long', '9223372036854775807'],
  'message.timestamp.type': ['string', 'CreateTime'],
  'min.cleanable.dirty.ratio': ['double', '0.5'],
  'min.compaction.lag.ms': ['long', '0'],
  'min.insync.replicas': ['int', '1'],
  preallocate: ['boolean', 'false'],
  'retention.bytes': ['long', '-1'],
  'retention.ms': ['long', '604800000'],
  'segment.bytes': ['int', '1073741824'],
  'segment.index.bytes': ['int', '10485760'],
  'segment.jitter.ms': ['long', '0'],
  'segment.ms': ['long', '604800000'],
  'unclean.leader.election.enable': ['boolean', 'false'],
};

const configError = (overrides: Record<string, string>): string => {
  try {
    validateTopicConfigs(overrides);
  } catch (e) {
    expect(isKafkaError(e, 'INVALID_CONFIG')).toBe(true);
    return (e as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(overrides)} to be rejected`);
};

describe('topic config definitions', () => {
  it("defines exactly Kafka 4.x's topic configs (minus tiered storage and throttles), with Kafka's defaults", () => {
    expect([...TOPIC_CONFIGS.keys()].sort()).toEqual(Object.keys(KAFKA_4_DEFAULTS).sort());
    for (const [name, [type, dflt]] of Object.entries(KAFKA_4_DEFAULTS)) {
      const def = TOPIC_CONFIGS.get(name)!;
      expect({ name, type: def.type, default: def.default }).toEqual({ name, type, default: dflt });
      expect(def.doc.length, `${name} has a doc line`).toBeGreaterThan(10);
      expect(() => def.validate(def.default)).not.toThrow();
    }
  });

  it("parses the defaults into storage's DEFAULT_LOG_CONFIG", () => {
    // All but message.timestamp.after.max.ms: Kafka's 1 hour for topics, unbounded for logs opened directly.
    expect(toLogConfig({})).toEqual({ ...DEFAULT_LOG_CONFIG, messageTimestampAfterMaxMs: 3_600_000 });
  });

  it('represents Long.MAX_VALUE as Number.MAX_SAFE_INTEGER but displays Kafka\'s value', () => {
    const c = toLogConfig({});
    expect(c.flushMessages).toBe(Number.MAX_SAFE_INTEGER);
    expect(c.flushMs).toBe(Number.MAX_SAFE_INTEGER);
    expect(c.maxCompactionLagMs).toBe(Number.MAX_SAFE_INTEGER);
    expect(describeTopicConfigs({}).find((r) => r.name === 'flush.ms')!.value).toBe('9223372036854775807');
  });

  it('shows Kafka\'s valid-values text', () => {
    expect(TOPIC_CONFIGS.get('retention.ms')!.validValues).toBe('[-1,...]');
    expect(TOPIC_CONFIGS.get('min.cleanable.dirty.ratio')!.validValues).toBe('[0,...,1]');
    expect(TOPIC_CONFIGS.get('cleanup.policy')!.validValues).toBe('[compact, delete]');
    expect(TOPIC_CONFIGS.get('retention.bytes')!.validValues).toBe('');
    expect(TOPIC_CONFIGS.get('segment.ms')!.serverDefaultProperty).toBe('log.roll.ms');
  });
});

describe('validation', () => {
  it.each([
    [{ 'retention.ms': '-5' }, 'Invalid value -5 for configuration retention.ms: Value must be at least -1'],
    [{ 'segment.bytes': '1048575' }, 'Invalid value 1048575 for configuration segment.bytes: Value must be at least 1048576'],
    [{ 'segment.bytes': '2147483648' }, 'Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT'],
    [{ 'segment.ms': '0' }, 'Invalid value 0 for configuration segment.ms: Value must be at least 1'],
    [{ 'min.insync.replicas': '0' }, 'Invalid value 0 for configuration min.insync.replicas: Value must be at least 1'],
    [{ 'min.cleanable.dirty.ratio': '1.5' }, 'Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be no more than 1'],
    [{ 'min.cleanable.dirty.ratio': '-1' }, 'Invalid value -1.0 for configuration min.cleanable.dirty.ratio: Value must be at least 0'],
    [{ 'min.cleanable.dirty.ratio': 'half' }, 'Invalid value half for configuration min.cleanable.dirty.ratio: Not a number of type DOUBLE'],
    [{ 'retention.ms': '1h' }, 'Invalid value 1h for configuration retention.ms: Not a number of type LONG'],
    [{ 'retention.ms': '9223372036854775808' }, 'Not a number of type LONG'],
    [{ 'retention.ms': '' }, 'Not a number of type LONG'],
    [{ preallocate: 'yes' }, 'Invalid value yes for configuration preallocate: Expected value to be either true or false'],
    [{ 'compression.type': 'brotli' }, 'String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer'],
    [{ 'message.timestamp.type': 'createtime' }, 'String must be one of: CreateTime, LogAppendTime'],
    [{ 'cleanup.policy': 'compact,remove' }, 'Invalid value remove for configuration cleanup.policy: String must be one of: compact, delete'],
    [{ 'cleanup.policy': 'delete,delete' }, "Configuration 'cleanup.policy' values must not be duplicated."],
    [{ 'cleanup.policy': 'delete,,compact' }, "Configuration 'cleanup.policy' values must not be empty."],
    [{ 'compression.gzip.level': '0' }, 'Value must be between 1 and 9 or equal to -1'],
    [{ 'compression.zstd.level': '23' }, 'Value must be no more than 22'],
    [{ 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' },
      'conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)'],
  ])('rejects %j', (overrides, message) => {
    expect(configError(overrides)).toContain(message);
  });

  it('rejects unknown names, including configs Kafka 4.x removed', () => {
    expect(configError({ 'retention.hours': '1' })).toContain('Unknown topic config name: retention.hours');
    expect(configError({ 'message.format.version': '3.0' })).toContain('Unknown topic config name: message.format.version');
  });

  it('accepts the bounds and Kafka\'s lenient spellings', () => {
    expect(() =>
      validateTopicConfigs({
        'retention.ms': '-1',
        'retention.bytes': '-100',
        'segment.bytes': '1048576',
        'min.cleanable.dirty.ratio': '1',
        preallocate: ' TRUE ',
        'compression.gzip.level': '-1',
        'compression.zstd.level': '-131072',
        'max.compaction.lag.ms': '9223372036854775807',
        'flush.ms': '+100',
      }),
    ).not.toThrow();
  });
});

describe('cleanup.policy list parsing', () => {
  it.each([
    ['delete', { delete: true, compact: false }],
    ['compact', { delete: false, compact: true }],
    ['compact,delete', { delete: true, compact: true }],
    [' delete , compact ', { delete: true, compact: true }],
    ['', { delete: false, compact: false }],
  ])('%j', (value, policy) => {
    expect(toLogConfig({ 'cleanup.policy': value }).cleanupPolicy).toEqual(policy);
  });
});

describe('describeTopicConfigs and toLogConfig', () => {
  it('marks overrides as TOPIC and the rest as DEFAULT, sorted by name', () => {
    const rows = describeTopicConfigs({ 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    expect(rows.map((r) => r.name)).toEqual(Object.keys(KAFKA_4_DEFAULTS).sort());
    expect(rows.find((r) => r.name === 'retention.ms')).toEqual({ name: 'retention.ms', value: '1000', isDefault: false, source: 'TOPIC' });
    expect(rows.find((r) => r.name === 'segment.ms')).toEqual({ name: 'segment.ms', value: '604800000', isDefault: true, source: 'DEFAULT' });
    expect(rows.filter((r) => r.source === 'TOPIC')).toHaveLength(2);
  });

  it('applies overrides', () => {
    const c = toLogConfig({
      'retention.ms': '1000',
      'segment.bytes': '2097152',
      'message.timestamp.type': 'LogAppendTime',
      'min.cleanable.dirty.ratio': '0.25',
      'unclean.leader.election.enable': 'true',
      'compression.type': 'zstd',
    });
    expect(c).toMatchObject({
      retentionMs: 1000,
      segmentBytes: 2097152,
      messageTimestampType: 'LogAppendTime',
      minCleanableDirtyRatio: 0.25,
      uncleanLeaderElectionEnable: true,
      compressionType: 'zstd',
      retentionBytes: -1,
    });
  });

  it('refuses invalid overrides', () => {
    expect(() => toLogConfig({ 'retention.ms': '-2' })).toThrow(/at least -1/);
  });
});
