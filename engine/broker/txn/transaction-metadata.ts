// One transactional id's metadata and the pure steps that move it from state to state (Kafka's
// TransactionMetadata.prepare* methods). Each step checks its transition against the state machine
// (transaction-state.ts) and returns the next metadata; nothing here mutates, persists or sends —
// the coordinator persists the result first and only then adopts it.
//
// Participants are the partitions written in the transaction and, for AddOffsetsToTxn, the group
// whose offsets the transaction commits (group offsets live in the catalog, not in a
// __consumer_offsets partition, so the group itself is the participant that gets the marker).

import { checkTransition, type TxnState } from './transaction-state.ts';

export const NO_PRODUCER_ID = -1;
export const NO_PRODUCER_EPOCH = -1;
/** Kafka's Short.MaxValue: producer epochs are int16. */
export const MAX_PRODUCER_EPOCH = 32767;

/** An epoch this high cannot be bumped for another transaction; the producer id is rotated instead. */
export function isEpochExhausted(epoch: number): boolean {
  return epoch >= MAX_PRODUCER_EPOCH - 1;
}

export type TxnParticipant =
  | { readonly topic: string; readonly partition: number }
  | { readonly groupId: string };

export function isGroupParticipant(p: TxnParticipant): p is { readonly groupId: string } {
  return 'groupId' in p;
}

/** A stable identity for a participant ('topic' + partition, or the group id): for sets and ordering. */
export function participantKey(p: TxnParticipant): string {
  return isGroupParticipant(p) ? `group:${p.groupId}` : `partition:${p.topic}:${p.partition}`;
}

export type TxnResult = 'COMMIT' | 'ABORT';

/** Transactions v2 (KIP-890 part 2): the epoch bumps at every EndTxn. */
export function supportsEpochBump(transactionVersion: number): boolean {
  return transactionVersion >= 2;
}

export interface TransactionMetadata {
  readonly transactionalId: string;
  readonly producerId: number;
  /** The producer id before the last rotation (KIP-360 recovery matches it); -1 if none. */
  readonly prevProducerId: number;
  /** With transactions v2 and an exhausted epoch: the id the producer continues with after this transaction. */
  readonly nextProducerId: number;
  readonly producerEpoch: number;
  /** The epoch before the last bump, so a retried request with it is recognised; -1 if none. */
  readonly lastProducerEpoch: number;
  readonly timeoutMs: number;
  readonly state: TxnState;
  /** Unique, in participantKey order. Empty outside a transaction. */
  readonly participants: readonly TxnParticipant[];
  /** When the current transaction started (its first AddPartitions); -1 outside a transaction. */
  readonly startTimestamp: number;
  readonly lastUpdateTimestamp: number;
  /** The transaction version the client used: 0 (classic) or 2 (KIP-890 part 2). */
  readonly clientTransactionVersion: number;
}

function transit(m: TransactionMetadata, to: TxnState, changes: Partial<TransactionMetadata>): TransactionMetadata {
  checkTransition(m.transactionalId, m.state, to);
  const next = { ...m, ...changes, state: to };
  if (next.producerId < 0) throw new Error(`illegal producer id ${next.producerId}`);
  if (to !== 'Dead' && next.producerEpoch < 0) throw new Error(`illegal producer epoch ${next.producerEpoch}`);
  return next;
}

/** A transactional id seen for the first time: Empty, no epoch yet (InitProducerId bumps it to 0). */
export function newTransactionMetadata(transactionalId: string, producerId: number, timeoutMs: number, now: number): TransactionMetadata {
  return {
    transactionalId, producerId, prevProducerId: NO_PRODUCER_ID, nextProducerId: NO_PRODUCER_ID,
    producerEpoch: NO_PRODUCER_EPOCH, lastProducerEpoch: NO_PRODUCER_EPOCH, timeoutMs, state: 'Empty',
    participants: [], startTimestamp: -1, lastUpdateTimestamp: now, clientTransactionVersion: 0,
  };
}

/**
 * InitProducerId on an idle id: bump the epoch. With an expected epoch (KIP-360, InitProducerId v3+):
 * the current one bumps; the previous one means the bump already happened and the response was lost,
 * so it is returned again; anything else is fenced.
 */
export function prepareIncrementEpoch(
  m: TransactionMetadata, timeoutMs: number, expectedEpoch: number | undefined, now: number,
): TransactionMetadata | 'PRODUCER_FENCED' {
  if (isEpochExhausted(m.producerEpoch)) throw new Error(`producer id ${m.producerId}: no epochs left`);
  let epoch: number;
  let last: number;
  if (expectedEpoch === undefined) {
    [epoch, last] = [m.producerEpoch + 1, NO_PRODUCER_EPOCH];
  } else if (m.producerEpoch === NO_PRODUCER_EPOCH || expectedEpoch === m.producerEpoch) {
    [epoch, last] = [m.producerEpoch + 1, m.producerEpoch];
  } else if (expectedEpoch === m.lastProducerEpoch) {
    [epoch, last] = [m.producerEpoch, m.lastProducerEpoch];
  } else {
    return 'PRODUCER_FENCED';
  }
  return transit(m, 'Empty', {
    producerEpoch: epoch, lastProducerEpoch: last, timeoutMs, participants: [], startTimestamp: -1,
    lastUpdateTimestamp: now,
  });
}

/** InitProducerId when the epoch is exhausted: a new producer id at epoch 0. */
export function prepareProducerIdRotation(
  m: TransactionMetadata, newProducerId: number, timeoutMs: number, now: number, recordLastEpoch: boolean,
): TransactionMetadata {
  return transit(m, 'Empty', {
    producerId: newProducerId, prevProducerId: m.producerId, producerEpoch: 0,
    lastProducerEpoch: recordLastEpoch ? m.producerEpoch : NO_PRODUCER_EPOCH, timeoutMs, participants: [],
    startTimestamp: -1, lastUpdateTimestamp: now,
  });
}

/** AddPartitionsToTxn / AddOffsetsToTxn: Ongoing with the union of participants; the first add starts the clock. */
export function prepareAddParticipants(
  m: TransactionMetadata, added: readonly TxnParticipant[], now: number, clientTransactionVersion?: number,
): TransactionMetadata {
  const starting = m.state === 'Empty' || m.state === 'CompleteCommit' || m.state === 'CompleteAbort';
  const byKey = new Map<string, TxnParticipant>();
  for (const p of [...m.participants, ...added]) byKey.set(participantKey(p), p);
  const participants = [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, p]) => p);
  return transit(m, 'Ongoing', {
    participants, startTimestamp: starting ? now : m.startTimestamp, lastUpdateTimestamp: now,
    clientTransactionVersion: starting && clientTransactionVersion !== undefined ? clientTransactionVersion : m.clientTransactionVersion,
  });
}

/** Fencing an ongoing transaction (a new producer instance, or a timeout): bump the epoch, then abort. */
export function prepareFenceEpoch(m: TransactionMetadata, now: number): TransactionMetadata {
  if (m.producerEpoch >= MAX_PRODUCER_EPOCH) throw new Error(`producer id ${m.producerId}: no epochs left to fence with`);
  return transit(m, 'PrepareEpochFence', {
    producerEpoch: m.producerEpoch + 1, lastProducerEpoch: NO_PRODUCER_EPOCH, lastUpdateTimestamp: now,
  });
}

/** EndTxn (or the abort after a fence): PrepareCommit / PrepareAbort. Transactions v2 bumps the epoch here. */
export function prepareEndTransaction(
  m: TransactionMetadata, to: 'PrepareCommit' | 'PrepareAbort', clientTransactionVersion: number,
  nextProducerId: number, now: number,
): TransactionMetadata {
  const bump = supportsEpochBump(clientTransactionVersion);
  return transit(m, to, {
    producerEpoch: bump ? m.producerEpoch + 1 : m.producerEpoch,
    lastProducerEpoch: bump ? m.producerEpoch : m.lastProducerEpoch,
    nextProducerId, clientTransactionVersion, lastUpdateTimestamp: now,
  });
}

/** Every marker acknowledged: CompleteCommit / CompleteAbort; with a next producer id (v2 overflow) rotate to it. */
export function prepareComplete(m: TransactionMetadata, now: number): TransactionMetadata {
  const to = m.state === 'PrepareCommit' ? 'CompleteCommit' : 'CompleteAbort';
  const rotate = supportsEpochBump(m.clientTransactionVersion) && m.nextProducerId !== NO_PRODUCER_ID;
  // lastProducerEpoch keeps the epoch before the EndTxn bump, so a retried EndTxn is recognised.
  return transit(m, to, {
    producerId: rotate ? m.nextProducerId : m.producerId,
    prevProducerId: rotate ? m.producerId : m.prevProducerId,
    producerEpoch: rotate ? 0 : m.producerEpoch,
    lastProducerEpoch: rotate ? m.producerEpoch : m.lastProducerEpoch,
    nextProducerId: NO_PRODUCER_ID, participants: [], lastUpdateTimestamp: now,
  });
}

/** transactional.id.expiration.ms passed with no transaction: the id is forgotten. */
export function prepareDead(m: TransactionMetadata): TransactionMetadata {
  return transit(m, 'Dead', { participants: [] });
}
