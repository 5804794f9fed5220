// Configs of topics, brokers and groups, by Kafka's names.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const ConfigEntry = s.named('ConfigEntry', s.object({
  name: s.string(),
  value: s.nullable(s.string()),
  /** True when the value is the default (not set on the topic). */
  isDefault: s.boolean(),
  readOnly: s.boolean(),
  sensitive: s.boolean(),
}));
export type ConfigEntry = Infer<typeof ConfigEntry>;

export const AlterConfigsRequest = s.named('AlterConfigsRequest', s.object({
  topic: s.string(),
  /** Configs to set, by Kafka name. */
  set: s.record(s.string()),
  /** Configs to return to their default. */
  reset: s.array(s.string()),
}));
export type AlterConfigsRequest = Infer<typeof AlterConfigsRequest>;

/** Where a broker or group config's value comes from, by Kafka's DescribeConfigs sources. */
export const ConfigSourceName = s.literal('dynamic-broker', 'dynamic-default', 'static', 'default', 'group', 'topic', 'unknown');
export type ConfigSourceName = Infer<typeof ConfigSourceName>;

/** One config of a broker or a group: value, where it comes from, and whether it can change without a restart. */
export const ResourceConfig = s.named('ResourceConfig', s.object({
  name: s.string(),
  value: s.nullable(s.string()),
  source: ConfigSourceName,
  isDefault: s.boolean(),
  readOnly: s.boolean(),
  sensitive: s.boolean(),
}));
export type ResourceConfig = Infer<typeof ResourceConfig>;
