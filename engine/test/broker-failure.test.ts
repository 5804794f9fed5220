// Failures stay local: a broker whose worker dies of an uncaught error is marked failed with the reason and
// failed over as for a kill, while the other brokers, the controller and every acknowledged record carry on;
// a restart brings it back.

import { afterEach, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { endOffset, produce, records } from './broker-requests.ts';

let tc: TestCluster | undefined;
afterEach(async () => {
  await tc?.close();
  tc = undefined;
});

async function connectTo(t: TestCluster, id: number): Promise<KafkaConnection> {
  const b = t.cluster.broker(id)!;
  const c = await KafkaConnection.connect(b.host, b.port, { clientId: 'failure-test', timeoutMs: 15_000 });
  await c.negotiateVersions();
  return c;
}

describe('a broker worker that dies', () => {
  it('is marked failed with its error, its partitions fail over, the rest keeps serving, and it restarts', async () => {
    tc = await testCluster({ brokers: 3 });
    const { cluster } = tc;
    await createTopic(cluster, 'survivor', 3, 3);
    const leaders = new Map(cluster.partitions().filter((p) => p.topic === 'survivor').map((p) => [p.partition, p.leader]));
    const victim = leaders.get(0)!;
    const conn = await connectTo(tc, victim);
    expect((await produce(conn, 'survivor', 0, records(5, 'before'), -1)).errorCode).toBe(0);
    await conn.close();

    cluster.simulateCrash(victim, 'disk controller on fire');
    const failed = await until('the broker is marked failed', () => cluster.status().find((b) => b.id === victim && b.state === 'failed'));
    expect(failed.reason).toMatch(/disk controller on fire/);
    expect(cluster.status().filter((b) => b.state === 'running').map((b) => b.id).sort()).toEqual([1, 2, 3].filter((id) => id !== victim));

    // Partition 0 moves to a survivor, which serves what was acknowledged and takes new writes.
    const moved = await until('partition 0 has a new leader', () => {
      const p = cluster.partitions().find((x) => x.topic === 'survivor' && x.partition === 0);
      return p && p.leader >= 0 && p.leader !== victim ? p : undefined;
    });
    const other = await connectTo(tc, moved.leader);
    // The new leader's high watermark reaches what was acknowledged once its followers have fetched.
    await until('the acknowledged records are visible on the new leader', async () => (await endOffset(other, 'survivor', 0)) === 5);
    expect((await produce(other, 'survivor', 0, records(2, 'after'), -1)).errorCode).toBe(0);
    await until('the new records are visible', async () => (await endOffset(other, 'survivor', 0)) === 7);
    await other.close();

    const change = await cluster.restartBroker(victim);
    expect(change).toMatchObject({ before: 'failed', after: 'running' });
    expect(cluster.status().find((b) => b.id === victim)).toEqual(expect.objectContaining({ state: 'running' }));
    expect(cluster.status().find((b) => b.id === victim)!.reason).toBeUndefined();
    await until('the restarted broker is back in the ISR', () => cluster.partitions().find((p) => p.topic === 'survivor' && p.partition === 0 && p.isr.includes(victim)));
  });
});
