// Import a JSON lines or CSV file (as exported here) into a topic: pick the file, see a preview and every bad
// line; nothing is written unless the whole file is valid.

import { useState } from 'react';
import type { ExportFormat, ImportedRecord, ImportResult } from '../../../app/contract.ts';
import { importFile } from '../../store/messages.actions.ts';
import { selectTopics } from '../../store/cluster.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { base64ToBytes, bytesToText } from '../../components/format.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';

const text = (b64: string | null) => (b64 === null ? 'null' : bytesToText(base64ToBytes(b64)) ?? '<binary>');

const icol = columnsFor<ImportedRecord>();
const previewColumns = [
  icol.accessor((r) => (r.partition === null ? 'any' : String(r.partition)), { id: 'partition', header: 'Partition' }),
  icol.accessor((r) => text(r.key), { id: 'key', header: 'Key' }),
  icol.accessor((r) => text(r.value).slice(0, 80), { id: 'value', header: 'Value', cell: (c) => <span className="cell-value">{c.getValue()}</span> }),
];

export function ImportDialog({ open, onClose, defaultTopic }: { open: boolean; onClose: () => void; defaultTopic: string }) {
  const { store, bridge } = useApp();
  const topics = useAppState(selectTopics);
  const [topic, setTopic] = useState('');
  const [file, setFile] = useState<{ name: string; content: string } | null>(null);
  const [format, setFormat] = useState<ExportFormat>('jsonl');
  const [keep, setKeep] = useState(true);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const chosen = topic || defaultTopic;

  const run = async (dryRun: boolean, content = file?.content, fmt = format) => {
    if (content === undefined) return;
    setError(null);
    setBusy(true);
    try {
      setResult(await importFile(store, bridge, { topic: chosen, format: fmt, content, dryRun, keepPartitions: keep }));
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const close = () => {
    setFile(null);
    setResult(null);
    setError(null);
    onClose();
  };

  return (
    <Dialog title="Import messages" open={open} onClose={close}>
      <div className="form">
        <Field label="Topic">
          <select value={chosen} onChange={(e) => { setTopic(e.target.value); setResult(null); }}>
            {topics.map((t) => <option key={t.name} value={t.name}>{t.name}</option>)}
          </select>
        </Field>
        <Field label="File" hint="(.jsonl or .csv, as exported)">
          <input type="file" accept=".jsonl,.ndjson,.json,.csv,text/csv" onChange={(e) => {
            const f = e.target.files?.[0];
            if (!f) return;
            const fmt: ExportFormat = f.name.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
            setFormat(fmt);
            void f.text().then((content) => {
              setFile({ name: f.name, content });
              void run(true, content, fmt);
            });
          }} />
        </Field>
        <label className="inline"><input type="checkbox" checked={keep} onChange={(e) => { setKeep(e.target.checked); setResult(null); }} /> Keep each record's partition (otherwise the partitioner chooses)</label>
        <InlineError error={error} />
        {result && result.errors.length > 0 && (
          <div className="inline-error" role="alert" aria-label="Bad lines">
            <code className="error-name">INVALID_FILE</code> {result.errors.length} bad line{result.errors.length > 1 ? 's' : ''}; nothing {result.written === 0 ? 'will be' : 'was'} written.
            <ul className="error-lines">{result.errors.slice(0, 10).map((e) => <li key={e.line}>Line {e.line}: {e.message}</li>)}</ul>
          </div>
        )}
        {result && result.errors.length === 0 && (
          <div role="status" aria-label="Import preview">
            <p>{result.written > 0 ? `Wrote ${result.written.toLocaleString('en-US')} records to ${chosen}.` : `${result.count.toLocaleString('en-US')} records ready to import into ${chosen}.`}</p>
            {result.written === 0 && (
              <Table label="Preview" className="import-preview" data={result.preview.slice(0, 5)} columns={previewColumns} getRowId={(r) => String(result.preview.indexOf(r))}
                searchable={false} sortable={false} empty="The file holds no records." />
            )}
          </div>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={close}>{result?.written ? 'Close' : 'Cancel'}</button>
          <button type="button" className="primary" disabled={!file || busy || !result || result.errors.length > 0 || result.written > 0}
            onClick={() => void run(false)}>{busy ? 'Importing…' : result && result.errors.length === 0 && !result.written ? `Import ${result.count.toLocaleString('en-US')} records` : 'Import'}</button>
        </div>
      </div>
    </Dialog>
  );
}
