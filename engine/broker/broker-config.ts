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
  /** group.consumer.heartbeat.interval.ms (KIP-848 groups) */
  groupConsumerHeartbeatIntervalMs: number;
  /** group.consumer.session.timeout.ms */
  groupConsumerSessionTimeoutMs: number;
  /** group.consumer.assignors: uniform, range; the first is the default */
  groupConsumerAssignors: readonly string[];
  /** group.consumer.max.size */
  groupConsumerMaxSize: number;
  /** log.retention.check.interval.ms: how often retention and flush.ms run */
  logRetentionCheckIntervalMs: number;
  /** log.cleaner.backoff.ms: how often the log cleaner looks for compacted logs to clean */
  logCleanerBackoffMs: number;
  /** delete.topic.enable */
  deleteTopicEnable: boolean;
  /** socket.request.max.bytes */
  socketRequestMaxBytes: number;
  /** connections.max.idle.ms */
  connectionsMaxIdleMs: number;
  /** message.max.bytes is the broker default of the topic's max.message.bytes (1048588). */
  messageMaxBytes: number;
  /** Topic config defaults set on the broker (log.retention.ms=... is here as retention.ms=...), by topic config name. */
  logDefaults: Readonly<Record<string, string>>;
  /** group.share.record.lock.duration.ms: how long a share consumer holds acquired records */
  groupShareRecordLockDurationMs: number;
  /** group.share.delivery.count.limit: deliveries before a record is archived */
  groupShareDeliveryCountLimit: number;
  /** group.share.heartbeat.interval.ms / group.share.session.timeout.ms */
  groupShareHeartbeatIntervalMs: number;
  groupShareSessionTimeoutMs: number;
  /** share.auto.offset.reset of a share group without its own (the GROUP config share.auto.offset.reset) */
  shareAutoOffsetReset: string;
  /** The bounds a GROUP config must respect (group.consumer.min/max.*, group.share.min/max.*). */
  groupConsumerMinSessionTimeoutMs: number;
  groupConsumerMaxSessionTimeoutMs: number;
  groupConsumerMinHeartbeatIntervalMs: number;
  groupConsumerMaxHeartbeatIntervalMs: number;
  groupShareMinSessionTimeoutMs: number;
  groupShareMaxSessionTimeoutMs: number;
  groupShareMinHeartbeatIntervalMs: number;
  groupShareMaxHeartbeatIntervalMs: number;
  groupShareMinRecordLockDurationMs: number;
  groupShareMaxRecordLockDurationMs: number;
}

export const DEFAULT_BROKER_CONFIG: BrokerConfig = Object.freeze({
  autoCreateTopicsEnable: true,
  numPartitions: 1,
  defaultReplicationFactor: 1,
  replicaLagTimeMaxMs: 30_000,
  groupInitialRebalanceDelayMs: 3_000,
  groupMinSessionTimeoutMs: 6_000,
  groupMaxSessionTimeoutMs: 1_800_000,
  groupConsumerHeartbeatIntervalMs: 5_000,
  groupConsumerSessionTimeoutMs: 45_000,
  groupConsumerAssignors: Object.freeze(['uniform', 'range']),
  groupConsumerMaxSize: 2_147_483_647,
  logRetentionCheckIntervalMs: 5 * 60 * 1000,
  logCleanerBackoffMs: 15_000,
  deleteTopicEnable: true,
  socketRequestMaxBytes: 100 * 1024 * 1024,
  connectionsMaxIdleMs: 10 * 60 * 1000,
  messageMaxBytes: 1024 * 1024 + 12,
  logDefaults: Object.freeze({}),
  groupShareRecordLockDurationMs: 30_000,
  groupShareDeliveryCountLimit: 5,
  groupShareHeartbeatIntervalMs: 5_000,
  groupShareSessionTimeoutMs: 45_000,
  shareAutoOffsetReset: 'latest',
  groupConsumerMinSessionTimeoutMs: 45_000,
  groupConsumerMaxSessionTimeoutMs: 60_000,
  groupConsumerMinHeartbeatIntervalMs: 5_000,
  groupConsumerMaxHeartbeatIntervalMs: 15_000,
  groupShareMinSessionTimeoutMs: 45_000,
  groupShareMaxSessionTimeoutMs: 60_000,
  groupShareMinHeartbeatIntervalMs: 5_000,
  groupShareMaxHeartbeatIntervalMs: 15_000,
  groupShareMinRecordLockDurationMs: 15_000,
  groupShareMaxRecordLockDurationMs: 60_000,
});

export function brokerConfig(overrides: Partial<BrokerConfig> = {}): BrokerConfig {
  return { ...DEFAULT_BROKER_CONFIG, ...overrides };
}
