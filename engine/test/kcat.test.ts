// librdkafka, through Debian's kcat, against a real broker: metadata, 100k keyed messages with headers
// produced and read back in per-partition order, every codec (stored compressed, as produced), and balanced
// group consumption (-G).

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { kcat, testCluster, type TestCluster } from './cluster-fixture.ts';
import { CompressionType, compressionOf, iterateBatches } from '../storage/record-batch.ts';

const CODECS: Record<string, CompressionType> = { gzip: CompressionType.Gzip, snappy: CompressionType.Snappy, lz4: CompressionType.Lz4, zstd: CompressionType.Zstd };

let tc: TestCluster;
beforeAll(async () => {
  tc = await testCluster({ brokers: 1 });
});
afterAll(async () => {
  await tc?.close();
});

interface Line {
  partition: number;
  offset: number;
  key: string;
  value: string;
  headers: string;
}

/** Parses kcat -f '%p|%o|%k|%s|%h\n' output. */
function parse(out: Buffer): Line[] {
  return out
    .toString()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [partition, offset, key, value, headers] = l.split('|');
      return { partition: Number(partition), offset: Number(offset), key, value, headers };
    });
}

async function createTopic(name: string, partitions: number): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({ brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    expect(await admin.createTopics({ topics: [{ topic: name, numPartitions: partitions }], waitForLeaders: true })).toBe(true);
  } finally {
    await admin.disconnect();
  }
}

describe('kcat (librdkafka)', () => {
  it('-L lists the broker and the topics', async () => {
    await createTopic('listed', 3);
    const r = await kcat(tc.bootstrap, ['-L', '-J']);
    expect(r.code, r.stderr).toBe(0);
    const meta = JSON.parse(r.stdout.toString());
    const port = Number(tc.bootstrap.split(':')[1]);
    expect(meta.brokers).toEqual([expect.objectContaining({ id: 1, name: `127.0.0.1:${port}` })]);
    const topic = meta.topics.find((t: { topic: string }) => t.topic === 'listed');
    expect(topic.partitions.map((p: { partition: number; leader: number }) => [p.partition, p.leader])).toEqual([[0, 1], [1, 1], [2, 1]]);
  });

  it('produces 100k keyed messages with headers and reads them all back in per-partition order', async () => {
    await createTopic('bulk', 4);
    const N = 100_000;
    const input = Array.from({ length: N }, (_, i) => `key-${i % 997}\tvalue-${i}-${'x'.repeat(i % 50)}`).join('\n') + '\n';
    const p = await kcat(tc.bootstrap, ['-P', '-t', 'bulk', '-K', '\t', '-H', 'source=kcat', '-H', 'run=1', '-X', 'linger.ms=5'], { input });
    expect(p.code, p.stderr).toBe(0);
    const c = await kcat(tc.bootstrap, ['-C', '-t', 'bulk', '-o', 'beginning', '-e', '-f', '%p|%o|%k|%s|%h\n']);
    expect(c.code, c.stderr).toBe(0);
    const lines = parse(c.stdout);
    expect(lines.length).toBe(N);
    // Every message exactly once, with its key, value and headers intact.
    const byValue = new Map(lines.map((l) => [l.value, l]));
    expect(byValue.size).toBe(N);
    for (let i = 0; i < N; i += 997) {
      const l = byValue.get(`value-${i}-${'x'.repeat(i % 50)}`)!;
      expect(l.key).toBe(`key-${i % 997}`);
      expect(l.headers).toBe('source=kcat,run=1');
    }
    // Per partition: offsets 0..n-1 in order, and a key always lands on the same partition, in send order.
    const partitionsOfKey = new Map<string, Set<number>>();
    const lastSeqOfKey = new Map<string, number>();
    const nextOffset = new Map<number, number>();
    for (const l of lines) {
      expect(l.offset).toBe(nextOffset.get(l.partition) ?? 0);
      nextOffset.set(l.partition, l.offset + 1);
      const seq = Number(l.value.split('-')[1]);
      expect(seq).toBeGreaterThan(lastSeqOfKey.get(l.key) ?? -1);
      lastSeqOfKey.set(l.key, seq);
      (partitionsOfKey.get(l.key) ?? partitionsOfKey.set(l.key, new Set()).get(l.key)!).add(l.partition);
    }
    for (const parts of partitionsOfKey.values()) expect(parts.size).toBe(1);
    expect(nextOffset.size).toBe(4);
  });

  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    it(`produces with ${codec} and reads back`, async () => {
      const topic = `codec-${codec}`;
      await createTopic(topic, 1);
      const N = 2000;
      const input = Array.from({ length: N }, (_, i) => `k${i}:${codec} message ${i} ${'abc'.repeat(20)}`).join('\n') + '\n';
      const p = await kcat(tc.bootstrap, ['-P', '-t', topic, '-K', ':', '-z', codec], { input });
      expect(p.code, p.stderr).toBe(0);
      const c = await kcat(tc.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%p|%o|%k|%s|%h\n']);
      expect(c.code, c.stderr).toBe(0);
      const lines = parse(c.stdout);
      expect(lines.map((l) => l.offset)).toEqual([...Array(N).keys()]);
      expect(lines.map((l) => `${l.key}:${l.value}`)).toEqual(input.trimEnd().split('\n'));
    });
  }

  // librdkafka before 2.11.1 (Debian's is 2.0.2) compresses only when the broker lists Produce v0
  // (KAFKA-18659): what reaches the log must be the producer's compressed batches, not the plain records.
  for (const codec of ['gzip', 'snappy', 'lz4', 'zstd']) {
    it(`-X compression.codec=${codec}: the stored batches carry the ${codec} codec`, async () => {
      const topic = `stored-${codec}`;
      await createTopic(topic, 1);
      const N = 500;
      const input = Array.from({ length: N }, (_, i) => `${codec} record ${i} ${'xyz'.repeat(30)}`).join('\n') + '\n';
      const p = await kcat(tc.bootstrap, ['-P', '-t', topic, '-p', '0', '-X', `compression.codec=${codec}`, '-X', 'linger.ms=50'], { input });
      expect(p.code, p.stderr).toBe(0);
      const dir = path.join(tc.dataDir, 'broker-1', `${topic}-0`);
      const logs = fs.readdirSync(dir).filter((f) => f.endsWith('.log'));
      const batches = logs.flatMap((f) => [...iterateBatches(fs.readFileSync(path.join(dir, f)))]);
      expect(batches.reduce((n, b) => n + b.recordCount, 0)).toBe(N);
      expect(new Set(batches.map((b) => CompressionType[compressionOf(b.attributes)]))).toEqual(new Set([CompressionType[CODECS[codec]]]));
      // And they read back intact.
      const c = await kcat(tc.bootstrap, ['-C', '-t', topic, '-o', 'beginning', '-e', '-f', '%s\n']);
      expect(c.stdout.toString()).toBe(input);
    });
  }

  it('-G: two balanced consumers share a 4-partition topic; together they read everything and commit the end offsets', async () => {
    const topic = 'balanced';
    const group = 'kcat-balanced';
    await createTopic(topic, 4);
    const N = 4000;
    const input = Array.from({ length: N }, (_, i) => `key-${i}\tvalue-${i}`).join('\n') + '\n';
    const p = await kcat(tc.bootstrap, ['-P', '-t', topic, '-K', '\t'], { input });
    expect(p.code, p.stderr).toBe(0);

    // In balanced mode kcat 1.7 honours -e: a member exits once every partition it is assigned is at its end.
    // librdkafka commits the consumed offsets on the rebalance and when it closes. The timeout bounds the wait
    // (a member still running then is killed, and its exit code is null).
    const args = ['-G', group, topic, '-e', '-f', '%p|%o|%k|%s|%h\n', '-X', 'auto.offset.reset=earliest'];
    const members = await Promise.all([kcat(tc.bootstrap, args, { timeoutMs: 60_000 }), kcat(tc.bootstrap, args, { timeoutMs: 60_000 })]);
    for (const m of members) expect(m.code, m.stderr).toBe(0);
    const lines = members.flatMap((m) => parse(m.stdout));
    // The pair read every message (at least once; librdkafka commits on the rebalance, so a repeat is unlikely).
    expect(new Set(lines.map((l) => l.value))).toEqual(new Set(input.trimEnd().split('\n').map((l) => l.split('\t')[1])));
    for (const l of lines) expect(l.key).toBe(`key-${l.value.slice('value-'.length)}`);
    expect(new Set(lines.map((l) => l.partition))).toEqual(new Set([0, 1, 2, 3]));

    // The group's committed offsets are the end offsets.
    const { Kafka, logLevel } = await import('kafkajs');
    const admin = new Kafka({ brokers: tc.bootstrap.split(','), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const ends = new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, o.high]));
      expect([...ends.values()].reduce((n, h) => n + Number(h), 0)).toBe(N);
      const [committed] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      expect(new Map(committed.partitions.map((o) => [o.partition, o.offset]))).toEqual(ends);
      // Both members have left: the group is Empty.
      const { groups } = await admin.describeGroups([group]);
      expect(groups[0]).toMatchObject({ groupId: group, state: 'Empty', protocolType: 'consumer', members: [] });
    } finally {
      await admin.disconnect();
    }
  });
});
