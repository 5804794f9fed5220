// Encode with a schema: a subject of the connection's Schema Registry and a version (or the latest). The
// value is then JSON, and the backend refuses one that does not match (naming the field): nothing is sent.

import { useEffect } from 'react';
import type { SchemaRef } from '../../../app/contract.ts';
import { refreshSubjects } from '../../store/schemas.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';

export function SchemaPicker({ value, onChange }: { value: SchemaRef | null; onChange: (v: SchemaRef | null) => void }) {
  const { store, bridge } = useApp();
  const overview = useAppState((s) => s.schemaOverview);
  useEffect(() => {
    void refreshSubjects(store, bridge);
  }, [store, bridge]);
  const subjects = (overview?.subjects ?? []).filter((s) => !s.deleted);
  const current = subjects.find((s) => s.subject === value?.subject);
  if (!overview?.url) return null;
  return (
    <div className="form-row">
      <Field label="Encode with schema" hint={value ? '(JSON in, wire format out)' : undefined}>
        <select value={value?.subject ?? ''} onChange={(e) => onChange(e.target.value ? { subject: e.target.value, version: null } : null)}>
          <option value="">None: send the value as it is</option>
          {subjects.map((s) => <option key={s.subject} value={s.subject}>{s.subject} ({s.schemaType === 'JSON' ? 'JSON Schema' : s.schemaType === 'AVRO' ? 'Avro' : 'Protobuf'})</option>)}
        </select>
      </Field>
      {value && (
        <Field label="Schema version">
          <select value={value.version ?? ''} onChange={(e) => onChange({ subject: value.subject, version: e.target.value ? Number(e.target.value) : null })}>
            <option value="">latest{current ? ` (v${current.latestVersion})` : ''}</option>
            {Array.from({ length: current?.latestVersion ?? 0 }, (_, i) => i + 1).reverse().map((v) => <option key={v} value={v}>v{v}</option>)}
          </select>
        </Field>
      )}
    </div>
  );
}
