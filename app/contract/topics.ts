// Topics and their partitions: summaries, details, creation, segments, reassignments.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { Health } from './brokers.ts';
import { ConfigEntry } from './configs.ts';

export const PartitionInfo = s.named('PartitionInfo', s.object({
  partition: s.int(),
  /** -1 when the partition has no leader (offline). */
  leader: s.int(),
  leaderEpoch: s.int(),
  replicas: s.array(s.int()),
  isr: s.array(s.int()),
  offlineReplicas: s.array(s.int()),
  logStartOffset: s.int(),
  /** Log end offset of the leader (high watermark + the leader's unreplicated tail). */
  endOffset: s.int(),
  highWatermark: s.int(),
  /** ListOffsets latest with read_committed: the first offset of the oldest open transaction, else the high
   * watermark; absent when the leader did not answer. */
  lastStableOffset: s.optional(s.int()),
  /** Bytes on the leader's disk; -1 when the leader did not answer. */
  sizeBytes: s.int(),
  health: Health,
}));
export type PartitionInfo = Infer<typeof PartitionInfo>;

export const TopicSummary = s.named('TopicSummary', s.object({
  name: s.string(),
  id: s.string(),
  partitions: s.int(),
  replicationFactor: s.int(),
  /** Sum over partitions of (high watermark - log start offset). */
  messages: s.int(),
  sizeBytes: s.int(),
  underReplicatedPartitions: s.int(),
  offlinePartitions: s.int(),
  health: Health,
}));
export type TopicSummary = Infer<typeof TopicSummary>;

export const TopicDetail = s.named('TopicDetail', s.object({
  name: s.string(),
  id: s.string(),
  partitions: s.array(PartitionInfo),
  configs: s.array(ConfigEntry),
}));
export type TopicDetail = Infer<typeof TopicDetail>;

export const CreateTopicRequest = s.named('CreateTopicRequest', s.object({
  name: s.string(),
  partitions: s.int(),
  replicationFactor: s.int(),
  /** Topic configs by Kafka name, e.g. { 'retention.ms': '3600000' }. */
  configs: s.record(s.string()),
}));
export type CreateTopicRequest = Infer<typeof CreateTopicRequest>;

export const PartitionSegments = s.named('PartitionSegments', s.object({
  partition: s.int(),
  /** The broker whose log is shown (the leader). */
  broker: s.int(),
  segments: s.array(s.object({ baseOffset: s.int(), sizeBytes: s.int() })),
}));
export type PartitionSegments = Infer<typeof PartitionSegments>;

export const TopicSegments = s.named('TopicSegments', s.object({
  /** false for an external cluster: Kafka's protocol does not describe segments. */
  available: s.boolean(),
  partitions: s.array(PartitionSegments),
}));
export type TopicSegments = Infer<typeof TopicSegments>;

/** A partition's reassignment in progress (KIP-455): the whole replica set, the replicas joining and leaving. */
export const PartitionReassignment = s.named('PartitionReassignment', s.object({
  topic: s.string(),
  partition: s.int(),
  replicas: s.array(s.int()),
  addingReplicas: s.array(s.int()),
  removingReplicas: s.array(s.int()),
}));
export type PartitionReassignment = Infer<typeof PartitionReassignment>;

/** Moves a partition to the target replicas (broker ids, the first the preferred leader); null cancels its move. */
export const ReassignPartitionRequest = s.named('ReassignPartitionRequest', s.object({
  topic: s.string(),
  partition: s.int(),
  replicas: s.nullable(s.array(s.int())),
}));
export type ReassignPartitionRequest = Infer<typeof ReassignPartitionRequest>;
