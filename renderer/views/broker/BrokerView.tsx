// One broker: its state and address, its disk use, its leadership, and every replica it holds (leader,
// in sync, behind by how much, offline), followed live from the cluster map, and its configs (dynamic ones
// editable). The local cluster's brokers can be stopped, killed and restarted from here.

import { useEffect, useMemo, useState } from 'react';
import type { BrokerAction } from '../../../app/contract.ts';
import { brokerAction } from '../../store/cluster.actions.ts';
import { refreshClusterMap } from '../../store/map.actions.ts';
import { navigate } from '../../store/app.actions.ts';
import { openTopic } from '../../store/topic.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { usePoll } from '../../store/use-poll.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { BrokerStateBadge } from '../../components/StateBadge.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { bytesPerSec } from '../../components/charts.tsx';
import { formatBytes, formatNumber } from '../../components/format.ts';
import { tileOf } from '../map/MapTile.tsx';
import { alterBrokerConfig, loadBrokerConfigs } from '../../store/configs.actions.ts';
import { ConfigTable } from '../configs/ConfigTable.tsx';

interface ReplicaRow { key: string; topic: string; partition: number; role: string; preferred: boolean; behind: number; sizeBytes: number }
const col = columnsFor<ReplicaRow>();

export function BrokerView() {
  const { store, bridge } = useApp();
  const id = useAppState((s) => s.selectedBroker);
  const map = useAppState((s) => s.clusterMap);
  const rates = useAppState((s) => s.metrics?.brokers);
  const busy = useAppState((s) => (id === null ? false : s.brokerBusy[id] === true));
  const [confirmKill, setConfirmKill] = useState(false);
  usePoll(() => refreshClusterMap(store, bridge), 1000, [store, bridge]);
  const broker = map?.brokers.find((b) => b.id === id);
  const loadedConfigs = useAppState((s) => s.brokerConfigs);
  const brokerRunning = broker?.state === 'running';
  // Configs are read when the broker is opened or comes back (a stopped broker cannot describe itself).
  useEffect(() => {
    if (id !== null && brokerRunning) void loadBrokerConfigs(store, bridge, id);
  }, [store, bridge, id, brokerRunning]);

  const rows = useMemo<ReplicaRow[]>(() => {
    if (!map || id === null) return [];
    return map.topics.flatMap((t) => t.partitions.filter((p) => p.replicas.includes(id)).map((p) => {
      const tile = tileOf(p, broker, id);
      const st = p.replicaStates.find((r) => r.broker === id);
      return { key: `${t.name}-${p.partition}`, topic: t.name, partition: p.partition, role: tile.label, preferred: p.replicas[0] === id, behind: st?.behind ?? -1, sizeBytes: st?.sizeBytes ?? -1 };
    }));
  }, [map, id, broker]);
  const columns = useMemo(() => [
    col.accessor('key', { header: 'Partition', cell: (c) => <button type="button" className="link" onClick={() => void openTopic(store, bridge, c.row.original.topic)}>{c.getValue()}</button> }),
    col.accessor('role', { header: 'Replica' }),
    col.accessor((r) => (r.preferred ? 'yes' : ''), { id: 'preferred', header: 'Preferred leader' }),
    col.accessor('behind', { header: 'Behind the leader', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    col.accessor('sizeBytes', { header: 'On disk', meta: { numeric: true }, cell: (c) => formatBytes(c.getValue()) }),
  ], [store, bridge]);

  if (id === null) return <div className="empty">No broker chosen. <button type="button" className="link" onClick={() => navigate(store, 'map')}>Pick one on the map</button>.</div>;
  if (!map) return <div className="empty">Reading broker {id}…</div>;
  if (!broker) return <div className="empty">There is no broker {id} in this cluster.</div>;
  const rate = rates?.find((r) => r.id === id);
  const disk = rows.reduce((n, r) => n + Math.max(0, r.sizeBytes), 0);
  const leaders = rows.filter((r) => r.role === 'leader').length;
  const preferredLed = rows.filter((r) => r.preferred && r.role === 'leader').length;
  const preferred = rows.filter((r) => r.preferred).length;
  const act = async (action: BrokerAction) => {
    await brokerAction(store, bridge, id, action);
    await refreshClusterMap(store, bridge);
  };
  const running = broker.state === 'running';
  return (
    <section className="screen" aria-labelledby="broker-title">
      <header className="screen-header">
        <h1 id="broker-title">Broker {id} {broker.isController && <span className="tag">controller</span>}</h1>
        {map.local && (
          <div className="header-actions">
            <button type="button" disabled={!running || busy} onClick={() => void act('stop')}>Stop</button>
            <button type="button" className="danger" disabled={!running || busy} onClick={() => setConfirmKill(true)}>Kill</button>
            <button type="button" disabled={busy} onClick={() => void act('restart')}>{running ? 'Restart' : 'Start'}</button>
          </div>
        )}
        <p className="muted"><BrokerStateBadge state={broker.state} /> · <code>{broker.host}:{broker.port}</code></p>
      </header>
      <div className="stats" role="list" aria-label={`Broker ${id}`}>
        <Stat label="Leader of" value={`${leaders} partition${leaders === 1 ? '' : 's'}`} />
        <Stat label="Replicas held" value={String(rows.length)} />
        <Stat label="Preferred leader, leading" value={`${preferredLed} / ${preferred}`} />
        <Stat label="Disk use" value={formatBytes(disk)} />
        <Stat label="Bytes in / out" value={rate && running ? `${bytesPerSec(rate.bytesInPerSec)} / ${bytesPerSec(rate.bytesOutPerSec)}` : '–'} />
      </div>
      <h2>Replicas</h2>
      <Table label="Replicas" data={rows} columns={columns} getRowId={(r) => r.key} empty="This broker holds no replicas." />
      <h2>Configs</h2>
      {running || loadedConfigs?.brokerId === id
        ? <ConfigTable label="Broker configs" scope="broker" configs={loadedConfigs?.brokerId === id ? loadedConfigs.configs : null}
            onSave={(name, value) => alterBrokerConfig(store, bridge, id, name, value)} />
        : <div className="empty">A stopped broker cannot describe its configs. Start it to see them.</div>}
      <ConfirmDialog title={`Kill broker ${id}?`} open={confirmKill} confirmLabel="Kill broker" danger onCancel={() => setConfirmKill(false)}
        onConfirm={() => { setConfirmKill(false); void act('kill'); }}>
        Killing a broker stops it at once, like a crash: no clean shutdown. You can restart it afterwards.
      </ConfirmDialog>
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="stat stat-neutral" role="listitem" aria-label={`${label}: ${value}`}>
      <div className="stat-value">{value}</div>
      <div className="stat-label">{label}</div>
    </div>
  );
}
