// The cluster as a whole: the overview, the live state, the map of replicas, and the controller's events.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { BrokerInfo } from './brokers.ts';
import { TopicSummary } from './topics.ts';

export const ClusterOverview = s.named('ClusterOverview', s.object({
  clusterId: s.string(),
  controllerId: s.int(),
  bootstrapServers: s.string(),
  /** True for the embedded local cluster: broker lifecycle controls are available. */
  local: s.boolean(),
  brokers: s.array(BrokerInfo),
  topics: s.array(TopicSummary),
  underReplicatedPartitions: s.int(),
  offlinePartitions: s.int(),
}));
export type ClusterOverview = Infer<typeof ClusterOverview>;

export const ClusterStateEvent = s.named('ClusterStateEvent', s.object({
  at: s.number(),
  brokers: s.array(BrokerInfo),
  underReplicatedPartitions: s.int(),
  offlinePartitions: s.int(),
}));
export type ClusterStateEvent = Infer<typeof ClusterStateEvent>;

/** One replica of a partition as its broker holds it: how far behind the leader, and its size on disk. */
export const ReplicaState = s.named('ReplicaState', s.object({
  broker: s.int(),
  /** Records behind the leader's log end; -1 when unknown (its broker is down, or did not answer). */
  behind: s.int(),
  /** Bytes on that broker's disk; -1 when unknown. */
  sizeBytes: s.int(),
}));
export type ReplicaState = Infer<typeof ReplicaState>;

export const MapPartition = s.named('MapPartition', s.object({
  partition: s.int(),
  /** -1: no leader (offline). */
  leader: s.int(),
  leaderEpoch: s.int(),
  /** In assignment order: the first is the preferred leader. */
  replicas: s.array(s.int()),
  isr: s.array(s.int()),
  offlineReplicas: s.array(s.int()),
  /** -1 when the leader did not answer. */
  highWatermark: s.int(),
  replicaStates: s.array(ReplicaState),
}));
export type MapPartition = Infer<typeof MapPartition>;

/** Every partition's replicas on every broker: the cluster map, read from Metadata (and broker stats locally). */
export const ClusterMap = s.named('ClusterMap', s.object({
  at: s.number(),
  local: s.boolean(),
  controllerId: s.int(),
  brokers: s.array(BrokerInfo),
  topics: s.array(s.object({ name: s.string(), partitions: s.array(MapPartition) })),
}));
export type ClusterMap = Infer<typeof ClusterMap>;

/**
 * One event of the local cluster as its controller published it (engine/cluster/cluster-events.ts), with
 * when and why: brokers down and up, leaders elected (with their epoch; `preferred` when the first replica
 * leads again), ISRs shrinking and expanding, partitions under-replicated, fully replicated, offline, online,
 * and 'health' when the cluster's count of under-replicated or offline partitions moved.
 */
export const ClusterEventRecord = s.named('ClusterEventRecord', s.object({
  at: s.number(),
  type: s.literal('broker-up', 'broker-down', 'leader-change', 'isr-change', 'under-replicated', 'fully-replicated', 'offline', 'online', 'health'),
  cause: s.string(),
  broker: s.optional(s.int()),
  topic: s.optional(s.string()),
  partition: s.optional(s.int()),
  /** leader-change: the old and new leader (-1: none); isr-change: see fromIsr/toIsr. */
  from: s.optional(s.int()),
  to: s.optional(s.int()),
  leaderEpoch: s.optional(s.int()),
  preferred: s.optional(s.boolean()),
  fromIsr: s.optional(s.array(s.int())),
  toIsr: s.optional(s.array(s.int())),
  /** health: the cluster's under-replicated and offline partitions after the change, and before it. */
  underReplicated: s.optional(s.int()),
  offlinePartitions: s.optional(s.int()),
  before: s.optional(s.object({ underReplicated: s.int(), offlinePartitions: s.int() })),
}));
export type ClusterEventRecord = Infer<typeof ClusterEventRecord>;

/** What one metadata change brought, oldest first. */
export const ClusterEventsBatch = s.named('ClusterEventsBatch', s.object({ events: s.array(ClusterEventRecord) }));
export type ClusterEventsBatch = Infer<typeof ClusterEventsBatch>;

/** The recent events (oldest first, bounded); live false: an external cluster, whose changes are read off polls. */
export const ClusterEventHistory = s.named('ClusterEventHistory', s.object({ live: s.boolean(), events: s.array(ClusterEventRecord) }));
export type ClusterEventHistory = Infer<typeof ClusterEventHistory>;
