// The Topic screen's admin pieces: msgs/s and bytes/s charts, add partitions, and each partition's segments
// (local cluster only). Its configs are edited in the config pages' one dialog (views/configs/).

import { useEffect, useMemo, useState } from 'react';
import type { PartitionSegments, TopicDetail } from '../../../app/contract.ts';
import { addPartitions, loadSegments } from '../../store/topic.actions.ts';
import { selectSegments } from '../../store/topic.slice.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { TimeChart, WindowPicker, bytesPerSec, msgsPerSec, useSeries } from '../../components/charts.tsx';
import { formatBytes, formatNumber } from '../../components/format.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';


export function TopicCharts({ topic }: { topic: string }) {
  const [windowMs, setWindowMs] = useState(5 * 60_000);
  const series = useSeries('metrics.topic', { topic }, windowMs);
  return (
    <>
      <div className="section-head">
        <h2>Throughput</h2>
        <WindowPicker label="Topic throughput time window" value={windowMs} onChange={setWindowMs} />
      </div>
      <div className="charts">
        <TimeChart label={`${topic} messages per second`} points={series} value={(p) => p.messagesPerSec} format={msgsPerSec} windowMs={windowMs} empty="No messages written in this window. Produce to this topic and its rate shows here." />
        <TimeChart label={`${topic} bytes per second`} points={series} value={(p) => p.bytesPerSec} format={bytesPerSec} axisFormat={(n) => formatBytes(Math.round(n))} windowMs={windowMs} color="var(--healthy)" empty="No bytes written in this window." />
      </div>
    </>
  );
}

/** Grow the topic: Kafka adds partitions, never removes them. */
export function AddPartitions({ detail }: { detail: TopicDetail }) {
  const { store, bridge } = useApp();
  const current = detail.partitions.length;
  // Empty, never pre-filled: growing a topic changes where keys go, so the count is a choice to make.
  const [count, setCount] = useState('');
  const [asking, setAsking] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  const check = () => {
    const n = Number(count);
    if (count.trim() === '' || !Number.isInteger(n) || n <= current) {
      setError({ name: 'INVALID_REQUEST', message: `Give a whole number above ${current}: Kafka can add partitions but never remove them.` });
      return;
    }
    setError(null);
    setAsking(n);
  };
  const submit = async (n: number) => {
    setAsking(null);
    setBusy(true);
    try {
      await addPartitions(store, bridge, detail.name, n);
      setCount('');
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" aria-label="Add partitions" onSubmit={(e) => { e.preventDefault(); check(); }}>
      <Field label="Partition count" hint={`(now ${current})`}>
        <input type="number" min={current + 1} value={count} placeholder={`more than ${current}`} onChange={(e) => setCount(e.target.value)} style={{ width: 140 }} />
      </Field>
      <button type="submit" disabled={busy}>{busy ? 'Adding…' : 'Add partitions'}</button>
      <InlineError error={error} />
      <ConfirmDialog title={`Grow ${detail.name} to ${asking ?? ''} partitions?`} open={asking !== null} confirmLabel={`Grow to ${asking ?? ''} partitions`}
        onCancel={() => setAsking(null)} onConfirm={() => asking !== null && void submit(asking)}>
        <p>The key → partition mapping changes: records with a given key now go to a different partition than before,
          so consumers that rely on per-key order see a key's old and new records in different partitions.</p>
        <p>Kafka can add partitions but never remove them: this cannot be undone.</p>
      </ConfirmDialog>
    </form>
  );
}

const scol = columnsFor<PartitionSegments>();

/** Each partition's segments on its leader (broker stats; the Kafka protocol does not describe segments). */
export function Segments({ topic, version }: { topic: string; version: unknown }) {
  const { store, bridge } = useApp();
  const data = useAppState((s) => selectSegments(s, topic));
  useEffect(() => {
    void loadSegments(store, bridge, topic);
  }, [topic, version, store, bridge]);
  const columns = useMemo(() => [
    scol.accessor('partition', { header: 'Partition', meta: { numeric: true } }),
    scol.accessor('broker', { header: 'Leader', meta: { numeric: true } }),
    scol.accessor((p) => p.segments.length, { id: 'count', header: 'Segments', meta: { numeric: true } }),
    scol.accessor((p) => p.segments.map((g) => `${formatNumber(g.baseOffset)} (${formatBytes(g.sizeBytes)})`).join(' · '), {
      id: 'list', header: 'Base offset (size)', cell: (c) => <span className="segments">{c.getValue()}</span>,
    }),
  ], []);
  if (!data) return <div className="empty">Loading segments…</div>;
  if (!data.available) return <p className="note" role="note">Segments are shown for the local cluster only: Kafka's protocol does not describe a log's segment files.</p>;
  return <Table label="Segments" data={data.partitions} columns={columns} getRowId={(p) => String(p.partition)} searchable={false} empty="No segments: the partition leaders did not answer." />;
}
