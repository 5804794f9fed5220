// Search a topic on the server: partitions, offset or time range, key / value / header contains, a regular
// expression, a JavaScript predicate. Matches stream in with progress (scanned / total) and can be cancelled.

import { useState, type FormEvent } from 'react';
import type { ConsumedRecord, SearchRequest } from '../../../app/contract.ts';
import { cancelSearch, continueSearch, startSearch } from '../../store/search.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { InlineError } from '../../components/Notices.tsx';
import { Field } from '../../components/Field.tsx';
import { RecordList, useRecordList } from './RecordList.tsx';

export function SearchPanel({ selected, onSelect }: { selected: ConsumedRecord | null; onSelect: (r: ConsumedRecord) => void }) {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const msgTopic = useAppState((s) => s.msgTopic);
  const search = useAppState((s) => s.search);
  const [topic, setTopic] = useState(msgTopic ?? '');
  const [f, setF] = useState({ partitions: '', fromOffset: '', toOffset: '', fromTime: '', toTime: '', key: '', value: '', header: '', regex: '', predicate: '', limit: '1000' });
  const [error, setError] = useState<ShownError | null>(null);
  const chosen = topic || topics[0]?.name || '';
  const records = search?.records ?? [];
  const list = useRecordList(records.length);
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) => setF({ ...f, [k]: e.target.value });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const num = (s: string, what: string): number | undefined => {
      if (s.trim() === '') return undefined;
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) throw { name: 'INVALID_REQUEST', message: `${what} must be a whole number from 0.` };
      return n;
    };
    const time = (s: string, what: string): number | undefined => {
      if (s === '') return undefined;
      const t = new Date(s).getTime();
      if (!Number.isFinite(t)) throw { name: 'INVALID_REQUEST', message: `${what} is not a date and time.` };
      return t;
    };
    try {
      if (!chosen) throw { name: 'NO_TOPIC', message: 'Choose a topic to search.' };
      if (f.regex) {
        try {
          new RegExp(f.regex);
        } catch (err) {
          throw { name: 'INVALID_REGEX', message: `The regular expression is not valid: ${(err as Error).message}.` };
        }
      }
      const partitions = f.partitions.trim() === '' ? undefined : f.partitions.split(/[\s,]+/).filter(Boolean).map((p) => num(p, 'Each partition')!);
      const req: SearchRequest = {
        topic: chosen, partitions,
        fromOffset: num(f.fromOffset, 'From offset'), toOffset: num(f.toOffset, 'To offset'),
        fromTime: time(f.fromTime, 'From time'), toTime: time(f.toTime, 'To time'),
        keyContains: f.key || undefined, valueContains: f.value || undefined, headerContains: f.header || undefined,
        regex: f.regex || undefined, predicate: f.predicate.trim() || undefined, limit: num(f.limit, 'Limit') ?? 1000,
      };
      await startSearch(store, bridge, req);
    } catch (err) {
      setError(errorOf(err));
    }
  };
  const running = search !== null && !search.done;
  const pct = search && search.total > 0 ? Math.min(100, (search.scanned / search.total) * 100) : search?.done ? 100 : 0;

  return (
    <div className="search-panel">
      <form className="form search-form" aria-label="Search messages" onSubmit={(e) => void submit(e)}>
        <div className="form-row">
          <Field label="Topic">
            <select value={chosen} onChange={(e) => setTopic(e.target.value)}>
              {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
            </select>
          </Field>
          <Field label="Partitions" hint="(empty: all)"><input value={f.partitions} onChange={set('partitions')} placeholder="0, 2" /></Field>
          <Field label="From offset"><input value={f.fromOffset} onChange={set('fromOffset')} inputMode="numeric" /></Field>
          <Field label="To offset" hint="(exclusive)"><input value={f.toOffset} onChange={set('toOffset')} inputMode="numeric" /></Field>
          <Field label="From time"><input type="datetime-local" step="1" value={f.fromTime} onChange={set('fromTime')} /></Field>
          <Field label="To time"><input type="datetime-local" step="1" value={f.toTime} onChange={set('toTime')} /></Field>
        </div>
        <div className="form-row">
          <Field label="Value contains"><input value={f.value} onChange={set('value')} spellCheck={false} /></Field>
          <Field label="Key contains"><input value={f.key} onChange={set('key')} spellCheck={false} /></Field>
          <Field label="Header contains"><input value={f.header} onChange={set('header')} spellCheck={false} /></Field>
          <Field label="Regular expression" hint="(key or value)"><input value={f.regex} onChange={set('regex')} spellCheck={false} placeholder="status.:.(new|paid)" /></Field>
          <Field label="Limit"><input value={f.limit} onChange={set('limit')} inputMode="numeric" size={6} /></Field>
        </div>
        <Field label="JavaScript predicate" hint="(an expression over r: r.key, r.value, r.json, r.headers, r.partition, r.offset, r.timestamp; 20 ms per record, 30 s in all)">
          <input value={f.predicate} onChange={set('predicate')} spellCheck={false} placeholder="r.json?.amount > 100 && r.headers.source === 'web'" className="mono" />
        </Field>
        <InlineError error={error} />
        <div className="form-actions search-actions">
          {search && (
            <div className="progress-wrap" role="status" aria-label="Search progress">
              <progress max={100} value={pct} aria-label="Scanned" />
              <span>
                {search.scanned.toLocaleString('en-US')} / {search.total.toLocaleString('en-US')} scanned · {search.matched.toLocaleString('en-US')} matched
                {search.done ? (search.cancelled ? ' · cancelled' : search.error ? ' · stopped' : search.resumeFrom ? ` · stopped at the limit of ${search.request?.limit ?? 1000} matches, records left unscanned` : ' · done') : ' · searching…'}
              </span>
            </div>
          )}
          {search?.done && search.resumeFrom && <button type="button" onClick={() => void continueSearch(store, bridge).catch((err) => setError(errorOf(err)))}>Continue search</button>}
          {running && <button type="button" onClick={() => void cancelSearch(store, bridge)}>Cancel search</button>}
          <button type="submit" className="primary" disabled={running || topics.length === 0}>Search</button>
        </div>
        {search?.error && <InlineError error={search.error} />}
      </form>
      {topics.length === 0 ? (
        <div className="empty">No topics yet: create one and produce to it, then search it here.</div>
      ) : !search ? (
        <div className="empty">Fill in any filters and press Search: every record of the chosen partitions is scanned on the server.</div>
      ) : records.length === 0 ? (
        <div className="empty">{search.done ? 'No record matched. Loosen a filter or widen the range.' : 'Scanning…'}</div>
      ) : (
        <RecordList records={records} list={list} label="Search results" selected={selected} onSelect={onSelect} />
      )}
    </div>
  );
}
