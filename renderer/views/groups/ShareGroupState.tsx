// A share group's partitions (KIP-932 queues): per partition the share-partition start and end offsets, the
// records in flight with their state, delivery count and holder, and the dead letters (records archived after
// a reject or too many deliveries), which can be replayed to a topic.

import { Timestamp } from '../../format/Timestamp.tsx';
import { useMemo, useState } from 'react';
import type { SharePartitionState } from '../../../app/contract.ts';
import { refreshShareState, replayDeadLetters } from '../../store/share.actions.ts';
import { usePoll } from '../../store/use-poll.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { formatNumber } from '../../components/format.ts';

type InFlight = SharePartitionState['inFlight'][number];
type DeadLetter = SharePartitionState['deadLetters'][number];
const icol = columnsFor<InFlight>();
const dcol = columnsFor<DeadLetter>();

const STATE_BADGE: Record<InFlight['state'], string> = { Available: 'neutral', Acquired: 'under-replicated', Acknowledged: 'healthy', Archived: 'offline' };

export function ShareGroupState({ groupId }: { groupId: string }) {
  const { store, bridge } = useApp();
  const state = useAppState((s) => (s.shareGroupId === groupId ? s.shareState : null));
  const unavailable = useAppState((s) => (s.shareGroupId === groupId ? s.shareStateUnavailable : null));
  usePoll(() => refreshShareState(store, bridge, groupId), 2000, [store, bridge, groupId]);
  if (unavailable) return <div className="empty">{unavailable}</div>;
  if (state === null) return <div className="empty">Loading share partitions…</div>;
  if (state.length === 0) return <div className="empty">No share partition state yet: it appears when a member of this share group fetches.</div>;
  return (
    <div className="share-partitions">
      {state.map((p) => <SharePartitionPanel key={`${p.topic}/${p.partition}`} partition={p} />)}
    </div>
  );
}

function SharePartitionPanel({ partition: p }: { partition: SharePartitionState }) {
  const { store, bridge } = useApp();
  const [target, setTarget] = useState(`${p.topic}-dlq`);
  const [replayed, setReplayed] = useState<string | null>(null);
  const inFlightColumns = useMemo(() => [
    icol.accessor('offset', { header: 'Offset', meta: { numeric: true } }),
    icol.accessor('state', { header: 'State', cell: (c) => <span className={`badge badge-${STATE_BADGE[c.getValue()]}`}>{c.getValue().toLowerCase()}</span> }),
    icol.accessor('deliveryCount', { header: 'Deliveries', meta: { numeric: true } }),
    icol.accessor((r) => r.memberId ?? '', { id: 'member', header: 'Held by', cell: (c) => (c.getValue() ? <code className="ellipsis">{c.getValue()}</code> : <span className="muted">–</span>) }),
    icol.accessor((r) => r.lockDeadlineMs ?? 0, { id: 'lock', header: 'Lock until', cell: (c) => <Timestamp ms={c.getValue()} /> }),
  ], []);
  const deadColumns = useMemo(() => [
    dcol.accessor('offset', { header: 'Offset', meta: { numeric: true } }),
    dcol.accessor('deliveryCount', { header: 'Deliveries', meta: { numeric: true } }),
    dcol.accessor('reason', { header: 'Why archived', cell: (c) => (c.getValue() === 'rejected' ? 'rejected by a consumer' : 'delivery limit reached') }),
  ], []);
  const counts = p.inFlight.reduce<Record<string, number>>((m, r) => ({ ...m, [r.state]: (m[r.state] ?? 0) + 1 }), {});
  const replay = async () => {
    const n = await replayDeadLetters(store, bridge, { topic: p.topic, partition: p.partition, offsets: p.deadLetters.map((d) => d.offset) }, target.trim());
    setReplayed(n > 0 ? `Replayed ${n} record${n === 1 ? '' : 's'} to ${target.trim()}.` : 'Nothing replayed: the records are no longer in the log.');
  };
  return (
    <section className="share-partition" aria-label={`Share partition ${p.topic}-${p.partition}`}>
      <h3>{p.topic} <span className="muted">partition {p.partition}</span></h3>
      <div className="stats">
        <div className="stat stat-neutral" aria-label={`Start offset: ${p.startOffset}`}><div className="stat-value">{formatNumber(p.startOffset)}</div><div className="stat-label">Start offset</div></div>
        <div className="stat stat-neutral" aria-label={`End offset: ${p.endOffset}`}><div className="stat-value">{formatNumber(p.endOffset)}</div><div className="stat-label">End offset</div></div>
        <div className={`stat ${counts.Acquired ? 'stat-under-replicated' : 'stat-neutral'}`}><div className="stat-value">{formatNumber(counts.Acquired ?? 0)}</div><div className="stat-label">Acquired</div></div>
        <div className="stat stat-neutral"><div className="stat-value">{formatNumber(counts.Available ?? 0)}</div><div className="stat-label">Available again</div></div>
        <div className={`stat ${p.deadLetters.length > 0 ? 'stat-offline' : 'stat-healthy'}`}><div className="stat-value">{formatNumber(p.deadLetters.length)}</div><div className="stat-label">Dead letters</div></div>
      </div>
      <h4>In flight</h4>
      <Table label={`In-flight records of ${p.topic}-${p.partition}`} data={p.inFlight} columns={inFlightColumns} getRowId={(r) => String(r.offset)} searchable={false}
        initialSorting={[{ id: 'offset', desc: false }]} empty="Nothing in flight: every delivered record is acknowledged or archived." />
      <h4>Dead letters</h4>
      <Table label={`Dead letters of ${p.topic}-${p.partition}`} data={p.deadLetters} columns={deadColumns} getRowId={(r) => String(r.offset)} searchable={false}
        initialSorting={[{ id: 'offset', desc: false }]} empty="No record was archived: none was rejected or reached the delivery limit."
        toolbar={p.deadLetters.length > 0 ? (
          <form className="inline-form" onSubmit={(e) => { e.preventDefault(); void replay(); }}>
            <Field label="Replay to topic"><input value={target} onChange={(e) => setTarget(e.target.value)} /></Field>
            <button type="submit" disabled={target.trim() === ''}>Replay {p.deadLetters.length} dead letter{p.deadLetters.length === 1 ? '' : 's'}</button>
          </form>
        ) : undefined} />
      {replayed && <p role="status" className="muted">{replayed}</p>}
    </section>
  );
}
