// The configs of a topic, a broker or a group: name, value with human units (7 d beside 604800000), where the
// value comes from, and whether it can change without a restart. Dynamic ones open the one edit dialog
// (ConfigEditDialog); a value Kafka refuses shows Kafka's error there and nothing is written.

import { useMemo, useState } from 'react';
import { Table, columnsFor } from '../../components/Table.tsx';
import { humanConfigValue } from '../../format/units.ts';
import { ConfigEditDialog } from './ConfigEditDialog.tsx';
import { SOURCE_LABELS, sourceOf, type ConfigScope, type EditableConfig } from './config-edit.ts';

const col = columnsFor<EditableConfig>();

export function ConfigTable({ label, configs, onSave, scope, empty = 'No configs were returned.' }: {
  label: string;
  configs: EditableConfig[] | null;
  /** value null: back to the default. Throws Kafka's refusal. */
  onSave: (name: string, value: string | null) => Promise<void>;
  scope: ConfigScope;
  empty?: string;
}) {
  const [editing, setEditing] = useState<EditableConfig | null>(null);
  const columns = useMemo(() => [
    col.accessor('name', { header: 'Config', cell: (c) => <code>{c.getValue()}</code> }),
    col.accessor((c) => (c.sensitive ? '••••••' : c.value ?? 'null'), {
      id: 'value', header: 'Value',
      cell: (c) => {
        const human = c.row.original.sensitive ? null : humanConfigValue(c.row.original.name, c.row.original.value);
        return <><code>{c.getValue()}</code>{human && <span className="muted"> ({human})</span>}</>;
      },
    }),
    col.accessor((c) => SOURCE_LABELS[sourceOf(c)], { id: 'source', header: 'Source', cell: (c) => <span className={c.row.original.isDefault ? 'muted' : 'tag'}>{c.getValue()}</span> }),
    col.accessor((c) => (c.readOnly ? 'read-only' : 'dynamic'), { id: 'mode', header: 'Update', cell: (c) => <span className={c.getValue() === 'read-only' ? 'muted' : ''}>{c.getValue()}</span> }),
    col.display({
      id: 'edit', header: 'Edit',
      cell: (c) => c.row.original.readOnly
        ? <span className="muted" title="Read-only: Kafka does not change this config while running">–</span>
        : <button type="button" aria-label={`Edit ${c.row.original.name}`} onClick={() => setEditing(c.row.original)}>Edit</button>,
    }),
  ], []);
  if (configs === null) return <div className="empty">Reading configs…</div>;
  return (
    <>
      <Table label={label} data={configs} columns={columns} getRowId={(c) => c.name} initialSorting={[{ id: 'name', desc: false }]} empty={empty} />
      <ConfigEditDialog entry={editing} scope={scope} onSave={onSave} onClose={() => setEditing(null)} />
    </>
  );
}
