// The configs of a broker or a group: name, value with human units (7 d beside 604800000), where the value
// comes from, and whether it can change without a restart. Dynamic ones open an edit dialog; a value Kafka
// refuses shows Kafka's error there and nothing is written.

import { useEffect, useMemo, useState } from 'react';
import type { ConfigSourceName, ResourceConfig } from '../../../app/contract.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { humanConfigValue } from '../../components/units.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';

const SOURCE_LABELS: Record<ConfigSourceName, string> = {
  'dynamic-broker': 'set on this broker',
  'dynamic-default': 'set for all brokers',
  static: 'given at start',
  default: 'default',
  group: 'set on this group',
  topic: 'set on topic',
  unknown: 'unknown',
};

const col = columnsFor<ResourceConfig>();

export function ConfigTable({ label, configs, onSave, scope }: {
  label: string;
  configs: ResourceConfig[] | null;
  /** value null: back to the default. Throws Kafka's refusal. */
  onSave: (name: string, value: string | null) => Promise<void>;
  /** "broker" or "group": what an override applies to, for the dialog's words. */
  scope: string;
}) {
  const [editing, setEditing] = useState<ResourceConfig | null>(null);
  const columns = useMemo(() => [
    col.accessor('name', { header: 'Config', cell: (c) => <code>{c.getValue()}</code> }),
    col.accessor((c) => (c.sensitive ? '••••••' : c.value ?? 'null'), {
      id: 'value', header: 'Value',
      cell: (c) => {
        const human = c.row.original.sensitive ? null : humanConfigValue(c.row.original.name, c.row.original.value);
        return <><code>{c.getValue()}</code>{human && <span className="muted"> ({human})</span>}</>;
      },
    }),
    col.accessor((c) => SOURCE_LABELS[c.source], { id: 'source', header: 'Source', cell: (c) => <span className={c.row.original.isDefault ? 'muted' : 'tag'}>{c.getValue()}</span> }),
    col.accessor((c) => (c.readOnly ? 'read-only' : 'dynamic'), { id: 'mode', header: 'Update', cell: (c) => <span className={c.getValue() === 'read-only' ? 'muted' : ''}>{c.getValue()}</span> }),
    col.display({
      id: 'edit', header: 'Edit',
      cell: (c) => c.row.original.readOnly
        ? <span className="muted" title="Kafka changes this config only with a restart">–</span>
        : <button type="button" aria-label={`Edit ${c.row.original.name}`} onClick={() => setEditing(c.row.original)}>Edit</button>,
    }),
  ], []);
  if (configs === null) return <div className="empty">Reading configs…</div>;
  return (
    <>
      <Table label={label} data={configs} columns={columns} getRowId={(c) => c.name} initialSorting={[{ id: 'name', desc: false }]} empty="No configs were returned." />
      <EditDialog entry={editing} scope={scope} onSave={onSave} onClose={() => setEditing(null)} />
    </>
  );
}

function EditDialog({ entry, scope, onSave, onClose }: { entry: ResourceConfig | null; scope: string; onSave: (name: string, value: string | null) => Promise<void>; onClose: () => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setValue(entry?.value ?? '');
    setError(null);
  }, [entry]);
  const overridden = entry !== null && (entry.source === 'dynamic-broker' || entry.source === 'group');
  const apply = async (reset: boolean) => {
    if (!entry) return;
    setBusy(true);
    setError(null);
    try {
      await onSave(entry.name, reset ? null : value);
      onClose();
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const human = entry ? humanConfigValue(entry.name, value) : null;
  return (
    <Dialog title={`Edit ${entry?.name ?? 'config'}`} open={entry !== null} onClose={onClose}>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void apply(false); }}>
        <p className="muted">
          {overridden ? `Set on this ${scope}. Reset returns it to the value below it (cluster-wide, at start, or Kafka's default).` : `Setting a value applies to this ${scope} at once, without a restart, and is kept across restarts.`}
        </p>
        <Field label="Value" hint={human ?? undefined}>
          <input type="text" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
        </Field>
        <InlineError error={error} />
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" disabled={busy || !overridden} onClick={() => void apply(true)}>Reset</button>
          <button type="submit" className="primary" disabled={busy}>Save</button>
        </div>
      </form>
    </Dialog>
  );
}
