// Dynamic broker configs: which broker settings may change without a restart (Kafka's DynamicBrokerConfig),
// how a change is validated, and the config a broker runs with once the dynamic ones are laid over the ones
// it was started with. Kafka's precedence, highest first: DYNAMIC_BROKER_CONFIG (resource name = the broker
// id), DYNAMIC_DEFAULT_BROKER_CONFIG (resource name "": every broker), STATIC_BROKER_CONFIG (given at
// start), DEFAULT_CONFIG.
//
// Dynamic here, as in Kafka, and applied live by the broker:
//   - every topic default by its broker name (log.retention.ms/minutes/hours, log.retention.bytes,
//     log.segment.bytes, log.roll.ms, log.cleanup.policy, min.insync.replicas, compression.type,
//     unclean.leader.election.enable, log.message.timestamp.*, log.cleaner.delete.retention.ms, ...):
//     Kafka's DynamicLogConfig; every hosted log takes the new default under its topic's overrides;
//   - message.max.bytes (DynamicLogConfig and the log cleaner);
//   - log.cleaner.backoff.ms (the log cleaner's reconfigurable settings): the cleaner timer is rescheduled.
// Everything else Streamlab honours is read-only in Kafka too (num.partitions, auto.create.topics.enable,
// group.*, replica.lag.time.max.ms, socket.request.max.bytes, ...): changing one is INVALID_REQUEST.

import { KafkaError } from '../protocol/error-codes.ts';
import { DEFAULT_BROKER_CONFIG, type BrokerConfig } from './broker-config.ts';
import { BROKER_CONFIG_NAMES, RETENTION_UNITS, TOPIC_BY_SERVER_NAME, describeBrokerConfigs, parseBrokerConfigs } from './broker-config-names.ts';
import { LISTENER_CONFIGS, splitListenerConfigs, validateListenerConfig } from './broker-config-listener.ts';

/** DescribeConfigs' ConfigSource wire ids (DescribeConfigsResponse.ConfigSource). */
export const ConfigSource = { TOPIC_CONFIG: 1, DYNAMIC_BROKER_CONFIG: 2, DYNAMIC_DEFAULT_BROKER_CONFIG: 3, STATIC_BROKER_CONFIG: 4, DEFAULT_CONFIG: 5, GROUP_CONFIG: 8 } as const;

/** Broker configs that change without a restart. */
export const DYNAMIC_BROKER_CONFIGS: ReadonlySet<string> = new Set([
  ...TOPIC_BY_SERVER_NAME.keys(),
  ...Object.keys(RETENTION_UNITS),
  'message.max.bytes',
  'log.cleaner.backoff.ms',
  ...LISTENER_CONFIGS.keys(),
]);

const KNOWN = new Set([...BROKER_CONFIG_NAMES.map((c) => c.name), ...DYNAMIC_BROKER_CONFIGS]);

/** The dynamic configs of one broker: the cluster-wide default and its own. */
export interface DynamicBrokerConfigs {
  clusterDefault: Readonly<Record<string, string>>;
  perBroker: Readonly<Record<string, string>>;
}

export const NO_DYNAMIC_CONFIGS: DynamicBrokerConfigs = Object.freeze({ clusterDefault: Object.freeze({}), perBroker: Object.freeze({}) });

/**
 * Checks a broker resource's whole set of dynamic configs as it would be stored. Unknown names and bad
 * values are INVALID_CONFIG, read-only names INVALID_REQUEST (Kafka: "Cannot update these configs
 * dynamically"); nothing is stored then.
 */
export function validateDynamicBrokerConfigs(configs: Readonly<Record<string, string>>): void {
  const unknown = Object.keys(configs).filter((n) => !KNOWN.has(n));
  if (unknown.length > 0) throw new KafkaError('INVALID_CONFIG', `Unknown broker config name: ${unknown.join(', ')}`);
  const readOnly = Object.keys(configs).filter((n) => !DYNAMIC_BROKER_CONFIGS.has(n));
  if (readOnly.length > 0) throw new KafkaError('INVALID_REQUEST', `Cannot update these configs dynamically: ${readOnly.join(', ')}`);
  const { rest, listener } = splitListenerConfigs(configs);
  for (const [name, value] of Object.entries(listener)) validateListenerConfig(name, value);
  parseBrokerConfigs(rest);
}

/** The config a broker runs with: the static one under its cluster-default then per-broker dynamic configs. */
export function effectiveBrokerConfig(staticConfig: BrokerConfig, dynamic: DynamicBrokerConfigs): BrokerConfig {
  const merged = splitListenerConfigs({ ...dynamic.clusterDefault, ...dynamic.perBroker }).rest;
  if (Object.keys(merged).length === 0) return staticConfig;
  let parsed: Partial<BrokerConfig>;
  try {
    parsed = parseBrokerConfigs(merged);
  } catch {
    // Stored configs were validated when written; a set that no longer parses is ignored, not fatal.
    return staticConfig;
  }
  return { ...staticConfig, ...parsed, logDefaults: { ...staticConfig.logDefaults, ...parsed.logDefaults } };
}

export interface DescribedBrokerConfig {
  name: string;
  value: string;
  source: number;
  readOnly: boolean;
  isDefault: boolean;
  type: string;
  doc: string | null;
  /** The values below this one in precedence, highest first (DescribeConfigs' synonyms). */
  synonyms: { name: string; value: string; source: number }[];
}

const KAFKA_DEFAULTS = new Map([
  ...describeBrokerConfigs(DEFAULT_BROKER_CONFIG).map((c) => [c.name, c] as const),
  ...[...LISTENER_CONFIGS].map(([name, d]) => [name, { name, value: d.default, type: d.type, doc: d.doc, isDefault: true }] as const),
]);

/** The names a stored dynamic config counts for (log.retention.hours sets log.retention.ms). */
function setIn(configs: Readonly<Record<string, string>>, name: string): string | undefined {
  if (Object.hasOwn(configs, name)) return configs[name];
  if (name === 'log.retention.ms') for (const alias of Object.keys(RETENTION_UNITS)) if (Object.hasOwn(configs, alias)) return configs[alias];
  return undefined;
}

/**
 * One broker's configs by Kafka's names with value, source and read-only flag; a static value that differs
 * from Kafka's default counts as given at start.
 */
export function describeEffectiveBrokerConfigs(staticConfig: BrokerConfig, dynamic: DynamicBrokerConfigs): DescribedBrokerConfig[] {
  const staticOnes = new Map(describeBrokerConfigs(staticConfig).map((c) => [c.name, c]));
  const listener = [...LISTENER_CONFIGS].map(([name, d]) => ({ name, value: d.default, type: d.type, doc: d.doc, isDefault: true }));
  const effective = [...describeBrokerConfigs(effectiveBrokerConfig(staticConfig, dynamic)), ...listener];
  return effective.map((c) => {
    const st = staticOnes.get(c.name) ?? c;
    const synonyms: DescribedBrokerConfig['synonyms'] = [];
    const own = setIn(dynamic.perBroker, c.name);
    const def = setIn(dynamic.clusterDefault, c.name);
    if (own !== undefined) synonyms.push({ name: c.name, value: own, source: ConfigSource.DYNAMIC_BROKER_CONFIG });
    if (def !== undefined) synonyms.push({ name: c.name, value: def, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    if (!st.isDefault) synonyms.push({ name: c.name, value: st.value, source: ConfigSource.STATIC_BROKER_CONFIG });
    const source = synonyms[0]?.source ?? ConfigSource.DEFAULT_CONFIG;
    synonyms.push({ name: c.name, value: KAFKA_DEFAULTS.get(c.name)?.value ?? c.value, source: ConfigSource.DEFAULT_CONFIG });
    return {
      name: c.name, value: LISTENER_CONFIGS.has(c.name) ? (own ?? def ?? c.value) : c.value, source, readOnly: !DYNAMIC_BROKER_CONFIGS.has(c.name), isDefault: source === ConfigSource.DEFAULT_CONFIG,
      type: c.type, doc: c.doc, synonyms,
    };
  });
}

/** The cluster-wide default resource (name ""): only the configs set there, as Kafka describes it. */
export function describeClusterDefaultConfigs(clusterDefault: Readonly<Record<string, string>>): DescribedBrokerConfig[] {
  const types = KAFKA_DEFAULTS;
  return Object.entries(clusterDefault).sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, value]) => ({
    name, value, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG, readOnly: false, isDefault: false,
    type: types.get(name)?.type ?? 'long', doc: types.get(name)?.doc ?? null,
    synonyms: [{ name, value, source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG }],
  }));
}

/**
 * Where a topic's default comes from when the topic does not override it: the broker name of the default
 * (log.retention.ms for retention.ms) set dynamically per broker or cluster-wide, or at start; undefined
 * when it is Kafka's default.
 */
export function topicDefaultSource(topicConfig: string, staticConfig: BrokerConfig, dynamic: DynamicBrokerConfigs): number | undefined {
  const serverName = topicConfig === 'max.message.bytes' ? 'message.max.bytes' : [...TOPIC_BY_SERVER_NAME].find(([, d]) => d.name === topicConfig)?.[0];
  if (serverName === undefined) return undefined;
  if (setIn(dynamic.perBroker, serverName) !== undefined) return ConfigSource.DYNAMIC_BROKER_CONFIG;
  if (setIn(dynamic.clusterDefault, serverName) !== undefined) return ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG;
  return staticConfig.logDefaults[topicConfig] !== undefined ? ConfigSource.STATIC_BROKER_CONFIG : undefined;
}
