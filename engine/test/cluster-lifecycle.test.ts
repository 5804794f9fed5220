// The cluster as a whole: everything is back after a restart of the cluster, a consumer group survives its
// coordinator's broker being killed, and a broker killed in the middle of writes recovers and ends up with
// the leader's bytes exactly.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { until, testCluster, type TestCluster } from './cluster-fixture.ts';

let tc: TestCluster | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await tc?.close();
  tc = undefined;
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const kafka = (t: TestCluster) =>
  new Kafka({ brokers: t.bootstrap.split(','), logLevel: process.env.KAFKAJS_DEBUG ? logLevel.DEBUG : logLevel.NOTHING, retry: { retries: 30, initialRetryTime: 50, maxRetryTime: 500 } });

function logBytes(t: TestCluster, broker: number, topic: string, partition: number): Buffer {
  const dir = path.join(t.dataDir, `broker-${broker}`, `${topic}-${partition}`);
  return Buffer.concat(fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort().map((f) => fs.readFileSync(path.join(dir, f))));
}

async function state(admin: Admin, topic: string) {
  return (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions;
}

describe('cluster lifecycle', () => {
  it('brings back topics, records and committed offsets after the whole cluster restarts', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-restart-'));
    dirs.push(dataDir);
    tc = await testCluster({ brokers: 3, dataDir });
    let k = kafka(tc);
    let admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'kept', numPartitions: 3, replicationFactor: 3 }], waitForLeaders: true });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < 30; i++) await producer.send({ topic: 'kept', acks: -1, messages: [{ key: `k${i}`, value: `v${i}`, partition: i % 3 }] });
    await producer.disconnect();
    await admin.setOffsets({ groupId: 'keeper', topic: 'kept', partitions: [{ partition: 0, offset: '4' }, { partition: 1, offset: '7' }] });
    const before = await state(admin, 'kept');
    await admin.disconnect();
    await tc.close();

    tc = await testCluster({ brokers: 3, dataDir });
    k = kafka(tc);
    admin = k.admin();
    await admin.connect();
    expect(await admin.listTopics()).toContain('kept');
    const after = await state(admin, 'kept');
    // The same leaders (no elections at start-up) and everything still replicated.
    expect(after.map((p) => [p.partitionId, p.leader, p.replicas])).toEqual(before.map((p) => [p.partitionId, p.leader, p.replicas]));
    expect((await admin.fetchTopicOffsets('kept')).map((o) => o.high).sort()).toEqual(['10', '10', '10']);
    const committed = await admin.fetchOffsets({ groupId: 'keeper', topics: ['kept'] });
    expect(committed[0].partitions.sort((a, b) => a.partition - b.partition).map((p) => p.offset)).toEqual(['4', '7', '-1']);
    await admin.disconnect();
  });

  it("keeps a consumer group and its offsets when the coordinator's broker is killed", async () => {
    tc = await testCluster({ brokers: 3, brokerConfig: { groupMinSessionTimeoutMs: 1000 } });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'work', numPartitions: 2, replicationFactor: 3 }], waitForLeaders: true });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const send = async (from: number, n: number) => {
      for (let i = from; i < from + n; i++) await producer.send({ topic: 'work', acks: -1, messages: [{ value: `m${i}`, partition: i % 2 }] });
    };
    await send(0, 40);

    // librdkafka (kcat -G) as the group member: it finds the new coordinator as soon as the old one's
    // connection drops. (kafkajs 2.2 keeps retrying the broker it joined through, sometimes for minutes.)
    const seen: string[] = [];
    const member = spawn('kcat', ['-b', tc.bootstrap, '-q', '-u', '-G', 'workers', 'work', '-o', 'beginning', '-f', '%s\n',
      '-X', 'session.timeout.ms=6000', '-X', 'heartbeat.interval.ms=300', '-X', 'auto.commit.interval.ms=200']);
    let buf = '';
    member.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop()!;
      seen.push(...lines);
    });
    const exited = new Promise((r) => member.once('exit', r));
    await until('the first 40 consumed', () => seen.length >= 40);
    await until('the group to be stable', async () => (await admin.describeGroups(['workers'])).groups[0].state === 'Stable');

    // Find the coordinator through the protocol and kill its broker.
    const coordinatorId = await findCoordinator(tc, 'workers');
    await tc.cluster.killBroker(coordinatorId);
    await send(40, 40);
    await until('the next 40 consumed through the new coordinator', () => new Set(seen).size >= 80, 60_000);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 80 }, (_, i) => `m${i}`)));
    expect(await findCoordinator(tc, 'workers')).not.toBe(coordinatorId);
    // Committed offsets (in the catalog) reach the end, as seen through the new coordinator.
    await until('the end offsets committed', async () => {
      const offsets = await admin.fetchOffsets({ groupId: 'workers', topics: ['work'] });
      return offsets[0].partitions.every((p) => p.offset === '40');
    });
    member.kill('SIGTERM');
    await exited;
    await producer.disconnect();
    await admin.disconnect();
  });

  it('a broker killed in the middle of writes recovers, catches up, and holds the leader’s bytes exactly', async () => {
    tc = await testCluster({ brokers: 3, brokerConfig: { replicaLagTimeMaxMs: 2000 } });
    const k = kafka(tc);
    const admin = k.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'busy', numPartitions: 1, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });
    const producer = k.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    let n = 0;
    let running = true;
    const writing = (async () => {
      while (running) {
        await producer.send({ topic: 'busy', acks: -1, messages: Array.from({ length: 20 }, () => ({ value: `r${n++}`.padEnd(200, '.') })) });
      }
    })();
    await until('writes under way', () => n > 2000);
    const p0 = (await state(admin, 'busy'))[0];
    const victim = p0.replicas.find((b) => b !== p0.leader)!; // a follower, in the middle of replicating
    await tc.cluster.killBroker(victim); // the producer keeps going
    await until('more writes after the kill', () => n > 6000);
    await tc.cluster.startBroker(victim);
    await until('the victim back in the ISR', async () => (await state(admin, 'busy'))[0].isr.length === 3);
    running = false;
    await writing;
    await producer.disconnect();
    const leader = (await state(admin, 'busy'))[0].leader;
    await until('every replica to hold the leader’s bytes', () => {
      const reference = logBytes(tc!, leader, 'busy', 0);
      return [1, 2, 3].every((b) => logBytes(tc!, b, 'busy', 0).equals(reference));
    });
    expect((await admin.fetchTopicOffsets('busy'))[0].high).toBe(String(n));
    await admin.disconnect();
  });
});

/** FindCoordinator v1 over our own client, to know which broker to kill. */
async function findCoordinator(t: TestCluster, groupId: string): Promise<number> {
  const { KafkaConnection } = await import('../client/connection.ts');
  const live = t.cluster.status().find((b) => b.state === 'running')!;
  const conn = await KafkaConnection.connect(live.host, live.port);
  try {
    const res = (await conn.request(10, 1, { key: groupId, keyType: 0 })) as { errorCode: number; nodeId: number };
    expect(res.errorCode).toBe(0);
    return res.nodeId;
  } finally {
    await conn.close();
  }
}
