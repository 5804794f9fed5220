// The open subject: its compatibility level (its own, or the global one), its versions and the text of the
// chosen one, a diff between two versions, a form for a new version, and deletes (soft or permanent, each
// confirmed).

import { useState } from 'react';
import type { CompatibilityLevel, SubjectDetail } from '../../../app/contract.ts';
import { compareVersions, deleteSchema, setCompatibility } from '../../store/schemas.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { displaySchema } from './line-diff.ts';
import { SchemaDiff } from './SchemaDiff.tsx';
import { RegisterSchemaForm } from './RegisterSchemaForm.tsx';

export const LEVELS: CompatibilityLevel[] = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];

type Deleting = { version: number | null; permanent: boolean } | null;

export function SubjectPanel({ detail }: { detail: SubjectDetail }) {
  const { store, bridge } = useApp();
  const globalLevel = useAppState((s) => s.schemaOverview?.globalCompatibility ?? null);
  const pair = useAppState((s) => s.diffVersions);
  const versions = detail.versions;
  const live = versions.filter((v) => !v.deleted);
  const latest = live[live.length - 1] ?? versions[versions.length - 1];
  const [shownVersion, setShown] = useState<number | null>(null);
  const shown = versions.find((v) => v.version === shownVersion) ?? latest;
  const [deleting, setDeleting] = useState<Deleting>(null);
  const diffPair: [number, number] | null = pair ?? (versions.length >= 2 ? [versions[versions.length - 2].version, versions[versions.length - 1].version] : null);

  const what = deleting ? (deleting.version === null ? `subject ${detail.subject}` : `version ${deleting.version} of ${detail.subject}`) : '';
  return (
    <div className="subject-detail" role="region" aria-label={`Subject ${detail.subject}`}>
      <div className="section-head">
        <h2>Subject <span className="title-name">{detail.subject}</span></h2>
        <div className="header-actions">
          <label className="inline">Compatibility{' '}
            <select aria-label={`Compatibility of ${detail.subject}`} value={detail.compatibility ?? ''}
              onChange={(e) => void setCompatibility(store, bridge, detail.subject, (e.target.value || null) as CompatibilityLevel | null)}>
              <option value="">Global ({globalLevel ?? 'BACKWARD'})</option>
              {LEVELS.map((l) => <option key={l} value={l}>{l}</option>)}
            </select>
          </label>
          <button type="button" onClick={() => setDeleting({ version: null, permanent: false })}>Delete subject</button>
          <button type="button" className="danger" onClick={() => setDeleting({ version: null, permanent: true })}>Delete permanently</button>
        </div>
      </div>
      <p className="muted registry-line">
        {shown?.schemaType} · {live.length} version{live.length === 1 ? '' : 's'}{versions.length > live.length ? ` (+${versions.length - live.length} soft-deleted)` : ''} · checked at {detail.effectiveCompatibility}
      </p>
      <div className="subject-grid">
        <div className="schema-card" role="region" aria-label="Schema text">
          <h3>Versions</h3>
          <div role="tablist" aria-label="Versions" className="tabs version-tabs">
            {versions.map((v) => (
              <button key={v.version} type="button" role="tab" className={v.deleted ? 'deleted' : undefined} aria-selected={shown?.version === v.version}
                title={v.deleted ? 'soft-deleted' : `schema id ${v.id}`} onClick={() => setShown(v.version)}>
                v{v.version}
              </button>
            ))}
          </div>
          {shown && (
            <>
              <p className="muted registry-line">
                Version {shown.version} · schema id {shown.id}{shown.deleted ? ' · soft-deleted' : ''}
                {shown.references.length > 0 && ` · references ${shown.references.map((r) => `${r.name} (${r.subject} v${r.version})`).join(', ')}`}
              </p>
              <pre className="value schema-text" aria-label={`Schema of version ${shown.version}`}>{displaySchema(shown.schemaType, shown.schema)}</pre>
              <div className="form-actions">
                {!shown.deleted && <button type="button" onClick={() => setDeleting({ version: shown.version, permanent: false })}>Delete version {shown.version}</button>}
                <button type="button" className="danger" onClick={() => setDeleting({ version: shown.version, permanent: true })}>Delete version {shown.version} permanently</button>
              </div>
            </>
          )}
        </div>
        {diffPair ? <SchemaDiff versions={versions} pair={diffPair} onPick={(a, b) => compareVersions(store, a, b)} />
          : <div className="schema-card"><h3>Diff</h3><p className="muted">One version so far: register another to compare them.</p></div>}
      </div>
      <div className="schema-card subject-register">
        <h3>Register a new version</h3>
        <RegisterSchemaForm key={`${detail.subject}/${latest?.version}`} subject={detail.subject} initialType={latest?.schemaType ?? 'AVRO'}
          initialSchema={latest ? displaySchema(latest.schemaType, latest.schema) : ''} onDone={() => setShown(null)} />
      </div>
      <ConfirmDialog
        title={deleting?.permanent ? `Permanently delete ${what}?` : `Delete ${what}?`}
        open={deleting !== null}
        confirmLabel={deleting?.permanent ? 'Delete permanently' : 'Delete'}
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          const d = deleting!;
          setDeleting(null);
          setShown(null);
          void deleteSchema(store, bridge, detail.subject, d.version, d.permanent);
        }}
      >
        {deleting?.permanent
          ? 'The schema is removed from the registry for good: records written with it can no longer be decoded through this subject. This cannot be undone.'
          : 'A soft delete: the registry stops serving it as a version to write with, but keeps it (records written with it still decode, and “Show deleted” lists it).'}
      </ConfirmDialog>
    </div>
  );
}
