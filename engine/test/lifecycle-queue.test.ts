// Broker lifecycle changes from different callers (the window, the control endpoint, a script) run one at a
// time in the order asked: a restart racing a kill of the same broker ends in the state of the one asked
// last, and each caller learns what its own change did.

import { afterEach, describe, expect, it } from 'vitest';
import type { ClusterEvent } from '../index.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

const brokerEvents = (events: ClusterEvent[]) =>
  events.flatMap((e) => (e.type === 'broker-up' || e.type === 'broker-down' ? [`${e.type} ${e.broker}`] : []));

describe('broker lifecycle queue', () => {
  it('runs a restart and a kill issued together one after the other, reporting each', async () => {
    tc = await testCluster({ brokers: 3 });
    const { cluster } = tc;
    await createTopic(cluster, 'q', 3, 3);
    const events: ClusterEvent[] = [];
    cluster.on('event', (e) => events.push(e));

    // Restart asked first, kill second: the broker is restarted, then killed.
    const [restart, kill] = await Promise.all([cluster.restartBroker(2), cluster.killBroker(2)]);
    expect(restart).toEqual({ broker: 2, action: 'restart', before: 'running', after: 'running' });
    expect(kill).toEqual({ broker: 2, action: 'kill', before: 'running', after: 'stopped' });
    expect(cluster.status().find((b) => b.id === 2)!.state).toBe('stopped');
    expect(brokerEvents(events)).toEqual(['broker-down 2', 'broker-up 2', 'broker-down 2']);
    for (const p of cluster.partitions()) {
      expect(p.leader).not.toBe(2);
      expect(p.isr).not.toContain(2);
    }

    // Kill asked first (of a stopped broker: nothing to do, and it says so), restart second: it runs again.
    events.length = 0;
    const [kill2, restart2] = await Promise.all([cluster.killBroker(2), cluster.restartBroker(2)]);
    expect(kill2).toEqual({ broker: 2, action: 'kill', before: 'stopped', after: 'stopped' });
    expect(restart2).toEqual({ broker: 2, action: 'restart', before: 'stopped', after: 'running' });
    expect(brokerEvents(events)).toEqual(['broker-up 2']);
    await until('broker 2 back in every ISR', () => cluster.partitions().every((p) => p.isr.includes(2)));

    // A stop, an add and a start together: in order, each told its own outcome.
    const [stop, added, start] = await Promise.all([cluster.stopBroker(3), cluster.addBroker(), cluster.startBroker(3)]);
    expect(stop).toEqual({ broker: 3, action: 'stop', before: 'running', after: 'stopped' });
    expect(added).toBe(4);
    expect(start).toEqual({ broker: 3, action: 'start', before: 'stopped', after: 'running' });
    expect(cluster.status().map((b) => [b.id, b.state])).toEqual([[1, 'running'], [2, 'running'], [3, 'running'], [4, 'running']]);
  });

  it('refuses a change to an unknown broker without holding up the changes behind it', async () => {
    tc = await testCluster({ brokers: 2 });
    const { cluster } = tc;
    const [unknown, kill] = await Promise.allSettled([cluster.killBroker(99), cluster.killBroker(2)]);
    expect(unknown.status === 'rejected' && (unknown.reason as Error).message).toBe('no broker 99 in this cluster');
    expect(kill.status === 'fulfilled' && kill.value).toEqual({ broker: 2, action: 'kill', before: 'running', after: 'stopped' });
    expect(cluster.status().map((b) => b.state)).toEqual(['running', 'stopped']);
  });

  it('lets the changes already asked for finish before the cluster stops, and refuses any after', async () => {
    tc = await testCluster({ brokers: 2 });
    const { cluster } = tc;
    const restart = cluster.restartBroker(2);
    const stopped = cluster.stop();
    const late = cluster.killBroker(1);
    expect(await restart).toEqual({ broker: 2, action: 'restart', before: 'running', after: 'running' });
    await stopped;
    await expect(late).rejects.toThrow('the cluster is stopped');
    expect(cluster.status().map((b) => b.state)).toEqual(['stopped', 'stopped']);
  });
});
