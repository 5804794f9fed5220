// Send records in one transaction, then commit or abort it, to watch both outcomes: N records rendered from
// the form (a template: {{seq}} and the other generators work, or start from a saved template) are sent under
// a transactional id and held open. While open, the Messages screen shows them under read_uncommitted only
// and the LSO waits before them; Commit writes COMMIT markers, Abort writes ABORT markers and leaves the
// records aborted.

import { useEffect, useState, type FormEvent } from 'react';
import type { SchemaRef, ValueFormat } from '../../../app/contract.ts';
import { openPartition } from '../../store/messages.actions.ts';
import { loadTemplates } from '../../store/produce.actions.ts';
import { endTransaction, MAX_TXN_RECORDS, sendInTransaction } from '../../store/transactions.actions.ts';
import { navigate } from '../../store/app.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { InlineError } from '../../components/Notices.tsx';
import { Field } from '../../components/Field.tsx';
import { TargetFields } from './TargetFields.tsx';
import { ValueEncoding } from './ValueEncoding.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';

export function TransactionForm() {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const lastTopic = useAppState((s) => s.produceTopic);
  const templates = useAppState((s) => s.templates);
  const open = useAppState((s) => s.formTxn);
  const outcome = useAppState((s) => s.lastTxnOutcome);
  const [transactionalId, setTransactionalId] = useState(open?.transactionalId ?? 'streamlab-learner');
  const [topic, setTopic] = useState(open?.topic ?? lastTopic ?? '');
  const [partition, setPartition] = useState('');
  const [count, setCount] = useState('3');
  const [key, setKey] = useState('order-{{seq}}');
  const [value, setValue] = useState('{"order": {{seq}}, "amount": {{int 1 100}}}');
  const [format, setFormat] = useState<ValueFormat>('json');
  const [valueSchema, setValueSchema] = useState<SchemaRef | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = topic || topics[0]?.name || '';

  useEffect(() => {
    void loadTemplates(store, bridge);
  }, [store, bridge]);

  const run = async (task: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await task();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const send = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return setError({ name: 'NO_TOPIC', message: 'Choose a topic first.' });
    if (transactionalId.trim() === '') return setError({ name: 'INVALID_REQUEST', message: 'Name a transactional id.' });
    void run(() => sendInTransaction(store, bridge, {
      transactionalId: transactionalId.trim(), topic: chosen, partition: partition === '' ? null : Number(partition), count: Number(count),
      template: { name: '', key: key === '' ? null : key, value, headers: [], format: valueSchema ? 'json' : format },
      ...(valueSchema ? { valueSchema } : {}),
    }));
  };
  const fromTemplate = (name: string) => {
    const t = templates.find((x) => x.name === name);
    if (!t) return;
    setKey(t.key ?? '');
    setValue(t.value);
    setFormat(t.format);
  };
  const first = (open ?? outcome)?.results[0];

  return (
    <div className="produce">
      <form className="form" onSubmit={send} aria-label="Produce in a transaction">
        <p className="muted">
          Records sent here stay in an open transaction until you commit or abort it. Meanwhile read_committed consumers do not see them, and the
          partition's last stable offset waits before them.
        </p>
        <Field label="Transactional id">
          <input value={transactionalId} disabled={open !== null} onChange={(e) => setTransactionalId(e.target.value)} spellCheck={false} />
        </Field>
        <TargetFields topics={topics} topic={chosen} partition={partition} onTopic={setTopic} onPartition={setPartition} />
        <div className="form-row">
          <Field label="Records" hint={`(1 to ${MAX_TXN_RECORDS} per send)`}>
            <input type="number" min={1} max={MAX_TXN_RECORDS} value={count} onChange={(e) => setCount(e.target.value)} />
          </Field>
          {templates.length > 0 && (
            <Field label="Start from a template">
              <select value="" onChange={(e) => fromTemplate(e.target.value)}>
                <option value="">The fields below</option>
                {templates.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
              </select>
            </Field>
          )}
        </div>
        <Field label="Key template" hint="(empty: null keys; {{seq}} counts 1, 2, 3…)">
          <input value={key} onChange={(e) => setKey(e.target.value)} spellCheck={false} />
        </Field>
        <ValueEncoding schema={valueSchema} onSchema={setValueSchema} format={format} onFormat={setFormat} />
        <Field label="Value template">
          <textarea value={value} onChange={(e) => setValue(e.target.value)} rows={4} spellCheck={false} />
        </Field>
        <InlineError error={error} />
        <div className="form-actions">
          <button type="submit" className={open ? undefined : 'primary'} disabled={busy}>{open ? 'Send more in this transaction' : 'Send in a transaction'}</button>
          {open && (
            <>
              <button type="button" className="primary" disabled={busy} onClick={() => void run(() => endTransaction(store, bridge, true))}>Commit</button>
              <button type="button" className="danger" disabled={busy} onClick={() => void run(() => endTransaction(store, bridge, false))}>Abort</button>
            </>
          )}
        </div>
      </form>
      <div className="results" aria-label="Transaction" role="region">
        <h2>Transaction</h2>
        {open ? (
          <p role="status">
            <strong>Open</strong>: {open.pending} record{open.pending === 1 ? '' : 's'} sent as <code>{open.transactionalId}</code>, not yet committed.
          </p>
        ) : outcome ? (
          <p role="status">
            <strong>{outcome.committed ? 'Committed' : 'Aborted'}</strong>: {outcome.records} record{outcome.records === 1 ? '' : 's'} of <code>{outcome.transactionalId}</code>
            {outcome.committed ? ' are visible to every consumer.' : ' stay in the log, skipped by read_committed consumers.'}
          </p>
        ) : <p className="muted">Nothing sent yet.</p>}
        {first && (
          <p>
            <button type="button" className="link" onClick={() => void openPartition(store, bridge, first.topic, first.partition)}>View {first.topic} / partition {first.partition}</button>
            {' · '}
            <button type="button" className="link" onClick={() => navigate(store, 'transactions')}>Transactions screen</button>
          </p>
        )}
      </div>
    </div>
  );
}
