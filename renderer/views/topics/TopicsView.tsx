// Topics: the topic table (name, partitions, RF, messages, size, in/out rate sparkline, health) with search
// and sort; create, purge and delete (both with confirmation).

import { ClusterPending } from '../../components/ClusterPending.tsx';
import { useMemo, useState } from 'react';
import type { TopicSummary } from '../../../app/contract.ts';
import { deleteTopic, purgeTopic } from '../../store/topics.actions.ts';
import { openTopic } from '../../store/topic.actions.ts';
import { openPartition } from '../../store/messages.actions.ts';
import { Sparkline, formatRate, useSeries } from '../../components/charts.tsx';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { HealthBadge } from '../../components/StateBadge.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { formatBytes, formatNumber } from '../../components/format.ts';
import { CreateTopicDialog } from './CreateTopicDialog.tsx';

/** A topic with its messages/s written (in) and consumed by groups (out) over the last minutes. */
type TopicRow = TopicSummary & { rates: number[]; outRates: number[] };
const col = columnsFor<TopicRow>();

export function TopicsView() {
  const { store, bridge } = useApp();
  const topics = useAppState((s) => s.overview?.topics);
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<string | null>(null);
  const [purging, setPurging] = useState<string | null>(null);
  const rates = useSeries('metrics.topics', {}, 5 * 60_000, 3000);

  const columns = useMemo(() => [
    col.accessor('name', {
      header: 'Name',
      cell: (c) => <button type="button" className="link" onClick={() => void openTopic(store, bridge, c.getValue())}>{c.getValue()}</button>,
    }),
    col.accessor('partitions', { header: 'Partitions', meta: { numeric: true } }),
    col.accessor('replicationFactor', { header: 'RF', meta: { numeric: true } }),
    col.accessor('messages', { header: 'Messages', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    col.accessor('sizeBytes', { header: 'Size', meta: { numeric: true }, cell: (c) => formatBytes(c.getValue()) }),
    col.accessor((t) => t.rates.at(-1) ?? 0, {
      id: 'rate',
      header: 'In (msg/s, 5 min)',
      meta: { numeric: true },
      cell: (c) => <RateCell values={c.row.original.rates} label={`${c.row.original.name} in`} />,
    }),
    col.accessor((t) => t.outRates.at(-1) ?? 0, {
      id: 'outRate',
      header: 'Out (consumed)',
      meta: { numeric: true },
      cell: (c) => <RateCell values={c.row.original.outRates} label={`${c.row.original.name} out`} />,
    }),
    col.accessor('health', { header: 'Health', cell: (c) => <HealthBadge health={c.getValue()} /> }),
    col.display({
      id: 'actions',
      header: 'Actions',
      cell: (c) => (
        <div className="row-actions">
          <button type="button" aria-label={`Browse messages of ${c.row.original.name}`} onClick={() => void openPartition(store, bridge, c.row.original.name, 0)}>Messages</button>
          <button type="button" aria-label={`Purge topic ${c.row.original.name}`} onClick={() => setPurging(c.row.original.name)}>Purge</button>
          <button type="button" className="danger" aria-label={`Delete topic ${c.row.original.name}`} onClick={() => setDeleting(c.row.original.name)}>Delete</button>
        </div>
      ),
    }),
  ], [store, bridge]);
  const rows = useMemo<TopicRow[] | undefined>(() => topics?.map((t) => ({
    ...t,
    rates: (rates?.[t.name]?.in ?? []).map((p) => p.messagesPerSec),
    outRates: (rates?.[t.name]?.out ?? []).map((p) => p.messagesPerSec),
  })), [topics, rates]);

  return (
    <section aria-labelledby="topics-title" className="screen">
      <header className="screen-header">
        <h1 id="topics-title">Topics</h1>
      </header>
      {topics === undefined ? <ClusterPending what="the topics" /> : (
        <Table
          label="Topics"
          data={rows ?? []}
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
      <ConfirmDialog
        title={`Purge topic ${purging ?? ''}?`}
        open={purging !== null}
        confirmLabel="Purge messages"
        danger
        onCancel={() => setPurging(null)}
        onConfirm={() => {
          if (purging) void purgeTopic(store, bridge, purging);
          setPurging(null);
        }}
      >
        Every message now in the topic is deleted (DeleteRecords up to each partition's high watermark). The topic,
        its configs and consumer offsets stay; new messages continue from the same offsets. This cannot be undone.
      </ConfirmDialog>
    </section>
  );
}

function RateCell({ values, label }: { values: number[]; label: string }) {
  const now = formatRate(values.at(-1) ?? 0);
  return (
    <span className="sparkline">
      <Sparkline values={values} label={`${label}: ${now} messages per second now`} />
      <span className="rate">{now}</span>
    </span>
  );
}
