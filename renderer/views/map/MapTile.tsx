// One replica on one broker: leader, in-sync follower, lagging follower (how far behind) or offline. The
// word is always shown (colour is never the only signal) and the tooltip says what it means.

import type { BrokerInfo, MapPartition } from '../../../app/contract.ts';
import { TERMS } from './terms.ts';

export type TileKind = 'leader' | 'in-sync' | 'lagging' | 'offline' | 'none';

export function tileOf(p: MapPartition, b: BrokerInfo | undefined, brokerId: number): { kind: TileKind; label: string; behind: number } {
  if (!p.replicas.includes(brokerId)) return { kind: 'none', label: '', behind: -1 };
  const behind = p.replicaStates.find((r) => r.broker === brokerId)?.behind ?? -1;
  if (!b || b.state !== 'running' || p.offlineReplicas.includes(brokerId)) return { kind: 'offline', label: 'offline', behind };
  if (p.leader === brokerId) return { kind: 'leader', label: 'leader', behind: 0 };
  if (p.isr.includes(brokerId)) return { kind: 'in-sync', label: 'in sync', behind };
  return { kind: 'lagging', label: behind > 0 ? `${behind.toLocaleString('en-US')} behind` : 'catching up', behind };
}

const EXPLAIN: Record<TileKind, string> = {
  leader: TERMS.leader,
  'in-sync': TERMS.isr,
  lagging: 'A follower out of the ISR: it is fetching from the leader and rejoins the ISR when it has caught up.',
  offline: 'Its broker is down: this replica serves nothing until the broker runs again.',
  none: '',
};

export function MapTile({ name, p, broker, brokerId }: { name: string; p: MapPartition; broker: BrokerInfo | undefined; brokerId: number }) {
  const t = tileOf(p, broker, brokerId);
  if (t.kind === 'none') return <div className="tile tile-none" role="cell" aria-label={`${name} has no replica on broker ${brokerId}`} />;
  const preferred = p.replicas[0] === brokerId ? ' (preferred leader)' : '';
  return (
    <div className={`tile tile-${t.kind}`} role="cell" aria-label={`${name} on broker ${brokerId}: ${t.label}${preferred}`} title={`${t.label}${preferred}. ${EXPLAIN[t.kind]}`} data-tile={t.kind}>
      {t.label}
    </div>
  );
}
