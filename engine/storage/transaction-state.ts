// The transaction state of a partition's log: which producers have a transaction open and where it began, the
// coordinator epoch of the last marker written for each producer, and what follows from those — the first
// unstable offset (the LSO is the smaller of it and the high watermark), the checks a WriteTxnMarkers marker must
// pass, and the CompletedTxn a marker yields for the aborted-transaction index. (Kafka keeps this inside
// ProducerStateManager as ongoingTxns, CompletedTxn and firstUnstableOffset.)
//
// A transactional data batch of a producer opens its transaction at the batch's base offset unless one is already
// open; the producer's control batch (COMMIT or ABORT marker) closes it. A marker the log writes itself goes
// through complete(), which also records the coordinator epoch and returns what the transaction covered; a marker
// replayed from batch headers only closes the transaction (the coordinator epoch is inside its record, which a
// header scan does not read).
//
// Files: none of its own. The open transaction's first offset and the coordinator epoch travel in the producer's
// entry of the producer-state snapshot (current_txn_first_offset, coordinator_epoch: producer-snapshot.ts), and
// the aborted transactions are written to .txnindex by the partition log (transaction-index.ts). Recovery is the
// producer state's: ProducerStateManager restores these fields from the newest valid snapshot and replays the
// batch headers after it through begin()/end(). A producer with an open transaction never expires.

import { KafkaError } from '../protocol/error-codes.ts';

/** A transaction a marker has just closed (Kafka's CompletedTxn). */
export interface CompletedTxn {
  producerId: number;
  /** Its first offset in this partition; the marker's own offset if no data batch preceded it. */
  firstOffset: number;
  /** The marker's offset. */
  lastOffset: number;
  /** The LSO once it is decided: the first offset of the oldest transaction still open, else lastOffset + 1. */
  lastStableOffset: number;
}

/** An open transaction: the producer and the first offset of its transaction in this partition. */
export interface OngoingTxn {
  producerId: number;
  firstOffset: number;
}

const NO_COORDINATOR_EPOCH = -1;

export class TransactionState {
  /** producerId -> first offset of its open transaction. */
  private readonly open = new Map<number, number>();
  /** producerId -> coordinator epoch of the last marker written for it; absent means -1. */
  private readonly coordinatorEpochs = new Map<number, number>();
  /** firstUnstableOffset() since the last change of `open`; null when it must be scanned again. */
  private unstable: { offset: number | undefined } | null = null;

  /** The first offset of the producer's open transaction, or -1 when none is open. */
  currentTxnFirstOffset(producerId: number): number {
    return this.open.get(producerId) ?? -1;
  }

  isOpen(producerId: number): boolean {
    return this.open.has(producerId);
  }

  /** The coordinator epoch of the last marker written for the producer, or -1. */
  coordinatorEpoch(producerId: number): number {
    return this.coordinatorEpochs.get(producerId) ?? NO_COORDINATOR_EPOCH;
  }

  /** Open transactions, oldest first. */
  ongoing(): OngoingTxn[] {
    return [...this.open].map(([producerId, firstOffset]) => ({ producerId, firstOffset })).sort((a, b) => a.firstOffset - b.firstOffset);
  }

  /**
   * The first offset of the oldest open transaction, or undefined when none is open. Every Fetch asks for
   * every partition it reads, so the scan of the open transactions runs once per change, not per ask.
   */
  firstUnstableOffset(): number | undefined {
    if (this.unstable) return this.unstable.offset;
    let min: number | undefined;
    for (const first of this.open.values()) if (min === undefined || first < min) min = first;
    this.unstable = { offset: min };
    return min;
  }

  /** A transactional data batch of the producer at baseOffset: opens its transaction unless one is open. */
  begin(producerId: number, baseOffset: number): void {
    if (this.open.has(producerId)) return;
    this.open.set(producerId, baseOffset);
    this.unstable = null;
  }

  /** A marker of the producer was applied: its transaction, if any, is closed. */
  end(producerId: number): void {
    if (this.open.delete(producerId)) this.unstable = null;
  }

  /**
   * Kafka's appendEndTxnMarker check, before a marker is written for a producer the log knows (whose epoch is
   * producerEpoch): a marker from an older coordinator epoch than the last one seen is
   * TRANSACTION_COORDINATOR_FENCED; one with an epoch below the producer's is INVALID_PRODUCER_EPOCH.
   */
  checkMarker(producerId: number, producerEpoch: number, markerEpoch: number, coordinatorEpoch: number): void {
    const seen = this.coordinatorEpoch(producerId);
    if (seen > coordinatorEpoch) {
      throw new KafkaError('TRANSACTION_COORDINATOR_FENCED',
        `marker for producer ${producerId} from coordinator epoch ${coordinatorEpoch}, which is below ${seen}`);
    }
    if (markerEpoch < producerEpoch) {
      throw new KafkaError('INVALID_PRODUCER_EPOCH',
        `marker for producer ${producerId} has epoch ${markerEpoch}, which is below its current epoch ${producerEpoch}`);
    }
  }

  /**
   * The log wrote the producer's marker at markerOffset: closes the transaction, records the coordinator epoch,
   * and returns what the transaction covered.
   */
  complete(producerId: number, markerOffset: number, coordinatorEpoch: number): CompletedTxn {
    const firstOffset = this.open.get(producerId) ?? markerOffset;
    this.end(producerId);
    this.coordinatorEpochs.set(producerId, coordinatorEpoch);
    return {
      producerId, firstOffset, lastOffset: markerOffset,
      lastStableOffset: this.firstUnstableOffset() ?? markerOffset + 1,
    };
  }

  /** The fields of a producer's snapshot entry (current_txn_first_offset below 0 means none is open). */
  restore(producerId: number, coordinatorEpoch: number, currentTxnFirstOffset: number): void {
    if (coordinatorEpoch !== NO_COORDINATOR_EPOCH) this.coordinatorEpochs.set(producerId, coordinatorEpoch);
    else this.coordinatorEpochs.delete(producerId);
    if (currentTxnFirstOffset >= 0) this.open.set(producerId, currentTxnFirstOffset);
    else this.open.delete(producerId);
    this.unstable = null;
  }

  /** The producer's state was dropped (expired): it has no transaction state either. */
  forget(producerId: number): void {
    this.coordinatorEpochs.delete(producerId);
    this.end(producerId);
  }

  clear(): void {
    this.open.clear();
    this.coordinatorEpochs.clear();
    this.unstable = null;
  }
}
