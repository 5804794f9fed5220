// The one contract between the UI (renderer/) and its backend (app/console/), typed once.
//
// Every method is a request -> response pair in `Methods`; every event a payload in `Events`. The runtime
// tables METHODS and EVENTS are `Record<Name, Kind>`: adding a method or event to the interfaces without
// listing it there (or listing one that does not exist) is a compile error, and every transport (Electron
// IPC in app/main + app/preload, WebSocket in app/serve + renderer/bridge.ts) wires exactly what those
// tables list. The backend implements `Handlers`, so the compiler also forces every method to be served.
// contract.test.ts snapshots the whole surface.
//
// Everything crossing the boundary is plain JSON (structured-clone safe): offsets are JS numbers (exact up
// to 2^53, far beyond any partition a desktop cluster will hold), bytes are base64 strings.
//
// Imports: this file imports nothing, so renderer/ may import it without pulling in Node or the engine.

// ---- shared shapes ----

export type BrokerState = 'running' | 'stopped';
export type BrokerAction = 'stop' | 'kill' | 'restart';
/** The one colour language of the UI: every partition, topic and broker has one of these. */
export type Health = 'healthy' | 'under-replicated' | 'offline';

export interface BrokerInfo {
  id: number;
  host: string;
  port: number;
  state: BrokerState;
  /** Partitions this broker leads, from the latest Metadata. */
  leaderCount: number;
  /** Partition replicas placed on this broker. */
  replicaCount: number;
  isController: boolean;
}

export interface PartitionInfo {
  partition: number;
  /** -1 when the partition has no leader (offline). */
  leader: number;
  leaderEpoch: number;
  replicas: number[];
  isr: number[];
  offlineReplicas: number[];
  logStartOffset: number;
  /** Log end offset of the leader (high watermark + the leader's unreplicated tail). */
  endOffset: number;
  highWatermark: number;
  /** Bytes on the leader's disk; -1 when the leader did not answer. */
  sizeBytes: number;
  health: Health;
}

export interface TopicSummary {
  name: string;
  id: string;
  partitions: number;
  replicationFactor: number;
  /** Sum over partitions of (high watermark - log start offset). */
  messages: number;
  sizeBytes: number;
  underReplicatedPartitions: number;
  offlinePartitions: number;
  health: Health;
}

export interface ClusterOverview {
  clusterId: string;
  controllerId: number;
  bootstrapServers: string;
  /** True for the embedded local cluster: broker lifecycle controls are available. */
  local: boolean;
  brokers: BrokerInfo[];
  topics: TopicSummary[];
  underReplicatedPartitions: number;
  offlinePartitions: number;
}

export interface ConfigEntry {
  name: string;
  value: string | null;
  /** True when the value is the default (not set on the topic). */
  isDefault: boolean;
  readOnly: boolean;
  sensitive: boolean;
}

export interface TopicDetail {
  name: string;
  id: string;
  partitions: PartitionInfo[];
  configs: ConfigEntry[];
}

export interface CreateTopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Topic configs by Kafka name, e.g. { 'retention.ms': '3600000' }. */
  configs: Record<string, string>;
}

export interface Header {
  key: string;
  value: string;
}

export type ValueFormat = 'text' | 'json';

export interface ProduceRequest {
  topic: string;
  /** null: the producer's partitioner picks one. */
  partition: number | null;
  key: string | null;
  value: string;
  /** 'json': the value (and key, if given) must parse as JSON; nothing is written otherwise. */
  format: ValueFormat;
  headers: Header[];
}

export interface ProduceResult {
  topic: string;
  partition: number;
  offset: number;
}

export interface ConsumedRecord {
  partition: number;
  offset: number;
  /** Milliseconds since the epoch. */
  timestamp: number;
  /** Base64 of the key bytes; null for a null key. */
  key: string | null;
  /** Base64 of the value bytes; null for a tombstone. */
  value: string | null;
  headers: { key: string; value: string | null }[];
  /** Bytes of key + value. */
  size: number;
}

export interface BrowseRequest {
  topic: string;
  partition: number;
  /** First offset wanted; clamped to the log start offset. */
  offset: number;
  /** At most this many records (1..1000). */
  limit: number;
}

export interface MessagePage {
  topic: string;
  partition: number;
  logStartOffset: number;
  highWatermark: number;
  records: ConsumedRecord[];
}

export interface GroupSummary {
  groupId: string;
  state: string;
  protocolType: string;
  members: number;
  topics: string[];
  /** Sum of per-partition lag over the committed partitions; null when the offsets could not be read. */
  totalLag: number | null;
}

export interface GroupMemberInfo {
  memberId: string;
  clientId: string;
  host: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupPartitionLag {
  topic: string;
  partition: number;
  /** null: no offset committed yet. */
  committed: number | null;
  endOffset: number;
  /** endOffset - committed (endOffset - logStart when nothing is committed). */
  lag: number;
  memberId: string | null;
}

export interface GroupDetail {
  groupId: string;
  state: string;
  protocol: string;
  members: GroupMemberInfo[];
  offsets: GroupPartitionLag[];
  totalLag: number;
}

export type Theme = 'dark' | 'light';

export interface Settings {
  theme: Theme;
  /** Brokers the local cluster starts with when no --brokers is given (1..16). */
  defaultBrokerCount: number;
  /** How long 1-minute metrics points are kept (1..90 days); 1-second points are kept for an hour. */
  metricsRetentionDays: number;
}

// ---- metrics history, group offset resets, topic admin, connections (issue 5) ----

/** One point of a throughput series: rates over the interval ending at `at`. */
export interface ThroughputPoint {
  at: number;
  messagesPerSec: number;
  bytesPerSec: number;
}

/** One point of a group's lag series: total records behind, and the age of the oldest unconsumed record. */
export interface LagPoint {
  at: number;
  lag: number;
  /** Seconds; null when nothing is behind (or its timestamp could not be read). */
  lagSeconds: number | null;
}

/** A topic's rates for the topics table: written (in) and consumed by groups (out: committed offsets' progress). */
export interface TopicRates {
  in: ThroughputPoint[];
  /** messagesPerSec only (bytesPerSec is 0): the sum over groups of committed-offset progress. */
  out: ThroughputPoint[];
}

export interface SeriesRequest {
  /** Start of the window, ms since the epoch (default: one hour ago). */
  since?: number;
}

export type OffsetResetMode = 'earliest' | 'latest' | 'timestamp' | 'offset' | 'shift';

export interface ResetOffsetsRequest {
  groupId: string;
  /** Topics to reset (default: every topic the group has offsets for). */
  topics?: string[];
  mode: OffsetResetMode;
  /** timestamp: ms since the epoch; offset: the offset; shift: records to move by (negative = back). */
  value?: number;
  /** true: only plan, change nothing. */
  dryRun: boolean;
}

export interface OffsetResetRow {
  topic: string;
  partition: number;
  /** null: nothing committed yet. */
  current: number | null;
  target: number;
  logStartOffset: number;
  endOffset: number;
}

export interface ResetOffsetsResult {
  rows: OffsetResetRow[];
  applied: boolean;
}

export interface AlterConfigsRequest {
  topic: string;
  /** Configs to set, by Kafka name. */
  set: Record<string, string>;
  /** Configs to return to their default. */
  reset: string[];
}

export interface PartitionSegments {
  partition: number;
  /** The broker whose log is shown (the leader). */
  broker: number;
  segments: { baseOffset: number; sizeBytes: number }[];
}

export interface TopicSegments {
  /** false for an external cluster: Kafka's protocol does not describe segments. */
  available: boolean;
  partitions: PartitionSegments[];
}

export type SaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

export interface ConnectionConfig {
  /** 'local' is the embedded cluster; external connections get a generated id. */
  id: string;
  name: string;
  /** host:port, comma-separated; empty for 'local'. */
  bootstrapServers: string;
  sasl: { mechanism: SaslMechanism; username: string; password: string } | null;
  tls: boolean;
}

export interface ConnectionsState {
  activeId: string;
  /** 'local' first; passwords are never sent back (empty strings). */
  connections: ConnectionConfig[];
}

export interface AppInfo {
  version: string;
  /** 'electron' or 'web': which host serves this UI. */
  host: 'electron' | 'web';
  dataDir: string;
  bootstrapServers: string;
}

export interface TailStartRequest {
  topic: string;
  partition: number;
  /** Start after this offset; default: the current high watermark (only new records). */
  fromOffset?: number;
}

// ---- search, export/import, bulk produce, templates (issue 5) ----

export interface SearchRequest {
  topic: string;
  /** Empty or omitted: every partition. */
  partitions?: number[];
  /** Per partition: first offset scanned (inclusive) and where to stop (exclusive). */
  fromOffset?: number;
  toOffset?: number;
  /** Milliseconds since the epoch: records with fromTime <= timestamp <= toTime. */
  fromTime?: number;
  toTime?: number;
  /** Case-sensitive substring of the key / value / any header value (UTF-8). */
  keyContains?: string;
  valueContains?: string;
  headerContains?: string;
  /** A JavaScript regular expression (source, flags) tested against the key and value text. */
  regex?: string;
  regexFlags?: string;
  /** A JavaScript expression over `r` (key, value, headers, partition, offset, timestamp; r.json parses the value). */
  predicate?: string;
  /** Time limit of the predicate per record (default 20 ms) and in total (default 30 s). */
  predicateTimeoutMs?: number;
  totalTimeoutMs?: number;
  /** Stop after this many matches (default 1000, at most 100000). */
  limit?: number;
}

export interface SearchProgressEvent {
  searchId: string;
  scanned: number;
  total: number;
  matched: number;
  /** Matches found since the previous event. */
  records: ConsumedRecord[];
  done: boolean;
  cancelled: boolean;
  /** Why the search stopped early (a predicate over its time limit, a broker error). */
  error?: ContractError;
}

export type ExportFormat = 'jsonl' | 'csv';

export interface ExportRequest {
  topic: string;
  format: ExportFormat;
  records: ConsumedRecord[];
}

export interface ImportRequest {
  topic: string;
  format: ExportFormat;
  content: string;
  /** true: validate and preview only; nothing is written. */
  dryRun: boolean;
  /** true: each record goes to the partition it names; false: the partitioner chooses. */
  keepPartitions: boolean;
}

/** A record to write (import preview, template preview): key and value as base64 (null: null), headers as text. */
export interface ImportedRecord {
  partition: number | null;
  key: string | null;
  value: string | null;
  headers: Header[];
  timestamp: number | null;
}

export interface ImportResult {
  /** Valid records in the file. */
  count: number;
  /** The first records, as they would be written. */
  preview: ImportedRecord[];
  /** One per bad line; when there is any, nothing was written. */
  errors: { line: number; message: string }[];
  written: number;
}

export type Compression = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

export interface Template {
  name: string;
  /** Templates: text with {{generators}} (see templates.ts). A null key template: null keys. */
  key: string | null;
  value: string;
  headers: Header[];
  format: ValueFormat;
}

export interface TemplatePreviewRequest {
  template: Template;
  count: number;
}

export interface BulkProduceRequest {
  topic: string;
  partition: number | null;
  template: Template;
  count: number;
  /** Records per second; 0: as fast as the cluster takes them. */
  ratePerSec: number;
  compression: Compression;
  /** 0, 1 or -1 (all). */
  acks: number;
}

export interface ProducerProgressEvent {
  jobId: string;
  topic: string;
  sent: number;
  total: number;
  done: boolean;
  cancelled: boolean;
  /** Offsets written, per partition. */
  partitions: { partition: number; firstOffset: number; lastOffset: number }[];
  error?: ContractError;
}

export interface ReplayRequest {
  topic: string;
  /** null: the partitioner chooses; otherwise every record goes to this partition. */
  partition: number | null;
  records: ConsumedRecord[];
}

// ---- decoding with a schema ----

/** Decode a value with a .proto schema (parsed as text; imports are not loaded) as a fully-qualified message type. */
export interface DecodeProtobufRequest {
  schema: string;
  /** e.g. 'shop.Order' (package + message name). */
  messageType: string;
  valueBase64: string;
}

// ---- methods: request -> response ----

export interface Methods {
  'app.info': { request: void; response: AppInfo };
  'settings.get': { request: void; response: Settings };
  'settings.update': { request: Partial<Settings>; response: Settings };
  'cluster.overview': { request: void; response: ClusterOverview };
  'brokers.action': { request: { brokerId: number; action: BrokerAction }; response: BrokerInfo[] };
  'topics.describe': { request: { topic: string }; response: TopicDetail };
  'topics.create': { request: CreateTopicRequest; response: TopicSummary };
  'topics.delete': { request: { topic: string }; response: void };
  'messages.produce': { request: ProduceRequest; response: ProduceResult };
  'messages.browse': { request: BrowseRequest; response: MessagePage };
  'tail.start': { request: TailStartRequest; response: { subscriptionId: string } };
  'tail.stop': { request: { subscriptionId: string }; response: void };
  'groups.list': { request: void; response: GroupSummary[] };
  'groups.describe': { request: { groupId: string }; response: GroupDetail };
  'groups.resetOffsets': { request: ResetOffsetsRequest; response: ResetOffsetsResult };
  'groups.delete': { request: { groupId: string }; response: void };
  'topics.purge': { request: { topic: string }; response: void };
  'topics.alterConfigs': { request: AlterConfigsRequest; response: TopicDetail };
  'topics.addPartitions': { request: { topic: string; totalCount: number }; response: TopicDetail };
  'topics.segments': { request: { topic: string }; response: TopicSegments };
  'brokers.add': { request: void; response: BrokerInfo[] };
  'metrics.cluster': { request: SeriesRequest; response: ThroughputPoint[] };
  'metrics.topic': { request: SeriesRequest & { topic: string }; response: ThroughputPoint[] };
  'metrics.topics': { request: SeriesRequest; response: Record<string, TopicRates> };
  'metrics.group': { request: SeriesRequest & { groupId: string }; response: LagPoint[] };
  'connections.list': { request: void; response: ConnectionsState };
  'connections.save': { request: ConnectionConfig; response: ConnectionsState };
  'connections.delete': { request: { id: string }; response: ConnectionsState };
  'connections.use': { request: { id: string }; response: ConnectionsState };
  'messages.offsetForTime': { request: { topic: string; partition: number; timestamp: number }; response: { offset: number } };
  'messages.export': { request: ExportRequest; response: { fileName: string; mimeType: string; content: string } };
  'messages.import': { request: ImportRequest; response: ImportResult };
  'messages.replay': { request: ReplayRequest; response: ProduceResult[] };
  'search.start': { request: SearchRequest; response: { searchId: string; total: number } };
  'search.cancel': { request: { searchId: string }; response: void };
  'templates.list': { request: void; response: Template[] };
  'templates.save': { request: Template; response: Template[] };
  'templates.delete': { request: { name: string }; response: Template[] };
  'templates.preview': { request: TemplatePreviewRequest; response: ImportedRecord[] };
  'producer.start': { request: BulkProduceRequest; response: { jobId: string } };
  'producer.cancel': { request: { jobId: string }; response: void };
  /** The decoded message as JSON: 64-bit integers and enums as strings, bytes as base64, unset fields as defaults. */
  'decode.protobuf': { request: DecodeProtobufRequest; response: unknown };
}

// ---- events: backend -> UI ----

export interface ClusterStateEvent {
  at: number;
  brokers: BrokerInfo[];
  underReplicatedPartitions: number;
  offlinePartitions: number;
}

export interface MetricsSample {
  at: number;
  /** Per topic: messages (sum of high watermarks) and the rate since the previous sample. */
  topics: { topic: string; messages: number; messagesPerSec: number; bytesPerSec?: number }[];
  /** Per broker: listener bytes in/out per second (local cluster only, from broker-internal counters). */
  brokers?: { id: number; bytesInPerSec: number; bytesOutPerSec: number }[];
}

export interface TailEvent {
  subscriptionId: string;
  topic: string;
  partition: number;
  records: ConsumedRecord[];
}

export interface Events {
  'cluster.state': ClusterStateEvent;
  'metrics.sample': MetricsSample;
  'tail.records': TailEvent;
  'search.progress': SearchProgressEvent;
  'producer.progress': ProducerProgressEvent;
}

// ---- the runtime tables every transport wires from ----

export type MethodName = keyof Methods;
export type EventName = keyof Events;
export type MethodRequest<K extends MethodName> = Methods[K]['request'];
export type MethodResponse<K extends MethodName> = Methods[K]['response'];
export type EventPayload<E extends EventName> = Events[E];

/** Method kinds: a 'query' only reads; a 'command' changes the cluster or the console's state. */
export type MethodKind = 'query' | 'command';
export type EventKind = 'state' | 'stream';

export const METHODS = {
  'app.info': 'query',
  'settings.get': 'query',
  'settings.update': 'command',
  'cluster.overview': 'query',
  'brokers.action': 'command',
  'topics.describe': 'query',
  'topics.create': 'command',
  'topics.delete': 'command',
  'messages.produce': 'command',
  'messages.browse': 'query',
  'tail.start': 'command',
  'tail.stop': 'command',
  'groups.list': 'query',
  'groups.describe': 'query',
  'groups.resetOffsets': 'command',
  'groups.delete': 'command',
  'topics.purge': 'command',
  'topics.alterConfigs': 'command',
  'topics.addPartitions': 'command',
  'topics.segments': 'query',
  'brokers.add': 'command',
  'metrics.cluster': 'query',
  'metrics.topic': 'query',
  'metrics.topics': 'query',
  'metrics.group': 'query',
  'connections.list': 'query',
  'connections.save': 'command',
  'connections.delete': 'command',
  'connections.use': 'command',
  'messages.offsetForTime': 'query',
  'messages.export': 'query',
  'messages.import': 'command',
  'messages.replay': 'command',
  'search.start': 'query',
  'search.cancel': 'query',
  'templates.list': 'query',
  'templates.save': 'command',
  'templates.delete': 'command',
  'templates.preview': 'query',
  'producer.start': 'command',
  'producer.cancel': 'command',
  'decode.protobuf': 'query',
} as const satisfies Record<MethodName, MethodKind>;

export const EVENTS = {
  'cluster.state': 'state',
  'metrics.sample': 'stream',
  'tail.records': 'stream',
  'search.progress': 'stream',
  'producer.progress': 'stream',
} as const satisfies Record<EventName, EventKind>;

// A key missing from the interfaces is caught by `satisfies`; these catch a key missing from the tables.
type Exact<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never] ? true : never;
const _methodsComplete: Exact<keyof typeof METHODS, MethodName> = true;
const _eventsComplete: Exact<keyof typeof EVENTS, EventName> = true;
void _methodsComplete;
void _eventsComplete;

export const METHOD_NAMES = Object.keys(METHODS) as MethodName[];
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.hasOwn(METHODS, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(EVENTS, name);
}

// ---- errors ----

/**
 * An error as it crosses the boundary. `name` is Kafka's error name when the cluster refused
 * (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ...), otherwise one of the console's own names
 * (INVALID_JSON, INVALID_REQUEST, NOT_LOCAL_CLUSTER, UNKNOWN_METHOD, INVALID_SCHEMA, UNKNOWN_TYPE, CANNOT_DECODE, INTERNAL).
 */
export interface ContractError {
  name: string;
  message: string;
  /** Kafka's numeric error code when `name` is a Kafka error. */
  kafkaCode?: number;
}

/** What a transport carries back for a call: the response, or the error, never a thrown exception. */
export type CallResult<K extends MethodName> =
  | { ok: true; value: MethodResponse<K> }
  | { ok: false; error: ContractError };

/** Thrown in the UI by a bridge call that failed. */
export class StreamlabError extends Error implements ContractError {
  override readonly name: string;
  readonly kafkaCode?: number;
  constructor(e: ContractError) {
    super(e.message);
    this.name = e.name;
    if (e.kafkaCode !== undefined) this.kafkaCode = e.kafkaCode;
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
  | { type: 'event'; event: EventName; payload: unknown };
