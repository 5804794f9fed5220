// Transactions: list every transactional id and describe each on its coordinator (state, producer, timeout,
// partitions, hanging); abort a hanging one. The abort throws to the dialog that asked, so the refusal is
// shown where the user confirmed; a partition the abort could not close is an error too.

import type { Bridge } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';
import type { TransactionRow } from './transactions.slice.ts';

export async function loadTransactions(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const list = await bridge.call('transactions.list');
    const details = await Promise.allSettled(list.map((t) => bridge.call('transactions.describe', { transactionalId: t.transactionalId })));
    const rows: TransactionRow[] = list.map((t, i) => {
      const d = details[i];
      return d.status === 'fulfilled' ? { ...t, state: d.value.state, producerId: d.value.producerId, detail: d.value } : { ...t };
    });
    store.setState({ transactions: rows });
  } catch (e) {
    reportError(store, 'Read transactions', e);
  }
}

/** Aborts the id's open transaction on every partition it holds, then reads the list again. */
export async function abortTransaction(store: AppStore, bridge: Bridge, transactionalId: string): Promise<void> {
  const res = await bridge.call('transactions.abort', { transactionalId });
  await loadTransactions(store, bridge);
  const failed = res.aborted.filter((a) => a.error);
  if (failed.length > 0) {
    throw new Error(`Not aborted on ${failed.map((a) => `${a.topic}-${a.partition} (${a.error})`).join(', ')}.`);
  }
}

/** How long the ongoing transaction has been open, in ms; null outside a transaction. */
export function transactionAge(row: TransactionRow, now: number): number | null {
  const start = row.detail?.startTimestamp ?? -1;
  return start >= 0 ? Math.max(0, now - start) : null;
}
