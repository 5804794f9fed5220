// Schemas: the Schema Registry of the active connection (the embedded one for the local cluster). The
// subjects (type, latest version, versions, level), the global compatibility level, a new subject, and the
// open subject (SubjectPanel).

import { useEffect, useMemo, useState } from 'react';
import type { CompatibilityLevel, SubjectSummary } from '../../../app/contract.ts';
import { closeSubject, openSubject, refreshSubjects, setCompatibility, showDeletedSubjects } from '../../store/schemas.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { LEVELS, SubjectPanel } from './SubjectPanel.tsx';
import { RegisterSchemaForm } from './RegisterSchemaForm.tsx';
import './schemas.css';

const col = columnsFor<SubjectSummary>();

export function SchemasView() {
  const { store, bridge } = useApp();
  const overview = useAppState((s) => s.schemaOverview);
  const showDeleted = useAppState((s) => s.showDeletedSubjects);
  const selected = useAppState((s) => s.selectedSubject);
  const detail = useAppState((s) => s.subjectDetail);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    void refreshSubjects(store, bridge);
    const open = store.getState().selectedSubject;
    if (open) void openSubject(store, bridge, open);
  }, [store, bridge]);

  const columns = useMemo(() => [
    col.accessor('subject', {
      header: 'Subject',
      cell: (c) => (
        <button type="button" className="link" onClick={() => void openSubject(store, bridge, c.getValue())}>
          {c.getValue()}{c.row.original.deleted && <span className="badge badge-offline" style={{ marginLeft: 6 }}>deleted</span>}
        </button>
      ),
    }),
    col.accessor('schemaType', { header: 'Type', cell: (c) => <span className="tag">{c.getValue() === 'JSON' ? 'JSON Schema' : c.getValue() === 'AVRO' ? 'Avro' : 'Protobuf'}</span> }),
    col.accessor('latestVersion', { header: 'Latest', meta: { numeric: true }, cell: (c) => `v${c.getValue()}` }),
    col.accessor('versionCount', { header: 'Versions', meta: { numeric: true } }),
    col.accessor('latestId', { header: 'Schema id', meta: { numeric: true } }),
    col.accessor((s) => s.compatibility ?? '', { id: 'compatibility', header: 'Compatibility', cell: (c) => c.getValue() || <span className="muted">global</span> }),
  ], [store, bridge]);

  const global = overview?.globalCompatibility ?? null;
  return (
    <section className="screen" aria-labelledby="schemas-title">
      <header className="screen-header">
        <h1 id="schemas-title">Schemas</h1>
        <div className="header-actions">
          <label className="inline">Global compatibility{' '}
            <select aria-label="Global compatibility" value={global ?? ''} disabled={!overview?.url || !!overview.error}
              onChange={(e) => void setCompatibility(store, bridge, null, e.target.value as CompatibilityLevel)}>
              {global === null && <option value="">—</option>}
              {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </label>
          <label className="inline"><input type="checkbox" checked={showDeleted} onChange={(e) => void showDeletedSubjects(store, bridge, e.target.checked)} /> Show deleted</label>
          <button type="button" onClick={() => { void refreshSubjects(store, bridge); if (selected) void openSubject(store, bridge, selected); }}>Refresh</button>
          <button type="button" className="primary" disabled={!overview?.url} onClick={() => setCreating(true)}>New subject</button>
        </div>
      </header>
      {overview === null ? <div className="empty">Loading the Schema Registry…</div>
        : overview.url === null ? (
          <div className="empty">This connection names no Schema Registry. Add its URL to the connection in Settings to browse schemas and decode records.</div>
        ) : (
          <>
            <p className="muted registry-line">Schema Registry at <code>{overview.url}</code></p>
            {overview.error && <div className="inline-error" role="alert"><code className="error-name">REGISTRY_UNAVAILABLE</code> {overview.error}</div>}
            <Table
              label="Subjects"
              data={overview.subjects}
              columns={columns}
              getRowId={(s) => s.subject}
              initialSorting={[{ id: 'subject', desc: false }]}
              isRowSelected={(s) => s.subject === selected}
              empty={<>No subjects yet. Serializers register them when they first write (<code>schema.registry.url={overview.url}</code>), or register one with New subject.</>}
            />
          </>
        )}
      {selected && !detail && <div className="empty">Loading {selected}…</div>}
      {selected && detail && detail.subject === selected && (
        <>
          <div className="form-actions"><button type="button" onClick={() => closeSubject(store)}>Close {selected}</button></div>
          <SubjectPanel detail={detail} />
        </>
      )}
      <Dialog title="New subject" open={creating} onClose={() => setCreating(false)} wide>
        <RegisterSchemaForm subject={null} initialType="AVRO" initialSchema={'{\n  "type": "record",\n  "name": "Order",\n  "fields": [{ "name": "id", "type": "long" }]\n}'}
          onDone={(r) => { setCreating(false); void openSubject(store, bridge, r.subject); }} />
        <div className="dialog-actions"><button type="button" onClick={() => setCreating(false)}>Close</button></div>
      </Dialog>
    </section>
  );
}
