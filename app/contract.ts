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
// The shapes live by resource under contract/ (topics.ts, groups.ts, ...) and are all re-exported here, so
// this file stays the one import of the contract. Imports: only contract-schema.ts, which imports nothing,
// and contract/*.ts, which import only it and each other, so renderer/ may import this file without pulling
// in Node or the engine.

import { parseShape, s, type Shape } from './contract-schema.ts';

import { BrokerAction, BrokerInfo } from './contract/brokers.ts';
import { CreateTopicRequest, PartitionReassignment, ReassignPartitionRequest, TopicDetail, TopicSegments, TopicSummary } from './contract/topics.ts';
import { AlterConfigsRequest, ResourceConfig } from './contract/configs.ts';
import { BrowseRequest, MessagePage, ProduceRequest, ProduceResult, TailEvent, TailStartRequest } from './contract/messages.ts';
import { GroupDetail, GroupSummary, ResetOffsetsRequest, ResetOffsetsResult, SharePartitionState } from './contract/groups.ts';
import { AppInfo, Settings } from './contract/settings.ts';
import { LagPoint, MetricsSample, SeriesRequest, ThroughputPoint, TopicRates } from './contract/metrics.ts';
import { ConnectionConfig, ConnectionsState } from './contract/connections.ts';
import { ClusterEventHistory, ClusterEventsBatch, ClusterMap, ClusterOverview, ClusterStateEvent } from './contract/cluster.ts';
import type { ContractError } from './contract/errors.ts';
import { SearchProgressEvent, SearchRequest } from './contract/search.ts';
import { ExportRequest, ImportRequest, ImportResult, ImportedRecord, ReplayRequest } from './contract/transfer.ts';
import { BulkProduceRequest, ProducerProgressEvent, Template, TemplatePreviewRequest } from './contract/producer.ts';
import { RecordLocation, SegmentDetail } from './contract/log.ts';
import { CompatibilityLevel, CompatibilityReport, DecodeProtobufRequest, SchemaDraft, SchemaRegistryOverview, SubjectDetail } from './contract/registry.ts';
import { AclEntry, ClientSettings, ScramUserRequest, SecurityState } from './contract/security.ts';
import { AbortTransactionRequest, AbortTransactionResult, TransactionDetail, TransactionSummary, TransactionalProduceRequest, TransactionalProduceResult } from './contract/transactions.ts';

// Every shape, re-exported: importers (the renderer above all) import this file and nothing under contract/.
export * from './contract/brokers.ts';
export * from './contract/topics.ts';
export * from './contract/configs.ts';
export * from './contract/messages.ts';
export * from './contract/groups.ts';
export * from './contract/settings.ts';
export * from './contract/metrics.ts';
export * from './contract/connections.ts';
export * from './contract/cluster.ts';
export * from './contract/errors.ts';
export * from './contract/search.ts';
export * from './contract/transfer.ts';
export * from './contract/producer.ts';
export * from './contract/log.ts';
export * from './contract/registry.ts';
export * from './contract/security.ts';
export * from './contract/transactions.ts';

// ---- the tables: every method (kind, request, response) and event (kind, payload), declared once ----

/** Method kinds: a 'query' only reads; a 'command' changes the cluster or the console's state. */
export type MethodKind = 'query' | 'command';

/** Event kinds: a 'state' event carries the whole current state; a 'stream' event carries what is new. */
export type EventKind = 'state' | 'stream';

export interface MethodSpec<Req, Res> {
  kind: MethodKind;
  request: Shape<Req>;
  response: Shape<Res>;
}

const query = <Req, Res>(request: Shape<Req>, response: Shape<Res>): MethodSpec<Req, Res> => ({ kind: 'query', request, response });
const command = <Req, Res>(request: Shape<Req>, response: Shape<Res>): MethodSpec<Req, Res> => ({ kind: 'command', request, response });
/** Start of the window, ms since the epoch (default: one hour ago). */
const since = s.optional(s.number());
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
