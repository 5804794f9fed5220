// What the Jepsen-style runs share: the seed and its generator (JEPSEN_SEED=... replays a run's nemesis
// choices), a 3-broker cluster with RF=3 and min.insync.replicas=2, kcat readers that tail a topic for the
// whole run, the kill-and-restart step of the nemesis, and the reader checks. Every failure names the seed.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import type { Cluster } from '../index.ts';
import { kcat, testCluster, type TestCluster } from './cluster-fixture.ts';

export const SEED = Number(process.env.JEPSEN_SEED ?? Math.floor(Math.random() * 2 ** 31));
export const KILLS = Number(process.env.JEPSEN_KILLS ?? 20);
export const DEBUG = process.env.JEPSEN_DEBUG === '1';

/** xorshift32: the same seed, the same choices. */
export function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(what: string, fn: () => boolean | Promise<boolean>, ms = 60_000, pollMs = 50): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`seed ${SEED}: timed out waiting for ${what}`);
    await sleep(pollMs);
  }
}

export interface JepsenCluster {
  tc: TestCluster;
  kafka: Kafka;
  admin: Admin;
}

/** Three brokers (followers drop out of the ISR after 3 s behind) and these topics, RF=3, min.insync.replicas=2. */
export async function jepsenCluster(topics: string[], partitions: number): Promise<JepsenCluster> {
  const tc = await testCluster({ brokers: 3, brokerConfig: { replicaLagTimeMaxMs: 3000 } });
  const kafka = new Kafka({ brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 100, initialRetryTime: 50, maxRetryTime: 500 } });
  const admin = kafka.admin();
  await admin.connect();
  const configEntries = [{ name: 'min.insync.replicas', value: '2' }];
  await admin.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: partitions, replicationFactor: 3, configEntries })), waitForLeaders: true });
  return { tc, kafka, admin };
}

/**
 * Kill a broker, keep it down `downMs`, start it again, and wait for it to rejoin every ISR of `topics`
 * before the next kill (two down would stall acks=all).
 */
export async function bounce(cluster: Cluster, victim: number, downMs: number, topics: string[], isrTimeoutMs = 60_000): Promise<void> {
  await cluster.killBroker(victim);
  await sleep(downMs);
  await cluster.startBroker(victim);
  await until(`broker ${victim} back in every ISR`, () => cluster.partitions().filter((p) => topics.includes(p.topic)).every((p) => p.isr.length === 3), isrTimeoutMs);
}

/** A kcat consumer that reads a topic from the beginning, forever, recording (partition, offset, value). */
export class TopicTail {
  readonly seen = new Map<number, { offset: number; value: string }[]>();
  private child: ChildProcessWithoutNullStreams;
  private buf = '';
  constructor(bootstrap: string, readonly name: string, topic: string, opts: { readCommitted?: boolean; debug?: boolean } = {}) {
    this.child = spawn('kcat', ['-b', bootstrap, ...(opts.debug ? [] : ['-q']), '-E', '-u', '-C', '-t', topic, '-o', 'beginning', '-f', '%p %o %s\n',
      ...(opts.readCommitted ? ['-X', 'isolation.level=read_committed'] : []), '-X', 'topic.metadata.refresh.interval.ms=500']);
    if (opts.debug) this.child.stderr.on('data', (d: Buffer) => process.stderr.write(`[${name}] ${d}`));
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

/** The whole of a topic as a read now sees it: "p:o" -> value. */
export async function readTopic(bootstrap: string, topic: string, readCommitted: boolean): Promise<Map<string, string>> {
  const r = await kcat(bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%p %o %s\n', '-X', `isolation.level=${readCommitted ? 'read_committed' : 'read_uncommitted'}`], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`seed ${SEED}: reading ${topic} failed: ${r.stderr}`);
  const out = new Map<string, string>();
  for (const line of r.stdout.toString().split('\n').filter(Boolean)) {
    const [p, o, v] = line.split(' ');
    out.set(`${p}:${o}`, v);
  }
  return out;
}

/**
 * What the tails saw against the final log: offsets that did not grow within a partition, and records
 * that differ from the log's at their offset.
 */
export function checkTails(tails: TopicTail[], log: Map<string, string>): { backwards: number; divergent: number } {
  let backwards = 0;
  let divergent = 0;
  for (const c of tails) {
    for (const [p, list] of c.seen) {
      for (let i = 1; i < list.length; i++) if (list[i].offset <= list[i - 1].offset) backwards++;
      for (const r of list) if (log.get(`${p}:${r.offset}`) !== r.value) divergent++;
    }
  }
  return { backwards, divergent };
}
