// The metrics sampler on a real local cluster: fed by the brokers' change feed it reports what polling every
// partition reports, its history gives the same rates, and a sample of an idle cluster reads no partition.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import { startCluster, type Cluster } from '../../../engine/index.ts';
import type { MetricsSample } from '../../contract.ts';
import { openConsoleDb, type ConsoleDb } from '../stores/db.ts';
import { MetricsStore } from '../stores/metrics-store.ts';
import type { KafkaConnection } from './connection.ts';
import { localConnection, localLifecycle, type BrokerLifecycle } from './local-cluster.ts';
import { Sampler } from './sampler.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-sampler-'));
let cluster: Cluster;
let conn: KafkaConnection;
let db: ConsoleDb;
let kafka: kafkajs.Kafka;

beforeAll(async () => {
  cluster = await startCluster({ dataDir: path.join(dir, 'cluster'), brokers: 3, basePort: 0 });
  conn = localConnection(cluster);
  db = openConsoleDb(path.join(dir, 'console.db'));
  kafka = new kafkajs.Kafka({ brokers: cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'many', numPartitions: 40, replicationFactor: 2 }, { topic: 'few', numPartitions: 2, replicationFactor: 3 }] });
  await admin.disconnect();
}, 60_000);

afterAll(async () => {
  await conn?.close();
  db?.close();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A lifecycle that counts what the sampler asks of the brokers. */
function counting(inner: BrokerLifecycle, withFeed: boolean) {
  const counts = { brokerStats: 0, changeAnswers: 0, partitionsAnswered: 0, answered: new Set<string>() };
  const lifecycle: BrokerLifecycle = {
    ...inner,
    brokerStats: (id) => (counts.brokerStats++, inner.brokerStats(id)),
    partitionChanges: withFeed ? async (id, since) => {
      const answer = await inner.partitionChanges!(id, since);
      counts.changeAnswers++;
      counts.partitionsAnswered += answer.partitions.length;
      for (const p of answer.partitions) counts.answered.add(`${p.topic}/${p.partition}`);
      return answer;
    } : undefined,
    metadataVersion: withFeed ? inner.metadataVersion : undefined,
  };
  return { lifecycle, counts };
}

function sampler(lifecycle: BrokerLifecycle, store?: MetricsStore) {
  const samples: MetricsSample[] = [];
  const s = new Sampler(conn, () => lifecycle, () => undefined, (e) => samples.push(e), 1000, store);
  return { s, samples };
}

async function produce(topic: string, partitions: number[], perPartition: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, acks: -1, messages: partitions.flatMap((partition) => Array.from({ length: perPartition }, (_, i) => ({ partition, value: `value-${i}` }))) });
  await producer.disconnect();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const byTopic = (m: MetricsSample) => Object.fromEntries(m.topics.map((t) => [t.topic, t.messages]));

describe('Sampler', () => {
  it('samples an idle local cluster without reading any partition', async () => {
    const fed = counting(localLifecycle(cluster), true);
    const { s, samples } = sampler(fed.lifecycle);
    await s.sample(); // the first sample learns every partition
    expect(fed.counts.partitionsAnswered).toBeGreaterThanOrEqual(40 * 2 + 2 * 3); // every hosted replica
    await s.sample(); // metadata is read once more after a change
    const answered = fed.counts.partitionsAnswered;
    for (let i = 0; i < 3; i++) {
      await s.sample();
      expect(s.partitionsVisited).toBe(0);
    }
    expect(fed.counts.partitionsAnswered).toBe(answered);
    expect(fed.counts.changeAnswers).toBe(5 * 3);
    expect(fed.counts.brokerStats).toBe(0);
    expect(samples.at(-1)!.topics.every((t) => t.messagesPerSec === 0)).toBe(true);
    // One record (the first ever written here): only that partition's replicas report a change.
    fed.counts.answered.clear();
    await produce('few', [0], 1);
    for (let i = 0; i < 50 && byTopic(samples.at(-1)!).few !== 1; i++) {
      await sleep(100);
      await s.sample();
    }
    expect(byTopic(samples.at(-1)!).few).toBe(1);
    expect([...fed.counts.answered]).toEqual(['few/0']);
    s.stop();
  }, 60_000);
  it('reports from the change feed what polling every partition reports, and its history gives the same rates', async () => {
    const fed = counting(localLifecycle(cluster), true);
    const polled = counting(localLifecycle(cluster), false);
    const store = new MetricsStore(db.sqlite!, () => 86_400_000);
    const a = sampler(fed.lifecycle, store);
    const b = sampler(polled.lifecycle);
    const since = Date.now() - 1;
    await a.s.sample();
    await b.s.sample();
    await sleep(1100);
    await produce('many', [0, 7, 39], 5);
    await produce('few', [1], 12);
    // Wait for the followers: the high watermark (what ListOffsets answers) moves once they have the records.
    for (let i = 0; i < 50; i++) {
      await b.s.sample();
      if (byTopic(b.samples.at(-1)!).many === 15 && byTopic(b.samples.at(-1)!).few === 13) break;
      await sleep(100);
    }
    await sleep(1100);
    await a.s.sample();
    await sleep(1100);
    await a.s.sample();
    expect(byTopic(a.samples.at(-1)!)).toEqual({ many: 15, few: 13 }); // few/0 has the idle test's record
    expect(byTopic(a.samples.at(-1)!)).toEqual(byTopic(b.samples.at(-1)!));
    // The feed never asked for every partition's stats; polling did, every sample.
    expect(fed.counts.brokerStats).toBe(0);
    expect(polled.counts.brokerStats).toBeGreaterThan(0);
    // The sample after the records landed saw them as a rate; the history's rates add up to what was written.
    const rateSample = a.samples.at(-2)!;
    expect(rateSample.topics.find((t) => t.topic === 'few')!.messagesPerSec).toBeGreaterThan(0);
    const history = store.throughput(since);
    const ats = a.samples.map((m) => m.at);
    const written = history.reduce((n, p) => n + p.messagesPerSec * secondsSincePreviousSample(ats, p.at), 0);
    expect(Math.round(written)).toBe(27);
    a.s.stop();
    b.s.stop();
  }, 60_000);

});

/** Seconds from the sample before `at` to `at`: the interval a history point's rate is over. */
function secondsSincePreviousSample(ats: number[], at: number): number {
  const before = ats.filter((t) => t < at);
  return before.length ? (at - Math.max(...before)) / 1000 : 0;
}
