// The transaction coordinator (Kafka's TransactionCoordinator), without a transport: the handlers
// turn requests into these calls, a MarkerSender delivers COMMIT/ABORT markers, a store keeps the
// state durable, and a Clock tells the time. Time-driven work — aborting transactions past their
// timeout, retrying markers, expiring idle transactional ids — runs when tick() is called.
//
// Ordering, as in Kafka: a new state is written to the store before it is adopted in memory or
// answered, so a crash between the two repeats the request instead of losing it. EndTxn answers
// once PrepareCommit/PrepareAbort is durable; the markers follow, and the id moves to Complete*
// only when every participant has acknowledged its marker. On load, Prepare* states resume their
// markers and Ongoing transactions past their timeout are aborted.
//
// One operation per transactional id at a time: a second one meanwhile is answered
// CONCURRENT_TRANSACTIONS (Kafka's pendingTransitionInProgress); clients retry it.

import type { ErrorName } from '../../protocol/error-codes.ts';
import { MarkerDelivery, type MarkerSender } from './marker-delivery.ts';
import { transactionStatePartition, DEFAULT_TRANSACTION_STATE_PARTITIONS } from './coordinator-partition.ts';
import {
  isEpochExhausted, newTransactionMetadata, NO_PRODUCER_EPOCH, NO_PRODUCER_ID, participantKey, prepareAddParticipants,
  prepareComplete, prepareDead, prepareEndTransaction, prepareFenceEpoch, prepareIncrementEpoch, prepareProducerIdRotation,
  supportsEpochBump, type TransactionMetadata, type TxnParticipant, type TxnResult,
} from './transaction-metadata.ts';
import { EXPIRATION_ALLOWED, type TxnState } from './transaction-state.ts';
import { listTransactions, type ListTransactionsFilter, type TransactionList } from './transaction-listing.ts';

export type { ListTransactionsFilter, TransactionList, TransactionListing } from './transaction-listing.ts';

export interface Clock {
  now(): number;
}

/** Durable transaction state (the catalog implements it). A call that throws leaves the state as it was. */
export interface TransactionStateStore {
  loadPartition(partition: number): readonly TransactionMetadata[] | Promise<readonly TransactionMetadata[]>;
  put(partition: number, m: TransactionMetadata): void | Promise<void>;
  remove(transactionalId: string): void | Promise<void>;
}

export type ProducerIdAllocator = () => number | Promise<number>;

export interface TransactionCoordinatorConfig {
  /** transaction.max.timeout.ms: the longest transaction.timeout.ms a producer may ask for. */
  transactionMaxTimeoutMs: number;
  /** transactional.id.expiration.ms: an idle id is forgotten after this long. */
  transactionalIdExpirationMs: number;
  /** transaction.remove.expired.transaction.cleanup.interval.ms */
  removeExpiredIntervalMs: number;
  /** transaction.state.log.num.partitions: how ids are spread over coordinators. */
  stateLogNumPartitions: number;
  /** The transaction version the server runs timeouts and fences with (2: bump at every end). */
  serverTransactionVersion: number;
  /** Wait before a failed marker is sent again. */
  markerRetryBackoffMs: number;
}

export const DEFAULT_TXN_COORDINATOR_CONFIG: TransactionCoordinatorConfig = {
  transactionMaxTimeoutMs: 900_000,
  transactionalIdExpirationMs: 604_800_000,
  removeExpiredIntervalMs: 3_600_000,
  stateLogNumPartitions: DEFAULT_TRANSACTION_STATE_PARTITIONS,
  serverTransactionVersion: 2,
  markerRetryBackoffMs: 100,
};

export interface ProducerIdAndEpoch {
  error: ErrorName;
  producerId: number;
  producerEpoch: number;
}

export interface InitProducerIdInput {
  transactionalId: string | null;
  transactionTimeoutMs: number;
  /** KIP-360 (v3+): the id and epoch the producer last had; -1 when it has none. */
  producerId?: number;
  producerEpoch?: number;
}

export interface TransactionDescription {
  error: ErrorName;
  transactionalId: string;
  state: TxnState | '';
  timeoutMs: number;
  startTimestamp: number;
  producerId: number;
  producerEpoch: number;
  participants: readonly TxnParticipant[];
}

/** States in which a transaction waits for nothing time-driven (only, much later, id expiry). */
const RESTING_STATES: ReadonlySet<TxnState> = new Set<TxnState>(['Empty', 'CompleteCommit', 'CompleteAbort', 'Dead']);

const failed = (error: ErrorName): ProducerIdAndEpoch => ({ error, producerId: NO_PRODUCER_ID, producerEpoch: NO_PRODUCER_EPOCH });

export class TransactionCoordinator {
  readonly config: TransactionCoordinatorConfig;
  /** Loaded partition -> its coordinator epoch. */
  private readonly owned = new Map<number, number>();
  private readonly txns = new Map<string, TransactionMetadata>();
  private readonly busy = new Set<string>();
  private readonly markers: MarkerDelivery;
  private lastExpiryRun = -Infinity;

  constructor(
    private readonly store: TransactionStateStore,
    markerSender: MarkerSender,
    private readonly allocateProducerId: ProducerIdAllocator,
    private readonly clock: Clock,
    config: Partial<TransactionCoordinatorConfig> = {},
  ) {
    this.config = { ...DEFAULT_TXN_COORDINATOR_CONFIG, ...config };
    this.markers = new MarkerDelivery(markerSender, clock, this.config.markerRetryBackoffMs, (id) => this.onMarkersDone(id));
  }

  partitionFor(transactionalId: string): number {
    return transactionStatePartition(transactionalId, this.config.stateLogNumPartitions);
  }

  /** Becomes coordinator of `partition` (Kafka's onElection): loads its ids and finishes what they left. */
  async load(partition: number, coordinatorEpoch: number): Promise<void> {
    const rows = await this.store.loadPartition(partition);
    this.owned.set(partition, coordinatorEpoch);
    for (const m of rows) {
      this.txns.set(m.transactionalId, m);
      if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') this.sendMarkers(m);
    }
    await this.abortTimedOutTransactions();
  }

  /** Stops coordinating `partition` (Kafka's onResignation): forgets its ids; the store keeps them. */
  unload(partition: number): void {
    this.owned.delete(partition);
    for (const [id] of this.txns) {
      if (this.partitionFor(id) === partition) {
        this.txns.delete(id);
        this.markers.cancel(id);
      }
    }
  }

  get ownedPartitions(): ReadonlyMap<number, number> {
    return this.owned;
  }

  // ---- requests ------------------------------------------------------------------------------

  async initProducerId(req: InitProducerIdInput): Promise<ProducerIdAndEpoch> {
    const id = req.transactionalId;
    if (id === null) return { error: 'NONE', producerId: await this.allocateProducerId(), producerEpoch: 0 };
    if (id === '') return failed('INVALID_REQUEST');
    if (!(req.transactionTimeoutMs > 0 && req.transactionTimeoutMs <= this.config.transactionMaxTimeoutMs)) {
      return failed('INVALID_TRANSACTION_TIMEOUT');
    }
    const notOwned = this.ownership(id);
    if (notOwned) return failed(notOwned);
    const expected = (req.producerId ?? NO_PRODUCER_ID) !== NO_PRODUCER_ID
      ? { producerId: req.producerId!, epoch: req.producerEpoch ?? NO_PRODUCER_EPOCH } : undefined;
    return this.exclusive(id, failed, async () => {
      const now = this.clock.now();
      const m = this.txns.get(id) ?? newTransactionMetadata(id, await this.allocateProducerId(), req.transactionTimeoutMs, now);
      const validProducerId = expected === undefined || m.producerEpoch === NO_PRODUCER_EPOCH
        || expected.producerId === m.producerId
        || (expected.producerId === m.prevProducerId && isEpochExhausted(expected.epoch));
      if (!validProducerId) return failed('PRODUCER_FENCED');
      switch (m.state) {
        case 'PrepareCommit':
        case 'PrepareAbort':
          return failed('CONCURRENT_TRANSACTIONS');
        case 'Ongoing':
          // A new instance of the producer: fence the old one and abort what it left open; the new
          // one retries until the abort completes.
          await this.fenceAndAbort(m);
          return failed('CONCURRENT_TRANSACTIONS');
        case 'Empty':
        case 'CompleteCommit':
        case 'CompleteAbort': {
          let next: TransactionMetadata | 'PRODUCER_FENCED';
          if (isEpochExhausted(m.producerEpoch) && (expected === undefined || expected.epoch === m.producerEpoch)) {
            next = prepareProducerIdRotation(m, await this.allocateProducerId(), req.transactionTimeoutMs, now, expected !== undefined);
          } else {
            next = prepareIncrementEpoch(m, req.transactionTimeoutMs, expected?.epoch, now);
          }
          if (next === 'PRODUCER_FENCED') return failed(next);
          await this.persist(next);
          return { error: 'NONE', producerId: next.producerId, producerEpoch: next.producerEpoch };
        }
        default:
          throw new Error(`transactional id ${id} found in state ${m.state}`);
      }
    });
  }

  /** AddPartitionsToTxn v0-3 (the client's), v4+ without VerifyOnly, and implicit adds (Produce v12, transactions v2). */
  async addParticipants(
    transactionalId: string, producerId: number, producerEpoch: number, participants: readonly TxnParticipant[],
    clientTransactionVersion?: number,
  ): Promise<ErrorName> {
    const m = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (typeof m === 'string') return m;
    return this.exclusive(transactionalId, (e) => e, async () => {
      const cur = this.txns.get(transactionalId)!;
      if (cur.state === 'PrepareCommit' || cur.state === 'PrepareAbort') return 'CONCURRENT_TRANSACTIONS';
      if (cur.state === 'Ongoing') {
        const have = new Set(cur.participants.map(participantKey));
        if (participants.every((p) => have.has(participantKey(p)))) return 'NONE';
      }
      await this.persist(prepareAddParticipants(cur, participants, this.clock.now(), clientTransactionVersion));
      return 'NONE';
    });
  }

  /** AddOffsetsToTxn: the group's offsets become a participant of the transaction. */
  addOffsets(transactionalId: string, producerId: number, producerEpoch: number, groupId: string): Promise<ErrorName> {
    if (groupId === '') return Promise.resolve('INVALID_GROUP_ID');
    return this.addParticipants(transactionalId, producerId, producerEpoch, [{ groupId }]);
  }

  /**
   * AddPartitionsToTxn v4+ with VerifyOnly (KIP-890 part 1): is each partition already in the
   * producer's ongoing transaction? A partition that is not gets TRANSACTION_ABORTABLE.
   */
  verifyParticipants(
    transactionalId: string, producerId: number, producerEpoch: number, participants: readonly TxnParticipant[],
  ): Map<string, ErrorName> {
    const out = new Map<string, ErrorName>();
    const m = this.checkProducer(transactionalId, producerId, producerEpoch);
    let error: ErrorName | undefined = typeof m === 'string' ? m : undefined;
    if (typeof m !== 'string' && (m.state === 'PrepareCommit' || m.state === 'PrepareAbort')) error = 'CONCURRENT_TRANSACTIONS';
    const have = typeof m === 'string' ? new Set<string>() : new Set(m.participants.map(participantKey));
    for (const p of participants) {
      const key = participantKey(p);
      out.set(key, error ?? (have.has(key) ? 'NONE' : 'TRANSACTION_ABORTABLE'));
    }
    return out;
  }

  /** EndTxn. `clientTransactionVersion` is 2 for EndTxn v5+ (KIP-890 part 2), else 0. */
  async endTxn(
    transactionalId: string, producerId: number, producerEpoch: number, result: TxnResult, clientTransactionVersion: number,
  ): Promise<ProducerIdAndEpoch> {
    if (transactionalId === '') return failed('INVALID_REQUEST');
    const notOwned = this.ownership(transactionalId);
    if (notOwned) return failed(notOwned);
    const m = this.txns.get(transactionalId);
    if (m === undefined) return failed('INVALID_PRODUCER_ID_MAPPING');
    const v2 = supportsEpochBump(m.clientTransactionVersion);
    const retryOnOverflow = v2 && m.prevProducerId === producerId && producerEpoch === 32766 && m.producerEpoch === 0;
    const retryOnEpochBump = v2 && m.producerEpoch === producerEpoch + 1;
    let validEpoch: boolean;
    if (!v2) validEpoch = producerEpoch === m.producerEpoch;
    else if (m.state === 'PrepareCommit' || m.state === 'PrepareAbort') validEpoch = retryOnEpochBump;
    else if (m.state === 'CompleteCommit' || m.state === 'CompleteAbort') validEpoch = retryOnEpochBump || retryOnOverflow;
    else validEpoch = producerEpoch === m.producerEpoch;
    if (m.producerId !== producerId && !retryOnOverflow) return failed('INVALID_PRODUCER_ID_MAPPING');
    if (!validEpoch) return failed('PRODUCER_FENCED');
    const current = (): ProducerIdAndEpoch => ({ error: 'NONE', producerId: m.producerId, producerEpoch: m.producerEpoch });
    const commit = result === 'COMMIT';
    return this.exclusive(transactionalId, failed, async () => {
      switch (m.state) {
        case 'Ongoing': {
          const nextProducerId = supportsEpochBump(clientTransactionVersion) && isEpochExhausted(m.producerEpoch)
            ? await this.allocateProducerId() : NO_PRODUCER_ID;
          const next = prepareEndTransaction(m, commit ? 'PrepareCommit' : 'PrepareAbort', clientTransactionVersion, nextProducerId, this.clock.now());
          await this.persist(next);
          this.sendMarkers(next);
          return { error: 'NONE', producerId: next.producerId, producerEpoch: next.producerEpoch };
        }
        case 'CompleteCommit': return commit ? current() : failed('INVALID_TXN_STATE');
        case 'CompleteAbort': return commit ? failed('INVALID_TXN_STATE') : current();
        case 'PrepareCommit': return commit ? failed('CONCURRENT_TRANSACTIONS') : failed('INVALID_TXN_STATE');
        case 'PrepareAbort': return commit ? failed('INVALID_TXN_STATE') : failed('CONCURRENT_TRANSACTIONS');
        case 'Empty': return failed('INVALID_TXN_STATE');
        default: throw new Error(`transactional id ${transactionalId} found in state ${m.state}`);
      }
    });
  }

  describe(transactionalId: string): TransactionDescription {
    const none = { transactionalId, state: '' as const, timeoutMs: 0, startTimestamp: -1, producerId: -1, producerEpoch: -1, participants: [] };
    if (transactionalId === '') return { ...none, error: 'INVALID_REQUEST' };
    const notOwned = this.ownership(transactionalId);
    if (notOwned) return { ...none, error: notOwned };
    const m = this.txns.get(transactionalId);
    if (m === undefined || m.state === 'Dead') return { ...none, error: 'TRANSACTIONAL_ID_NOT_FOUND' };
    return {
      error: 'NONE', transactionalId, state: m.state, timeoutMs: m.timeoutMs, startTimestamp: m.startTimestamp,
      producerId: m.producerId, producerEpoch: m.producerEpoch, participants: m.participants,
    };
  }

  /** ListTransactions: the ids this coordinator owns, filtered as Kafka does (transaction-listing.ts). */
  list(filter: ListTransactionsFilter = {}): TransactionList {
    return listTransactions(this.txns.values(), filter, this.clock.now());
  }

  /** The metadata of one id, as the coordinator holds it (undefined if unknown or not owned). */
  get(transactionalId: string): TransactionMetadata | undefined {
    return this.txns.get(transactionalId);
  }

  // ---- time-driven work ----------------------------------------------------------------------

  /**
   * Whether time can move something soon: a transaction open or being ended, or markers not yet delivered.
   * Otherwise only the id expiry (at its interval) is due, so the broker's timer may sleep longer.
   */
  hasTimedWork(): boolean {
    if (this.markers.pending().size > 0 || this.busy.size > 0) return true;
    for (const m of this.txns.values()) if (!RESTING_STATES.has(m.state)) return true;
    return false;
  }

  /** Aborts timed-out transactions, resends due markers, and (at its interval) expires idle ids. */
  async tick(): Promise<void> {
    await this.abortTimedOutTransactions();
    this.markers.retryDue();
    const now = this.clock.now();
    if (now - this.lastExpiryRun >= this.config.removeExpiredIntervalMs) {
      this.lastExpiryRun = now;
      await this.expireTransactionalIds();
    }
  }

  /** Kafka's abortTimedOutTransactions: fence the producer (epoch bump) and abort. */
  async abortTimedOutTransactions(): Promise<void> {
    const now = this.clock.now();
    for (const m of [...this.txns.values()]) {
      if (m.state !== 'Ongoing' || m.startTimestamp + m.timeoutMs >= now || this.busy.has(m.transactionalId)) continue;
      await this.exclusive(m.transactionalId, () => undefined, () => this.fenceAndAbort(m));
    }
  }

  async expireTransactionalIds(): Promise<void> {
    const now = this.clock.now();
    for (const m of [...this.txns.values()]) {
      if (!EXPIRATION_ALLOWED.has(m.state) || m.lastUpdateTimestamp + this.config.transactionalIdExpirationMs > now) continue;
      await this.exclusive(m.transactionalId, () => undefined, async () => {
        prepareDead(m); // checks the transition; Dead is never stored, the id is removed
        await this.store.remove(m.transactionalId);
        this.txns.delete(m.transactionalId);
      });
    }
  }

  /** Resolves when no marker send is in flight (tests, orderly shutdown). */
  idle(): Promise<void> {
    return this.markers.idle();
  }

  // ---- internals -----------------------------------------------------------------------------

  private ownership(transactionalId: string): ErrorName | undefined {
    return this.owned.has(this.partitionFor(transactionalId)) ? undefined : 'NOT_COORDINATOR';
  }

  private checkProducer(transactionalId: string, producerId: number, producerEpoch: number): TransactionMetadata | ErrorName {
    if (transactionalId === '') return 'INVALID_REQUEST';
    const notOwned = this.ownership(transactionalId);
    if (notOwned) return notOwned;
    const m = this.txns.get(transactionalId);
    if (m === undefined || m.producerId !== producerId) return 'INVALID_PRODUCER_ID_MAPPING';
    if (m.producerEpoch !== producerEpoch) return 'PRODUCER_FENCED';
    return m;
  }

  private async exclusive<T>(id: string, onBusy: (e: ErrorName) => T, fn: () => Promise<T>): Promise<T> {
    if (this.busy.has(id)) return onBusy('CONCURRENT_TRANSACTIONS');
    this.busy.add(id);
    try {
      return await fn();
    } catch (e) {
      if (e instanceof StoreWriteError) return onBusy('COORDINATOR_NOT_AVAILABLE');
      throw e;
    } finally {
      this.busy.delete(id);
    }
  }

  /** Writes first, adopts after: a failed write changes nothing. */
  private async persist(m: TransactionMetadata): Promise<void> {
    const partition = this.partitionFor(m.transactionalId);
    try {
      await this.store.put(partition, m);
    } catch (e) {
      throw new StoreWriteError(e);
    }
    this.txns.set(m.transactionalId, m);
  }

  private async fenceAndAbort(m: TransactionMetadata): Promise<void> {
    const now = this.clock.now();
    const fenced = prepareFenceEpoch(m, now);
    const next = prepareEndTransaction(fenced, 'PrepareAbort', m.clientTransactionVersion, NO_PRODUCER_ID, now);
    await this.persist(next);
    this.sendMarkers(next);
  }

  private sendMarkers(m: TransactionMetadata): void {
    const coordinatorEpoch = this.owned.get(this.partitionFor(m.transactionalId)) ?? 0;
    const result: TxnResult = m.state === 'PrepareCommit' ? 'COMMIT' : 'ABORT';
    this.markers.start(m.transactionalId, m.participants, m.producerId, m.producerEpoch, result, coordinatorEpoch);
  }

  private async onMarkersDone(transactionalId: string): Promise<void> {
    const m = this.txns.get(transactionalId);
    if (m === undefined || (m.state !== 'PrepareCommit' && m.state !== 'PrepareAbort')) return;
    try {
      await this.persist(prepareComplete(m, this.clock.now()));
    } catch (e) {
      if (!(e instanceof StoreWriteError)) throw e;
      // The markers are written; completing again on the next load (or retry) is harmless.
      this.markers.retryCompletionLater(transactionalId);
    }
  }
}

class StoreWriteError extends Error {
  constructor(cause: unknown) {
    super(`transaction state write failed: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'StoreWriteError';
  }
}


