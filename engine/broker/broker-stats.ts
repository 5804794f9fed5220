// Broker-internal figures the UI shows for the local cluster (the console reads everything else through a
// Kafka client): listener counters and each hosted partition's log.

import type { ListenerStats } from './listener.ts';
import type { PoolStats } from '../storage/file-handle-pool.ts';

export interface PartitionStats {
  topic: string;
  partition: number;
  leader: boolean;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  size: number;
  segments: { baseOffset: number; size: number }[];
  /** false: the log has not been opened since start-up; the offsets are its checkpoint, size and segments unknown. */
  opened?: boolean;
}

/** A hosted partition's log figures without its segments: cheap enough to read every second. */
export type PartitionFigures = Omit<PartitionStats, 'segments'>;

export interface BrokerStats {
  id: number;
  listener: ListenerStats;
  /** Storage descriptors: open now, files in use, the quota, evictions and reopens. */
  files: PoolStats;
  partitions: PartitionStats[];
}

