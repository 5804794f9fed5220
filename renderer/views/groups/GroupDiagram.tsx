// A consumer group drawn: its state in a sentence, then each member as a box with the partitions it owns
// and their lag, and a box of the partitions nobody owns. It follows the group's poll; when a partition's
// owner changes it is drawn arriving (with where it came from) for MOVE_SHOWN_MS, so a rebalance is seen as
// it happens. KIP-848 groups show each member's epoch, partitions on their way (target, not yet owned) and
// partitions being revoked.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { GroupDetail } from '../../../app/contract.ts';
import { formatNumber } from '../../components/format.ts';
import { groupLayout, ownerMoves, owners, stateSentence, type PartitionChip } from './group-layout.ts';

const MOVE_SHOWN_MS = 5000;

function Chip({ c, from }: { c: PartitionChip; from?: string }) {
  const what = c.state === 'incoming' ? 'on its way: waits for its previous owner to revoke it' : c.state === 'revoking' ? 'being revoked' : 'owned';
  const lag = c.lag === null ? '' : `, lag ${c.lag}`;
  const moved = from !== undefined ? `, moved here from ${from || 'no member'}` : '';
  return (
    <li className={`gchip gchip-${c.state}${from !== undefined ? ' gchip-moved' : ''}${(c.lag ?? 0) > 0 ? ' gchip-lag' : ''}`}
      aria-label={`${c.key}${lag}${c.state === 'owned' ? '' : `, ${c.state}`}${moved}`} title={`${c.key}: ${what}${lag}${moved}`}>
      <span className="gchip-name">{c.key}</span>
      {c.lag !== null && <span className="gchip-lag-value num">{formatNumber(c.lag)}</span>}
      {from !== undefined && <span className="gchip-from" aria-hidden="true">← {from || 'no member'}</span>}
    </li>
  );
}

export function GroupDiagram({ detail, withLag = true }: { detail: GroupDetail; withLag?: boolean }) {
  const layout = useMemo(() => groupLayout(detail, withLag), [detail, withLag]);
  // Per partition its last known owner, and every member's client id seen, for this group.
  const prev = useRef<{ group: string; owners: Map<string, string>; names: Map<string, string> } | null>(null);
  const [moves, setMoves] = useState<Record<string, { from: string; at: number }>>({});

  useEffect(() => {
    const now = owners(layout);
    const same = prev.current?.group === detail.groupId;
    const before = same ? prev.current!.owners : new Map<string, string>();
    const names = same ? prev.current!.names : new Map<string, string>();
    for (const m of layout.members) names.set(m.memberId, m.clientId);
    prev.current = { group: detail.groupId, owners: new Map([...before, ...now]), names };
    const found = ownerMoves(before, now);
    if (found.size === 0) return;
    const at = Date.now();
    setMoves((m) => {
      const kept = Object.fromEntries(Object.entries(m).filter(([, v]) => at - v.at < MOVE_SHOWN_MS));
      for (const [k, from] of found) kept[k] = { from, at };
      return kept;
    });
  }, [layout, detail.groupId]);
  useEffect(() => {
    if (Object.keys(moves).length === 0) return;
    const t = setTimeout(() => setMoves({}), MOVE_SHOWN_MS);
    return () => clearTimeout(t);
  }, [moves]);

  const fromOf = (key: string) => {
    const m = moves[key];
    return m ? (prev.current?.names.get(m.from) ?? 'a member that left') : undefined;
  };
  const rebalancing = /rebalance|assigning|reconciling/i.test(detail.state);
  return (
    <div className="group-diagram" role="region" aria-label="Group members and partitions">
      <p className={`group-state ${rebalancing ? 'group-state-rebalancing' : ''}`} role="status" aria-label={`Group state: ${detail.state}`}>
        {stateSentence(detail.state)}
        {detail.consumer && <> · group epoch {detail.consumer.groupEpoch}, assignment epoch {detail.consumer.assignmentEpoch}</>}
      </p>
      <div className="group-boxes">
        {layout.members.map((m) => (
          <section key={m.memberId} className="group-box" aria-label={`Member ${m.clientId} ${m.memberId}`}>
            <header>
              <strong>{m.clientId}</strong> <code className="ellipsis" title={`${m.memberId} · ${m.host}`}>{m.memberId}</code>
              <div className="muted">
                {m.chips.filter((c) => c.state !== 'incoming').length} partition{m.chips.length === 1 ? '' : 's'}
                {withLag && <> · lag {formatNumber(m.lag)}</>}
                {m.epoch !== undefined && <> · epoch {m.epoch}</>}
              </div>
            </header>
            {m.chips.length === 0 ? <p className="muted">No partitions</p> : (
              <ul className="gchips" aria-label={`Partitions of ${m.clientId}`}>{m.chips.map((c) => <Chip key={c.key} c={c} from={fromOf(c.key)} />)}</ul>
            )}
          </section>
        ))}
        {(layout.unassigned.length > 0 || layout.members.length === 0) && (
          <section className="group-box group-box-unassigned" aria-label="Unassigned partitions">
            <header><strong>Unassigned</strong><div className="muted">no member owns them{layout.members.length === 0 ? ': the group has no members' : ''}</div></header>
            {layout.unassigned.length === 0 ? <p className="muted">None</p> : (
              <ul className="gchips" aria-label="Unassigned partitions list">{layout.unassigned.map((c) => <Chip key={c.key} c={c} from={fromOf(c.key)} />)}</ul>
            )}
          </section>
        )}
      </div>
    </div>
  );
}
