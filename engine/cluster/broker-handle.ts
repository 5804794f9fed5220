// How the cluster holds a broker: in its own worker thread (the default — a broker can be hard-killed while
// the others keep serving, and brokers use every core) or in-process (tests that want a debugger-friendly
// single thread). Both satisfy BrokerHandle; the controller talks to either the same way.

import type { MetadataImage } from '../broker/metadata-image.ts';
import type { BrokerStats } from '../broker/broker-stats.ts';
import type { BrokerChanges } from './partition-changes.ts';

export type { BrokerStats, PartitionStats } from '../broker/broker-stats.ts';

export interface BrokerHandle {
  readonly id: number;
  readonly host: string;
  readonly port: number;
  applyMetadata(image: MetadataImage): Promise<void>;
  /** Clean shutdown: flushed, checkpointed, marked. */
  stop(): Promise<void>;
  /** Hard stop: nothing flushed or marked; for a worker, the thread is terminated at once. */
  kill(): Promise<void>;
  stats(): Promise<BrokerStats>;
  /** The hosted partitions whose figures changed after the answer numbered `since` (partition-changes.ts). */
  partitionChanges(since: number): Promise<BrokerChanges>;
}
