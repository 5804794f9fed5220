// Brokers and the one colour language of health.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

/**
 * 'stopped': a controlled shutdown; 'killed': stopped without a clean shutdown (as by a crash); 'failed': the
 * broker died on its own (BrokerInfo.failureReason says why). Restart brings any of them back.
 */
export const BrokerState = s.literal('running', 'stopped', 'killed', 'failed');
export type BrokerState = Infer<typeof BrokerState>;

export const BrokerAction = s.literal('stop', 'kill', 'restart');
export type BrokerAction = Infer<typeof BrokerAction>;

/** The one colour language of the UI: every partition, topic and broker has one of these. */
export const Health = s.literal('healthy', 'under-replicated', 'offline');
export type Health = Infer<typeof Health>;

export const BrokerInfo = s.named('BrokerInfo', s.object({
  id: s.int(),
  host: s.string(),
  port: s.int(),
  state: BrokerState,
  /** Partitions this broker leads, from the latest Metadata. */
  leaderCount: s.int(),
  /** Partition replicas placed on this broker. */
  replicaCount: s.int(),
  isController: s.boolean(),
  /** Why a 'failed' broker died (its uncaught error). */
  failureReason: s.optional(s.string()),
}));
export type BrokerInfo = Infer<typeof BrokerInfo>;
