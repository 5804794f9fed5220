// The exactly-once pipeline (rdk-driver pipeline, librdkafka 2.15) when its group's coordinator moves under it.
//
// A group's coordinator is chosen among the live brokers, so a broker that dies moves groups it never
// coordinated, and moves them back when it returns. In between, the pipeline's transaction fails on the new
// coordinator (it does not know the member) and is aborted, and the rewind that follows asks the old
// coordinator for the committed offsets and is told NOT_COORDINATOR. rd_kafka_committed() then leaves every
// offset INVALID, exactly as for a group that never committed; the rewind must not take that for "start from
// the beginning", or the next transaction copies committed input again and, once the broker is back and the
// member valid again, commits the copies. This is the seeded Jepsen run's failure, made to happen on purpose.

import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KafkaConnection } from '../client/connection.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { createTopic, testCluster, until, type TestCluster } from './cluster-fixture.ts';
import { readTopic } from './jepsen-support.ts';
import { startDriver } from './librdkafka.ts';

const IN = 'rewind-in';
const OUT = 'rewind-out';

let tc: TestCluster;
beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
  await createTopic(tc.cluster, IN, 1, 3);
  await createTopic(tc.cluster, OUT, 1, 3);
});
afterAll(async () => {
  await tc?.close();
});

/** Java's String.hashCode, as the group coordinator places groups (checked against FindCoordinator below). */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

async function findCoordinator(keyType: 0 | 1, key: string, except?: number): Promise<number> {
  const b = tc.cluster.status().find((s) => s.state === 'running' && s.id !== except)!;
  const c = await KafkaConnection.connect(b.host, b.port, { timeoutMs: 5000 });
  try {
    const r = await c.request(ApiKey.FindCoordinator, 4, { keyType, coordinatorKeys: [key] });
    const found = (r.coordinators as { nodeId: number; errorCode: number }[])[0];
    return found.errorCode === 0 ? found.nodeId : -1;
  } finally {
    await c.close();
  }
}

async function produce(from: number, count: number): Promise<void> {
  const kafka = new Kafka({ clientId: 'rewind-input', brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    const values = Array.from({ length: count }, (_, i) => `in-${from + i}`);
    await producer.send({ topic: IN, acks: -1, messages: values.map((value) => ({ key: value, value })) });
  } finally {
    await producer.disconnect();
  }
}

describe('exactly-once pipeline while its group coordinator moves', () => {
  it('rewinds an aborted transaction to the committed offsets, never to the beginning', async () => {
    const TXN_ID = 'rewind-pipeline';
    const txnCoordinator = await findCoordinator(1, TXN_ID);
    const ids = tc.cluster.status().map((b) => b.id).sort((a, b) => a - b);
    // A group and a broker to kill that is neither coordinator, such that the group moves while it is down.
    let group = '';
    let victim = -1;
    let moved = -1;
    for (let i = 0; victim < 0 && i < 1000; i++) {
      const g = `rewind-group-${i}`;
      const home = ids[Math.abs(javaHash(g)) % ids.length];
      for (const x of ids) {
        if (x === home || x === txnCoordinator) continue;
        const rest = ids.filter((id) => id !== x);
        const away = rest[Math.abs(javaHash(g)) % rest.length];
        if (away !== home) [group, victim, moved] = [g, x, away];
      }
    }
    expect(victim, 'a group that moves when another broker dies').toBeGreaterThanOrEqual(0);
    const home = await findCoordinator(0, group);
    expect(home).not.toBe(victim);

    await produce(0, 30);
    // Long heartbeats: the consumer learns late that its coordinator moved, as a loaded machine does.
    const pipe = startDriver(['pipeline', '-b', tc.bootstrap, '--in', IN, '--out', OUT, '-G', group, '--txn-id', TXN_ID, '--idle-ms', '600000',
      '-X', 'group.protocol=classic', '-X', 'session.timeout.ms=60000', '-X', 'heartbeat.interval.ms=20000'], { timeoutMs: 300_000 });
    const committedUpTo = (n: number) => pipe.events.some((e) => e.event === 'txn-offsets' && e.result === 'commit' && e.offsets.some((o) => o.offset >= n));
    await until('the first 30 records copied', () => committedUpTo(30), 60_000);

    await tc.cluster.killBroker(victim);
    await until('the group to move', async () => (await findCoordinator(0, group, victim)) === moved, 30_000);
    await produce(30, 10);
    await until('an aborted transaction and its rewind', () => pipe.events.some((e) => e.event === 'rewind'), 90_000);
    await tc.cluster.startBroker(victim);
    await until('the group back home', async () => (await findCoordinator(0, group)) === home, 30_000);
    await until('all 40 records copied', () => committedUpTo(40), 120_000);
    pipe.child.kill('SIGTERM');
    const run = await pipe.done;

    // The committed output holds each input record once.
    const output = [...(await readTopic(tc.bootstrap, OUT, true)).values()];
    expect(output.sort()).toEqual(Array.from({ length: 40 }, (_, i) => `out-in-${i}`).sort());
    // And every rewind the pipeline acted on was a clean answer of the group's real offsets (30 or more).
    const rewinds = run.of('rewind');
    expect(rewinds.some((r) => r.result === 'retry' && r.code === 'NOT_COORDINATOR'), `the old coordinator refused a rewind: ${JSON.stringify(rewinds)}`).toBe(true);
    const acted = rewinds.filter((r) => r.result === 'committed');
    expect(acted.length, JSON.stringify(rewinds)).toBeGreaterThan(0);
    for (const r of acted) for (const o of r.offsets) expect(o.offset, JSON.stringify(r)).toBeGreaterThanOrEqual(30);
  }, 400_000);
});
