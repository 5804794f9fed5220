// Jepsen-style: RF=3, min.insync.replicas=2, acks=all, idempotent producers (kafkajs and kcat), consumers
// (kcat) reading all the time, while a seeded nemesis kills and restarts brokers — the leader most often.
// The checker counts acknowledged records lost, records duplicated, and offsets that differ between
// consumers or go backwards within one. All must be zero. On failure the seed is in the message.

import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './cluster-fixture.ts';
import { bounce, checkTails, DEBUG, jepsenCluster, KILLS, prng, readTopic, SEED, sleep, TopicTail, until } from './jepsen-support.ts';

const TOPIC = 'jepsen';
const PARTITIONS = 2;

let tc: TestCluster | undefined;
afterAll(async () => {
  await tc?.close();
});

describe(`jepsen (seed ${SEED})`, () => {
  it(`loses, duplicates and reorders nothing through ${KILLS} broker kills`, async () => {
    const rand = prng(SEED);
    const { tc: started, kafka, admin } = await jepsenCluster([TOPIC], PARTITIONS);
    tc = started;
    const bootstrap = tc.bootstrap;

    const consumers = [new TopicTail(bootstrap, 'a', TOPIC, { debug: DEBUG }), new TopicTail(bootstrap, 'b', TOPIC, { debug: DEBUG })];
    let running = true;

    // kafkajs: an idempotent producer, each send awaited; only sends that resolve count as acknowledged.
    // Each send targets one partition: kafkajs 2.2 keys its retry bookkeeping by broker, so when a send spans
    // two leaders and a failed partition's new leader is the broker that already answered for the other,
    // the retry skips it and the send resolves without it (a client bug this test would otherwise report).
    const acked = new Set<string>();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const kafkajsLoop = (async () => {
      let n = 0;
      while (running) {
        const batch = Array.from({ length: 10 }, () => `kj-${n++}`);
        try {
          const partition = Math.floor(n / 10) % PARTITIONS;
          await producer.send({ topic: TOPIC, acks: -1, messages: batch.map((value) => ({ key: value, value, partition })) });
          for (const v of batch) acked.add(v);
        } catch {
          // Unacknowledged: may or may not be in the log; never counted as lost.
        }
      }
    })();

    // kcat: an idempotent librdkafka producer fed over stdin; exit code 0 means every message was acknowledged.
    const kcatProducer = spawn('kcat', ['-b', bootstrap, '-q', '-E', '-P', '-t', TOPIC, '-K', ':', '-X', 'enable.idempotence=true', '-X', 'acks=all', '-X', 'message.timeout.ms=300000', '-X', 'linger.ms=2',
      // kcat exits on a transient error such as every connection being down for a moment unless -E is given;
      // with sparse connections it may hold just one, to the broker being killed.
      '-X', 'enable.sparse.connections=false']);
    let kcatStderr = '';
    kcatProducer.stderr.on('data', (d) => (kcatStderr += d));
    const kcatSent: string[] = [];
    const kcatLoop = (async () => {
      let n = 0;
      while (running) {
        const lines = Array.from({ length: 20 }, () => `kc-${n}:kc-${n++}`);
        for (const l of lines) kcatSent.push(l.split(':')[1]);
        kcatProducer.stdin.write(lines.join('\n') + '\n');
        await sleep(10);
      }
      kcatProducer.stdin.end();
    })();
    const kcatExit = new Promise<number | null>((resolve) => kcatProducer.on('close', resolve));

    // The nemesis.
    const leaderKills = { leader: 0, other: 0 };
    for (let k = 0; k < KILLS; k++) {
      await sleep(200 + Math.floor(rand() * 400));
      const parts = tc.cluster.partitions().filter((p) => p.topic === TOPIC);
      const running3 = tc.cluster.status().filter((b) => b.state === 'running').map((b) => b.id);
      let victim: number;
      if (rand() < 0.7) {
        victim = parts[Math.floor(rand() * parts.length)].leader;
        leaderKills.leader++;
      } else {
        victim = running3[Math.floor(rand() * running3.length)];
        leaderKills.other++;
      }
      await bounce(tc.cluster, victim, 100 + Math.floor(rand() * 500), [TOPIC]);
    }

    running = false;
    await Promise.all([kafkajsLoop, kcatLoop]);
    await producer.disconnect();
    const kcatCode = await kcatExit;
    expect(kcatCode, `seed ${SEED}: kcat producer failed: ${kcatStderr}`).toBe(0);
    for (const v of kcatSent) acked.add(v);

    // The final, authoritative read of the whole log (librdkafka reads read_committed by default).
    const log = await readTopic(bootstrap, TOPIC, true);
    const counts = new Map<string, number>();
    for (const v of log.values()) counts.set(v, (counts.get(v) ?? 0) + 1);
    await until('consumers to reach the end', () => consumers.every((c) => c.count() >= log.size), 60_000).catch((e: Error) => {
      throw new Error(`${e.message} (log ${log.size}, consumers ${consumers.map((c) => `${c.name}=${c.count()} ${JSON.stringify([...c.seen].map(([p, l]) => [p, l.length, l.at(-1)?.offset]))}`).join(', ')}; log ends ${JSON.stringify([...Array(PARTITIONS).keys()].map((p) => [...log.keys()].filter((k) => k.startsWith(`${p}:`)).length))})`);
    });
    for (const c of consumers) c.stop();

    const lost = [...acked].filter((v) => !counts.has(v));
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([v]) => v);
    const { backwards, divergent } = checkTails(consumers, log);
    const report = { seed: SEED, kills: leaderKills, acked: acked.size, inLog: log.size, lost: lost.length, duplicates: duplicates.length, backwards, divergent };
    console.log('jepsen', JSON.stringify(report), lost.slice(0, 20).join(' '));
    expect(acked.size, `seed ${SEED}`).toBeGreaterThan(1000);
    expect({ lost: lost.slice(0, 5), duplicates: duplicates.slice(0, 5), backwards, divergent }, `seed ${SEED}: ${JSON.stringify(report)}`).toEqual({
      lost: [], duplicates: [], backwards: 0, divergent: 0,
    });
    await admin.disconnect();
  }, 600_000);
});
