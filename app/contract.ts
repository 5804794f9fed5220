// The one contract between the UI (renderer/) and its backend (app/console/), declared once.
//
// Every shape crossing the boundary is a value (contract-schema.ts) with its TypeScript type derived from it,
// so the type the compiler checks and the check the console runs on an untyped request are the same
// declaration. METHODS lists each method once with its kind, request and response; EVENTS each event with
// its kind and payload; `Methods`, `Events` and `Handlers` are derived from them, so the compiler forces the
// backend to serve every method, and every transport (Electron IPC in app/main + app/preload, WebSocket in
// app/serve + renderer/bridge.ts) wires exactly what the tables list. The console checks every request
// against its shape at dispatch (`checkRequest`); contract.test.ts snapshots the whole surface, shapes
// included.
//
// Everything crossing the boundary is plain JSON (structured-clone safe): offsets are JS numbers (exact up
// to 2^53, far beyond any partition a desktop cluster will hold), bytes are base64 strings.
//
// Imports: only contract-schema.ts, which imports nothing, so renderer/ may import this file without pulling
// in Node or the engine.

import { parseShape, s, type Infer, type Shape } from './contract-schema.ts';

// ---- shared shapes ----

/**
 * 'stopped': a controlled shutdown; 'killed': stopped without a clean shutdown (as by a crash); 'failed': the
 * broker died on its own (BrokerInfo.failureReason says why). Restart brings any of them back.
 */
export const BrokerState = s.literal('running', 'stopped', 'killed', 'failed');
export type BrokerState = Infer<typeof BrokerState>;
export const BrokerAction = s.literal('stop', 'kill', 'restart');
export type BrokerAction = Infer<typeof BrokerAction>;
/** The one colour language of the UI: every partition, topic and broker has one of these. */
export const Health = s.literal('healthy', 'under-replicated', 'offline');
export type Health = Infer<typeof Health>;

export const BrokerInfo = s.named('BrokerInfo', s.object({
  id: s.int(),
  host: s.string(),
  port: s.int(),
  state: BrokerState,
  /** Partitions this broker leads, from the latest Metadata. */
  leaderCount: s.int(),
  /** Partition replicas placed on this broker. */
  replicaCount: s.int(),
  isController: s.boolean(),
  /** Why a 'failed' broker died (its uncaught error). */
  failureReason: s.optional(s.string()),
}));
export type BrokerInfo = Infer<typeof BrokerInfo>;

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

export const ConfigEntry = s.named('ConfigEntry', s.object({
  name: s.string(),
  value: s.nullable(s.string()),
  /** True when the value is the default (not set on the topic). */
  isDefault: s.boolean(),
  readOnly: s.boolean(),
  sensitive: s.boolean(),
}));
export type ConfigEntry = Infer<typeof ConfigEntry>;

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

export const Header = s.named('Header', s.object({ key: s.string(), value: s.string() }));
export type Header = Infer<typeof Header>;

export const ValueFormat = s.literal('text', 'json');
export type ValueFormat = Infer<typeof ValueFormat>;

/** A value in Confluent's wire format (magic byte 0, schema id), decoded with its schema from the registry. */
export const DecodedValue = s.named('DecodedValue', s.object({
  schemaId: s.int(),
  /** The subject and version the schema is registered under (the first, if several); null when unknown. */
  subject: s.nullable(s.string()),
  version: s.nullable(s.int()),
  /** null when the schema could not be read. */
  schemaType: s.nullable(s.literal('AVRO', 'PROTOBUF', 'JSON')),
  /** The decoded value as JSON text; absent when it could not be decoded (then `error` says why). */
  json: s.optional(s.string()),
  error: s.optional(s.string()),
}));
export type DecodedValue = Infer<typeof DecodedValue>;

/** Encode the value with a registered schema: the value is JSON and must match it; nothing is sent otherwise. */
export const SchemaRef = s.named('SchemaRef', s.object({
  subject: s.string(),
  /** null: the latest version. */
  version: s.nullable(s.int()),
}));
export type SchemaRef = Infer<typeof SchemaRef>;

export const ProduceRequest = s.named('ProduceRequest', s.object({
  topic: s.string(),
  /** null: the producer's partitioner picks one. */
  partition: s.nullable(s.int()),
  key: s.nullable(s.string()),
  value: s.string(),
  /** 'json': the value (and key, if given) must parse as JSON; nothing is written otherwise. */
  format: ValueFormat,
  headers: s.array(Header),
  /** Encode the value (JSON) with this schema in Confluent's wire format. */
  valueSchema: s.optional(SchemaRef),
}));
export type ProduceRequest = Infer<typeof ProduceRequest>;

export const ProduceResult = s.named('ProduceResult', s.object({ topic: s.string(), partition: s.int(), offset: s.int() }));
export type ProduceResult = Infer<typeof ProduceResult>;

export const ConsumedRecord = s.named('ConsumedRecord', s.object({
  partition: s.int(),
  offset: s.int(),
  /** Milliseconds since the epoch. */
  timestamp: s.int(),
  /** Base64 of the key bytes; null for a null key. */
  key: s.nullable(s.string()),
  /** Base64 of the value bytes; null for a tombstone. */
  value: s.nullable(s.string()),
  headers: s.array(s.object({ key: s.string(), value: s.nullable(s.string()) })),
  /** Bytes of key + value. */
  size: s.int(),
  /** The value decoded through the schema registry, when it is in Confluent's wire format. */
  decoded: s.optional(DecodedValue),
}));
export type ConsumedRecord = Infer<typeof ConsumedRecord>;

export const IsolationLevel = s.literal('read_uncommitted', 'read_committed');
export type IsolationLevel = Infer<typeof IsolationLevel>;

export const TxnMarkerInfo = s.named('TxnMarkerInfo', s.object({
  offset: s.int(),
  type: s.literal('COMMIT', 'ABORT'),
  producerId: s.int(),
  producerEpoch: s.int(),
  timestamp: s.int(),
}));
export type TxnMarkerInfo = Infer<typeof TxnMarkerInfo>;

export const BrowseRequest = s.named('BrowseRequest', s.object({
  topic: s.string(),
  partition: s.int(),
  /** First offset wanted; clamped to the log start offset. */
  offset: s.int(),
  /** At most this many records (1..1000). */
  limit: s.int(),
  /** read_uncommitted (default): up to the high watermark, aborted records included; read_committed: up to the
   * last stable offset, records of aborted transactions left out. */
  isolation: s.optional(IsolationLevel),
}));
export type BrowseRequest = Infer<typeof BrowseRequest>;

export const MessagePage = s.named('MessagePage', s.object({
  topic: s.string(),
  partition: s.int(),
  logStartOffset: s.int(),
  highWatermark: s.int(),
  records: s.array(ConsumedRecord),
  /** The last stable offset: read_committed readers stop here (the first offset of the oldest open transaction). */
  lastStableOffset: s.optional(s.int()),
  /** COMMIT/ABORT control records (transaction markers) in the range read, in offset order. */
  markers: s.optional(s.array(TxnMarkerInfo)),
  /** read_uncommitted: offsets of records that belong to transactions aborted within the range read. */
  abortedOffsets: s.optional(s.array(s.int())),
}));
export type MessagePage = Infer<typeof MessagePage>;

/** Kafka's group types (ListGroups v5, KIP-848/KIP-932); an older cluster reports none. */
export const GroupType = s.literal('classic', 'consumer', 'share');
export type GroupType = Infer<typeof GroupType>;

export const GroupSummary = s.named('GroupSummary', s.object({
  groupId: s.string(),
  state: s.string(),
  protocolType: s.string(),
  /** Absent when the cluster does not tell (ListGroups before v5). */
  groupType: s.optional(GroupType),
  members: s.int(),
  topics: s.array(s.string()),
  /** Sum of per-partition lag over the committed partitions; null when the offsets could not be read. */
  totalLag: s.nullable(s.int()),
  /** Partitions of the group's topics with no commit and no member: left out of totalLag. */
  uncountedPartitions: s.optional(s.int()),
}));
export type GroupSummary = Infer<typeof GroupSummary>;

export const GroupMemberInfo = s.named('GroupMemberInfo', s.object({
  memberId: s.string(),
  clientId: s.string(),
  host: s.string(),
  assignment: s.array(s.object({ topic: s.string(), partitions: s.array(s.int()) })),
}));
export type GroupMemberInfo = Infer<typeof GroupMemberInfo>;

export const GroupPartitionLag = s.named('GroupPartitionLag', s.object({
  topic: s.string(),
  partition: s.int(),
  /** null: no offset committed yet. */
  committed: s.nullable(s.int()),
  endOffset: s.int(),
  /** endOffset - committed (endOffset - logStart when nothing is committed). */
  lag: s.int(),
  memberId: s.nullable(s.string()),
}));
export type GroupPartitionLag = Infer<typeof GroupPartitionLag>;

const TopicPartitionsList = s.array(s.object({ topic: s.string(), partitions: s.array(s.int()) }));

/** A KIP-848 member as ConsumerGroupDescribe shows it: what it owns, what it will own, and the difference. */
export const ConsumerProtocolMember = s.named('ConsumerProtocolMember', s.object({
  memberId: s.string(),
  instanceId: s.nullable(s.string()),
  clientId: s.string(),
  host: s.string(),
  memberEpoch: s.int(),
  subscribedTopics: s.array(s.string()),
  subscribedTopicRegex: s.nullable(s.string()),
  /** Owned now. */
  assignment: TopicPartitionsList,
  /** What the assignor gave it at the assignment epoch. */
  targetAssignment: TopicPartitionsList,
  /**
   * Owned but no longer in its target: to be revoked. Once the member has been told (its next heartbeat),
   * Kafka's ConsumerGroupDescribe no longer lists them as owned; they then show as `pending` on the next owner.
   */
  revoking: TopicPartitionsList,
  /** In the target but not owned yet: waiting for their previous owner to revoke them. */
  pending: TopicPartitionsList,
}));
export type ConsumerProtocolMember = Infer<typeof ConsumerProtocolMember>;

export const ConsumerProtocolDetail = s.named('ConsumerProtocolDetail', s.object({
  groupEpoch: s.int(),
  assignmentEpoch: s.int(),
  assignor: s.string(),
  members: s.array(ConsumerProtocolMember),
}));
export type ConsumerProtocolDetail = Infer<typeof ConsumerProtocolDetail>;

export const GroupDetail = s.named('GroupDetail', s.object({
  groupId: s.string(),
  state: s.string(),
  protocol: s.string(),
  groupType: s.optional(GroupType),
  /** A consumer-protocol (KIP-848) group's epochs and members; absent for other groups. */
  consumer: s.optional(ConsumerProtocolDetail),
  members: s.array(GroupMemberInfo),
  offsets: s.array(GroupPartitionLag),
  totalLag: s.int(),
  /** Partitions of the group's topics with no commit and no member: left out of totalLag and offsets. */
  uncountedPartitions: s.optional(s.int()),
}));
export type GroupDetail = Infer<typeof GroupDetail>;

/** A share group's partition (KIP-932): its window, the records in flight, and the records archived as dead letters. */
export const SharePartitionState = s.named('SharePartitionState', s.object({
  topic: s.string(),
  partition: s.int(),
  stateEpoch: s.int(),
  /** The share-partition start offset: every record before it is acknowledged or archived. */
  startOffset: s.int(),
  /** One past the last offset ever delivered. */
  endOffset: s.int(),
  inFlight: s.array(s.object({
    offset: s.int(),
    state: s.literal('Available', 'Acquired', 'Acknowledged', 'Archived'),
    deliveryCount: s.int(),
    memberId: s.nullable(s.string()),
    lockDeadlineMs: s.nullable(s.int()),
  })),
  /** Records archived after a reject or after group.share.delivery.count.limit deliveries (newest last). */
  deadLetters: s.array(s.object({ offset: s.int(), deliveryCount: s.int(), reason: s.literal('rejected', 'delivery-limit') })),
  updatedAt: s.int(),
}));
export type SharePartitionState = Infer<typeof SharePartitionState>;

export const Theme = s.literal('dark', 'light');
export type Theme = Infer<typeof Theme>;

/** How the local cluster's listeners are secured, as saved in Settings; applied when the cluster restarts. */
export const LocalSecurity = s.named('LocalSecurity', s.object({
  /** security.protocol of every listener. */
  protocol: s.literal('PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'),
  /** sasl.enabled.mechanisms (SASL protocols). */
  saslMechanisms: s.array(s.literal('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512')),
  /** ssl.client.auth: 'required' is mutual TLS (TLS protocols). */
  sslClientAuth: s.literal('none', 'required'),
  /** Whether the StandardAuthorizer runs (ACLs). */
  authorizer: s.boolean(),
  /** super.users besides the console's own admin, as principals ("User:alice"). */
  superUsers: s.array(s.string()),
  /** allow.everyone.if.no.acl.found */
  allowEveryoneIfNoAclFound: s.boolean(),
}));
export type LocalSecurity = Infer<typeof LocalSecurity>;

export const Settings = s.named('Settings', s.object({
  theme: Theme,
  /** Brokers the local cluster starts with when no --brokers is given (1..16). */
  defaultBrokerCount: s.int(),
  /** How long 1-minute metrics points are kept (1..90 days); 1-second points are kept for an hour. */
  metricsRetentionDays: s.int(),
  /** Kafka broker settings by name (num.partitions, log.retention.hours, ...) the local cluster starts with. */
  brokerDefaults: s.record(s.string()),
  /** The local cluster's security mode; applied by 'cluster.applySecurity' (a restart of the cluster). */
  localSecurity: LocalSecurity,
}));
export type Settings = Infer<typeof Settings>;

// ---- metrics history, group offset resets, topic admin, connections ----

/** One point of a throughput series: rates over the interval ending at `at`. */
export const ThroughputPoint = s.named('ThroughputPoint', s.object({ at: s.number(), messagesPerSec: s.number(), bytesPerSec: s.number() }));
export type ThroughputPoint = Infer<typeof ThroughputPoint>;

/** One point of a group's lag series: total records behind, and the age of the oldest unconsumed record. */
export const LagPoint = s.named('LagPoint', s.object({
  at: s.number(),
  lag: s.number(),
  /** Seconds; null when nothing is behind (or its timestamp could not be read). */
  lagSeconds: s.nullable(s.number()),
}));
export type LagPoint = Infer<typeof LagPoint>;

/** A topic's rates for the topics table: written (in) and consumed by groups (out: committed offsets' progress). */
export const TopicRates = s.named('TopicRates', s.object({
  in: s.array(ThroughputPoint),
  /** messagesPerSec only (bytesPerSec is 0): the sum over groups of committed-offset progress. */
  out: s.array(ThroughputPoint),
}));
export type TopicRates = Infer<typeof TopicRates>;

/** Start of the window, ms since the epoch (default: one hour ago). */
const since = s.optional(s.number());
export const SeriesRequest = s.named('SeriesRequest', s.object({ since }));
export type SeriesRequest = Infer<typeof SeriesRequest>;

export const OffsetResetMode = s.literal('earliest', 'latest', 'timestamp', 'offset', 'shift');
export type OffsetResetMode = Infer<typeof OffsetResetMode>;

export const ResetOffsetsRequest = s.named('ResetOffsetsRequest', s.object({
  groupId: s.string(),
  /** Topics to reset (default: every topic the group has offsets for). */
  topics: s.optional(s.array(s.string())),
  mode: OffsetResetMode,
  /** timestamp: ms since the epoch; offset: the offset; shift: records to move by (negative = back). */
  value: s.optional(s.number()),
  /** true: only plan, change nothing. */
  dryRun: s.boolean(),
}));
export type ResetOffsetsRequest = Infer<typeof ResetOffsetsRequest>;

export const OffsetResetRow = s.named('OffsetResetRow', s.object({
  topic: s.string(),
  partition: s.int(),
  /** null: nothing committed yet. */
  current: s.nullable(s.int()),
  target: s.int(),
  logStartOffset: s.int(),
  endOffset: s.int(),
}));
export type OffsetResetRow = Infer<typeof OffsetResetRow>;

export const ResetOffsetsResult = s.named('ResetOffsetsResult', s.object({ rows: s.array(OffsetResetRow), applied: s.boolean() }));
export type ResetOffsetsResult = Infer<typeof ResetOffsetsResult>;

export const AlterConfigsRequest = s.named('AlterConfigsRequest', s.object({
  topic: s.string(),
  /** Configs to set, by Kafka name. */
  set: s.record(s.string()),
  /** Configs to return to their default. */
  reset: s.array(s.string()),
}));
export type AlterConfigsRequest = Infer<typeof AlterConfigsRequest>;

/** Where a broker or group config's value comes from, by Kafka's DescribeConfigs sources. */
export const ConfigSourceName = s.literal('dynamic-broker', 'dynamic-default', 'static', 'default', 'group', 'topic', 'unknown');
export type ConfigSourceName = Infer<typeof ConfigSourceName>;

/** One config of a broker or a group: value, where it comes from, and whether it can change without a restart. */
export const ResourceConfig = s.named('ResourceConfig', s.object({
  name: s.string(),
  value: s.nullable(s.string()),
  source: ConfigSourceName,
  isDefault: s.boolean(),
  readOnly: s.boolean(),
  sensitive: s.boolean(),
}));
export type ResourceConfig = Infer<typeof ResourceConfig>;


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

export const SaslMechanism = s.literal('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512');
export type SaslMechanism = Infer<typeof SaslMechanism>;

export const SchemaRegistryConfig = s.named('SchemaRegistryConfig', s.object({
  url: s.string(),
  /** Basic auth; empty: none. Secrets are never sent back (empty strings); an empty one on save keeps the saved one. */
  username: s.string(),
  password: s.string(),
  /** A bearer token, instead of basic auth. */
  token: s.string(),
}));
export type SchemaRegistryConfig = Infer<typeof SchemaRegistryConfig>;

export const TlsCertificates = s.named('TlsCertificates', s.object({
  /** The CA the brokers' certificates are checked against (PEM); empty: the system's CAs. */
  ca: s.string(),
  /** A client certificate (PEM) for mutual TLS; empty: none. */
  clientCert: s.string(),
  /** Its private key (PEM). A secret: never sent back (empty); an empty one on save keeps the saved one. */
  clientKey: s.string(),
  /** Do not check the brokers' certificates (anyone between may read and change the traffic). */
  skipVerify: s.boolean(),
}));
export type TlsCertificates = Infer<typeof TlsCertificates>;

export const ConnectionConfig = s.named('ConnectionConfig', s.object({
  /** 'local' is the embedded cluster; external connections get a generated id. */
  id: s.string(),
  name: s.string(),
  /** host:port, comma-separated; empty for 'local'. */
  bootstrapServers: s.string(),
  sasl: s.nullable(s.object({ mechanism: SaslMechanism, username: s.string(), password: s.string() })),
  tls: s.boolean(),
  /** The cluster's Schema Registry; absent or null: none (the local cluster uses the embedded one). */
  schemaRegistry: s.optional(s.nullable(SchemaRegistryConfig)),
  /** Certificates for TLS; absent on save: the saved ones stay. */
  tlsCertificates: s.optional(TlsCertificates),
}));
export type ConnectionConfig = Infer<typeof ConnectionConfig>;

export const ConnectionsState = s.named('ConnectionsState', s.object({
  activeId: s.string(),
  /** 'local' first; passwords are never sent back (empty strings). */
  connections: s.array(ConnectionConfig),
}));
export type ConnectionsState = Infer<typeof ConnectionsState>;

export const AppInfo = s.named('AppInfo', s.object({
  version: s.string(),
  /** 'electron' or 'web': which host serves this UI. */
  host: s.literal('electron', 'web'),
  dataDir: s.string(),
  bootstrapServers: s.string(),
}));
export type AppInfo = Infer<typeof AppInfo>;

export const TailStartRequest = s.named('TailStartRequest', s.object({
  topic: s.string(),
  partition: s.int(),
  /** Start after this offset; default: the current high watermark (only new records). */
  fromOffset: s.optional(s.int()),
}));
export type TailStartRequest = Infer<typeof TailStartRequest>;

// ---- the cluster map ----

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

// ---- errors ----

/**
 * An error as it crosses the boundary. `name` is Kafka's error name when the cluster refused
 * (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ...), otherwise one of the console's own names
 * (INVALID_JSON, INVALID_REQUEST, NOT_LOCAL_CLUSTER, UNKNOWN_METHOD, INVALID_SCHEMA, UNKNOWN_TYPE, CANNOT_DECODE,
 * TIMEOUT, DISCONNECTED, INTERNAL).
 */
export const ContractError = s.named('ContractError', s.object({
  name: s.string(),
  message: s.string(),
  /** Kafka's numeric error code when `name` is a Kafka error. */
  kafkaCode: s.optional(s.int()),
  /** INVALID_REQUEST: the request field that does not fit the contract ('' for the request itself). */
  field: s.optional(s.string()),
}));
export type ContractError = Infer<typeof ContractError>;

// ---- search, export/import, bulk produce, templates ----

export const SearchRequest = s.named('SearchRequest', s.object({
  topic: s.string(),
  /** Empty or omitted: every partition. */
  partitions: s.optional(s.array(s.int())),
  /** Per partition: first offset scanned (inclusive) and where to stop (exclusive). */
  fromOffset: s.optional(s.int()),
  toOffset: s.optional(s.int()),
  /** Milliseconds since the epoch: records with fromTime <= timestamp <= toTime. */
  fromTime: s.optional(s.number()),
  toTime: s.optional(s.number()),
  /** Case-sensitive substring of the key / value / any header value (UTF-8). */
  keyContains: s.optional(s.string()),
  valueContains: s.optional(s.string()),
  headerContains: s.optional(s.string()),
  /** A JavaScript regular expression (source, flags) tested against the key and value text. */
  regex: s.optional(s.string()),
  regexFlags: s.optional(s.string()),
  /** A JavaScript expression over `r` (key, value, headers, partition, offset, timestamp; r.json parses the value). */
  predicate: s.optional(s.string()),
  /** Time limit of the predicate per record (default 20 ms) and in total (default 30 s). */
  predicateTimeoutMs: s.optional(s.number()),
  totalTimeoutMs: s.optional(s.number()),
  /** Stop after this many matches (default 1000, at most 100000). */
  limit: s.optional(s.number()),
  /** Continue a search that stopped at its limit: per partition, the first offset not yet scanned (only these are scanned). */
  resumeFrom: s.optional(s.array(s.object({ partition: s.int(), offset: s.int() }))),
}));
export type SearchRequest = Infer<typeof SearchRequest>;

export const SearchProgressEvent = s.named('SearchProgressEvent', s.object({
  searchId: s.string(),
  scanned: s.int(),
  total: s.int(),
  matched: s.int(),
  /** Matches found since the previous event. */
  records: s.array(ConsumedRecord),
  done: s.boolean(),
  cancelled: s.boolean(),
  /** Why the search stopped early (a predicate over its time limit, a broker error). */
  error: s.optional(ContractError),
  /** Done because the limit of matches was reached with records left unscanned: where to continue from. */
  limitReached: s.optional(s.boolean()),
  resumeFrom: s.optional(s.array(s.object({ partition: s.int(), offset: s.int() }))),
}));
export type SearchProgressEvent = Infer<typeof SearchProgressEvent>;

export const ExportFormat = s.literal('jsonl', 'csv');
export type ExportFormat = Infer<typeof ExportFormat>;

export const ExportRequest = s.named('ExportRequest', s.object({ topic: s.string(), format: ExportFormat, records: s.array(ConsumedRecord) }));
export type ExportRequest = Infer<typeof ExportRequest>;

export const ImportRequest = s.named('ImportRequest', s.object({
  topic: s.string(),
  format: ExportFormat,
  content: s.string(),
  /** true: validate and preview only; nothing is written. */
  dryRun: s.boolean(),
  /** true: each record goes to the partition it names; false: the partitioner chooses. */
  keepPartitions: s.boolean(),
}));
export type ImportRequest = Infer<typeof ImportRequest>;

/** A record to write (import preview, template preview): key and value as base64 (null: null), headers as text. */
export const ImportedRecord = s.named('ImportedRecord', s.object({
  partition: s.nullable(s.int()),
  key: s.nullable(s.string()),
  value: s.nullable(s.string()),
  headers: s.array(Header),
  timestamp: s.nullable(s.number()),
}));
export type ImportedRecord = Infer<typeof ImportedRecord>;

export const ImportResult = s.named('ImportResult', s.object({
  /** Valid records in the file. */
  count: s.int(),
  /** The first records, as they would be written. */
  preview: s.array(ImportedRecord),
  /** One per bad line; when there is any, nothing was written. */
  errors: s.array(s.object({ line: s.int(), message: s.string() })),
  written: s.int(),
}));
export type ImportResult = Infer<typeof ImportResult>;

export const Compression = s.literal('none', 'gzip', 'snappy', 'lz4', 'zstd');
export type Compression = Infer<typeof Compression>;

export const Template = s.named('Template', s.object({
  name: s.string(),
  /** Templates: text with {{generators}} (see codecs/record-template.ts). A null key template: null keys. */
  key: s.nullable(s.string()),
  value: s.string(),
  headers: s.array(Header),
  format: ValueFormat,
}));
export type Template = Infer<typeof Template>;

export const TemplatePreviewRequest = s.named('TemplatePreviewRequest', s.object({ template: Template, count: s.int() }));
export type TemplatePreviewRequest = Infer<typeof TemplatePreviewRequest>;

export const BulkProduceRequest = s.named('BulkProduceRequest', s.object({
  topic: s.string(),
  partition: s.nullable(s.int()),
  template: Template,
  count: s.int(),
  /** Records per second; 0: as fast as the cluster takes them. */
  ratePerSec: s.number(),
  compression: Compression,
  /** 0, 1 or -1 (all). */
  acks: s.int(),
  /** Encode each rendered value (JSON) with this schema in Confluent's wire format. */
  valueSchema: s.optional(SchemaRef),
}));
export type BulkProduceRequest = Infer<typeof BulkProduceRequest>;

export const ProducerProgressEvent = s.named('ProducerProgressEvent', s.object({
  jobId: s.string(),
  topic: s.string(),
  sent: s.int(),
  total: s.int(),
  done: s.boolean(),
  cancelled: s.boolean(),
  /** Offsets written, per partition. */
  partitions: s.array(s.object({ partition: s.int(), firstOffset: s.int(), lastOffset: s.int() })),
  error: s.optional(ContractError),
}));
export type ProducerProgressEvent = Infer<typeof ProducerProgressEvent>;

export const ReplayRequest = s.named('ReplayRequest', s.object({
  topic: s.string(),
  /** null: the partitioner chooses; otherwise every record goes to this partition. */
  partition: s.nullable(s.int()),
  records: s.array(ConsumedRecord),
}));
export type ReplayRequest = Infer<typeof ReplayRequest>;

// ---- the log laid bare (local cluster: read from the leader's segment files) ----

export const LogBatch = s.named('LogBatch', s.object({
  position: s.int(), sizeBytes: s.int(), baseOffset: s.int(), lastOffset: s.int(), recordCount: s.int(),
  codec: Compression, producerId: s.int(), producerEpoch: s.int(), baseSequence: s.int(),
  transactional: s.boolean(), control: s.boolean(), partitionLeaderEpoch: s.int(),
  baseTimestamp: s.number(), maxTimestamp: s.number(), crc: s.number(),
}));
export type LogBatch = Infer<typeof LogBatch>;

export const RecordLocation = s.named('RecordLocation', s.object({
  broker: s.int(),
  /** The segment file name (20-digit base offset + .log) and its base offset. */
  segment: s.string(),
  baseOffset: s.int(),
  batch: LogBatch,
  records: s.array(s.object({ offset: s.int(), timestamp: s.number(), keySize: s.nullable(s.int()), valueSize: s.nullable(s.int()) })),
}));
export type RecordLocation = Infer<typeof RecordLocation>;

export const SegmentDetail = s.named('SegmentDetail', s.object({
  broker: s.int(),
  baseOffset: s.int(),
  nextOffset: s.int(),
  active: s.boolean(),
  files: s.array(s.object({ name: s.string(), sizeBytes: s.int() })),
  batches: s.array(LogBatch),
  offsetIndex: s.array(s.object({ offset: s.int(), position: s.int() })),
  timeIndex: s.array(s.object({ timestamp: s.number(), offset: s.int() })),
  /** What retention or compaction does to it next, in sentences, from the topic's configs. */
  next: s.array(s.string()),
}));
export type SegmentDetail = Infer<typeof SegmentDetail>;

// ---- decoding with a schema ----

/** Decode a value with a .proto schema (parsed as text; imports are not loaded) as a fully-qualified message type. */
export const DecodeProtobufRequest = s.named('DecodeProtobufRequest', s.object({
  schema: s.string(),
  /** e.g. 'shop.Order' (package + message name). */
  messageType: s.string(),
  valueBase64: s.string(),
}));
export type DecodeProtobufRequest = Infer<typeof DecodeProtobufRequest>;

// ---- the schema registry ----

export const SchemaType = s.literal('AVRO', 'PROTOBUF', 'JSON');
export type SchemaType = Infer<typeof SchemaType>;
export const CompatibilityLevel = s.literal('NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE');
export type CompatibilityLevel = Infer<typeof CompatibilityLevel>;

export const SubjectSummary = s.named('SubjectSummary', s.object({
  subject: s.string(),
  schemaType: SchemaType,
  latestVersion: s.int(),
  latestId: s.int(),
  versionCount: s.int(),
  /** The subject's own level; null: it follows the global one. */
  compatibility: s.nullable(CompatibilityLevel),
  /** Soft-deleted (listed only when asked for). */
  deleted: s.boolean(),
}));
export type SubjectSummary = Infer<typeof SubjectSummary>;

export const SchemaRegistryOverview = s.named('SchemaRegistryOverview', s.object({
  /** The registry the active connection uses; null: it names none. */
  url: s.nullable(s.string()),
  /** Why the registry could not be read (it is not running, refused the credentials, ...). */
  error: s.optional(s.string()),
  globalCompatibility: s.nullable(CompatibilityLevel),
  subjects: s.array(SubjectSummary),
}));
export type SchemaRegistryOverview = Infer<typeof SchemaRegistryOverview>;

export const SchemaReference = s.named('SchemaReference', s.object({ name: s.string(), subject: s.string(), version: s.int() }));
export type SchemaReference = Infer<typeof SchemaReference>;

export const SchemaVersion = s.named('SchemaVersion', s.object({
  version: s.int(),
  id: s.int(),
  schemaType: SchemaType,
  schema: s.string(),
  references: s.array(SchemaReference),
  deleted: s.boolean(),
}));
export type SchemaVersion = Infer<typeof SchemaVersion>;

export const SubjectDetail = s.named('SubjectDetail', s.object({
  subject: s.string(),
  compatibility: s.nullable(CompatibilityLevel),
  /** The level that applies: the subject's own, else the global one. */
  effectiveCompatibility: CompatibilityLevel,
  /** Oldest first; soft-deleted versions included, marked. */
  versions: s.array(SchemaVersion),
}));
export type SubjectDetail = Infer<typeof SubjectDetail>;

export const SchemaDraft = s.named('SchemaDraft', s.object({
  subject: s.string(),
  schemaType: SchemaType,
  schema: s.string(),
  references: s.optional(s.array(SchemaReference)),
}));
export type SchemaDraft = Infer<typeof SchemaDraft>;

export const CompatibilityReport = s.named('CompatibilityReport', s.object({
  /** false: the schema does not parse (messages say why). */
  valid: s.boolean(),
  compatible: s.boolean(),
  /** The level it was checked at. */
  level: CompatibilityLevel,
  /** The checker's messages, one per problem. */
  messages: s.array(s.string()),
}));
export type CompatibilityReport = Infer<typeof CompatibilityReport>;

// ---- events: backend -> UI ----

export const ClusterStateEvent = s.named('ClusterStateEvent', s.object({
  at: s.number(),
  brokers: s.array(BrokerInfo),
  underReplicatedPartitions: s.int(),
  offlinePartitions: s.int(),
}));
export type ClusterStateEvent = Infer<typeof ClusterStateEvent>;

export const MetricsSample = s.named('MetricsSample', s.object({
  at: s.number(),
  /** Per topic: messages (sum of high watermarks) and the rate since the previous sample. */
  topics: s.array(s.object({ topic: s.string(), messages: s.number(), messagesPerSec: s.number(), bytesPerSec: s.optional(s.number()) })),
  /** Per broker: listener bytes in/out per second (local cluster only, from broker-internal counters). */
  brokers: s.optional(s.array(s.object({ id: s.int(), bytesInPerSec: s.number(), bytesOutPerSec: s.number() }))),
}));
export type MetricsSample = Infer<typeof MetricsSample>;

export const TailEvent = s.named('TailEvent', s.object({
  subscriptionId: s.string(),
  topic: s.string(),
  partition: s.int(),
  records: s.array(ConsumedRecord),
}));
export type TailEvent = Infer<typeof TailEvent>;

// ---- the tables: every method (kind, request, response) and event (kind, payload), declared once ----

// ---- security ----

export const AclResourceType = s.literal('TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER');
export const AclOperationName = s.literal(
  'ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE',
);
/** One ACL binding, by Kafka's names: <principal> from <host> is <permission> to <operation> on the resource pattern. */
export const AclEntry = s.named('AclEntry', s.object({
  resourceType: AclResourceType,
  resourceName: s.string(),
  patternType: s.literal('LITERAL', 'PREFIXED'),
  principal: s.string(),
  host: s.string(),
  operation: AclOperationName,
  permission: s.literal('ALLOW', 'DENY'),
}));
export type AclEntry = Infer<typeof AclEntry>;

export const SecurityState = s.named('SecurityState', s.object({
  /** PLAINTEXT, SASL_PLAINTEXT, SSL or SASL_SSL; null when unknown (an external cluster). */
  protocol: s.nullable(s.string()),
  saslMechanisms: s.array(s.string()),
  /** The CA clients trust (TLS listeners of the local cluster), as a file path and as PEM for download. */
  caFile: s.nullable(s.string()),
  caPem: s.nullable(s.string()),
  /** SCRAM users and their mechanisms; null when they cannot be listed here. */
  users: s.nullable(s.array(s.object({ name: s.string(), mechanisms: s.array(s.string()) }))),
  /** Every ACL; null without an authorizer (SECURITY_DISABLED) or without the right to see them. */
  acls: s.nullable(s.array(AclEntry)),
  /** Why users or ACLs are missing, or null. */
  note: s.nullable(s.string()),
}));
export type SecurityState = Infer<typeof SecurityState>;
/** How a client connects to the local cluster as its admin, with snippets to copy. */
export const ClientSettings = s.named('ClientSettings', s.object({
  bootstrapServers: s.string(),
  protocol: s.string(),
  /** The SASL mechanism, user and password of the console's admin; null without SASL. */
  sasl: s.nullable(s.object({ mechanism: s.string(), username: s.string(), password: s.string() })),
  /** The CA file clients trust (TLS); null without TLS. */
  caFile: s.nullable(s.string()),
  /** The admin's client certificate and key files (mutual TLS without SASL); null otherwise. */
  clientCertificate: s.nullable(s.object({ certFile: s.string(), keyFile: s.string() })),
  kcat: s.string(),
  librdkafka: s.string(),
  kafkajs: s.string(),
}));
export type ClientSettings = Infer<typeof ClientSettings>;

export const ScramUserRequest = s.named('ScramUserRequest', s.object({
  name: s.string(), password: s.string(), mechanism: s.literal('SCRAM-SHA-256', 'SCRAM-SHA-512'),
}));

/** Method kinds: a 'query' only reads; a 'command' changes the cluster or the console's state. */
export type MethodKind = 'query' | 'command';
/** Event kinds: a 'state' event carries the whole current state; a 'stream' event carries what is new. */
export type EventKind = 'state' | 'stream';

export interface MethodSpec<Req, Res> {
  kind: MethodKind;
  request: Shape<Req>;
  response: Shape<Res>;
}
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

export const TransactionSummary = s.named('TransactionSummary', s.object({
  transactionalId: s.string(),
  producerId: s.int(),
  /** Kafka's state name: Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort. */
  state: s.string(),
  /** The broker coordinating the id. */
  coordinator: s.int(),
}));
export type TransactionSummary = Infer<typeof TransactionSummary>;

export const TransactionDetail = s.named('TransactionDetail', s.object({
  transactionalId: s.string(),
  state: s.string(),
  producerId: s.int(),
  producerEpoch: s.int(),
  timeoutMs: s.int(),
  /** When the ongoing transaction started (ms since the epoch); -1 outside a transaction. */
  startTimestamp: s.int(),
  /** Ongoing for longer than its timeout: the coordinator should have aborted it (a hanging transaction). */
  hanging: s.boolean(),
  partitions: s.array(s.object({ topic: s.string(), partition: s.int() })),
  coordinator: s.int(),
}));
export type TransactionDetail = Infer<typeof TransactionDetail>;

/**
 * Abort a hanging transaction as kafka-transactions.sh abort does: an ABORT marker (WriteTxnMarkers) to the
 * leader of each partition the producer has an open transaction on. By transactional id (its partitions from
 * the coordinator), or by one partition and the producer id that has it open (from DescribeProducers).
 */
export const AbortTransactionRequest = s.named('AbortTransactionRequest', s.object({
  transactionalId: s.optional(s.string()),
  topic: s.optional(s.string()),
  partition: s.optional(s.int()),
  producerId: s.optional(s.int()),
}));
export type AbortTransactionRequest = Infer<typeof AbortTransactionRequest>;

export const AbortTransactionResult = s.named('AbortTransactionResult', s.object({
  aborted: s.array(s.object({ topic: s.string(), partition: s.int(), producerId: s.int(), error: s.nullable(s.string()) })),
}));
export type AbortTransactionResult = Infer<typeof AbortTransactionResult>;

/**
 * Records sent in a transaction the console holds open until `transactions.end` (so a learner can look at the
 * log in between: the records are there, the LSO waits before them, the id is Ongoing). The first send opens
 * the transaction under this id; further sends add to it. Records are checked as messages.produce checks
 * them: one bad record and nothing is sent.
 */
export const TransactionalProduceRequest = s.named('TransactionalProduceRequest', s.object({
  transactionalId: s.string(),
  /** 1..1000 records. */
  records: s.array(ProduceRequest),
}));
export type TransactionalProduceRequest = Infer<typeof TransactionalProduceRequest>;

export const TransactionalProduceResult = s.named('TransactionalProduceResult', s.object({
  transactionalId: s.string(),
  /** One per partition written: the offset of the send's first record there. */
  results: s.array(ProduceResult),
  /** Records sent in the open transaction so far. */
  pending: s.int(),
}));
export type TransactionalProduceResult = Infer<typeof TransactionalProduceResult>;

const query = <Req, Res>(request: Shape<Req>, response: Shape<Res>): MethodSpec<Req, Res> => ({ kind: 'query', request, response });
const command = <Req, Res>(request: Shape<Req>, response: Shape<Res>): MethodSpec<Req, Res> => ({ kind: 'command', request, response });
const none = s.void();
const transactionRef = s.object({ transactionalId: s.string() });
const topicRef = s.object({ topic: s.string() });
const groupRef = s.object({ groupId: s.string() });
const brokerList = s.array(BrokerInfo);
const templateList = s.array(Template);

export const METHODS = {
  'app.info': query(none, AppInfo),
  'settings.get': query(none, Settings),
  'settings.update': command(s.partial(Settings), Settings),
  'cluster.overview': query(none, ClusterOverview),
  'brokers.action': command(s.object({ brokerId: s.int(), action: BrokerAction }), brokerList),
  'topics.describe': query(topicRef, TopicDetail),
  'topics.create': command(CreateTopicRequest, TopicSummary),
  'topics.delete': command(topicRef, none),
  'messages.produce': command(ProduceRequest, ProduceResult),
  'messages.browse': query(BrowseRequest, MessagePage),
  'tail.start': command(TailStartRequest, s.object({ subscriptionId: s.string() })),
  'tail.stop': command(s.object({ subscriptionId: s.string() }), none),
  'groups.list': query(none, s.array(GroupSummary)),
  'groups.describe': query(groupRef, GroupDetail),
  'groups.resetOffsets': command(ResetOffsetsRequest, ResetOffsetsResult),
  'groups.delete': command(groupRef, none),
  /** A share group's partitions (local cluster only: the share state is broker-internal). */
  'groups.shareState': query(groupRef, s.array(SharePartitionState)),
  'topics.purge': command(topicRef, none),
  'topics.alterConfigs': command(AlterConfigsRequest, TopicDetail),
  'topics.addPartitions': command(s.object({ topic: s.string(), totalCount: s.int() }), TopicDetail),
  'topics.segments': query(topicRef, TopicSegments),
  'brokers.add': command(none, brokerList),
  'cluster.map': query(none, ClusterMap),
  'log.locate': query(s.object({ topic: s.string(), partition: s.int(), offset: s.int() }), RecordLocation),
  'log.segment': query(s.object({ topic: s.string(), partition: s.int(), baseOffset: s.int() }), SegmentDetail),
  'metrics.cluster': query(SeriesRequest, s.array(ThroughputPoint)),
  'metrics.topic': query(s.object({ since, topic: s.string() }), s.array(ThroughputPoint)),
  'metrics.topics': query(SeriesRequest, s.record(TopicRates)),
  'metrics.group': query(s.object({ since, groupId: s.string() }), s.array(LagPoint)),
  'connections.list': query(none, ConnectionsState),
  'connections.save': command(ConnectionConfig, ConnectionsState),
  'connections.delete': command(s.object({ id: s.string() }), ConnectionsState),
  'connections.use': command(s.object({ id: s.string() }), ConnectionsState),
  'messages.offsetForTime': query(s.object({ topic: s.string(), partition: s.int(), timestamp: s.number() }), s.object({ offset: s.int() })),
  'messages.export': query(ExportRequest, s.object({ fileName: s.string(), mimeType: s.string(), content: s.string() })),
  'messages.import': command(ImportRequest, ImportResult),
  'messages.replay': command(ReplayRequest, s.array(ProduceResult)),
  'search.start': query(SearchRequest, s.object({ searchId: s.string(), total: s.int() })),
  'search.cancel': query(s.object({ searchId: s.string() }), none),
  'templates.list': query(none, templateList),
  'templates.save': command(Template, templateList),
  'templates.delete': command(s.object({ name: s.string() }), templateList),
  'templates.preview': query(TemplatePreviewRequest, s.array(ImportedRecord)),
  'producer.start': command(BulkProduceRequest, s.object({ jobId: s.string() })),
  'producer.cancel': command(s.object({ jobId: s.string() }), none),
  /** The decoded message as JSON: 64-bit integers and enums as strings, bytes as base64, unset fields as defaults. */
  'decode.protobuf': query(DecodeProtobufRequest, s.unknown()),
  'schemas.subjects': query(s.object({ includeDeleted: s.optional(s.boolean()) }), SchemaRegistryOverview),
  'schemas.subject': query(s.object({ subject: s.string() }), SubjectDetail),
  /** subject null: the global level. level null: the subject follows the global level again. */
  'schemas.setCompatibility': command(s.object({ subject: s.nullable(s.string()), level: s.nullable(CompatibilityLevel) }), none),
  'schemas.check': query(SchemaDraft, CompatibilityReport),
  'schemas.register': command(SchemaDraft, s.object({ id: s.int(), version: s.int() })),
  /** version null: the whole subject. permanent: soft-deletes first when needed, then removes for good. */
  'schemas.delete': command(s.object({ subject: s.string(), version: s.nullable(s.int()), permanent: s.boolean() }), none),
  'transactions.list': query(none, s.array(TransactionSummary)),
  'transactions.describe': query(transactionRef, TransactionDetail),
  'transactions.abort': command(AbortTransactionRequest, AbortTransactionResult),
  'transactions.produce': command(TransactionalProduceRequest, TransactionalProduceResult),
  /** Commit or abort the transaction `transactions.produce` opened: COMMIT or ABORT markers on its partitions. */
  'transactions.end': command(s.object({ transactionalId: s.string(), commit: s.boolean() }), s.object({ transactionalId: s.string(), committed: s.boolean(), records: s.int() })),
  /** The topic's reassignments in progress after the change (AlterPartitionReassignments, then List). */
  'partitions.reassign': command(ReassignPartitionRequest, s.array(PartitionReassignment)),
  'partitions.reassignments': query(topicRef, s.array(PartitionReassignment)),
  'security.describe': query(none, SecurityState),
  /** The local cluster's client settings (NOT_LOCAL_CLUSTER on an external connection). */
  'security.clientSettings': query(none, ClientSettings),
  /** Restart the local cluster's brokers on the listeners the saved localSecurity setting names. */
  'cluster.applySecurity': command(none, ClientSettings),
  'security.users.save': command(ScramUserRequest, SecurityState),
  'security.users.delete': command(s.object({ name: s.string() }), SecurityState),
  'security.acls.create': command(AclEntry, SecurityState),
  'security.acls.delete': command(AclEntry, SecurityState),
  /** A broker's configs as it describes them (DescribeConfigs on the BROKER resource). */
  'brokers.configs': query(s.object({ brokerId: s.int() }), s.array(ResourceConfig)),
  /** Changes a broker's dynamic configs; Kafka's refusal (INVALID_CONFIG, INVALID_REQUEST) is the error. */
  'brokers.alterConfigs': command(s.object({ brokerId: s.int(), set: s.record(s.string()), reset: s.array(s.string()) }), s.array(ResourceConfig)),
  /** A group's GROUP configs, with the broker's value for those it does not set. */
  'groups.configs': query(groupRef, s.array(ResourceConfig)),
  'groups.alterConfigs': command(s.object({ groupId: s.string(), set: s.record(s.string()), reset: s.array(s.string()) }), s.array(ResourceConfig)),
  'cluster.events': query(none, ClusterEventHistory),
} as const;

export interface EventSpec<P> {
  kind: EventKind;
  payload: Shape<P>;
}
const state = <P>(payload: Shape<P>): EventSpec<P> => ({ kind: 'state', payload });
const stream = <P>(payload: Shape<P>): EventSpec<P> => ({ kind: 'stream', payload });

export const EVENTS = {
  'cluster.state': state(ClusterStateEvent),
  'metrics.sample': stream(MetricsSample),
  'tail.records': stream(TailEvent),
  'search.progress': stream(SearchProgressEvent),
  'producer.progress': stream(ProducerProgressEvent),
  'cluster.events': stream(ClusterEventsBatch),
} as const;

type Table = typeof METHODS;
/** Every method as request -> response, derived from METHODS. */
export type Methods = {
  [K in keyof Table]: Table[K] extends MethodSpec<infer Req, infer Res> ? { request: Req; response: Res } : never;
};
/** Every event's payload, derived from EVENTS. */
export type Events = {
  [E in keyof typeof EVENTS]: (typeof EVENTS)[E] extends EventSpec<infer P> ? P : never;
};

export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type MethodRequest<K extends MethodName> = Methods[K]['request'];
export type MethodResponse<K extends MethodName> = Methods[K]['response'];
export type EventPayload<E extends EventName> = Events[E];

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

/**
 * An untyped request (off a WebSocket or IPC) checked against the method's request shape: the request with
 * only its declared fields, or an INVALID_REQUEST error naming the method, the field and what it must be.
 */
export function checkRequest<K extends MethodName>(method: K, request: unknown):
  { ok: true; value: MethodRequest<K> } | { ok: false; error: ContractError } {
  const r = parseShape(METHODS[method].request as Shape<MethodRequest<K>>, request);
  if (r.ok) return r;
  const { field, expected, got } = r.mismatch;
  const what = field ? `field '${field}'` : 'the request';
  return { ok: false, error: { name: 'INVALID_REQUEST', message: `${method}: ${what} must be ${expected}, got ${got}.`, field } };
}

// ---- calls and the two sides ----

/** What a transport carries back for a call: the response, or the error, never a thrown exception. */
export type CallResult<K extends MethodName> =
  | { ok: true; value: MethodResponse<K> }
  | { ok: false; error: ContractError };

/** Thrown in the UI by a bridge call that failed. */
export class StreamlabError extends Error implements ContractError {
  override readonly name: string;
  readonly kafkaCode?: number;
  readonly field?: string;
  constructor(e: ContractError) {
    super(e.message);
    this.name = e.name;
    if (e.kafkaCode !== undefined) this.kafkaCode = e.kafkaCode;
    if (e.field !== undefined) this.field = e.field;
  }
}

// ---- the two sides ----

/** Who is calling: a window (Electron) or a WebSocket connection. Tail subscriptions belong to a client. */
export interface CallContext {
  clientId: string;
}

/** The backend: one function per method. app/console implements it; every host serves it. */
export type Handlers = {
  [K in MethodName]: (request: MethodRequest<K>, ctx: CallContext) => Promise<MethodResponse<K>>;
};

/** The request argument of a call: none for methods whose request is `void`. */
export type RequestArgs<K extends MethodName> = MethodRequest<K> extends void ? [] : [request: MethodRequest<K>];

/** What the UI holds: window.streamlab in Electron, the WebSocket client in a browser. */
export interface Bridge {
  /** Requests typed `void` are omitted: `call('cluster.overview')`. Rejects with StreamlabError. */
  call<K extends MethodName>(method: K, ...request: RequestArgs<K>): Promise<MethodResponse<K>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Wire messages of the WebSocket transport (JSON). */
export type WireRequest = { type: 'call'; id: number; method: string; request: unknown };
export type WireMessage =
  | { type: 'result'; id: number; result: CallResult<MethodName> }
  | { type: 'event'; event: EventName; payload: unknown }
  /** The host could not read a frame (not JSON, or not a call) and had no id to answer to. */
  | { type: 'error'; error: ContractError };
