// Jepsen-style: RF=3, min.insync.replicas=2, acks=all, idempotent producers (kafkajs and kcat), consumers
// (kcat) reading all the time, while a seeded nemesis kills and restarts brokers — the leader most often.
// The checker counts acknowledged records lost, records duplicated, and offsets that differ between
// consumers or go backwards within one. All must be zero. On failure the seed is in the message.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel } from 'kafkajs';
import { kcat, testCluster, type TestCluster } from './cluster-fixture.ts';

const SEED = Number(process.env.JEPSEN_SEED ?? Math.floor(Math.random() * 2 ** 31));
const KILLS = Number(process.env.JEPSEN_KILLS ?? 20);
const DEBUG = process.env.JEPSEN_DEBUG === '1';
const TOPIC = 'jepsen';
const PARTITIONS = 2;

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`seed ${SEED}: timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** A kcat consumer that reads the topic from the beginning, forever, recording (partition, offset, value). */
class StreamingConsumer {
  readonly seen = new Map<number, { offset: number; value: string }[]>();
  private child: ChildProcessWithoutNullStreams;
  private buf = '';
  constructor(bootstrap: string, readonly name: string) {
    this.child = spawn('kcat', ['-b', bootstrap, ...(DEBUG ? [] : ['-q']), '-E', '-u', '-C', '-t', TOPIC, '-o', 'beginning', '-f', '%p %o %s\n', '-X', 'topic.metadata.refresh.interval.ms=500']);
    if (DEBUG) this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
    this.child.stdout.on('data', (d: Buffer) => {
      this.buf += d.toString();
      let i: number;
      while ((i = this.buf.indexOf('\n')) >= 0) {
        const [p, o, v] = this.buf.slice(0, i).split(' ');
        this.buf = this.buf.slice(i + 1);
        const list = this.seen.get(Number(p)) ?? this.seen.set(Number(p), []).get(Number(p))!;
        list.push({ offset: Number(o), value: v });
      }
    });
  }
  count(): number {
    let n = 0;
    for (const l of this.seen.values()) n += l.length;
    return n;
  }
  stop(): void {
    this.child.kill('SIGKILL');
  }
}

let tc: TestCluster | undefined;
afterAll(async () => {
  await tc?.close();
});

describe(`jepsen (seed ${SEED})`, () => {
  it(`loses, duplicates and reorders nothing through ${KILLS} broker kills`, async () => {
    const rand = prng(SEED);
    tc = await testCluster({ brokers: 3, brokerConfig: { replicaLagTimeMaxMs: 3000 } });
    const bootstrap = tc.bootstrap;
    const kafka = new Kafka({ brokers: bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 100, initialRetryTime: 50, maxRetryTime: 500 } });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }], waitForLeaders: true });

    const consumers = [new StreamingConsumer(bootstrap, 'a'), new StreamingConsumer(bootstrap, 'b')];
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
      await tc.cluster.killBroker(victim);
      await sleep(100 + Math.floor(rand() * 500));
      await tc.cluster.startBroker(victim);
      // Let the restarted broker rejoin every ISR before the next kill (two down would stall acks=all).
      await until(`broker ${victim} back in every ISR`, () => tc!.cluster.partitions().filter((p) => p.topic === TOPIC).every((p) => p.isr.length === 3));
    }

    running = false;
    await Promise.all([kafkajsLoop, kcatLoop]);
    await producer.disconnect();
    const kcatCode = await kcatExit;
    expect(kcatCode, `seed ${SEED}: kcat producer failed: ${kcatStderr}`).toBe(0);
    for (const v of kcatSent) acked.add(v);

    // The final, authoritative read of the whole log.
    const final = await kcat(bootstrap, ['-C', '-t', TOPIC, '-o', 'beginning', '-e', '-f', '%p %o %s\n'], { timeoutMs: 120_000 });
    expect(final.code, final.stderr).toBe(0);
    const log = new Map<string, string>(); // "p:o" -> value
    const counts = new Map<string, number>();
    for (const line of final.stdout.toString().split('\n').filter(Boolean)) {
      const [p, o, v] = line.split(' ');
      log.set(`${p}:${o}`, v);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    await until('consumers to reach the end', () => consumers.every((c) => c.count() >= log.size), 60_000).catch((e: Error) => {
      throw new Error(`${e.message} (log ${log.size}, consumers ${consumers.map((c) => `${c.name}=${c.count()} ${JSON.stringify([...c.seen].map(([p, l]) => [p, l.length, l.at(-1)?.offset]))}`).join(', ')}; log ends ${JSON.stringify([...Array(PARTITIONS).keys()].map((p) => [...log.keys()].filter((k) => k.startsWith(`${p}:`)).length))})`);
    });
    for (const c of consumers) c.stop();

    const lost = [...acked].filter((v) => !counts.has(v));
    const duplicates = [...counts].filter(([, n]) => n > 1).map(([v]) => v);
    let backwards = 0;
    let divergent = 0;
    for (const c of consumers) {
      for (const [p, list] of c.seen) {
        for (let i = 1; i < list.length; i++) if (list[i].offset <= list[i - 1].offset) backwards++;
        for (const r of list) if (log.get(`${p}:${r.offset}`) !== r.value) divergent++;
      }
    }
    const report = { seed: SEED, kills: leaderKills, acked: acked.size, inLog: log.size, lost: lost.length, duplicates: duplicates.length, backwards, divergent };
    console.log('jepsen', JSON.stringify(report), lost.slice(0, 20).join(' '));
    expect(acked.size, `seed ${SEED}`).toBeGreaterThan(1000);
    expect({ lost: lost.slice(0, 5), duplicates: duplicates.slice(0, 5), backwards, divergent }, `seed ${SEED}: ${JSON.stringify(report)}`).toEqual({
      lost: [], duplicates: [], backwards: 0, divergent: 0,
    });
    await admin.disconnect();
  }, 600_000);
});
