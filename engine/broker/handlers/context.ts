// The two contexts of a request, defined once: the request's own (who sent it, in which version; the listener
// builds it for every request) and the broker's (its identity, metadata, replicas, controller and group
// coordinator; the broker builds it once). Handlers are plain functions of (body, request, broker).
//
// A handler is typed by its api's schemas: for api X it receives MessageValue<XRequest> (what the decoder
// produces: every field present) and returns MessageInput<XResponse> (what the encoder accepts: absent fields
// are written as their defaults). The schemas are found by name in engine/protocol/messages/, so an api key
// without both schema files does not compile.

import type { FetchSessionCache } from '../fetch-session.ts';
import type { RequestHeader } from '../../protocol/codec.ts';
import type { ApiKeyName } from '../../protocol/api-keys.ts';
import type * as Messages from '../../protocol/messages/index.ts';
import type { MessageInput, MessageValue } from '../../protocol/schema.ts';
import type { LogConfig } from '../../storage/log-config.ts';
import type { BrokerConfig } from '../broker-config.ts';
import type { DynamicBrokerConfigs } from '../broker-config-dynamic.ts';
import type { ControllerClient } from '../controller-client.ts';
import type { MetadataView } from '../metadata-image.ts';
import type { ReplicaManager } from '../replica-manager.ts';
import type { GroupCoordinator } from '../group/coordinator.ts';
import type { BrokerTransactions } from '../txn/broker-transactions.ts';
import type { PendingTxnOffsetStore } from '../../catalog/transactions.ts';
import type { ShareGroupCoordinator } from '../group/share-groups.ts';
import type { SharePartitionManager } from '../group/share-partition-manager.ts';
import type { ConnectionSecurity } from '../listener.ts';
import type { BrokerSecurity } from '../security/broker-security.ts';

/** One request as the listener received it. */
export interface RequestContext {
  header: RequestHeader;
  apiVersion: number;
  clientId: string;
  clientHost: string;
  connectionId: number;
  /** "User:<name>": the SASL user, the TLS certificate's subject, or User:ANONYMOUS. */
  readonly principal?: string;
  /** The connection's TLS/SASL state (the SASL handlers drive it). */
  security?: ConnectionSecurity;
  /**
   * Whether the caller may do `operation` (AclOperation) on the resource (ResourceType + name); always true
   * without an authorizer. Handlers answer Kafka's *_AUTHORIZATION_FAILED codes when it is false.
   */
  authorize(operation: number, resourceType: number, name: string): boolean;
  /** Whether the caller may do `operation` on some resource of the type (absent: as `authorize` on none, true). */
  authorizeByResourceType?(operation: number, resourceType: number): boolean;
}

/** What every handler may use of its broker. */
export interface BrokerContext {
  brokerId: number;
  host: string;
  port: number;
  config: BrokerConfig;
  /** The settings the broker was started with, and its dynamic ones (the cluster default and its own). */
  staticConfig?: BrokerConfig;
  dynamicConfigs?: () => DynamicBrokerConfigs;
  view(): MetadataView;
  replicas: ReplicaManager;
  controller: ControllerClient;
  groups: GroupCoordinator;
  /** The transaction coordinator of this broker and produce verification. */
  txn: BrokerTransactions;
  /** TxnOffsetCommit's staged offsets (the catalog's, shared by every broker). */
  pendingTxnOffsets: PendingTxnOffsetStore;
  /** KIP-932: the share groups this broker coordinates, and the share partitions it leads. */
  shareGroups: ShareGroupCoordinator;
  sharePartitions: SharePartitionManager;
  configFor(topic: string): LogConfig;
  logDir: string;
  nextProducerId(): Promise<number>;
  /** The listener's security and the authorizer; absent on a PLAINTEXT cluster without one. */
  security?: BrokerSecurity;
  /** Incremental fetch sessions (KIP-227); without it every fetch is sessionless. */
  fetchSessions?: FetchSessionCache;
}

export type RequestSpec<K extends ApiKeyName> = (typeof Messages)[`${K}Request`];
export type ResponseSpec<K extends ApiKeyName> = (typeof Messages)[`${K}Response`];

/** The decoded request body of api K. */
export type RequestOf<K extends ApiKeyName> = MessageValue<RequestSpec<K>>;
/** The response body a handler of api K returns. */
export type ResponseOf<K extends ApiKeyName> = MessageInput<ResponseSpec<K>>;

/** Only Produce with acks=0 goes unanswered; every other handler must answer. */
export type HandlerResult<K extends ApiKeyName> = K extends 'Produce' ? ResponseOf<K> | null : ResponseOf<K>;

export type Handler<K extends ApiKeyName> = (
  body: RequestOf<K>,
  req: RequestContext,
  broker: BrokerContext,
) => Promise<HandlerResult<K>> | HandlerResult<K>;

/** int64 fields decode as number, or bigint past 2^53; offsets and timestamps fit a number. */
export function num(v: number | bigint): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

export function errorOf(e: unknown): { code: number; message: string } {
  const k = e as { code?: unknown; message?: string };
  if (e && typeof k.code === 'number' && (e as Error).name === 'KafkaError') return { code: k.code, message: k.message ?? '' };
  return { code: -1, message: (e as Error)?.message ?? String(e) };
}

/** The element type of an array field: Item<ResponseOf<'Fetch'>['responses']>. */
export type Item<A> = NonNullable<A> extends readonly (infer T)[] ? T : never;
