// The cluster map: brokers as columns, partitions as rows grouped by topic (filterable, virtualised, so
// thousands of partitions scroll smoothly), each replica a tile. It follows the cluster every second: kill,
// stop or restart a broker from its column and the consequences show as they happen — its replicas go dark,
// each leader move is drawn (a marker slides from the old leader's tile to the new one), ISRs shrink, the
// restarted broker's followers catch up (how far behind, counting down) and rejoin, preferred leaders return.
// The timeline beside it lists each event with its time and cause. An external cluster is followed from its
// metadata alone; its brokers have no lifecycle controls.

import { useMemo, useRef, useState, type CSSProperties } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { BrokerAction, BrokerInfo, ClusterMap, MapPartition } from '../../../app/contract.ts';
import { brokerAction } from '../../store/cluster.actions.ts';
import { refreshClusterMap } from '../../store/map.actions.ts';
import { openBroker } from '../../store/app.actions.ts';
import { openTopic } from '../../store/topic.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { usePoll } from '../../store/use-poll.ts';
import { BrokerStateBadge } from '../../components/StateBadge.tsx';
import { KillBrokerDialog, type PendingBrokerAction } from '../cluster/KillBrokerDialog.tsx';
import { ClusterPending } from '../../components/ClusterPending.tsx';
import { formatNumber } from '../../components/format.ts';
import { MapTile } from './MapTile.tsx';
import { Timeline } from './Timeline.tsx';
import { TERMS } from './terms.ts';

const FOLLOW_EVERY_MS = 1000;
const ROW = 30;
/** Widths of the fixed columns: the partition label and its high watermark; then one per broker. */
const LABEL_W = 170;
const HW_W = 90;
const TILE_W = 132;

type Row = { kind: 'topic'; topic: string; count: number } | { kind: 'partition'; topic: string; p: MapPartition };

export function rowsOf(map: ClusterMap | null, filter: string): Row[] {
  const f = filter.trim().toLowerCase();
  const out: Row[] = [];
  for (const t of map?.topics ?? []) {
    if (f && !t.name.toLowerCase().includes(f)) continue;
    out.push({ kind: 'topic', topic: t.name, count: t.partitions.length });
    for (const p of t.partitions) out.push({ kind: 'partition', topic: t.name, p });
  }
  return out;
}

export function MapView() {
  const { store, bridge } = useApp();
  const map = useAppState((s) => s.clusterMap);
  const moves = useAppState((s) => s.leaderMoves);
  const busy = useAppState((s) => s.brokerBusy);
  const [filter, setFilter] = useState('');
  const [confirm, setConfirm] = useState<PendingBrokerAction | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  usePoll(() => refreshClusterMap(store, bridge), FOLLOW_EVERY_MS, [store, bridge]);

  const brokers = useMemo(() => [...(map?.brokers ?? [])].sort((a, b) => a.id - b.id), [map?.brokers]);
  const byId = useMemo(() => new Map(brokers.map((b) => [b.id, b])), [brokers]);
  const rows = useMemo(() => rowsOf(map, filter), [map, filter]);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW, overscan: 12 });
  const act = async (id: number, action: BrokerAction) => {
    await brokerAction(store, bridge, id, action);
    await refreshClusterMap(store, bridge);
  };

  if (!map) return <ClusterPending what="the cluster map" />;
  const width = LABEL_W + HW_W + brokers.length * TILE_W;
  const grid: CSSProperties = { gridTemplateColumns: `${LABEL_W}px ${HW_W}px repeat(${brokers.length}, ${TILE_W}px)`, width };
  const partitions = map.topics.reduce((n, t) => n + t.partitions.length, 0);
  return (
    <section className="screen map-screen" aria-labelledby="map-title">
      <header className="screen-header">
        <h1 id="map-title">Cluster map</h1>
        <p className="muted">
          {brokers.length} broker{brokers.length === 1 ? '' : 's'} · {partitions.toLocaleString('en-US')} partitions · followed live
          {!map.local && ' · external cluster: read from its metadata, no broker controls'}
        </p>
      </header>
      <div className="map-layout">
        <div className="map-main">
          <div className="toolbar map-toolbar">
            <label className="inline">
              <span>Filter topics</span>
              <input type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="name contains…" />
            </label>
            <ul className="legend" aria-label="Legend">
              <li><span className="tile tile-leader" title={TERMS.leader}>leader</span></li>
              <li><span className="tile tile-in-sync" title={TERMS.isr}>in sync</span></li>
              <li><span className="tile tile-lagging" title="A follower out of the ISR, fetching to catch up.">behind</span></li>
              <li><span className="tile tile-offline" title="Its broker is down.">offline</span></li>
              <li><abbr title={TERMS.hw}>HW</abbr></li>
              <li><abbr title={TERMS.lso}>LSO</abbr></li>
            </ul>
          </div>
          <div className="map-grid" role="table" aria-label="Cluster map" aria-rowcount={rows.length + 1}>
            <div ref={scrollRef} className="map-scroll">
              <div className="map-row map-head" role="row" style={grid}>
                <div role="columnheader" className="map-label">Partition</div>
                <div role="columnheader" className="map-hw" title={TERMS.hw}>HW</div>
                {brokers.map((b) => (
                  <BrokerHead key={b.id} b={b} local={map.local} busy={busy[b.id] === true}
                    onOpen={() => openBroker(store, b.id)}
                    onAct={(action) => (action === 'kill' ? setConfirm({ id: b.id, action }) : void act(b.id, action))} />
                ))}
              </div>
              {rows.length === 0 ? (
                <div className="empty">{filter ? `No topic matches “${filter}”.` : 'No topics yet: create one and its partitions show here.'}</div>
              ) : (
                <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width }}>
                  {virtualizer.getVirtualItems().map((item) => {
                    const r = rows[item.index];
                    const top: CSSProperties = { position: 'absolute', top: 0, left: 0, transform: `translateY(${item.start}px)`, height: ROW };
                    if (r.kind === 'topic') {
                      return (
                        <div key={`t:${r.topic}`} className="map-row map-topic" role="row" aria-rowindex={item.index + 2} style={{ ...top, width }}>
                          <div role="rowheader"><button type="button" className="link" onClick={() => void openTopic(store, bridge, r.topic)}>{r.topic}</button> <span className="muted">{r.count} partition{r.count === 1 ? '' : 's'}</span></div>
                        </div>
                      );
                    }
                    const name = `${r.topic}-${r.p.partition}`;
                    const move = moves[name];
                    const col = (id: number) => LABEL_W + HW_W + brokers.findIndex((b) => b.id === id) * TILE_W;
                    return (
                      <div key={name} className="map-row" role="row" aria-rowindex={item.index + 2} aria-label={name} style={{ ...top, ...grid }}>
                        <div role="rowheader" className="map-label">{name}</div>
                        <div role="cell" className="map-hw num">{formatNumber(r.p.highWatermark)}</div>
                        {brokers.map((b) => <MapTile key={b.id} name={name} p={r.p} broker={byId.get(b.id)} brokerId={b.id} />)}
                        {move && (
                          <span key={`${move.epoch}`} className="leader-move" aria-hidden="true" data-from={move.from} data-to={move.to}
                            style={{ '--from': `${col(move.from)}px`, '--to': `${col(move.to)}px`, width: TILE_W } as CSSProperties} />
                        )}
                      </div>
                    );
                  })}
                </div>
              )}
            </div>
          </div>
        </div>
        <Timeline />
      </div>
      <KillBrokerDialog pending={confirm} onClose={() => setConfirm(null)} onConfirm={(p) => void act(p.id, p.action)}>
        Killing a broker stops it at once, like a crash: no clean shutdown. Watch its replicas go dark and its leaders
        move to in-sync followers; restart it to see it catch up and rejoin.
      </KillBrokerDialog>
    </section>
  );
}

function BrokerHead({ b, local, busy, onOpen, onAct }: { b: BrokerInfo; local: boolean; busy: boolean; onOpen: () => void; onAct: (a: BrokerAction) => void }) {
  const running = b.state === 'running';
  return (
    <div role="columnheader" className="map-broker" aria-label={`Broker ${b.id}`}>
      <div className="map-broker-name">
        <button type="button" className="link" onClick={onOpen}>Broker {b.id}</button>
        {b.isController && <span className="tag" title="The controller keeps the cluster's metadata and elects leaders.">controller</span>}
      </div>
      <BrokerStateBadge state={b.state} />
      {local && (
        <div className="map-actions">
          <button type="button" disabled={!running || busy} aria-label={`Stop broker ${b.id}`} title="Controlled shutdown" onClick={() => onAct('stop')}>Stop</button>
          <button type="button" className="danger" disabled={!running || busy} aria-label={`Kill broker ${b.id}`} title="Crash it" onClick={() => onAct('kill')}>Kill</button>
          <button type="button" disabled={busy} aria-label={`${running ? 'Restart' : 'Start'} broker ${b.id}`} onClick={() => onAct('restart')}>{running ? 'Restart' : 'Start'}</button>
        </div>
      )}
    </div>
  );
}
