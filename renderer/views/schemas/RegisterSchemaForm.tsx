// Register a schema: a new version of the open subject, or a new subject. The draft is checked first (the
// registry's verbose compatibility check, its messages shown); Register is enabled only for the draft that
// was checked and found compatible.

import { useState } from 'react';
import type { SchemaDraft, SchemaType } from '../../../app/contract.ts';
import { checkDraft, registerDraft } from '../../store/schemas.actions.ts';
import { isCheckedCompatible } from '../../store/schemas.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';

const TYPES: SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];

export function RegisterSchemaForm({ subject, initialType, initialSchema, onDone }: {
  /** null: a new subject (its name is asked for). */
  subject: string | null;
  initialType: SchemaType;
  initialSchema: string;
  onDone?: (r: { subject: string; version: number }) => void;
}) {
  const { store, bridge } = useApp();
  const check = useAppState((s) => s.schemaCheck);
  const [name, setName] = useState(subject ?? '');
  const [schemaType, setType] = useState<SchemaType>(initialType);
  const [schema, setSchema] = useState(initialSchema);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const draft: SchemaDraft = { subject: subject ?? name.trim(), schemaType, schema };
  const shown = check && check.draft.subject === draft.subject && check.draft.schemaType === schemaType && check.draft.schema === schema ? check.report : null;

  const run = async (what: 'check' | 'register') => {
    setBusy(true);
    setError(null);
    setSaved(null);
    try {
      if (what === 'check') await checkDraft(store, bridge, draft);
      else {
        const r = await registerDraft(store, bridge, draft);
        setSaved(`Registered ${draft.subject} version ${r.version} (schema id ${r.id}).`);
        onDone?.({ subject: draft.subject, version: r.version });
      }
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="form" aria-label={subject ? `New version of ${subject}` : 'New subject'} onSubmit={(e) => { e.preventDefault(); void run('check'); }}>
      <div className="form-row">
        {subject === null && (
          <Field label="Subject" hint="(topic-value, topic-key, …)">
            <input type="text" value={name} onChange={(e) => setName(e.target.value)} placeholder="orders-value" />
          </Field>
        )}
        <Field label="Schema type">
          <select value={schemaType} onChange={(e) => setType(e.target.value as SchemaType)}>
            {TYPES.map((t) => <option key={t} value={t}>{t === 'JSON' ? 'JSON Schema' : t === 'AVRO' ? 'Avro' : 'Protobuf'}</option>)}
          </select>
        </Field>
      </div>
      <Field label="Schema">
        <textarea rows={10} spellCheck={false} className="mono" value={schema} onChange={(e) => setSchema(e.target.value)} />
      </Field>
      {shown && (
        <div className={`check-result ${shown.compatible ? 'check-ok' : 'check-bad'}`} role="status" aria-label="Compatibility check">
          <strong>{!shown.valid ? 'Not a valid schema' : shown.compatible ? `Compatible (${shown.level})` : `Incompatible at ${shown.level}`}</strong>
          {shown.messages.length > 0 && <ul>{shown.messages.map((m, i) => <li key={i}>{m}</li>)}</ul>}
        </div>
      )}
      <InlineError error={error} />
      {saved && <p role="status" className="note">{saved}</p>}
      <div className="form-actions">
        <button type="submit" disabled={busy || schema.trim() === '' || draft.subject === ''}>Check compatibility</button>
        <button type="button" className="primary" disabled={busy || !isCheckedCompatible(check, draft)} onClick={() => void run('register')}>Register</button>
      </div>
    </form>
  );
}
