// Broker-level settings, by Kafka's server config names, with Kafka's defaults unless noted.

export interface BrokerConfig {
  /** auto.create.topics.enable */
  autoCreateTopicsEnable: boolean;
  /** num.partitions: partitions of an auto-created topic or of CreateTopics with -1 */
  numPartitions: number;
  /** default.replication.factor */
  defaultReplicationFactor: number;
  /** replica.lag.time.max.ms */
  replicaLagTimeMaxMs: number;
  /** group.initial.rebalance.delay.ms */
  groupInitialRebalanceDelayMs: number;
  /** group.min.session.timeout.ms / group.max.session.timeout.ms */
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  /** log.retention.check.interval.ms: how often retention, flush.ms and compaction run */
  logRetentionCheckIntervalMs: number;
  /** delete.topic.enable */
  deleteTopicEnable: boolean;
  /** socket.request.max.bytes */
  socketRequestMaxBytes: number;
  /** connections.max.idle.ms */
  connectionsMaxIdleMs: number;
  /** message.max.bytes is the broker default of the topic's max.message.bytes (1048588). */
  messageMaxBytes: number;
  /** group.share.record.lock.duration.ms: how long a share consumer holds acquired records */
  groupShareRecordLockDurationMs: number;
  /** group.share.delivery.count.limit: deliveries before a record is archived */
  groupShareDeliveryCountLimit: number;
  /** group.share.heartbeat.interval.ms / group.share.session.timeout.ms */
  groupShareHeartbeatIntervalMs: number;
  groupShareSessionTimeoutMs: number;
  /** share.auto.offset.reset for every share group (a group config in Kafka; here the broker-wide default) */
  shareAutoOffsetReset: string;
}

export const DEFAULT_BROKER_CONFIG: BrokerConfig = Object.freeze({
  autoCreateTopicsEnable: true,
  numPartitions: 1,
  defaultReplicationFactor: 1,
  replicaLagTimeMaxMs: 30_000,
  groupInitialRebalanceDelayMs: 3_000,
  groupMinSessionTimeoutMs: 6_000,
  groupMaxSessionTimeoutMs: 1_800_000,
  logRetentionCheckIntervalMs: 5 * 60 * 1000,
  deleteTopicEnable: true,
  socketRequestMaxBytes: 100 * 1024 * 1024,
  connectionsMaxIdleMs: 10 * 60 * 1000,
  messageMaxBytes: 1024 * 1024 + 12,
  groupShareRecordLockDurationMs: 30_000,
  groupShareDeliveryCountLimit: 5,
  groupShareHeartbeatIntervalMs: 5_000,
  groupShareSessionTimeoutMs: 45_000,
  shareAutoOffsetReset: 'latest',
});

export function brokerConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  return { ...DEFAULT_BROKER_CONFIG, ...overrides };
}
