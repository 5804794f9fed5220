// The backend's events, wired into the store once at start (outside React): each event is handed to the
// action of its resource.

import type { Bridge } from '../../app/contract.ts';
import { applyClusterState, applyMetrics } from './cluster.actions.ts';
import { applyClusterEvents } from './map.actions.ts';
import { applyTail } from './messages.actions.ts';
import { applyStreamTail } from './stream.actions.ts';
import { applyProducerProgress } from './produce.actions.ts';
import { applySearchProgress } from './search.actions.ts';
import type { AppStore } from './store.ts';

/** Returns the unsubscribe. */
export function attachEvents(store: AppStore, bridge: Bridge): () => void {
  const offs = [
    bridge.on('cluster.state', (ev) => applyClusterState(store, ev)),
    bridge.on('metrics.sample', (ev) => applyMetrics(store, ev)),
    bridge.on('tail.records', (ev) => applyTail(store, ev)),
    bridge.on('tail.records', (ev) => applyStreamTail(store, ev)),
    bridge.on('search.progress', (ev) => applySearchProgress(store, ev)),
    bridge.on('producer.progress', (ev) => applyProducerProgress(store, ev)),
    bridge.on('cluster.events', (ev) => applyClusterEvents(store, ev)),
  ];
  return () => offs.forEach((off) => off());
}
