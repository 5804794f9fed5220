// Topics: the topic table (name, partitions, RF, messages, size, health) with search and sort; create and
// delete (with confirmation).

import { useMemo, useState } from 'react';
import type { TopicSummary } from '../../../app/contract.ts';
import { deleteTopic, openPartition, openTopic } from '../../store/actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { HealthBadge } from '../../components/StateBadge.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { formatBytes, formatNumber } from '../../components/format.ts';
import { CreateTopicDialog } from './CreateTopicDialog.tsx';

const col = columnsFor<TopicSummary>();

export function TopicsView() {
  const { store, bridge } = useApp();
  const topics = useAppState((s) => s.overview?.topics);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);

  const columns = useMemo(() => [
    col.accessor('name', {
      header: 'Name',
      cell: (c) => <button type="button" className="link" onClick={() => void openTopic(store, bridge, c.getValue())}>{c.getValue()}</button>,
    }),
    col.accessor('partitions', { header: 'Partitions', meta: { numeric: true } }),
    col.accessor('replicationFactor', { header: 'RF', meta: { numeric: true } }),
    col.accessor('messages', { header: 'Messages', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    col.accessor('sizeBytes', { header: 'Size', meta: { numeric: true }, cell: (c) => formatBytes(c.getValue()) }),
    col.accessor('health', { header: 'Health', cell: (c) => <HealthBadge health={c.getValue()} /> }),
    col.display({
      id: 'actions',
      header: 'Actions',
      cell: (c) => (
        <div className="row-actions">
          <button type="button" aria-label={`Browse messages of ${c.row.original.name}`} onClick={() => void openPartition(store, bridge, c.row.original.name, 0)}>Messages</button>
          <button type="button" className="danger" aria-label={`Delete topic ${c.row.original.name}`} onClick={() => setDeleting(c.row.original.name)}>Delete</button>
        </div>
      ),
    }),
  ], [store, bridge]);

  return (
    <section aria-labelledby="topics-title" className="screen">
      <header className="screen-header">
        <h1 id="topics-title">Topics</h1>
      </header>
      {topics === undefined ? <div className="empty">Connecting to the cluster…</div> : (
        <Table
          label="Topics"
          data={topics}
          columns={columns}
          getRowId={(t) => t.name}
          initialSorting={[{ id: 'name', desc: false }]}
          toolbar={<button type="button" className="primary" onClick={() => setCreating(true)}>New topic</button>}
          empty={<>No topics yet. <button type="button" className="link" onClick={() => setCreating(true)}>Create one</button>, or produce with any Kafka client.</>}
        />
      )}
      <CreateTopicDialog open={creating} onClose={() => setCreating(false)} />
      <ConfirmDialog
        title={`Delete topic ${deleting ?? ''}?`}
        open={deleting !== null}
        confirmLabel="Delete topic"
        danger
        onCancel={() => setDeleting(null)}
        onConfirm={() => {
          if (deleting) void deleteTopic(store, bridge, deleting);
          setDeleting(null);
        }}
      >
        All of its partitions and messages are deleted. Consumers of the topic will get errors. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}
