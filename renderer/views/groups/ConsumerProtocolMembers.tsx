// A consumer-protocol (KIP-848) group's rebalance, made visible: the group and assignment epochs, the
// server-side assignor, and per member its epoch, what it owns, what the assignor gave it, what it is to
// revoke and what it waits for (partitions their previous owner has not revoked yet).

import { useMemo } from 'react';
import type { ConsumerProtocolDetail, ConsumerProtocolMember } from '../../../app/contract.ts';
import { Table, columnsFor } from '../../components/Table.tsx';

type Partitions = ConsumerProtocolMember['assignment'];

const col = columnsFor<ConsumerProtocolMember>();

export function partitionsText(list: Partitions): string {
  return list.map((tp) => `${tp.topic} [${tp.partitions.join(', ')}]`).join('; ');
}

function subscription(m: ConsumerProtocolMember): string {
  return m.subscribedTopicRegex !== null ? `/${m.subscribedTopicRegex}/` : m.subscribedTopics.join(', ');
}

function PartitionsCell({ list, kind }: { list: Partitions; kind?: 'revoking' | 'pending' }) {
  if (list.length === 0) return <span className="muted">none</span>;
  const cls = kind === 'revoking' ? 'badge badge-under-replicated' : kind === 'pending' ? 'badge badge-neutral' : undefined;
  return <span className={cls}>{partitionsText(list)}</span>;
}

export function ConsumerProtocolMembers({ detail }: { detail: ConsumerProtocolDetail }) {
  const columns = useMemo(() => [
    col.accessor('memberId', {
      header: 'Member',
      cell: (c) => <code className="ellipsis" title={`${c.row.original.clientId} · ${c.row.original.host} · subscribed to ${subscription(c.row.original)}`}>{c.getValue()}</code>,
    }),
    col.accessor('clientId', { header: 'Client' }),
    col.accessor('memberEpoch', {
      header: 'Epoch',
      meta: { numeric: true },
      cell: (c) => <span className={c.getValue() < detail.assignmentEpoch ? 'lag-positive' : undefined}>{c.getValue()}</span>,
    }),
    col.accessor((m) => partitionsText(m.assignment), { id: 'current', header: 'Current assignment', cell: (c) => <PartitionsCell list={c.row.original.assignment} /> }),
    col.accessor((m) => partitionsText(m.targetAssignment), { id: 'target', header: 'Target assignment', cell: (c) => <PartitionsCell list={c.row.original.targetAssignment} /> }),
    col.accessor((m) => partitionsText(m.revoking), { id: 'revoking', header: 'Revoking', cell: (c) => <PartitionsCell list={c.row.original.revoking} kind="revoking" /> }),
    col.accessor((m) => partitionsText(m.pending), { id: 'pending', header: 'Waiting for', cell: (c) => <PartitionsCell list={c.row.original.pending} kind="pending" /> }),
  ], [detail.assignmentEpoch]);

  const behind = detail.members.filter((m) => m.memberEpoch < detail.assignmentEpoch).length;
  return (
    <div className="consumer-protocol" role="region" aria-label="Consumer protocol rebalance">
      <h3>Rebalance (consumer protocol)</h3>
      <div className="stats">
        <div className="stat stat-neutral" aria-label={`Group epoch: ${detail.groupEpoch}`}><div className="stat-value">{detail.groupEpoch}</div><div className="stat-label">Group epoch</div></div>
        <div className={`stat ${detail.assignmentEpoch < detail.groupEpoch ? 'stat-under-replicated' : 'stat-neutral'}`} aria-label={`Assignment epoch: ${detail.assignmentEpoch}`}>
          <div className="stat-value">{detail.assignmentEpoch}</div><div className="stat-label">Assignment epoch</div>
        </div>
        <div className="stat stat-neutral"><div className="stat-value">{detail.assignor || '—'}</div><div className="stat-label">Assignor</div></div>
        <div className={`stat ${behind > 0 ? 'stat-under-replicated' : 'stat-healthy'}`} aria-label={`Members behind the assignment epoch: ${behind}`}>
          <div className="stat-value">{behind}</div><div className="stat-label">Members reconciling</div>
        </div>
      </div>
      <p className="muted">Subscribed to {[...new Set(detail.members.map(subscription))].join('; ') || 'nothing'}. A partition moves only after its owner revokes it: it shows under Revoking on the owner, then under Waiting for on the member it goes to.</p>
      <Table label="Consumer protocol members" data={detail.members} columns={columns} getRowId={(m) => m.memberId} searchable={false} empty="No members: the group is empty." />
    </div>
  );
}
