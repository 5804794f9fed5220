// Generate records from a template: key, value and headers with {{generators}}, sent N times at a rate, with
// the chosen partition (or the partitioner), compression and acks. Preview first; progress, cancel and the
// offsets written after. Templates are saved by name in the console's database. With a schema picked, each
// rendered value (JSON) is encoded with it; a first record that does not match refuses the job.

import { useEffect, useState, type FormEvent } from 'react';
import type { Compression, Header, ImportedRecord, SchemaRef, Template, ValueFormat } from '../../../app/contract.ts';
import { cancelBulk, deleteTemplate, loadTemplates, previewTemplate, saveTemplate, startBulk } from '../../store/produce.actions.ts';
import { openPartition } from '../../store/messages.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { InlineError } from '../../components/Notices.tsx';
import { Field } from '../../components/Field.tsx';
import { TargetFields } from './TargetFields.tsx';
import { ValueEncoding } from './ValueEncoding.tsx';
import { base64ToBytes, bytesToText } from '../../components/format.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';

const EXAMPLE = '{\n  "id": "{{uuid}}",\n  "n": {{seq}},\n  "amount": {{float 1 500 2}},\n  "status": "{{pick new paid shipped}}",\n  "user": { "name": "{{str 6}}", "age": {{int 18 90}} },\n  "at": {{now}}\n}';

const HELP: [string, string][] = [
  ['{{seq}}', '1, 2, 3, … ({{seq 1000}} starts at 1000)'],
  ['{{uuid}}', 'a random UUID'],
  ['{{int 1 100}}', 'a whole number, both ends included'],
  ['{{float 0 1 2}}', 'a number with 2 decimals'],
  ['{{str 8}}', '8 random letters and digits'],
  ['{{pick a b "c d"}}', 'one of the words'],
  ['{{bool}}', 'true or false'],
  ['{{now}} / {{iso}}', 'the time in ms / ISO-8601'],
];

const text = (b64: string | null) => (b64 === null ? 'null' : bytesToText(base64ToBytes(b64)) ?? '<binary>');

export function GenerateForm() {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const lastTopic = useAppState((s) => s.produceTopic);
  const templates = useAppState((s) => s.templates);
  const job = useAppState((s) => s.bulkJob);
  const [topic, setTopic] = useState(lastTopic ?? '');
  const [partition, setPartition] = useState('');
  const [name, setName] = useState('');
  const [key, setKey] = useState('user-{{int 1 50}}');
  const [value, setValue] = useState(EXAMPLE);
  const [format, setFormat] = useState<ValueFormat>('json');
  const [headers, setHeaders] = useState<Header[]>([]);
  const [count, setCount] = useState('1000');
  const [rate, setRate] = useState('0');
  const [compression, setCompression] = useState<Compression>('none');
  const [acks, setAcks] = useState('-1');
  const [preview, setPreview] = useState<ImportedRecord[] | null>(null);
  const [valueSchema, setValueSchema] = useState<SchemaRef | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const chosen = topic || topics[0]?.name || '';
  const template = (): Template => ({ name: name.trim(), key: key === '' ? null : key, value, headers, format });

  useEffect(() => {
    void loadTemplates(store, bridge);
  }, [store, bridge]);

  const fail = (e: unknown) => {
    setError(errorOf(e));
  };
  const doPreview = async () => {
    setError(null);
    try {
      setPreview(await previewTemplate(bridge, template()));
    } catch (e) {
      setPreview(null);
      fail(e);
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const n = Number(count);
    const r = Number(rate);
    if (!chosen) return fail({ name: 'NO_TOPIC', message: 'Choose a topic first.' });
    if (!Number.isInteger(n) || n < 1) return fail({ name: 'INVALID_REQUEST', message: 'Count must be a whole number from 1.' });
    if (!(r >= 0)) return fail({ name: 'INVALID_REQUEST', message: 'Rate must be 0 (as fast as possible) or more records per second.' });
    try {
      await startBulk(store, bridge, {
        topic: chosen, partition: partition === '' ? null : Number(partition), template: template(), count: n, ratePerSec: r, compression, acks: Number(acks),
        ...(valueSchema ? { valueSchema } : {}),
      });
    } catch (err) {
      fail(err);
    }
  };
  const running = job !== null && !job.done;
  const load = (t: Template) => {
    setName(t.name);
    setKey(t.key ?? '');
    setValue(t.value);
    setFormat(t.format);
    setHeaders(t.headers);
    setPreview(null);
  };

  return (
    <div className="produce">
      <form className="form" onSubmit={(e) => void submit(e)} aria-label="Generate messages">
        <div className="form-row">
          <Field label="Saved template">
            <select value={templates.some((t) => t.name === name) ? name : ''} onChange={(e) => { const t = templates.find((x) => x.name === e.target.value); if (t) load(t); }}>
              <option value="">{templates.length === 0 ? 'None saved yet' : 'Choose…'}</option>
              {templates.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
            </select>
          </Field>
          <Field label="Template name"><input value={name} onChange={(e) => setName(e.target.value)} placeholder="orders" /></Field>
        </div>
        <div className="form-row">
          <button type="button" onClick={() => { setError(null); void saveTemplate(store, bridge, template()).catch(fail); }}>Save template</button>
          {templates.some((t) => t.name === name) && <button type="button" onClick={() => void deleteTemplate(store, bridge, name)}>Delete template</button>}
        </div>
        <TargetFields topics={topics} topic={chosen} partition={partition} onTopic={setTopic} onPartition={setPartition} />
        <Field label="Key template" hint="(empty: null keys)"><input value={key} onChange={(e) => setKey(e.target.value)} spellCheck={false} className="mono" /></Field>
        <ValueEncoding schema={valueSchema} onSchema={setValueSchema} format={format} onFormat={setFormat} jsonLabel="JSON (checked before sending)" />
        <Field label="Value template"><textarea value={value} onChange={(e) => setValue(e.target.value)} rows={9} spellCheck={false} /></Field>
        <details className="help">
          <summary>Template syntax</summary>
          <dl className="facts">{HELP.map(([k, v]) => <div key={k} className="fact-pair"><dt><code>{k}</code></dt><dd>{v}</dd></div>)}</dl>
          <p className="muted">Everything else is literal text, so JSON nests as deep as you write it. Quote generators that make strings: <code>"{'{{uuid}}'}"</code>.</p>
        </details>
        <fieldset className="headers">
          <legend>Header templates</legend>
          {headers.map((h, i) => (
            <div key={i} className="form-row header-row">
              <input aria-label={`Header template ${i + 1} name`} value={h.key} placeholder="name" onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, key: e.target.value } : x)))} />
              <input aria-label={`Header template ${i + 1} value`} value={h.value} placeholder="{{pick web app}}" onChange={(e) => setHeaders(headers.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))} />
              <button type="button" className="icon" aria-label={`Remove header template ${i + 1}`} onClick={() => setHeaders(headers.filter((_, j) => j !== i))}>×</button>
            </div>
          ))}
          <button type="button" onClick={() => setHeaders([...headers, { key: '', value: '' }])}>Add header template</button>
        </fieldset>
        <div className="form-row">
          <Field label="Count"><input value={count} onChange={(e) => setCount(e.target.value)} inputMode="numeric" /></Field>
          <Field label="Rate" hint="(records/s, 0: fastest)"><input value={rate} onChange={(e) => setRate(e.target.value)} inputMode="numeric" /></Field>
          <Field label="Compression">
            <select value={compression} onChange={(e) => setCompression(e.target.value as Compression)}>
              {['none', 'gzip', 'snappy', 'lz4', 'zstd'].map((c) => <option key={c} value={c}>{c}</option>)}
            </select>
          </Field>
          <Field label="Acks">
            <select value={acks} onChange={(e) => setAcks(e.target.value)}>
              <option value="-1">all (-1)</option><option value="1">leader (1)</option><option value="0">none (0)</option>
            </select>
          </Field>
        </div>
        <InlineError error={error} />
        <div className="form-actions">
          <button type="button" onClick={() => void doPreview()}>Preview</button>
          {running && <button type="button" onClick={() => void cancelBulk(store, bridge)}>Cancel sending</button>}
          <button type="submit" className="primary" disabled={running}>{running ? 'Sending…' : `Send ${Number(count) > 0 ? Number(count).toLocaleString('en-US') : ''}`}</button>
        </div>
      </form>
      <div className="results" role="region" aria-label="Generated">
        <h2>Preview</h2>
        {preview === null ? <p className="muted">Press Preview to see three records as they would be sent.</p> : (
          <ol className="preview-list" aria-label="Preview records">
            {preview.map((r, i) => (
              <li key={i}>
                <div className="muted">key <code>{text(r.key)}</code>{r.headers.length > 0 && <> · headers <code>{r.headers.map((h) => `${h.key}=${h.value}`).join(' ')}</code></>}</div>
                <pre className="value">{text(r.value)}</pre>
              </li>
            ))}
          </ol>
        )}
        <h2>Progress</h2>
        {!job ? <p className="muted">Nothing sent yet.</p> : (
          <div role="status" aria-label="Send progress">
            <progress max={job.total} value={job.sent} aria-label="Sent" />
            <p>
              {job.sent.toLocaleString('en-US')} / {job.total.toLocaleString('en-US')} sent to {job.topic}
              {job.done ? (job.cancelled ? ' · cancelled' : job.error ? ' · failed' : ' · done') : ' · sending…'}
            </p>
            {job.error && <InlineError error={job.error} />}
            {job.partitions.length > 0 && (
              <ul className="result-list">
                {job.partitions.map((p) => (
                  <li key={p.partition}>
                    <span>partition {p.partition} · offsets <strong>{p.firstOffset}–{p.lastOffset}</strong></span>
                    <button type="button" className="link" onClick={() => void openPartition(store, bridge, job.topic, p.partition)}>View</button>
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
