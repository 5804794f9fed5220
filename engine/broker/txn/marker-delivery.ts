// Delivery of COMMIT/ABORT markers to a transaction's participants (Kafka's
// TransactionMarkerChannelManager, without the network). The coordinator starts a delivery when a
// transaction reaches PrepareCommit/PrepareAbort; participants that have not acknowledged are sent
// again after a backoff, for as long as it takes — a prepared transaction must complete, never be
// forgotten. When every participant has acknowledged, the coordinator is told, and moves the id
// to CompleteCommit/CompleteAbort.

import type { ErrorName } from '../../protocol/error-codes.ts';
import { participantKey, type TxnParticipant, type TxnResult } from './transaction-metadata.ts';

export interface MarkerOutcome {
  participant: TxnParticipant;
  /** NONE: written (or nothing left to write: the partition was deleted). Anything else: send again. */
  error: ErrorName;
}

/**
 * Writes markers. For partitions: WriteTxnMarkers to each leader; for a group participant: makes
 * the group's pending transactional offsets visible (COMMIT) or drops them (ABORT).
 * A participant missing from the answer, or a rejected promise, counts as not acknowledged.
 */
export interface MarkerSender {
  send(
    participants: readonly TxnParticipant[], producerId: number, producerEpoch: number, result: TxnResult,
    coordinatorEpoch: number,
  ): Promise<readonly MarkerOutcome[]>;
}

interface Delivery {
  remaining: Map<string, TxnParticipant>;
  producerId: number;
  producerEpoch: number;
  result: TxnResult;
  coordinatorEpoch: number;
  inFlight: boolean;
  retryAt: number;
  /** Markers are all acknowledged, but recording completion failed: try that again. */
  completionPending: boolean;
}

export class MarkerDelivery {
  private readonly deliveries = new Map<string, Delivery>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly sender: MarkerSender,
    private readonly clock: { now(): number },
    private readonly retryBackoffMs: number,
    private readonly onDone: (transactionalId: string) => Promise<void>,
  ) {}

  start(
    transactionalId: string, participants: readonly TxnParticipant[], producerId: number, producerEpoch: number,
    result: TxnResult, coordinatorEpoch: number,
  ): void {
    const remaining = new Map(participants.map((p) => [participantKey(p), p]));
    const d: Delivery = { remaining, producerId, producerEpoch, result, coordinatorEpoch, inFlight: false, retryAt: 0, completionPending: false };
    this.deliveries.set(transactionalId, d);
    this.attempt(transactionalId, d);
  }

  cancel(transactionalId: string): void {
    this.deliveries.delete(transactionalId);
  }

  /** The transactional ids whose markers are still being delivered, with what is left. */
  pending(): ReadonlyMap<string, readonly TxnParticipant[]> {
    return new Map([...this.deliveries].map(([id, d]) => [id, [...d.remaining.values()]]));
  }

  retryDue(): void {
    const now = this.clock.now();
    for (const [id, d] of this.deliveries) if (!d.inFlight && d.retryAt <= now) this.attempt(id, d);
  }

  retryCompletionLater(transactionalId: string): void {
    const d = this.deliveries.get(transactionalId) ?? {
      remaining: new Map(), producerId: -1, producerEpoch: -1, result: 'ABORT' as const, coordinatorEpoch: 0,
      inFlight: false, retryAt: 0, completionPending: true,
    };
    d.completionPending = true;
    d.retryAt = this.clock.now() + this.retryBackoffMs;
    this.deliveries.set(transactionalId, d);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private attempt(transactionalId: string, d: Delivery): void {
    d.inFlight = true;
    const run = this.deliver(transactionalId, d).finally(() => {
      d.inFlight = false;
      this.inFlight.delete(run);
    });
    this.inFlight.add(run);
  }

  private async deliver(transactionalId: string, d: Delivery): Promise<void> {
    if (d.remaining.size > 0) {
      try {
        const outcomes = await this.sender.send([...d.remaining.values()], d.producerId, d.producerEpoch, d.result, d.coordinatorEpoch);
        for (const o of outcomes) if (o.error === 'NONE') d.remaining.delete(participantKey(o.participant));
      } catch {
        // Nothing acknowledged; all are sent again after the backoff.
      }
    }
    if (this.deliveries.get(transactionalId) !== d) return; // cancelled meanwhile (resigned)
    if (d.remaining.size > 0) {
      d.retryAt = this.clock.now() + this.retryBackoffMs;
      return;
    }
    this.deliveries.delete(transactionalId);
    d.completionPending = false;
    await this.onDone(transactionalId);
  }
}
