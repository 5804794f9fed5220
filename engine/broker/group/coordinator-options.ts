// The group coordinator's settings (Kafka's broker configs of the same names, with their defaults) and
// where it keeps committed offsets.

import type { CommittedOffset, OffsetCommit, TopicPartitionRef } from '../../catalog/group-offsets.ts';
import type { Scheduler } from '../scheduler.ts';
import type { ConsumerGroupPersistence } from './consumer-groups.ts';
import type { ConsumerGroupConfig, TopicsByName } from './consumer/index.ts';

/** Where committed offsets are kept: the catalog's GroupOffsetStore, or an in-memory stand-in. */
export interface GroupOffsetBackend {
  commit(groupId: string, offsets: readonly OffsetCommit[], now?: number): void;
  fetch(groupId: string, partitions?: readonly TopicPartitionRef[]): CommittedOffset[];
  deleteGroup(groupId: string): number;
  deletePartitions(groupId: string, partitions: readonly TopicPartitionRef[]): number;
  listGroups(): string[];
}

export interface GroupCoordinatorOptions {
  offsets: GroupOffsetBackend;
  /** Does this partition exist? Commits to (and offset deletes of) others fail with UNKNOWN_TOPIC_OR_PARTITION. */
  partitionExists(topic: string, partition: number): boolean;
  /** Clock and timers (default: the real ones). */
  scheduler?: Scheduler;
  /** group.min.session.timeout.ms (6000). */
  groupMinSessionTimeoutMs?: number;
  /** group.max.session.timeout.ms (1800000). */
  groupMaxSessionTimeoutMs?: number;
  /** group.max.size (Integer.MAX_VALUE). */
  groupMaxSize?: number;
  /** group.initial.rebalance.delay.ms (3000). */
  groupInitialRebalanceDelayMs?: number;
  /** How long a first-time joiner may stay parked in JoinGroup (Kafka: 5 minutes, not configurable). */
  newMemberJoinTimeoutMs?: number;
  /** offset.metadata.max.bytes (4096): longer commit metadata gets OFFSET_METADATA_TOO_LARGE. */
  offsetMetadataMaxBytes?: number;
  /** KIP-848 consumer groups: where they are kept (default: in memory), their broker configs, the topics. */
  consumerGroups?: ConsumerGroupPersistence;
  consumerGroupConfig?: ConsumerGroupConfig;
  /** A KIP-848 group's own settings (GROUP configs) over consumerGroupConfig. */
  consumerGroupConfigFor?: (groupId: string) => Partial<ConsumerGroupConfig>;
  topics?: () => TopicsByName;
  /** Does this broker coordinate the group now (default: yes)? */
  owns?: (groupId: string) => boolean;
  log?: (msg: string) => void;
}

export const GROUP_COORDINATOR_DEFAULTS = {
  groupMinSessionTimeoutMs: 6000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupMaxSize: 2_147_483_647,
  groupInitialRebalanceDelayMs: 3000,
  newMemberJoinTimeoutMs: 300_000,
  offsetMetadataMaxBytes: 4096,
} as const;

export type CoordinatorConfig = { [K in keyof typeof GROUP_COORDINATOR_DEFAULTS]: number };

