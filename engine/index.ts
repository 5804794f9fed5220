// The engine's public surface: everything outside engine/ (the app, the CLI, benchmarks) imports from here.

import path from 'node:path';
import { Cluster, brokerDataDir, type ClusterOptions } from './cluster/cluster.ts';
import { partitionDirName } from './storage/log-manager.ts';

export {
  Cluster, type ClusterOptions, type BrokerStatus, type BrokerState, type PartitionStatus, type BrokerChange, type LifecycleAction,
} from './cluster/cluster.ts';
export type { ClusterEvent, ExplainedClusterEvent } from './cluster/cluster-events.ts';
export type { BrokerChanges, PartitionChange, PartitionChanges } from './cluster/partition-changes.ts';
export type { BrokerStats, PartitionStats } from './broker/broker-stats.ts';
export type { SharePartitionState, ShareInFlightRecord, ShareDeadLetter } from './cluster/share-state-view.ts';
export { openDatabase, schemaVersion } from './catalog/migrate.ts';
export { brokerConfig, DEFAULT_BROKER_CONFIG, type BrokerConfig } from './broker/broker-config.ts';
export { BROKER_CONFIG_NAMES, parseBrokerConfigs, splitBrokerConfig } from './broker/broker-config-names.ts';
export { ErrorCode, KafkaError, errorName } from './protocol/error-codes.ts';
export {
  LATEST_TIMESTAMP, EARLIEST_TIMESTAMP, MAX_TIMESTAMP, EARLIEST_LOCAL_TIMESTAMP, LATEST_TIERED_TIMESTAMP,
} from './protocol/list-offsets-timestamps.ts';
export { KafkaConnection, KafkaConnectionError, type ConnectOptions } from './client/connection.ts';
export { TopicAdmin, TopicAdminError, type NewTopic, type CreatedTopic, type TopicDescription, type TopicPartitionInfo } from './client/topic-admin.ts';
export { ApiKey } from './protocol/api-keys.ts';
export type { ClusterSecurityInfo } from './cluster/cluster.ts';
export {
  securityConfig, parseSecurityProtocol, SECURITY_PROTOCOLS, ADMIN_USER,
  type SecurityConfig, type SecurityProtocol, type SecurityUser, type SslClientAuth,
} from './broker/security/security-config.ts';
export { createClientCertificate, loadOrCreateClusterTls, principalOfCertificate, type KeyAndCert, type ClusterTls } from './broker/security/certificates.ts';
export { AclOperation, AclPermission, PatternType, ResourceType, type AclBinding } from './broker/security/acl.ts';
export { buildBatch, decodeBatchRecords, type KafkaRecord, type NewRecord } from './storage/records.ts';
export { CompressionType } from './storage/record-batch.ts';
export { iterateBatches, isControl, lastOffset } from './storage/record-batch.ts';

export {
  inspectSegment, locateRecord, segmentBaseOffsets, type InspectedBatch, type InspectedSegment, type RecordLocation,
} from './storage/log-inspector.ts';

/** The directory of one partition's log on one broker of a local cluster (for read-only inspection). */
export function partitionLogDir(cluster: Cluster, brokerId: number, topic: string, partition: number): string {
  return path.join(brokerDataDir(cluster.dataDir, brokerId), partitionDirName({ topic, partition }));
}

/** Starts a local cluster: the controller and `brokers` brokers on 127.0.0.1. */
export function startCluster(opts: ClusterOptions): Promise<Cluster> {
  return Cluster.start(opts);
}
