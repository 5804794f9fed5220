// Transactions: list every transactional id and describe each on its coordinator (state, producer, timeout,
// partitions, hanging); abort a hanging one. The abort throws to the dialog that asked, so the refusal is
// shown where the user confirmed; a partition the abort could not close is an error too.
// From the produce form: N records rendered from a template (the form's fields are one) sent in one
// transaction held open, then committed or aborted; refusals are thrown to the form.

import type { Bridge, ProduceRequest, SchemaRef, Template } from '../../app/contract.ts';
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

/** States with a transaction open (or being closed): the others keep the last start time, which is no age. */
const OPEN_STATES = new Set(['Ongoing', 'PrepareCommit', 'PrepareAbort', 'PrepareEpochFence']);

/** How long the ongoing transaction has been open, in ms; null outside a transaction. */
export function transactionAge(row: TransactionRow, now: number): number | null {
  const start = row.detail?.startTimestamp ?? -1;
  return start >= 0 && OPEN_STATES.has(row.state) ? Math.max(0, now - start) : null;
}

/** At most this many records per send (what templates.preview renders at once). */
export const MAX_TXN_RECORDS = 20;

const text = (b64: string | null): string | null => (b64 === null ? null : new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))));

export interface TransactionalSend {
  transactionalId: string;
  topic: string;
  /** null: the partitioner picks one per record. */
  partition: number | null;
  template: Template;
  count: number;
  valueSchema?: SchemaRef;
}

/** Renders `count` records from the template and sends them in the form's transaction (opening it if needed). */
export async function sendInTransaction(store: AppStore, bridge: Bridge, req: TransactionalSend): Promise<void> {
  const open = store.getState().formTxn;
  if (open && open.transactionalId !== req.transactionalId) {
    throw new Error(`Transaction '${open.transactionalId}' is still open: commit or abort it first.`);
  }
  const count = Math.max(1, Math.min(MAX_TXN_RECORDS, Math.trunc(req.count) || 1));
  const rendered = await bridge.call('templates.preview', { template: req.template, count });
  const records: ProduceRequest[] = rendered.map((r) => ({
    topic: req.topic,
    partition: req.partition ?? r.partition,
    key: text(r.key),
    value: text(r.value) ?? '',
    format: req.template.format,
    headers: r.headers.map((h) => ({ key: h.key, value: text(h.value) ?? '' })),
    ...(req.valueSchema ? { valueSchema: req.valueSchema } : {}),
  }));
  const res = await bridge.call('transactions.produce', { transactionalId: req.transactionalId, records });
  store.setState((s) => ({
    formTxn: { transactionalId: res.transactionalId, topic: req.topic, pending: res.pending, results: [...(s.formTxn?.results ?? []), ...res.results] },
    lastTxnOutcome: null,
  }));
}

/** Commits (or aborts) the form's open transaction. */
export async function endTransaction(store: AppStore, bridge: Bridge, commit: boolean): Promise<void> {
  const open = store.getState().formTxn;
  if (!open) throw new Error('No transaction is open: send records first.');
  try {
    const res = await bridge.call('transactions.end', { transactionalId: open.transactionalId, commit });
    store.setState({ formTxn: null, lastTxnOutcome: { transactionalId: open.transactionalId, topic: open.topic, committed: res.committed, records: res.records, results: open.results } });
  } catch (e) {
    // The console no longer holds it (it ended, or the console restarted): the form has nothing open either.
    if ((e as { name?: string }).name === 'NOT_FOUND') store.setState({ formTxn: null });
    throw e;
  }
}
