// Transactions: every transactional id the cluster knows, each with what its coordinator says about it; and
// the transaction the produce form holds open (records sent, not yet committed or aborted) and how the last one ended.

import type { ProduceResult, TransactionDetail, TransactionSummary } from '../../app/contract.ts';

/** A listed id; `detail` is absent when its coordinator could not describe it (the row still shows the list's state). */
export interface TransactionRow extends TransactionSummary {
  detail?: TransactionDetail;
}

export interface OpenFormTransaction {
  transactionalId: string;
  topic: string;
  /** Records sent in it so far. */
  pending: number;
  /** Where each send's records start, per partition. */
  results: ProduceResult[];
}

export interface TransactionOutcome {
  transactionalId: string;
  topic: string;
  committed: boolean;
  records: number;
  results: ProduceResult[];
}

export interface TransactionsSlice {
  /** null until first read. */
  transactions: TransactionRow[] | null;
  formTxn: OpenFormTransaction | null;
  lastTxnOutcome: TransactionOutcome | null;
}

export const transactionsSlice = (): TransactionsSlice => ({ transactions: null, formTxn: null, lastTxnOutcome: null });
