// A broker's part in transactions: its TransactionCoordinator (for the transaction-state partitions placed
// on it, coordinator-placement.ts), the coordinator's timer, and the leader side of produce verification.
//
// State lives in the catalog (TransactionStore, migrations/006-transactions.sql), so a new coordinator loads
// a partition's ids from there when the partition moves to it, finishes what was prepared and aborts what
// timed out. Loads and unloads run one at a time, in the order the metadata images arrived.
//
// Produce verification (KIP-890): before a leader appends the first transactional batch of a producer's
// transaction to a partition, it asks the coordinator whether the partition is in the transaction
// (AddPartitionsToTxn v4+, VerifyOnly) — or, for a transactions v2 client (Produce v12+), adds it
// (VerifyOnly false). Later batches of the same open transaction need no check. Batches of one producer
// to one partition are appended in arrival order even while a check is outstanding.

import type { InterBrokerConnection } from './broker-channels.ts';
import { ApiKey } from '../../protocol/api-keys.ts';
import { errorName, type ErrorName } from '../../protocol/error-codes.ts';
import type { Catalog } from '../../catalog/catalog.ts';
import type { MetadataView, BrokerEndpoint } from '../metadata-image.ts';
import { BrokerChannels } from './broker-channels.ts';
import { ProtocolMarkerSender } from './protocol-marker-sender.ts';
import { coordinatorEpochOf, coordinatorOfPartition, partitionsCoordinatedBy } from './coordinator-placement.ts';
import { TransactionCoordinator, type TransactionCoordinatorConfig, type TransactionStateStore } from './transaction-coordinator.ts';
import type { TransactionMetadata } from './transaction-metadata.ts';

const TICK_MS = 100;
/**
 * With no transaction open and no marker undelivered the coordinator's timer wakes this seldom: an idle
 * broker should not wake ten times a second. A transaction that starts meanwhile has its timeout checked at
 * most this much later (Kafka checks every 10 s, transaction.abort.timed.out.transaction.cleanup.interval.ms).
 */
const IDLE_TICK_MS = 1000;
const ADD_PARTITIONS_BROKER_VERSION = 5;

export interface BrokerTransactionsOptions {
  brokerId: number;
  catalog: Catalog;
  view(): MetadataView;
  allocateProducerId(): Promise<number>;
  config?: Partial<TransactionCoordinatorConfig>;
  log?: (msg: string) => void;
  /** How the channels to other brokers connect and authenticate (a secured listener's TLS and SASL). */
  connection?: () => InterBrokerConnection;
}

interface AddPartitionsResult {
  errorCode: number;
  resultsByTransaction: { transactionalId: string; topicResults: { name: string; resultsByPartition: { partitionIndex: number; partitionErrorCode: number }[] }[] }[];
}

export class BrokerTransactions {
  readonly coordinator: TransactionCoordinator;
  readonly channels: BrokerChannels;
  private chain: Promise<void> = Promise.resolve();
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** The timer is waiting the idle interval. */
  private idle = false;
  private stopped = false;
  /** producer-to-partition append order while a verification is outstanding. */
  private readonly appendQueues = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: BrokerTransactionsOptions) {
    const catalog = opts.catalog;
    const store: TransactionStateStore = {
      loadPartition: (p) => catalog.transactions.loadPartition(p) as unknown as TransactionMetadata[],
      put: (p, m) => catalog.transactions.put(p, m),
      remove: (id) => catalog.transactions.remove(id),
    };
    this.channels = new BrokerChannels(opts.brokerId, opts.view, undefined, opts.connection);
    const sender = new ProtocolMarkerSender(this.channels, opts.view, {
      complete: (groupId, producerId, commit) => void catalog.pendingTxnOffsets.complete(groupId, producerId, commit),
    });
    this.coordinator = new TransactionCoordinator(store, sender, opts.allocateProducerId, { now: () => Date.now() }, opts.config);
    this.schedule(TICK_MS);
  }

  private get numPartitions(): number {
    return this.coordinator.config.stateLogNumPartitions;
  }

  /** FindCoordinator(TRANSACTION): the broker placed on the id's transaction-state partition. */
  coordinatorFor(transactionalId: string, view = this.opts.view()): BrokerEndpoint | undefined {
    return coordinatorOfPartition(this.coordinator.partitionFor(transactionalId), view.image.brokers);
  }

  /** A new metadata image: load the partitions placed here now, unload those placed elsewhere. */
  applyMetadata(view: MetadataView): void {
    if (this.stopped) return;
    const want = new Set(partitionsCoordinatedBy(this.opts.brokerId, view.image.brokers, this.numPartitions));
    const imageEpoch = view.image.epoch;
    this.chain = this.chain.then(async () => {
      if (this.stopped) return;
      const owned = this.coordinator.ownedPartitions;
      for (const p of [...owned.keys()]) if (!want.has(p)) this.coordinator.unload(p);
      const gained = [...want].filter((p) => !owned.has(p));
      if (gained.length === 0) return;
      const epoch = coordinatorEpochOf(this.opts.catalog.cluster.info().controllerEpoch, imageEpoch);
      for (const p of gained) await this.coordinator.load(p, epoch);
    }).catch((e: unknown) => this.opts.log?.(`broker ${this.opts.brokerId}: loading transaction state failed: ${(e as Error).message}`));
  }

  /** Resolves once the loads and unloads of the images applied so far are done. */
  settled(): Promise<void> {
    return this.chain;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.idle = ms > TICK_MS;
    this.timer = setTimeout(() => this.tick(), ms);
    this.timer.unref();
  }

  /**
   * The coordinator, for a request that may start timed work (a transaction to time out, markers to retry):
   * the timer goes back to its short interval now rather than after an idle wait.
   */
  forRequest(): TransactionCoordinator {
    if (this.idle && !this.ticking && !this.stopped) {
      clearTimeout(this.timer);
      this.schedule(TICK_MS);
    }
    return this.coordinator;
  }

  private tick(): void {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    this.coordinator.tick()
      .catch((e: unknown) => this.opts.log?.(`broker ${this.opts.brokerId}: transaction coordinator tick failed: ${(e as Error).message}`))
      .finally(() => {
        this.ticking = false;
        this.schedule(this.coordinator.hasTimedWork() ? TICK_MS : IDLE_TICK_MS);
      });
  }

  /**
   * Is `topic`-`partition` part of the producer's ongoing transaction (add: make it part, transactions v2)?
   * Answers with the coordinator's error as a leader passes it on to a producer (Kafka's
   * AddPartitionsToTxnManager): retriable coordinator trouble becomes NOT_ENOUGH_REPLICAS, so the producer
   * retries; a partition outside the transaction is INVALID_TXN_STATE.
   */
  async verifyPartition(
    transactionalId: string, producerId: number, producerEpoch: number, topic: string, partition: number, add: boolean,
  ): Promise<ErrorName> {
    let error: ErrorName;
    try {
      error = await this.askCoordinator(transactionalId, producerId, producerEpoch, topic, partition, add);
    } catch {
      error = 'NETWORK_EXCEPTION';
    }
    switch (error) {
      case 'NONE': return 'NONE';
      case 'NOT_COORDINATOR': case 'COORDINATOR_NOT_AVAILABLE': case 'COORDINATOR_LOAD_IN_PROGRESS':
      case 'CONCURRENT_TRANSACTIONS': case 'NETWORK_EXCEPTION': case 'REQUEST_TIMED_OUT':
        return 'NOT_ENOUGH_REPLICAS';
      case 'PRODUCER_FENCED': case 'INVALID_PRODUCER_EPOCH': return 'INVALID_PRODUCER_EPOCH';
      case 'TRANSACTION_ABORTABLE': case 'INVALID_PRODUCER_ID_MAPPING': case 'INVALID_TXN_STATE': return 'INVALID_TXN_STATE';
      default: return error;
    }
  }

  private async askCoordinator(
    transactionalId: string, producerId: number, producerEpoch: number, topic: string, partition: number, add: boolean,
  ): Promise<ErrorName> {
    const coordinator = this.coordinatorFor(transactionalId);
    if (coordinator === undefined) return 'COORDINATOR_NOT_AVAILABLE';
    if (coordinator.id === this.opts.brokerId) {
      if (add) return this.coordinator.addParticipants(transactionalId, producerId, producerEpoch, [{ topic, partition }], 2);
      return this.coordinator.verifyParticipants(transactionalId, producerId, producerEpoch, [{ topic, partition }]).values().next().value ?? 'UNKNOWN_SERVER_ERROR';
    }
    const res = await this.channels.request(coordinator.id, ApiKey.AddPartitionsToTxn, ADD_PARTITIONS_BROKER_VERSION, {
      transactions: [{ transactionalId, producerId, producerEpoch, verifyOnly: !add, topics: [{ name: topic, partitions: [partition] }] }],
    }) as unknown as AddPartitionsResult;
    if (res.errorCode !== 0) return errorName(res.errorCode) as ErrorName;
    const code = res.resultsByTransaction[0]?.topicResults[0]?.resultsByPartition[0]?.partitionErrorCode;
    return code === undefined ? 'UNKNOWN_SERVER_ERROR' : errorName(code) as ErrorName;
  }

  /** Is a step queued (or running asynchronously) under `key`? */
  hasQueued(key: string): boolean {
    return this.appendQueues.has(key);
  }

  /**
   * Runs `step` after the earlier steps queued under `key` (one producer on one partition); runs it at once
   * when nothing is queued. A step that returns a promise holds the queue until it settles.
   */
  inOrder<T>(key: string, step: () => T | Promise<T>): T | Promise<T> {
    const before = this.appendQueues.get(key);
    const result = before === undefined ? step() : before.then(step, step);
    if (!(result instanceof Promise)) return result;
    this.appendQueues.set(key, result);
    const clear = () => {
      if (this.appendQueues.get(key) === result) this.appendQueues.delete(key);
    };
    result.then(clear, clear);
    return result;
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    for (const p of [...this.coordinator.ownedPartitions.keys()]) this.coordinator.unload(p);
    await this.channels.close();
  }
}
