// Cluster: counts of under-replicated and offline partitions, the cluster's throughput over time, and the
// brokers with their state, bytes in/out and the stop / kill / restart / add controls (kill asks first: it is
// a crash, without a clean shutdown). Lifecycle controls exist only for the local cluster.

import { useMemo, useState } from 'react';
import type { BrokerAction, BrokerInfo } from '../../../app/contract.ts';
import { addBroker, brokerAction } from '../../store/cluster.actions.ts';
import { TimeChart, WindowPicker, bytesPerSec, msgsPerSec, useSeries } from '../../components/charts.tsx';
import { formatBytes } from '../../components/format.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { BrokerStateBadge } from '../../components/StateBadge.tsx';
import { KillBrokerDialog, type PendingBrokerAction } from './KillBrokerDialog.tsx';
import { ClusterPending } from '../../components/ClusterPending.tsx';

/** A broker with its listener's bytes in/out per second (-1: unknown, e.g. an external cluster). */
type BrokerRow = BrokerInfo & { bytesIn: number; bytesOut: number };
const col = columnsFor<BrokerRow>();

/** A failed broker's reason is an error with its stack: the table shows the message, the tooltip all of it. */
function firstLine(text: string): string {
  return text.split('\n')[0];
}

export function ClusterView() {
  const { store, bridge } = useApp();
  const overview = useAppState((s) => s.overview);
  const busy = useAppState((s) => s.brokerBusy);
  const brokerRates = useAppState((s) => s.metrics?.brokers);
  const [confirm, setConfirm] = useState<PendingBrokerAction | null>(null);
  const [windowMs, setWindowMs] = useState(5 * 60_000);
  const [adding, setAdding] = useState(false);
  const series = useSeries('metrics.cluster', {}, windowMs);
  const local = overview?.local ?? true;
  const add = async () => {
    setAdding(true);
    await addBroker(store, bridge);
    setAdding(false);
  };

  const act = (id: number, action: BrokerAction) => void brokerAction(store, bridge, id, action);
  const columns = useMemo(() => [
    col.accessor('id', { header: 'Broker', cell: (c) => <span>Broker {c.getValue()}{c.row.original.isController ? <span className="tag">controller</span> : null}</span> }),
    col.accessor('state', {
      header: 'State',
      cell: (c) => (
        <span>
          <BrokerStateBadge state={c.getValue()} />
          {c.row.original.failureReason ? <span className="muted failure-reason" title={c.row.original.failureReason}> {firstLine(c.row.original.failureReason)}</span> : null}
        </span>
      ),
    }),
    col.accessor((b) => `${b.host}:${b.port}`, { id: 'address', header: 'Address', cell: (c) => <code>{c.getValue()}</code> }),
    col.accessor('leaderCount', { header: 'Leaders', meta: { numeric: true } }),
    col.accessor('replicaCount', { header: 'Replicas', meta: { numeric: true } }),
    col.accessor('bytesIn', { header: 'Bytes in', meta: { numeric: true }, cell: (c) => (c.getValue() < 0 || c.row.original.state !== 'running' ? '–' : bytesPerSec(c.getValue())) }),
    col.accessor('bytesOut', { header: 'Bytes out', meta: { numeric: true }, cell: (c) => (c.getValue() < 0 || c.row.original.state !== 'running' ? '–' : bytesPerSec(c.getValue())) }),
    col.display({
      id: 'actions',
      header: 'Actions',
      cell: (c) => {
        const b = c.row.original;
        const running = b.state === 'running';
        const disabled = busy[b.id] === true || !local;
        return (
          <div className="row-actions">
            <button type="button" disabled={!running || disabled} aria-label={`Stop broker ${b.id}`} onClick={() => act(b.id, 'stop')}>Stop</button>
            <button type="button" className="danger" disabled={!running || disabled} aria-label={`Kill broker ${b.id}`} onClick={() => setConfirm({ id: b.id, action: 'kill' })}>Kill</button>
            <button type="button" disabled={disabled} aria-label={`${running ? 'Restart' : 'Start'} broker ${b.id}`} onClick={() => act(b.id, 'restart')}>{running ? 'Restart' : 'Start'}</button>
          </div>
        );
      },
    }),
  ], [busy, store, bridge, local]);
  const rows = useMemo<BrokerRow[]>(() => (overview?.brokers ?? []).map((b) => {
    const r = brokerRates?.find((x) => x.id === b.id);
    return { ...b, bytesIn: r?.bytesInPerSec ?? -1, bytesOut: r?.bytesOutPerSec ?? -1 };
  }), [overview?.brokers, brokerRates]);

  if (!overview) return <ClusterPending />;
  const running = overview.brokers.filter((b) => b.state === 'running').length;
  return (
    <section aria-labelledby="cluster-title" className="screen">
      <header className="screen-header">
        <h1 id="cluster-title">Cluster</h1>
        <p className="muted">Bootstrap servers <code>{overview.bootstrapServers}</code> · cluster id <code>{overview.clusterId}</code></p>
      </header>
      <div className="stats" role="list" aria-label="Cluster health">
        <Stat label="Brokers running" value={`${running} / ${overview.brokers.length}`} tone={running === overview.brokers.length ? 'healthy' : 'offline'} />
        <Stat label="Topics" value={String(overview.topics.length)} tone="neutral" />
        <Stat label="Under-replicated partitions" value={String(overview.underReplicatedPartitions)} tone={overview.underReplicatedPartitions > 0 ? 'under-replicated' : 'healthy'} />
        <Stat label="Offline partitions" value={String(overview.offlinePartitions)} tone={overview.offlinePartitions > 0 ? 'offline' : 'healthy'} />
      </div>
      <div className="section-head">
        <h2>Throughput</h2>
        <WindowPicker label="Throughput time window" value={windowMs} onChange={setWindowMs} />
      </div>
      <div className="charts">
        <TimeChart label="Cluster messages per second" points={series} value={(p) => p.messagesPerSec} format={msgsPerSec} windowMs={windowMs} empty="No traffic recorded in this window yet. Produce to any topic and the rate shows here within seconds." />
        <TimeChart label="Cluster bytes per second" points={series} value={(p) => p.bytesPerSec} format={bytesPerSec} axisFormat={(n) => formatBytes(Math.round(n))} windowMs={windowMs} color="var(--healthy)" empty="No traffic recorded in this window yet." />
      </div>
      <div className="section-head">
        <h2>Brokers</h2>
        <button type="button" disabled={!overview.local || adding} onClick={() => void add()}>{adding ? 'Adding…' : 'Add broker'}</button>
      </div>
      {!overview.local && (
        <p className="note" role="note">This is an external cluster: brokers can be watched but not stopped, killed, restarted or added from here. Switch to the local cluster in Settings for those.</p>
      )}
      <Table
        label="Brokers"
        data={rows}
        columns={columns}
        getRowId={(b) => String(b.id)}
        searchable={false}
        empty="No brokers. Start the local cluster with npm run serve."
      />
      <KillBrokerDialog pending={confirm} onClose={() => setConfirm(null)} onConfirm={(p) => act(p.id, p.action)}>
        Killing a broker stops it at once, like a crash: no clean shutdown, and its partitions lose their leader until
        it restarts (or, with replicas, until another broker takes over). You can restart it afterwards.
      </KillBrokerDialog>
    </section>
  );
}

function Stat({ label, value, tone }: { label: string; value: string; tone: 'healthy' | 'under-replicated' | 'offline' | 'neutral' }) {
  return (
    <div className={`stat stat-${tone}`} role="listitem" aria-label={`${label}: ${value}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
