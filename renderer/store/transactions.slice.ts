// Transactions: every transactional id the cluster knows, each with what its coordinator says about it.

import type { TransactionDetail, TransactionSummary } from '../../app/contract.ts';

/** A listed id; `detail` is absent when its coordinator could not describe it (the row still shows the list's state). */
export interface TransactionRow extends TransactionSummary {
  detail?: TransactionDetail;
}

export interface TransactionsSlice {
  /** null until first read. */
  transactions: TransactionRow[] | null;
}

export const transactionsSlice = (): TransactionsSlice => ({ transactions: null });
