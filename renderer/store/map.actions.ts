// Following the cluster map: each read is compared with the previous one; what changed goes on the timeline
// and leader moves are kept for drawing (a move is forgotten after MOVE_SHOWN_MS of the cluster's clock).
// A failing read marks the cluster unreachable (the connection's one state); the map stays as last read.

import type { Bridge, ClusterMap } from '../../app/contract.ts';
import { diffClusterMaps, leaderMoves } from './cluster-events.ts';
import { TIMELINE_MAX, type LeaderMove } from './map.slice.ts';
import { errorOf } from './errors.ts';
import type { AppStore } from './store.ts';

export const MOVE_SHOWN_MS = 6000;

export function applyClusterMap(store: AppStore, next: ClusterMap): void {
  store.setState((s) => {
    const prev = s.clusterMap;
    if (!prev || prev.local !== next.local) return { clusterMap: next, leaderMoves: {} };
    const events = diffClusterMaps(prev, next);
    const moves: Record<string, LeaderMove> = {};
    for (const [k, m] of Object.entries(s.leaderMoves)) if (next.at - m.at < MOVE_SHOWN_MS) moves[k] = m;
    for (const [k, m] of leaderMoves(prev, next)) moves[k] = { ...m, at: next.at };
    return {
      clusterMap: next,
      leaderMoves: moves,
      timeline: events.length ? [...events.reverse(), ...s.timeline].slice(0, TIMELINE_MAX) : s.timeline,
    };
  });
}

/** A read of the cluster like the overview: its outcome is the connection's state, not a notice. */
export async function refreshClusterMap(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    applyClusterMap(store, await bridge.call('cluster.map'));
    if (store.getState().reach.state !== 'reachable') store.setState({ reach: { state: 'reachable' } });
  } catch (e) {
    store.setState({ reach: { state: 'unreachable', error: errorOf(e) } });
  }
}

export function clearTimeline(store: AppStore): void {
  store.setState({ timeline: [] });
}
