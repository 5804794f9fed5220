// The timeline read off two cluster maps: a leader's broker killed (broker down, leader elected with its
// epoch and the cause, ISR shrink, under-replicated), the restart (broker up, ISR expand, preferred leader
// back, fully replicated), an offline partition, and a mass failover collapsed into one line.

import { describe, expect, it } from 'vitest';
import type { BrokerInfo, BrokerState, ClusterEventRecord, ClusterMap, MapPartition } from '../../app/contract.ts';
import { applyClusterEvents, applyClusterMap, clearTimeline, loadClusterEvents } from './map.actions.ts';
import { fromRecords } from './cluster-event-records.ts';
import { fakeBridge } from './fake-bridge.ts';
import { COLLAPSE_OVER, diffClusterMaps, leaderMoves } from './cluster-events.ts';
import { createAppStore } from './store.ts';

const broker = (id: number, state: BrokerState = 'running'): BrokerInfo => ({ id, host: 'h', port: id, state, leaderCount: 0, replicaCount: 0, isController: id === 1 });
const part = (partition: number, leader: number, leaderEpoch: number, isr: number[], replicas = [1, 2, 3]): MapPartition => ({
  partition, leader, leaderEpoch, replicas, isr, offlineReplicas: [], highWatermark: 0, replicaStates: replicas.map((b) => ({ broker: b, behind: 0, sizeBytes: 0 })),
});
const map = (at: number, brokers: BrokerInfo[], partitions: MapPartition[], topic = 'orders'): ClusterMap => ({ at, local: true, controllerId: 1, brokers, topics: [{ name: topic, partitions }] });

const healthy = map(1, [broker(1), broker(2), broker(3)], [part(0, 1, 0, [1, 2, 3])]);
const killed = map(2, [broker(1, 'killed'), broker(2), broker(3)], [part(0, 2, 1, [2, 3])]);
const back = map(3, [broker(1), broker(2), broker(3)], [part(0, 2, 1, [2, 3, 1])]);
const preferred = map(4, [broker(1), broker(2), broker(3)], [part(0, 1, 2, [2, 3, 1])]);

describe('cluster events', () => {
  it('a killed leader: broker down, a new leader with its epoch and why, the ISR shrinks, under-replicated', () => {
    expect(diffClusterMaps(healthy, killed).map((e) => [e.kind, e.text, e.cause])).toEqual([
      ['broker-down', 'Broker 1 was killed', 'killed: no clean shutdown, its leaders move by election'],
      ['leader-elected', 'orders-0: broker 2 elected leader (epoch 1)', 'its leader, broker 1, was killed'],
      ['isr-shrink', 'orders-0: ISR shrank to [2, 3]', 'broker 1 is down'],
      ['under-replicated', '1 partition under-replicated', 'broker 1 down'],
    ]);
  });

  it('the restart: broker up, it catches up and rejoins, everything fully replicated, then the preferred leader returns', () => {
    expect(diffClusterMaps(killed, back).map((e) => [e.kind, e.text, e.cause])).toEqual([
      ['broker-up', 'Broker 1 is running', 'restarted: its replicas catch up from the leaders'],
      ['isr-expand', 'orders-0: ISR expanded to [2, 3, 1]', 'broker 1 caught up with the leader'],
      ['fully-replicated', 'Every partition fully replicated', 'every follower is back in its ISR'],
    ]);
    expect(diffClusterMaps(back, preferred).map((e) => [e.kind, e.cause])).toEqual([['leader-elected', 'preferred leader election: the first replica leads again']]);
  });

  it('a partition with no replica left is offline, with its leader as the cause', () => {
    const one = map(1, [broker(1), broker(2)], [part(0, 2, 3, [2], [2])]);
    const gone = map(2, [broker(1), broker(2, 'stopped')], [part(0, -1, 3, [2], [2])]);
    expect(diffClusterMaps(one, gone).map((e) => [e.kind, e.text, e.cause])).toEqual([
      ['broker-down', 'Broker 2 was stopped', 'controlled shutdown: its leaders moved first'],
      ['offline', 'orders-0 is offline: no replica left to lead', 'its leader, broker 2, was stopped'],
      ['offline', '1 partition offline', 'no running replica can lead them'],
    ]);
  });

  it('collapses a mass failover into a counted line', () => {
    const n = COLLAPSE_OVER + 5;
    const a = map(1, [broker(1), broker(2), broker(3)], Array.from({ length: n }, (_, i) => part(i, 1, 0, [1, 2, 3])));
    const b = map(2, [broker(1, 'killed'), broker(2), broker(3)], Array.from({ length: n }, (_, i) => part(i, 2, 1, [2, 3])));
    const texts = diffClusterMaps(a, b).map((e) => e.text);
    expect(texts).toEqual(['Broker 1 was killed', `${n} partitions elected a new leader`, `${n} partitions shrank their ISR`, `${n} partitions under-replicated`]);
  });

  it('draws leader moves, and the store keeps the timeline newest first', () => {
    expect([...leaderMoves(healthy, killed)]).toEqual([['orders-0', { from: 1, to: 2, epoch: 1 }]]);
    const store = createAppStore();
    for (const m of [healthy, killed, back]) applyClusterMap(store, m);
    const s = store.getState();
    expect(s.timeline[0].kind).toBe('fully-replicated');
    expect(s.timeline.at(-1)?.kind).toBe('broker-down');
    expect(s.leaderMoves['orders-0']).toEqual({ from: 1, to: 2, epoch: 1, at: 2 });
  });
});

describe("the local cluster's own events", () => {
  const rec = (r: Partial<ClusterEventRecord> & Pick<ClusterEventRecord, 'type' | 'cause'>): ClusterEventRecord => ({ at: 10, ...r });
  const kill: ClusterEventRecord[] = [
    rec({ type: 'broker-down', broker: 1, cause: 'killed: no clean shutdown, its leaders move by election' }),
    rec({ type: 'leader-change', topic: 'orders', partition: 0, from: 1, to: 2, leaderEpoch: 4, preferred: false, cause: 'its leader, broker 1, went down' }),
    rec({ type: 'isr-change', topic: 'orders', partition: 0, fromIsr: [1, 2], toIsr: [2], cause: 'broker 1 is down' }),
    rec({ type: 'under-replicated', topic: 'orders', partition: 0, cause: 'fewer in-sync replicas than replicas' }),
    rec({ type: 'health', underReplicated: 1, offlinePartitions: 0, before: { underReplicated: 0, offlinePartitions: 0 }, cause: 'broker 1 down' }),
  ];

  it('become timeline lines with the epoch and the cause; a lost leader and offline are one line', () => {
    expect(fromRecords(kill).map((e) => [e.kind, e.text, e.cause])).toEqual([
      ['broker-down', 'Broker 1 was killed', 'killed: no clean shutdown, its leaders move by election'],
      ['leader-elected', 'orders-0: broker 2 elected leader (epoch 4)', 'its leader, broker 1, went down'],
      ['isr-shrink', 'orders-0: ISR shrank to [2]', 'broker 1 is down'],
      ['under-replicated', '1 partition under-replicated', 'broker 1 down'],
    ]);
    const healed = fromRecords([rec({ type: 'health', underReplicated: 0, offlinePartitions: 0, before: { underReplicated: 3, offlinePartitions: 1 }, cause: 'every follower is back in its ISR' })]);
    expect(healed.map((e) => e.text)).toEqual(['Every partition fully replicated']);
    const lost = fromRecords([
      rec({ type: 'leader-change', topic: 'orders', partition: 1, from: 2, to: -1, leaderEpoch: 5, cause: 'its leader, broker 2, went down and no in-sync replica is alive' }),
      rec({ type: 'offline', topic: 'orders', partition: 1, cause: 'no alive replica can lead it' }),
    ]);
    expect(lost.map((e) => [e.kind, e.cause])).toEqual([['offline', 'its leader, broker 2, went down and no in-sync replica is alive']]);
    const restored = fromRecords([rec({ type: 'leader-change', topic: 'orders', partition: 0, from: 2, to: 1, leaderEpoch: 6, preferred: true, cause: 'preferred leader election: the first replica leads again' })]);
    expect(restored[0]).toMatchObject({ kind: 'preferred-leader', text: 'orders-0: preferred leader 1 restored (epoch 6)', epoch: 6 });
  });

  it('once streamed, the timeline follows them, not the map diffs; the history replaces it on load', async () => {
    const store = createAppStore();
    applyClusterMap(store, healthy);
    applyClusterEvents(store, { events: kill });
    applyClusterMap(store, killed);
    const s = store.getState();
    expect(s.timelineSource).toBe('events');
    expect(s.timeline.map((e) => e.kind)).toEqual(['under-replicated', 'isr-shrink', 'leader-elected', 'broker-down']);
    expect(s.leaderMoves['orders-0']).toEqual({ from: 1, to: 2, epoch: 4, at: 10 });
    const earlier = rec({ at: 5, type: 'broker-up', broker: 3, cause: 'joined the cluster' });
    const { bridge } = fakeBridge({ 'cluster.events': () => ({ live: true, events: [earlier, ...kill] }) });
    await loadClusterEvents(store, bridge);
    expect(store.getState().timeline.map((e) => e.kind)).toEqual(['under-replicated', 'isr-shrink', 'leader-elected', 'broker-down', 'broker-up']);
    // Cleared lines stay cleared when the history is loaded again.
    clearTimeline(store);
    await loadClusterEvents(store, bridge);
    expect(store.getState().timeline).toEqual([]);
  });

  it('an external cluster keeps the polled diff', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'cluster.events': () => ({ live: false, events: [] }) });
    await loadClusterEvents(store, bridge);
    applyClusterMap(store, healthy);
    applyClusterMap(store, killed);
    expect(store.getState().timelineSource).toBe('polled');
    expect(store.getState().timeline.at(-1)?.text).toBe('Broker 1 was killed');
  });
});
