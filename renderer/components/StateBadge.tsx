// The one colour language for states: healthy (green), under-replicated (amber), offline (red). Broker
// states map onto it (running = healthy, stopped = offline). Colour is never the only signal: the word is shown.

import type { BrokerState, Health } from '../../app/contract.ts';

const LABEL: Record<Health, string> = { healthy: 'healthy', 'under-replicated': 'under-replicated', offline: 'offline' };

export function HealthBadge({ health }: { health: Health }) {
  return <span className={`badge badge-${health}`}>{LABEL[health]}</span>;
}

export function BrokerStateBadge({ state }: { state: BrokerState }) {
  return <span className={`badge badge-${state === 'running' ? 'healthy' : 'offline'}`}>{state}</span>;
}
