// One topic: throughput charts, its partitions (leader, replicas, ISR, log start, end offset, high watermark,
// size, health) followed live, add partitions, each partition's segments, and its configs (defaults marked, editable).

import { useMemo } from 'react';
import type { PartitionInfo } from '../../../app/contract.ts';
import { navigate } from '../../store/app.actions.ts';
import { alterTopicConfig, followTopic, loadTopicGroups, openTopic } from '../../store/topic.actions.ts';
import { openGroup } from '../../store/groups.actions.ts';
import { usePoll } from '../../store/use-poll.ts';
import { openPartition } from '../../store/messages.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { HealthBadge } from '../../components/StateBadge.tsx';
import { formatBytes, formatNumber } from '../../components/format.ts';
import { AddPartitions, Segments, TopicCharts } from './TopicAdmin.tsx';
import { ConfigTable } from '../configs/ConfigTable.tsx';
import { TopicAcls } from './TopicAcls.tsx';
import { MoveReplica } from './MoveReplica.tsx';
import { loadReassignments } from '../../store/reassign.actions.ts';

const pcol = columnsFor<PartitionInfo>();
const FOLLOW_EVERY_MS = 2000;
const GROUPS_EVERY_MS = 5000;
const list = (ids: number[]) => (ids.length ? ids.join(', ') : '–');

export function TopicView() {
  const { store, bridge } = useApp();
  const name = useAppState((s) => s.selectedTopic);
  const detail = useAppState((s) => s.topicDetail);
  // Live: the partition table follows leaders, ISR and offsets without a Refresh.
  usePoll(() => followTopic(store, bridge), FOLLOW_EVERY_MS, [store, bridge, name], name !== null);
  usePoll(() => (name ? loadTopicGroups(store, bridge, name) : undefined), GROUPS_EVERY_MS, [store, bridge, name], name !== null);
  usePoll(() => (name ? loadReassignments(store, bridge, name) : undefined), FOLLOW_EVERY_MS, [store, bridge, name], name !== null);
  const groups = useAppState((s) => (s.topicGroups?.topic === name ? s.topicGroups.groups : null));

  const partitionColumns = useMemo(() => [
    pcol.accessor('partition', { header: 'Partition', meta: { numeric: true } }),
    pcol.accessor('leader', { header: 'Leader', meta: { numeric: true }, cell: (c) => (c.getValue() < 0 ? 'none' : c.getValue()) }),
    pcol.accessor((p) => list(p.replicas), { id: 'replicas', header: 'Replicas', cell: (c) => <code>{c.getValue()}</code> }),
    pcol.accessor((p) => list(p.isr), { id: 'isr', header: 'ISR', cell: (c) => <code>{c.getValue()}</code> }),
    pcol.accessor('logStartOffset', { header: 'Log start', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    pcol.accessor('endOffset', { header: 'End offset', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    pcol.accessor('highWatermark', { header: 'High watermark', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    // The last stable offset: below the high watermark while a transaction is open on the partition.
    pcol.accessor((p) => p.lastStableOffset ?? -1, {
      id: 'lastStableOffset', header: 'LSO', meta: { numeric: true },
      cell: ({ row: { original: p } }) => (p.lastStableOffset === undefined ? '–'
        : <span className={p.lastStableOffset < p.highWatermark ? 'lso-behind' : undefined} title={p.lastStableOffset < p.highWatermark ? 'A transaction is open: read_committed consumers stop here' : undefined}>{formatNumber(p.lastStableOffset)}</span>),
    }),
    pcol.accessor('sizeBytes', { header: 'Size', meta: { numeric: true }, cell: (c) => formatBytes(c.getValue()) }),
    pcol.accessor('health', { header: 'Health', cell: (c) => <HealthBadge health={c.getValue()} /> }),
    pcol.display({ id: 'reassignment', header: 'Reassignment', cell: (c) => name && <MoveReplica topic={name} partition={c.row.original} /> }),
    pcol.display({
      id: 'browse',
      header: 'Messages',
      cell: (c) => (
        <button type="button" aria-label={`Browse partition ${c.row.original.partition}`} disabled={c.row.original.leader < 0}
          onClick={() => name && void openPartition(store, bridge, name, c.row.original.partition)}>Browse</button>
      ),
    }),
  ], [store, bridge, name]);

  if (!name) {
    return (
      <section className="screen" aria-labelledby="topic-title">
        <h1 id="topic-title">Topic</h1>
        <div className="empty">No topic selected. <button type="button" className="link" onClick={() => navigate(store, 'topics')}>Choose one in Topics</button>.</div>
      </section>
    );
  }
  return (
    <section className="screen" aria-labelledby="topic-title">
      <header className="screen-header">
        <h1 id="topic-title">Topic <span className="title-name">{name}</span></h1>
        <div className="header-actions">
          <button type="button" onClick={() => void openTopic(store, bridge, name)}>Refresh</button>
          <button type="button" onClick={() => void openPartition(store, bridge, name, 0)}>Browse messages</button>
        </div>
      </header>
      {!detail ? <div className="empty">Loading {name}…</div> : (
        <>
          <p className="muted">Topic id <code>{detail.id}</code></p>
          <TopicCharts topic={name} />
          <div className="section-head">
            <h2>Partitions</h2>
            <AddPartitions detail={detail} />
          </div>
          <Table label="Partitions" data={detail.partitions} columns={partitionColumns} getRowId={(p) => String(p.partition)} searchable={false} empty="This topic has no partitions." />
          <h2>Consumer groups</h2>
          {groups === null ? <p className="muted">Reading the groups that consume {name}…</p> : groups.length === 0 ? (
            <p className="muted">No consumer group has offsets or members on {name}.</p>
          ) : (
            <ul className="topic-groups" aria-label={`Groups consuming ${name}`}>
              {groups.map((g) => (
                <li key={g.groupId}>
                  <button type="button" className="link" onClick={() => { navigate(store, 'groups'); void openGroup(store, bridge, g.groupId); }}>{g.groupId}</button>
                  <span className="muted"> · {g.state.toLowerCase()} · {g.members} member{g.members === 1 ? '' : 's'} · </span>
                  <span className={g.lag > 0 ? 'lag-positive' : undefined}>lag {formatNumber(g.lag)}</span>
                  {g.uncommitted > 0 && <span className="muted"> ({g.uncommitted} partition{g.uncommitted === 1 ? '' : 's'} without a commit, counted from the log start)</span>}
                </li>
              ))}
            </ul>
          )}
          <h2>Segments</h2>
          <Segments topic={name} version={detail} />
          <h2>Configs</h2>
          <ConfigTable label="Configs" scope="topic" configs={detail.configs} empty="The broker returned no configs for this topic."
            onSave={(config, value) => alterTopicConfig(store, bridge, name, config, value)} />
          <h2>Access</h2>
          <TopicAcls topic={name} />
        </>
      )}
    </section>
  );
}
