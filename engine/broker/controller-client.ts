// What a broker asks of the controller. Brokers never write cluster metadata themselves: admin requests
// that change it are forwarded here (as Kafka brokers forward to the KRaft controller). Every call resolves
// only after the resulting metadata image has reached the calling broker, so a handler can read its own
// view right after. In-process the controller implements this directly; across a worker boundary a
// message-port proxy does.

export interface CreatableTopic {
  name: string;
  numPartitions: number; // -1: num.partitions
  replicationFactor: number; // -1: default.replication.factor
  /** Explicit assignment: partition -> broker ids (numPartitions and replicationFactor must then be -1). */
  assignments?: { partitionIndex: number; brokerIds: number[] }[];
  configs: Record<string, string>;
}

export interface CreateTopicResult {
  name: string;
  errorCode: number;
  errorMessage: string | null;
  topicId: string;
  numPartitions: number;
  replicationFactor: number;
  configs: { name: string; value: string; isDefault: boolean; readOnly: boolean; isSensitive: boolean }[];
}

export interface TopicErrorResult {
  name: string | null;
  topicId?: string;
  errorCode: number;
  errorMessage: string | null;
}

export interface ConfigChange {
  name: string;
  /** null removes the override (back to the default). */
  value: string | null;
  op: 'set' | 'delete' | 'append' | 'subtract';
}

import type { AclBinding, AclFilter } from './security/acl.ts';

/** One AlterUserScramCredentials change; salt and salted password as the client sent them. */
export interface ScramCredentialChange {
  user: string;
  mechanism: number;
  /** Absent for a deletion. */
  upsert?: { iterations: number; salt: Buffer; saltedPassword: Buffer };
}

/** ElectLeaders' election types (KIP-460). */
export const ElectionType = { PREFERRED: 0, UNCLEAN: 1 } as const;

export interface ElectionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

/** One partition of AlterPartitionReassignments: the target replicas, or null to cancel. */
export interface PartitionReassignment {
  topic: string;
  partition: number;
  replicas: number[] | null;
}

export interface ReassignmentResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
}

export interface ControllerClient {
  /** AlterPartitionReassignments (KIP-455, KIP-860): per partition, Kafka's error code and message. */
  alterPartitionReassignments(reassignments: PartitionReassignment[], allowReplicationFactorChange: boolean): Promise<ReassignmentResult[]>;
  /**
   * ElectLeaders: PREFERRED gives leadership to the first replica when it is alive and in the ISR; UNCLEAN
   * gives a leaderless partition to a live replica outside the ISR. null partitions: every partition, and
   * only those where an election was needed are answered.
   */
  electLeaders(electionType: number, partitions: { topic: string; partition: number }[] | null): Promise<ElectionResult[]>;
  createTopics(topics: CreatableTopic[], validateOnly: boolean): Promise<CreateTopicResult[]>;
  deleteTopics(topics: { name?: string | null; topicId?: string | null }[]): Promise<TopicErrorResult[]>;
  createPartitions(
    topics: { name: string; count: number; assignments: number[][] | null }[],
    validateOnly: boolean,
  ): Promise<TopicErrorResult[]>;
  /** Replaces (incremental=false, AlterConfigs) or edits (IncrementalAlterConfigs) a topic's overrides. */
  alterTopicConfigs(topic: string, changes: ConfigChange[], incremental: boolean, validateOnly: boolean): Promise<TopicErrorResult>;
  /** The same for a BROKER (4; name a broker id or "" for every broker) or GROUP (32) resource's dynamic configs. */
  alterDynamicConfigs(resourceType: number, resourceName: string, changes: ConfigChange[], incremental: boolean, validateOnly: boolean): Promise<{ errorCode: number; errorMessage: string | null }>;
  /**
   * AlterPartition: a leader changes its partition's ISR. Refused with FENCED_LEADER_EPOCH when the leader
   * epoch is stale and INVALID_UPDATE_VERSION when the partition changed since the leader last saw it.
   */
  alterPartition(leaderId: number, change: { topic: string; partition: number; leaderEpoch: number; partitionEpoch: number; isr: number[] }): Promise<{ errorCode: number; errorMessage: string | null }>;
  /**
   * A broker's replicas whose logs failed (KAFKA_STORAGE_ERROR) or opened again, as Kafka brokers report an
   * offline log dir: an offline replica leaves the ISR and cannot lead, so leadership moves to another ISR
   * member. A restart of the broker brings all of its replicas back.
   */
  alterReplicaStates(brokerId: number, offline: { topic: string; partition: number }[], online: { topic: string; partition: number }[]): Promise<void>;
  /** A block of producer ids for InitProducerId. */
  allocateProducerIds(count: number): Promise<{ firstProducerId: number; count: number }>;
  /** CreateAcls: per binding, null or why it was refused (INVALID_REQUEST). */
  createAcls(bindings: AclBinding[]): Promise<{ error: string | null }[]>;
  /** DeleteAcls: per filter, the bindings it removed. */
  deleteAcls(filters: AclFilter[]): Promise<AclBinding[][]>;
  /** AlterUserScramCredentials: per user, Kafka's error code and message. */
  alterScramCredentials(changes: ScramCredentialChange[]): Promise<{ user: string; errorCode: number; errorMessage: string | null }[]>;
}
