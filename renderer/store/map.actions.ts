// Following the cluster map: each read is compared with the previous one; leader moves are kept for drawing
// (a move is forgotten after MOVE_SHOWN_MS of the cluster's clock). The timeline comes from the local
// cluster's own events ('cluster.events', with the recent history on load); only an external cluster's is
// read off the map diffs. A failing read marks the cluster unreachable (the connection's one state); the map
// stays as last read.

import type { Bridge, ClusterEventsBatch, ClusterMap } from '../../app/contract.ts';
import { diffClusterMaps, leaderMoves } from './cluster-events.ts';
import { fromRecords } from './cluster-event-records.ts';
import { TIMELINE_MAX, type LeaderMove } from './map.slice.ts';
import { errorOf } from './errors.ts';
import type { AppStore } from './store.ts';

export const MOVE_SHOWN_MS = 6000;

export function applyClusterMap(store: AppStore, next: ClusterMap): void {
  store.setState((s) => {
    const prev = s.clusterMap;
    if (!prev || prev.local !== next.local) return { clusterMap: next, leaderMoves: {} };
    // With the cluster's own events, the timeline and the moves come from them (exact); else from the diff.
    const own = s.timelineSource === 'events';
    const events = own ? [] : diffClusterMaps(prev, next);
    const moves: Record<string, LeaderMove> = {};
    for (const [k, m] of Object.entries(s.leaderMoves)) if (next.at - m.at < MOVE_SHOWN_MS) moves[k] = m;
    if (!own) for (const [k, m] of leaderMoves(prev, next)) moves[k] = { ...m, at: next.at };
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

/** A batch of the local cluster's events: on the timeline at once, leader moves drawn. */
export function applyClusterEvents(store: AppStore, batch: ClusterEventsBatch): void {
  store.setState((s) => {
    const lines = fromRecords(batch.events);
    const moves = { ...s.leaderMoves };
    for (const e of batch.events) {
      if (e.type === 'leader-change' && e.from! >= 0 && e.to! >= 0) moves[`${e.topic}-${e.partition}`] = { from: e.from!, to: e.to!, epoch: e.leaderEpoch!, at: e.at };
    }
    const timeline = s.timelineSource === 'events' ? s.timeline : [];
    return { timelineSource: 'events', leaderMoves: moves, timeline: [...lines.reverse(), ...timeline].slice(0, TIMELINE_MAX) };
  });
}

/** The recent history, so a fresh window shows the past minutes; an external cluster keeps the polled diff. */
export async function loadClusterEvents(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    const h = await bridge.call('cluster.events');
    if (!h.live) {
      if (store.getState().timelineSource !== 'polled') store.setState({ timelineSource: 'polled', timeline: [] });
      return;
    }
    const cleared = store.getState().timelineClearedAt;
    // One batch per event time, as they were streamed (collapsing works per metadata change).
    const batches = new Map<number, ClusterEventsBatch['events']>();
    for (const e of h.events) if (e.at > cleared) batches.set(e.at, [...(batches.get(e.at) ?? []), e]);
    const lines = [...batches.values()].flatMap((b) => fromRecords(b));
    store.setState({ timelineSource: 'events', timeline: lines.reverse().slice(0, TIMELINE_MAX) });
  } catch {
    // An older console without the method: the polled diff stays.
    store.setState({ timelineSource: 'polled' });
  }
}

export function clearTimeline(store: AppStore): void {
  store.setState((s) => ({ timeline: [], timelineClearedAt: s.timeline[0]?.at ?? s.timelineClearedAt }));
}
