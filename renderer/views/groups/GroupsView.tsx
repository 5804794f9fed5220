// Consumer groups: the list (type, state, members, topics, total lag) and the selected group's members,
// per-partition committed offset, end offset and lag, lag over time (records and seconds), offset reset
// and delete.

import { useMemo, useState } from 'react';
import type { GroupPartitionLag, GroupSummary } from '../../../app/contract.ts';
import { openGroup, pollGroups, refreshGroups } from '../../store/groups.actions.ts';
import { usePoll } from '../../store/use-poll.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table, columnsFor } from '../../components/Table.tsx';
import { formatNumber } from '../../components/format.ts';
import { openTopic } from '../../store/topic.actions.ts';
import { DeleteGroupDialog, GroupLag, ResetOffsetsDialog } from './GroupAdmin.tsx';
import { GroupConfigs } from './GroupConfigs.tsx';
import { ConsumerProtocolMembers } from './ConsumerProtocolMembers.tsx';
import { ShareGroupState } from './ShareGroupState.tsx';
import { GroupDiagram } from './GroupDiagram.tsx';

const gcol = columnsFor<GroupSummary>();
const lcol = columnsFor<GroupPartitionLag>();

export function GroupsView() {
  const { store, bridge } = useApp();
  const groups = useAppState((s) => s.groups);
  const selected = useAppState((s) => s.selectedGroup);
  const detail = useAppState((s) => s.groupDetail);
  const [resetting, setResetting] = useState(false);
  const isShare = useAppState((s) => s.groups?.find((g) => g.groupId === s.selectedGroup)?.protocolType === 'share');
  const [deleting, setDeleting] = useState(false);
  // The list and the open group's members, offsets and lag follow the consumers: re-read every second while
  // shown, so a rebalance is seen as it happens.
  usePoll(() => pollGroups(store, bridge), 1000, [store, bridge]);

  const groupColumns = useMemo(() => [
    gcol.accessor('groupId', {
      header: 'Group',
      cell: (c) => <button type="button" className="link" onClick={() => void openGroup(store, bridge, c.getValue())}>{c.getValue()}</button>,
    }),
    gcol.accessor((g) => g.groupType ?? '', { id: 'type', header: 'Type', cell: (c) => (c.getValue() ? <span className="badge badge-neutral">{c.getValue()}</span> : <span className="muted">unknown</span>) }),
    gcol.accessor('state', { header: 'State', cell: (c) => <span className={`badge badge-${c.getValue() === 'STABLE' ? 'healthy' : c.getValue() === 'DEAD' ? 'offline' : 'neutral'}`}>{c.getValue().toLowerCase()}</span> }),
    gcol.accessor('members', { header: 'Members', meta: { numeric: true } }),
    gcol.accessor((g) => g.topics.join(', '), {
      id: 'topics', header: 'Topics',
      cell: (c) => c.row.original.topics.map((t, i) => <span key={t}>{i > 0 && ', '}<button type="button" className="link" onClick={() => void openTopic(store, bridge, t)}>{t}</button></span>),
    }),
    gcol.accessor((g) => g.totalLag ?? -1, {
      id: 'lag', header: 'Total lag', meta: { numeric: true },
      cell: (c) => {
        const left = c.row.original.uncountedPartitions ?? 0;
        return left > 0
          ? <span title={`${left} partition${left === 1 ? '' : 's'} of its topics without a commit or a member are not counted`}>{formatNumber(c.getValue())} <span className="muted">(+{left} uncounted)</span></span>
          : formatNumber(c.getValue());
      },
    }),
  ], [store, bridge]);
  const lagColumns = useMemo(() => [
    lcol.accessor('topic', { header: 'Topic', cell: (c) => <button type="button" className="link" onClick={() => void openTopic(store, bridge, c.getValue())}>{c.getValue()}</button> }),
    lcol.accessor('partition', { header: 'Partition', meta: { numeric: true } }),
    lcol.accessor((o) => o.committed ?? -1, { id: 'committed', header: 'Committed', meta: { numeric: true }, cell: (c) => (c.getValue() < 0 ? 'none' : formatNumber(c.getValue())) }),
    lcol.accessor('endOffset', { header: 'End offset', meta: { numeric: true }, cell: (c) => formatNumber(c.getValue()) }),
    lcol.accessor('lag', { header: 'Lag', meta: { numeric: true }, cell: (c) => <span className={c.getValue() > 0 ? 'lag-positive' : undefined}>{formatNumber(c.getValue())}</span> }),
    lcol.accessor((o) => o.memberId ?? '', { id: 'member', header: 'Member', cell: (c) => (c.getValue() ? <code className="ellipsis">{c.getValue()}</code> : <span className="muted">unassigned</span>) }),
  ], []);

  return (
    <section className="screen" aria-labelledby="groups-title">
      <header className="screen-header">
        <h1 id="groups-title">Consumer groups</h1>
        <div className="header-actions">
          <button type="button" onClick={() => { void refreshGroups(store, bridge); if (selected) void openGroup(store, bridge, selected); }}>Refresh</button>
        </div>
      </header>
      {groups === null ? <div className="empty">Loading consumer groups…</div> : (
        <Table
          label="Consumer groups"
          data={groups}
          columns={groupColumns}
          getRowId={(g) => g.groupId}
          initialSorting={[{ id: 'groupId', desc: false }]}
          isRowSelected={(g) => g.groupId === selected}
          empty="No consumer groups yet. They appear here when a consumer with a group.id connects to the cluster."
        />
      )}
      {selected && (
        <div className="group-detail" role="region" aria-label={`Group ${selected}`}>
          <div className="section-head">
            <h2>Group <span className="title-name">{selected}</span></h2>
            <div className="header-actions">
              <button type="button" disabled={!detail || isShare} onClick={() => setResetting(true)}>Reset offsets</button>
              <button type="button" className="danger" onClick={() => setDeleting(true)}>Delete group</button>
            </div>
          </div>
          {isShare && (
            <>
              {detail && detail.members.length > 0 && (
                <>
                  <h3>Members and partitions</h3>
                  <GroupDiagram detail={detail} withLag={false} />
                </>
              )}
              <h3>Share partitions</h3>
              <ShareGroupState groupId={selected} />
            </>
          )}
          {isShare ? null : !detail ? <div className="empty">Loading…</div> : (
            <>
              <div className="stats">
                <div className="stat stat-neutral"><div className="stat-value">{detail.state.toLowerCase()}</div><div className="stat-label">State</div></div>
                {detail.groupType && <div className="stat stat-neutral"><div className="stat-value">{detail.groupType}</div><div className="stat-label">Type</div></div>}
                <div className="stat stat-neutral"><div className="stat-value">{detail.members.length}</div><div className="stat-label">Members</div></div>
                <div className={`stat ${detail.totalLag > 0 ? 'stat-under-replicated' : 'stat-healthy'}`} aria-label={`Total lag: ${detail.totalLag}`}>
                  <div className="stat-value">{formatNumber(detail.totalLag)}</div><div className="stat-label">Total lag</div>
                </div>
              </div>
              {(detail.uncountedPartitions ?? 0) > 0 && (
                <p className="note" role="note">
                  The total leaves out {detail.uncountedPartitions} partition{detail.uncountedPartitions === 1 ? '' : 's'} of this group&apos;s topics that
                  have no committed offset and no member: a consumer joining would start them from its auto.offset.reset position.
                </p>
              )}
              <h3>Members and partitions</h3>
              <GroupDiagram detail={detail} />
              {detail.consumer && <ConsumerProtocolMembers detail={detail.consumer} />}
              <h3>Offsets and lag</h3>
              <Table label="Group offsets" data={detail.offsets} columns={lagColumns} getRowId={(o) => `${o.topic}/${o.partition}`} searchable={false} empty="This group has no committed offsets and no assigned partitions." />
              <GroupLag groupId={selected} />
              <ResetOffsetsDialog detail={detail} open={resetting} onClose={() => setResetting(false)} />
            </>
          )}
          <h3>Configs</h3>
          <GroupConfigs groupId={selected} />
          <DeleteGroupDialog groupId={selected} open={deleting} onClose={() => setDeleting(false)} />
        </div>
      )}
    </section>
  );
}
