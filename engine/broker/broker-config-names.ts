// Broker settings by Kafka's server config names, as given at start (`--broker-config name=value`, the
// console's "Broker defaults"): each name, its type and range, validated with Kafka's ConfigException
// messages, and parsed into BrokerConfig. Topic defaults by their broker names (log.retention.ms,
// log.segment.bytes, log.cleanup.policy, ...: a topic config's "server default property") become
// BrokerConfig.logDefaults, keyed by the topic config they default (and applied under each topic's own
// overrides); log.retention.hours/minutes become
// retention.ms (Kafka's precedence: ms, then minutes, then hours).

import { KafkaError } from '../protocol/error-codes.ts';
import { TOPIC_CONFIGS } from '../catalog/topic-config.ts';
import { DEFAULT_BROKER_CONFIG, type BrokerConfig } from './broker-config.ts';

type NumericKey = { [K in keyof BrokerConfig]: BrokerConfig[K] extends number ? K : never }[keyof BrokerConfig];
type BooleanKey = { [K in keyof BrokerConfig]: BrokerConfig[K] extends boolean ? K : never }[keyof BrokerConfig];

interface BrokerConfigName {
  name: string;
  type: 'int' | 'long' | 'boolean';
  field: NumericKey | BooleanKey;
  min?: number;
  doc: string;
}

/** The broker settings Streamlab honours, by Kafka's names. */
export const BROKER_CONFIG_NAMES: readonly BrokerConfigName[] = [
  { name: 'auto.create.topics.enable', type: 'boolean', field: 'autoCreateTopicsEnable', doc: 'Create a topic when a client asks for metadata of one that does not exist.' },
  { name: 'num.partitions', type: 'int', field: 'numPartitions', min: 1, doc: 'Partitions of an auto-created topic, or of CreateTopics without a count.' },
  { name: 'default.replication.factor', type: 'int', field: 'defaultReplicationFactor', min: 1, doc: 'Replication factor of an auto-created topic, or of CreateTopics without one.' },
  { name: 'delete.topic.enable', type: 'boolean', field: 'deleteTopicEnable', doc: 'Whether DeleteTopics deletes.' },
  { name: 'replica.lag.time.max.ms', type: 'long', field: 'replicaLagTimeMaxMs', min: 1, doc: 'A follower that has not caught up for this long leaves the ISR.' },
  { name: 'group.initial.rebalance.delay.ms', type: 'int', field: 'groupInitialRebalanceDelayMs', min: 0, doc: 'How long a new classic group waits for more members before its first rebalance.' },
  { name: 'group.min.session.timeout.ms', type: 'int', field: 'groupMinSessionTimeoutMs', min: 0, doc: 'The smallest session timeout a classic group member may ask for.' },
  { name: 'group.max.session.timeout.ms', type: 'int', field: 'groupMaxSessionTimeoutMs', min: 0, doc: 'The largest session timeout a classic group member may ask for.' },
  { name: 'group.consumer.heartbeat.interval.ms', type: 'int', field: 'groupConsumerHeartbeatIntervalMs', min: 1, doc: 'How often a KIP-848 consumer group member heartbeats.' },
  { name: 'group.consumer.session.timeout.ms', type: 'int', field: 'groupConsumerSessionTimeoutMs', min: 1, doc: 'A KIP-848 consumer group member that has not heartbeated for this long is removed.' },
  { name: 'group.consumer.max.size', type: 'int', field: 'groupConsumerMaxSize', min: 1, doc: 'The most members a KIP-848 consumer group may have.' },
  { name: 'log.retention.check.interval.ms', type: 'long', field: 'logRetentionCheckIntervalMs', min: 1, doc: 'How often old segments are deleted.' },
  { name: 'log.cleaner.backoff.ms', type: 'long', field: 'logCleanerBackoffMs', min: 0, doc: 'How often the log cleaner looks for logs to compact.' },
  { name: 'message.max.bytes', type: 'int', field: 'messageMaxBytes', min: 0, doc: 'The largest record batch a topic accepts unless it sets max.message.bytes.' },
  { name: 'socket.request.max.bytes', type: 'int', field: 'socketRequestMaxBytes', min: 1, doc: 'The largest request a connection may send.' },
  { name: 'connections.max.idle.ms', type: 'long', field: 'connectionsMaxIdleMs', min: 1, doc: 'Idle connections are closed after this long.' },
  { name: 'group.consumer.min.session.timeout.ms', type: 'int', field: 'groupConsumerMinSessionTimeoutMs', min: 1, doc: 'The smallest consumer.session.timeout.ms a consumer group may set.' },
  { name: 'group.consumer.max.session.timeout.ms', type: 'int', field: 'groupConsumerMaxSessionTimeoutMs', min: 1, doc: 'The largest consumer.session.timeout.ms a consumer group may set.' },
  { name: 'group.consumer.min.heartbeat.interval.ms', type: 'int', field: 'groupConsumerMinHeartbeatIntervalMs', min: 1, doc: 'The smallest consumer.heartbeat.interval.ms a consumer group may set.' },
  { name: 'group.consumer.max.heartbeat.interval.ms', type: 'int', field: 'groupConsumerMaxHeartbeatIntervalMs', min: 1, doc: 'The largest consumer.heartbeat.interval.ms a consumer group may set.' },
  { name: 'group.share.heartbeat.interval.ms', type: 'int', field: 'groupShareHeartbeatIntervalMs', min: 1, doc: 'How often a share group member heartbeats.' },
  { name: 'group.share.session.timeout.ms', type: 'int', field: 'groupShareSessionTimeoutMs', min: 1, doc: 'A share group member that has not heartbeated for this long is removed.' },
  { name: 'group.share.record.lock.duration.ms', type: 'int', field: 'groupShareRecordLockDurationMs', min: 1, doc: 'How long a share consumer holds the records it acquired.' },
  { name: 'group.share.delivery.count.limit', type: 'int', field: 'groupShareDeliveryCountLimit', min: 2, doc: 'Deliveries of a record before it is archived.' },
  { name: 'group.share.min.session.timeout.ms', type: 'int', field: 'groupShareMinSessionTimeoutMs', min: 1, doc: 'The smallest share.session.timeout.ms a share group may set.' },
  { name: 'group.share.max.session.timeout.ms', type: 'int', field: 'groupShareMaxSessionTimeoutMs', min: 1, doc: 'The largest share.session.timeout.ms a share group may set.' },
  { name: 'group.share.min.heartbeat.interval.ms', type: 'int', field: 'groupShareMinHeartbeatIntervalMs', min: 1, doc: 'The smallest share.heartbeat.interval.ms a share group may set.' },
  { name: 'group.share.max.heartbeat.interval.ms', type: 'int', field: 'groupShareMaxHeartbeatIntervalMs', min: 1, doc: 'The largest share.heartbeat.interval.ms a share group may set.' },
  { name: 'group.share.min.record.lock.duration.ms', type: 'int', field: 'groupShareMinRecordLockDurationMs', min: 1, doc: 'The smallest share.record.lock.duration.ms a share group may set.' },
  { name: 'group.share.max.record.lock.duration.ms', type: 'int', field: 'groupShareMaxRecordLockDurationMs', min: 1, doc: 'The largest share.record.lock.duration.ms a share group may set.' },
];

const BY_NAME = new Map(BROKER_CONFIG_NAMES.map((c) => [c.name, c]));

/** Topic configs by the broker name of their default (log.retention.ms -> retention.ms, min.insync.replicas). */
export const TOPIC_BY_SERVER_NAME = new Map([...TOPIC_CONFIGS.values()].filter((d) => d.serverDefaultProperty !== '' && !BY_NAME.has(d.serverDefaultProperty)).map((d) => [d.serverDefaultProperty, d]));

export const RETENTION_UNITS: Record<string, number> = { 'log.retention.minutes': 60_000, 'log.retention.hours': 3_600_000 };

function invalid(name: string, value: string, why: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: ${why}`);
}

function parseValue(c: BrokerConfigName, raw: string): number | boolean {
  const t = raw.trim();
  if (c.type === 'boolean') {
    if (t.toLowerCase() !== 'true' && t.toLowerCase() !== 'false') throw invalid(c.name, raw, 'Expected value to be either true or false');
    return t.toLowerCase() === 'true';
  }
  const kind = c.type === 'int' ? 'INT' : 'LONG';
  const limit = c.type === 'int' ? 2 ** 31 - 1 : Number.MAX_SAFE_INTEGER;
  const n = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
  if (!Number.isSafeInteger(n) || Math.abs(n) > limit) throw invalid(c.name, raw, `Not a number of type ${kind}`);
  if (c.min !== undefined && n < c.min) throw invalid(c.name, t, `Value must be at least ${c.min}`);
  return n;
}

/** "name=value" (as on the command line) into its two halves; INVALID_CONFIG without a name or an "=". */
export function splitBrokerConfig(entry: string): [string, string] {
  const at = entry.indexOf('=');
  if (at <= 0) throw new KafkaError('INVALID_CONFIG', `expected name=value, not '${entry}'`);
  return [entry.slice(0, at).trim(), entry.slice(at + 1)];
}

/**
 * Kafka-named broker settings into a partial BrokerConfig (absent names keep Kafka's defaults). Throws
 * KafkaError INVALID_CONFIG naming the first unknown name or invalid value; nothing is applied then.
 */
export function parseBrokerConfigs(entries: Readonly<Record<string, string>>): Partial<BrokerConfig> {
  const out: Partial<Record<keyof BrokerConfig, unknown>> = {};
  const logDefaults: Record<string, string> = {};
  for (const [name, value] of Object.entries(entries)) {
    const c = BY_NAME.get(name);
    if (c) {
      out[c.field] = parseValue(c, value);
      // message.max.bytes is also the default of every topic's max.message.bytes.
      if (name === 'message.max.bytes') logDefaults['max.message.bytes'] = value.trim();
      continue;
    }
    const topic = TOPIC_BY_SERVER_NAME.get(name);
    if (topic) {
      try {
        topic.validate(value);
      } catch (e) {
        // The topic config's message, under the name the user gave.
        const why = (e as Error).message.replace(/^INVALID_CONFIG: /, '').replace(`configuration ${topic.name}:`, `configuration ${name}:`);
        throw new KafkaError('INVALID_CONFIG', why);
      }
      logDefaults[topic.name] = value.trim();
      continue;
    }
    if (name in RETENTION_UNITS) continue; // below, after log.retention.ms
    throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${name}`);
  }
  if (!('retention.ms' in logDefaults)) {
    for (const name of ['log.retention.minutes', 'log.retention.hours']) {
      if (!Object.hasOwn(entries, name)) continue;
      const n = parseValue({ name, type: 'int', field: 'numPartitions', doc: '' }, entries[name]);
      logDefaults['retention.ms'] = String((n as number) < 0 ? -1 : (n as number) * RETENTION_UNITS[name]);
      break;
    }
  }
  const min = (out.groupMinSessionTimeoutMs as number | undefined) ?? DEFAULT_BROKER_CONFIG.groupMinSessionTimeoutMs;
  const max = (out.groupMaxSessionTimeoutMs as number | undefined) ?? DEFAULT_BROKER_CONFIG.groupMaxSessionTimeoutMs;
  if (min > max) throw new KafkaError('INVALID_CONFIG', `group.min.session.timeout.ms (${min}) must not exceed group.max.session.timeout.ms (${max})`);
  if (Object.keys(logDefaults).length > 0) out.logDefaults = logDefaults;
  return out as Partial<BrokerConfig>;
}

/** A broker's settings by Kafka's names, and whether each is Kafka's default (for DescribeConfigs). */
export function describeBrokerConfigs(config: BrokerConfig): { name: string; value: string; isDefault: boolean; type: string; doc: string }[] {
  const named = BROKER_CONFIG_NAMES.map((c) => ({
    name: c.name, value: String(config[c.field]), isDefault: config[c.field] === DEFAULT_BROKER_CONFIG[c.field], type: c.type, doc: c.doc,
  }));
  const logs = [...TOPIC_BY_SERVER_NAME].map(([name, d]) => {
    const set = config.logDefaults[d.name];
    return { name, value: set ?? d.default, isDefault: set === undefined, type: d.type, doc: d.doc };
  });
  return [...named, ...logs].sort((a, b) => (a.name < b.name ? -1 : 1));
}
