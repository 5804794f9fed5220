// The console's settings and what it tells about itself.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const Theme = s.literal('dark', 'light');
export type Theme = Infer<typeof Theme>;

/** How the local cluster's listeners are secured, as saved in Settings; applied when the cluster restarts. */
export const LocalSecurity = s.named('LocalSecurity', s.object({
  /** security.protocol of every listener. */
  protocol: s.literal('PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'),
  /** sasl.enabled.mechanisms (SASL protocols). */
  saslMechanisms: s.array(s.literal('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512')),
  /** ssl.client.auth: 'required' is mutual TLS (TLS protocols). */
  sslClientAuth: s.literal('none', 'required'),
  /** Whether the StandardAuthorizer runs (ACLs). */
  authorizer: s.boolean(),
  /** super.users besides the console's own admin, as principals ("User:alice"). */
  superUsers: s.array(s.string()),
  /** allow.everyone.if.no.acl.found */
  allowEveryoneIfNoAclFound: s.boolean(),
}));
export type LocalSecurity = Infer<typeof LocalSecurity>;

export const Settings = s.named('Settings', s.object({
  theme: Theme,
  /** Brokers the local cluster starts with when no --brokers is given (1..16). */
  defaultBrokerCount: s.int(),
  /** How long 1-minute metrics points are kept (1..90 days); 1-second points are kept for an hour. */
  metricsRetentionDays: s.int(),
  /** Kafka broker settings by name (num.partitions, log.retention.hours, ...) the local cluster starts with. */
  brokerDefaults: s.record(s.string()),
  /** The local cluster's security mode; applied by 'cluster.applySecurity' (a restart of the cluster). */
  localSecurity: LocalSecurity,
}));
export type Settings = Infer<typeof Settings>;

export const AppInfo = s.named('AppInfo', s.object({
  version: s.string(),
  /** 'electron' or 'web': which host serves this UI. */
  host: s.literal('electron', 'web'),
  dataDir: s.string(),
  bootstrapServers: s.string(),
}));
export type AppInfo = Infer<typeof AppInfo>;
