// Transactions: every transactional id the cluster knows, as kafka-transactions.sh list + describe show it
// (state, producer id and epoch, timeout, the partitions in the open transaction, its age). An ongoing
// transaction older than its timeout is flagged as hanging (its coordinator should have aborted it: the
// partitions' last stable offset is stuck), with an Abort that writes ABORT markers to those partitions.

import { useMemo, useState } from 'react';
import { abortTransaction, loadTransactions, transactionAge } from '../../store/transactions.actions.ts';
import type { TransactionRow } from '../../store/transactions.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { usePoll } from '../../store/use-poll.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';
import './transactions.css';

const POLL_MS = 3000;
const col = columnsFor<TransactionRow>();

function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  const s = Math.floor(ms / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 120 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function TransactionsView() {
  const { store, bridge } = useApp();
  const transactions = useAppState((s) => s.transactions);
  const [now, setNow] = useState(() => Date.now());
  const [toAbort, setToAbort] = useState<TransactionRow | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  usePoll(async () => {
    await loadTransactions(store, bridge);
    setNow(Date.now());
  }, POLL_MS, [store, bridge]);

  const columns = useMemo(() => [
    col.accessor('transactionalId', { header: 'Transactional id', cell: (c) => <code>{c.getValue()}</code> }),
    col.accessor('state', {
      header: 'State',
      cell: ({ row: { original: t } }) => (
        <>
          <span className={`tag txn-state-${t.state}`}>{t.state}</span>
          {t.detail?.hanging && <span className="badge badge-offline txn-hanging" title="Ongoing for longer than its timeout">hanging</span>}
        </>
      ),
    }),
    col.accessor('producerId', { header: 'Producer id' }),
    col.accessor((t) => t.detail?.producerEpoch ?? -1, { id: 'epoch', header: 'Epoch', cell: (c) => (c.getValue() < 0 ? '–' : c.getValue()) }),
    col.accessor((t) => t.detail?.timeoutMs ?? -1, { id: 'timeout', header: 'Timeout', cell: (c) => (c.getValue() < 0 ? '–' : formatDuration(c.getValue())) }),
    col.accessor((t) => (t.detail?.partitions ?? []).map((p) => `${p.topic}-${p.partition}`).join(', '), {
      id: 'partitions', header: 'Partitions', cell: (c) => c.getValue() || <span className="muted">none</span>,
    }),
    col.accessor((t) => transactionAge(t, now) ?? -1, { id: 'age', header: 'Age', cell: (c) => (c.getValue() < 0 ? '–' : formatDuration(c.getValue())) }),
    col.accessor('coordinator', { header: 'Coordinator' }),
    col.display({
      id: 'actions', header: 'Actions',
      cell: ({ row: { original: t } }) => (t.state === 'Ongoing'
        ? <button type="button" className={t.detail?.hanging ? 'danger' : undefined} aria-label={`Abort transaction ${t.transactionalId}`} onClick={() => { setError(null); setToAbort(t); }}>Abort</button>
        : null),
    }),
  ], [now]);

  const confirm = async () => {
    const t = toAbort;
    if (!t) return;
    try {
      await abortTransaction(store, bridge, t.transactionalId);
      setToAbort(null);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  const hanging = (transactions ?? []).filter((t) => t.detail?.hanging).length;
  return (
    <section className="screen" aria-labelledby="transactions-title">
      <header className="screen-header">
        <h1 id="transactions-title">Transactions</h1>
        <div className="header-actions">
          <button type="button" onClick={() => void loadTransactions(store, bridge).then(() => setNow(Date.now()))}>Refresh</button>
        </div>
      </header>
      {hanging > 0 && (
        <p className="banner banner-warn" role="alert">
          {hanging} hanging transaction{hanging > 1 ? 's' : ''}: ongoing for longer than the timeout, holding back the last stable offset of
          its partitions (read_committed consumers wait there). Abort it to let them move on.
        </p>
      )}
      {!transactions ? <div className="empty">Loading transactions…</div> : (
        <Table
          label="Transactional ids"
          data={transactions}
          columns={columns}
          getRowId={(t) => t.transactionalId}
          initialSorting={[{ id: 'transactionalId', desc: false }]}
          empty="No transactional ids yet. Produce with the Transactional option (Produce screen), or any client with transactional.id set."
        />
      )}
      <ConfirmDialog
        title={`Abort transaction ${toAbort?.transactionalId ?? ''}`}
        open={toAbort !== null}
        confirmLabel="Abort transaction"
        danger
        onConfirm={() => void confirm()}
        onCancel={() => { setToAbort(null); setError(null); }}
      >
        <p>
          Writes an ABORT marker to {toAbort?.detail?.partitions.length ?? 0} partition(s) of producer {toAbort?.producerId}.
          Its records there become aborted: read_committed consumers skip them. A producer still running this transaction will fail its commit.
        </p>
        <InlineError error={error} />
      </ConfirmDialog>
    </section>
  );
}
