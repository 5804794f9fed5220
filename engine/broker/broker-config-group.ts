// GROUP configs (ConfigResource type 32, Kafka's GroupConfig): per-group settings of KIP-848 consumer
// groups and share groups, set with IncrementalAlterConfigs and read by the coordinators, which fall back
// to the broker's settings for the ones a group does not set. Bounds come from the broker: a group's
// consumer.session.timeout.ms must lie within group.consumer.min/max.session.timeout.ms, and so on.
// A group config may exist before its group does (a share group created later starts from it).
// share.isolation.level=read_committed makes the group's share fetches read up to the last stable offset and
// archive the records of aborted transactions (share-partition.ts); read_uncommitted, the default, reads to
// the high watermark.
// The streams.* group configs are not defined here (no streams groups): they are INVALID_CONFIG.

import { KafkaError } from '../protocol/error-codes.ts';
import type { BrokerConfig } from './broker-config.ts';
import { parseShareAutoOffsetReset, parseShareIsolationLevel, type ShareAutoOffsetReset, type ShareIsolationLevel } from './group/share/share-partition.ts';

type NumericKey = { [K in keyof BrokerConfig]: BrokerConfig[K] extends number ? K : never }[keyof BrokerConfig];

interface GroupConfigDef {
  name: string;
  type: 'int' | 'string';
  doc: string;
  /** The broker setting a group without its own value uses. */
  brokerDefault: (b: BrokerConfig) => string;
  /** Throws INVALID_CONFIG when the value does not fit (bounds from the broker). */
  validate: (value: string, b: BrokerConfig) => void;
}

function invalid(name: string, value: string, why: string): KafkaError {
  return new KafkaError('INVALID_CONFIG', `Invalid value ${value} for configuration ${name}: ${why}`);
}

function bounded(name: string, field: NumericKey, min: NumericKey, max: NumericKey, doc: string): GroupConfigDef {
  return {
    name, type: 'int', doc,
    brokerDefault: (b) => String(b[field]),
    validate: (value, b) => {
      const t = value.trim();
      const n = /^[+-]?\d+$/.test(t) ? Number(t) : NaN;
      if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 31 - 1) throw invalid(name, value, 'Not a number of type INT');
      if (n < b[min]) throw invalid(name, t, `Value must be at least ${b[min]} (${brokerName(min)})`);
      if (n > b[max]) throw invalid(name, t, `Value must be no more than ${b[max]} (${brokerName(max)})`);
    },
  };
}

const BROKER_NAMES: Partial<Record<NumericKey, string>> = {
  groupConsumerMinSessionTimeoutMs: 'group.consumer.min.session.timeout.ms', groupConsumerMaxSessionTimeoutMs: 'group.consumer.max.session.timeout.ms',
  groupConsumerMinHeartbeatIntervalMs: 'group.consumer.min.heartbeat.interval.ms', groupConsumerMaxHeartbeatIntervalMs: 'group.consumer.max.heartbeat.interval.ms',
  groupShareMinSessionTimeoutMs: 'group.share.min.session.timeout.ms', groupShareMaxSessionTimeoutMs: 'group.share.max.session.timeout.ms',
  groupShareMinHeartbeatIntervalMs: 'group.share.min.heartbeat.interval.ms', groupShareMaxHeartbeatIntervalMs: 'group.share.max.heartbeat.interval.ms',
  groupShareMinRecordLockDurationMs: 'group.share.min.record.lock.duration.ms', groupShareMaxRecordLockDurationMs: 'group.share.max.record.lock.duration.ms',
};
const brokerName = (k: NumericKey): string => BROKER_NAMES[k] ?? k;

const DEFS: GroupConfigDef[] = [
  bounded('consumer.session.timeout.ms', 'groupConsumerSessionTimeoutMs', 'groupConsumerMinSessionTimeoutMs', 'groupConsumerMaxSessionTimeoutMs',
    'A member of this consumer group that has not heartbeated for this long is removed.'),
  bounded('consumer.heartbeat.interval.ms', 'groupConsumerHeartbeatIntervalMs', 'groupConsumerMinHeartbeatIntervalMs', 'groupConsumerMaxHeartbeatIntervalMs',
    'How often members of this consumer group heartbeat.'),
  bounded('share.session.timeout.ms', 'groupShareSessionTimeoutMs', 'groupShareMinSessionTimeoutMs', 'groupShareMaxSessionTimeoutMs',
    'A member of this share group that has not heartbeated for this long is removed.'),
  bounded('share.heartbeat.interval.ms', 'groupShareHeartbeatIntervalMs', 'groupShareMinHeartbeatIntervalMs', 'groupShareMaxHeartbeatIntervalMs',
    'How often members of this share group heartbeat.'),
  bounded('share.record.lock.duration.ms', 'groupShareRecordLockDurationMs', 'groupShareMinRecordLockDurationMs', 'groupShareMaxRecordLockDurationMs',
    'How long a member of this share group holds the records it acquired.'),
  {
    name: 'share.auto.offset.reset', type: 'string', doc: 'Where this share group starts on a partition it has no state for: latest, earliest or by_duration:<ISO-8601 duration>.',
    brokerDefault: (b) => b.shareAutoOffsetReset,
    validate: (value) => {
      try {
        parseShareAutoOffsetReset(value);
      } catch {
        throw invalid('share.auto.offset.reset', value, 'String must be one of: latest, earliest, by_duration:<ISO-8601 duration>');
      }
    },
  },
  {
    name: 'share.isolation.level', type: 'string', doc: 'Whether this share group reads only committed records (read_committed) or all (read_uncommitted).',
    brokerDefault: () => 'read_uncommitted',
    validate: (value) => {
      if (value !== 'read_committed' && value !== 'read_uncommitted') throw invalid('share.isolation.level', value, 'String must be one of: read_committed, read_uncommitted');
    },
  },
];

export const GROUP_CONFIGS: ReadonlyMap<string, GroupConfigDef> = new Map(DEFS.map((d) => [d.name, d]));

/** What a group's configs change in its coordinator; absent fields fall back to the broker's. */
export interface GroupConfigOverrides {
  consumerSessionTimeoutMs?: number;
  consumerHeartbeatIntervalMs?: number;
  shareSessionTimeoutMs?: number;
  shareHeartbeatIntervalMs?: number;
  shareRecordLockDurationMs?: number;
  shareAutoOffsetReset?: ShareAutoOffsetReset;
  shareIsolationLevel?: ShareIsolationLevel;
}

/**
 * Checks a group's whole set of configs as it would be stored: unknown names and values out of the broker's
 * bounds are INVALID_CONFIG, and a heartbeat interval must be below the session timeout (Kafka's rule).
 */
export function validateGroupConfigs(configs: Readonly<Record<string, string>>, broker: BrokerConfig): void {
  for (const [name, value] of Object.entries(configs)) {
    const def = GROUP_CONFIGS.get(name);
    if (!def) throw new KafkaError('INVALID_CONFIG', `Unknown group config name: ${name}`);
    def.validate(value, broker);
  }
  const value = (name: string) => Number(configs[name] ?? GROUP_CONFIGS.get(name)!.brokerDefault(broker));
  for (const kind of ['consumer', 'share']) {
    const hb = value(`${kind}.heartbeat.interval.ms`);
    const session = value(`${kind}.session.timeout.ms`);
    if (hb >= session) throw new KafkaError('INVALID_CONFIG', `${kind}.heartbeat.interval.ms must be less than ${kind}.session.timeout.ms`);
  }
}

/** A group's stored configs as coordinator overrides (stored values were validated when written). */
export function groupConfigOverrides(configs: Readonly<Record<string, string>> | undefined): GroupConfigOverrides {
  if (!configs) return {};
  const n = (name: string) => (configs[name] === undefined ? undefined : Number(configs[name]));
  const out: GroupConfigOverrides = {
    consumerSessionTimeoutMs: n('consumer.session.timeout.ms'),
    consumerHeartbeatIntervalMs: n('consumer.heartbeat.interval.ms'),
    shareSessionTimeoutMs: n('share.session.timeout.ms'),
    shareHeartbeatIntervalMs: n('share.heartbeat.interval.ms'),
    shareRecordLockDurationMs: n('share.record.lock.duration.ms'),
  };
  if (configs['share.auto.offset.reset'] !== undefined) {
    try {
      out.shareAutoOffsetReset = parseShareAutoOffsetReset(configs['share.auto.offset.reset']);
    } catch {
      // validated when stored; an unreadable value leaves the broker's default
    }
  }
  if (configs['share.isolation.level'] !== undefined) {
    try {
      out.shareIsolationLevel = parseShareIsolationLevel(configs['share.isolation.level']);
    } catch {
      // validated when stored; an unreadable value leaves read_uncommitted
    }
  }
  for (const k of Object.keys(out) as (keyof GroupConfigOverrides)[]) if (out[k] === undefined) delete out[k];
  return out;
}

export interface DescribedGroupConfig {
  name: string;
  value: string;
  /** GROUP_CONFIG (8) when the group sets it, else DEFAULT_CONFIG (5): the broker's value. */
  source: number;
  isDefault: boolean;
  type: string;
  doc: string;
}

/** Every group config with the group's value or the broker's. */
export function describeGroupConfigs(configs: Readonly<Record<string, string>>, broker: BrokerConfig): DescribedGroupConfig[] {
  return [...GROUP_CONFIGS.values()].map((d) => {
    const set = configs[d.name];
    return { name: d.name, value: set ?? d.brokerDefault(broker), source: set === undefined ? 5 : 8, isDefault: set === undefined, type: d.type, doc: d.doc };
  });
}
