// Shapes the store's tests share: a three-broker overview and records.

import type { ClusterOverview, ConsumedRecord, TopicDetail } from '../../app/contract.ts';

export const overview: ClusterOverview = {
  clusterId: 'c', controllerId: 1, bootstrapServers: '127.0.0.1:9092', local: true,
  brokers: [1, 2, 3].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id, state: 'running' as const, leaderCount: 1, replicaCount: 1, isController: id === 1 })),
  topics: [], underReplicatedPartitions: 0, offlinePartitions: 0,
};

export const rec = (offset: number, partition = 0): ConsumedRecord => ({ partition, offset, timestamp: 0, key: null, value: null, headers: [], size: 0 });

export const detail = (name: string, partitions: number): TopicDetail => ({
  name, id: `${name}-id`,
  partitions: Array.from({ length: partitions }, (_, partition) => ({
    partition, leader: 1, leaderEpoch: 0, replicas: [1], isr: [1], offlineReplicas: [], logStartOffset: 0, endOffset: 0, highWatermark: 0, sizeBytes: 0, health: 'healthy' as const,
  })),
  configs: [],
});
