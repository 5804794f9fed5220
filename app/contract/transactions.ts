// Transactions: listing, describing, aborting, and producing in a held-open transaction.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';
import { ProduceRequest, ProduceResult } from './messages.ts';

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
