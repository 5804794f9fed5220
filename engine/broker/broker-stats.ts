// Broker-internal figures the UI shows for the local cluster (the console reads everything else through a
// Kafka client): listener counters and each hosted partition's log.

import type { ListenerStats } from './listener.ts';

export interface PartitionStats {
  topic: string;
  partition: number;
  leader: boolean;
  logStartOffset: number;
  logEndOffset: number;
  highWatermark: number;
  size: number;
  segments: { baseOffset: number; size: number }[];
}

export interface BrokerStats {
  id: number;
  listener: ListenerStats;
  partitions: PartitionStats[];
}

