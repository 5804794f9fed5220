// The transaction state machine, as Kafka's transaction coordinator has it (TransactionState in
// core/.../coordinator/transaction/TransactionMetadata.scala). The allowed transitions are written
// once, as data — each state lists the states it may be entered from — and every transition the
// coordinator makes goes through checkTransition().
//
//   Empty ──AddPartitions──▶ Ongoing ──EndTxn(commit)──▶ PrepareCommit ──markers acked──▶ CompleteCommit
//     ▲                        │  └──EndTxn(abort) / timeout──▶ PrepareAbort ──markers──▶ CompleteAbort
//     │                        └──fence (InitProducerId / timeout)──▶ PrepareEpochFence ──▶ PrepareAbort
//     └──────────── InitProducerId, from Empty / Complete* ◀──────────────────────────────────┘
//   Empty / Complete* ──transactional.id.expiration.ms──▶ Dead (removed)
//
// PrepareEpochFence is transient: it is never written to durable state (as in Kafka, where it is
// only a pending state); the abort that follows it is.

export const TXN_STATES = [
  'Empty', 'Ongoing', 'PrepareCommit', 'PrepareAbort', 'CompleteCommit', 'CompleteAbort', 'Dead', 'PrepareEpochFence',
] as const;

export type TxnState = (typeof TXN_STATES)[number];

/** Kafka's state ids (the value in __transaction_state records), in the order of TXN_STATES. */
export const TXN_STATE_ID: Readonly<Record<TxnState, number>> = {
  Empty: 0, Ongoing: 1, PrepareCommit: 2, PrepareAbort: 3, CompleteCommit: 4, CompleteAbort: 5, Dead: 6, PrepareEpochFence: 7,
};

/** For each state, the states it may be entered from (Kafka's validPreviousStates). */
export const VALID_PREVIOUS_STATES: Readonly<Record<TxnState, readonly TxnState[]>> = {
  Empty: ['Empty', 'CompleteCommit', 'CompleteAbort'],
  Ongoing: ['Ongoing', 'Empty', 'CompleteCommit', 'CompleteAbort'],
  PrepareCommit: ['Ongoing'],
  PrepareAbort: ['Ongoing', 'PrepareEpochFence'],
  CompleteCommit: ['PrepareCommit'],
  CompleteAbort: ['PrepareAbort'],
  Dead: ['Empty', 'CompleteAbort', 'CompleteCommit'],
  PrepareEpochFence: ['Ongoing'],
};

/** States in which an idle transactional id may expire (Kafka's isExpirationAllowed). */
export const EXPIRATION_ALLOWED: ReadonlySet<TxnState> = new Set<TxnState>(['Empty', 'CompleteCommit', 'CompleteAbort']);

/** States with a transaction still open: its partitions may hold undecided data. */
export const TRANSACTION_PENDING: ReadonlySet<TxnState> = new Set<TxnState>(['Ongoing', 'PrepareCommit', 'PrepareAbort']);

/** A transition the state machine does not allow: a bug in the coordinator, never a client's error. */
export class IllegalTxnTransitionError extends Error {
  constructor(readonly transactionalId: string, readonly from: TxnState, readonly to: TxnState) {
    super(`transactional id ${JSON.stringify(transactionalId)}: illegal transition ${from} -> ${to}`);
    this.name = 'IllegalTxnTransitionError';
  }
}

export function canTransition(from: TxnState, to: TxnState): boolean {
  return VALID_PREVIOUS_STATES[to].includes(from);
}

export function checkTransition(transactionalId: string, from: TxnState, to: TxnState): void {
  if (!canTransition(from, to)) throw new IllegalTxnTransitionError(transactionalId, from, to);
}

export function isTxnState(s: string): s is TxnState {
  return (TXN_STATES as readonly string[]).includes(s);
}
