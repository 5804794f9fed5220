// Produce one record: topic, partition (or the partitioner), key, value as text or JSON, headers. The
// result shows where it landed; a bad JSON value is refused before anything is written. With a schema picked,
// the JSON value is encoded in Confluent's wire format by the backend (a mismatch is refused, naming the field).

import { useState, type FormEvent } from 'react';
import type { Header, SchemaRef, ValueFormat } from '../../../app/contract.ts';
import { navigate } from '../../store/app.actions.ts';
import { openPartition } from '../../store/messages.actions.ts';
import { produce } from '../../store/produce.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { InlineError } from '../../components/Notices.tsx';
import { Field } from '../../components/Field.tsx';
import { TargetFields } from './TargetFields.tsx';
import { GenerateForm } from './GenerateForm.tsx';
import { TransactionForm } from './TransactionForm.tsx';
import { ValueEncoding } from './ValueEncoding.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';

export function ProduceView() {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const lastTopic = useAppState((s) => s.produceTopic);
  const results = useAppState((s) => s.lastProduced);
  const [topic, setTopic] = useState<string>(lastTopic ?? '');
  const [partition, setPartition] = useState('');
  const [key, setKey] = useState('');
  const [value, setValue] = useState('');
  const [format, setFormat] = useState<ValueFormat>('json');
  const [headers, setHeaders] = useState<Header[]>([]);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'one' | 'generate' | 'transaction'>('one');
  const [valueSchema, setValueSchema] = useState<SchemaRef | null>(null);
  const chosen = topic || topics[0]?.name || '';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!chosen) return setError({ name: 'NO_TOPIC', message: 'Choose a topic first.' });
    if (format === 'json' || valueSchema) {
      try {
        JSON.parse(value);
      } catch (err) {
        return setError({ name: 'INVALID_JSON', message: `The value is not valid JSON (${(err as Error).message}). Nothing was sent.` });
      }
    }
    setBusy(true);
    try {
      await produce(store, bridge, {
        topic: chosen, partition: partition === '' ? null : Number(partition), key: key === '' ? null : key, value, format, headers,
        ...(valueSchema ? { valueSchema } : {}),
      });
    } catch (err) {
      setError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (topics.length === 0) {
    return (
      <section className="screen" aria-labelledby="produce-title">
        <h1 id="produce-title">Produce</h1>
        <div className="empty">There is no topic to produce to. <button type="button" className="link" onClick={() => navigate(store, 'topics')}>Create a topic</button> first.</div>
      </section>
    );
  }
  return (
    <section className="screen" aria-labelledby="produce-title">
      <header className="screen-header">
        <h1 id="produce-title">Produce</h1>
        <div role="tablist" aria-label="Produce mode" className="tabs tabs-inline">
          <button type="button" role="tab" aria-selected={mode === 'one'} onClick={() => setMode('one')}>One record</button>
          <button type="button" role="tab" aria-selected={mode === 'generate'} onClick={() => setMode('generate')}>Generate from a template</button>
          <button type="button" role="tab" aria-selected={mode === 'transaction'} onClick={() => setMode('transaction')}>Transactional</button>
        </div>
      </header>
      {mode === 'transaction' ? <TransactionForm /> : mode === 'generate' ? <GenerateForm /> : (
      <div className="produce">
        <form className="form" onSubmit={(e) => void submit(e)} aria-label="Produce a message">
          <TargetFields topics={topics} topic={chosen} partition={partition} onTopic={setTopic} onPartition={setPartition} />
          <Field label="Key" hint="(empty: null key)">
            <input value={key} onChange={(e) => setKey(e.target.value)} spellCheck={false} />
          </Field>
          <ValueEncoding schema={valueSchema} onSchema={setValueSchema} format={format} onFormat={setFormat} />
          <Field label="Value">
            <textarea value={value} onChange={(e) => setValue(e.target.value)} rows={8} spellCheck={false} placeholder={format === 'json' ? '{"id": 1, "status": "new"}' : 'hello'} />
          </Field>
          <fieldset className="headers">
            <legend>Headers</legend>
            {headers.map((h, i) => (
              <div key={i} className="form-row header-row">
                <input aria-label={`Header ${i + 1} name`} value={h.key} placeholder="name" onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
                <input aria-label={`Header ${i + 1} value`} value={h.value} placeholder="value" onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
                <button type="button" className="icon" aria-label={`Remove header ${i + 1}`} onClick={() => setHeaders(headers.filter((_, j) => j !== i))}>×</button>
              </div>
            ))}
            <button type="button" onClick={() => setHeaders([...headers, { key: '', value: '' }])}>Add header</button>
          </fieldset>
          <InlineError error={error} />
          <div className="form-actions">
            <button type="submit" className="primary" disabled={busy}>{busy ? 'Sending…' : 'Send'}</button>
          </div>
        </form>
        <div className="results" aria-label="Produced" role="region">
          <h2>Produced</h2>
          {results.length === 0 ? <p className="muted">Nothing sent yet. Each record sent shows here with its partition and offset.</p> : (
            <ul className="result-list">
              {results.map((r, i) => (
                <li key={`${r.topic}-${r.partition}-${r.offset}-${i}`}>
                  <span>{r.topic} / partition {r.partition} / offset <strong>{r.offset}</strong></span>
                  <button type="button" className="link" onClick={() => void openPartition(store, bridge, r.topic, r.partition)}>View</button>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      )}
    </section>
  );
}
