// Search, export/import and bulk produce against a real local cluster (one broker, free ports), over the
// Kafka protocol only.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCluster, type Cluster } from '../../../engine/index.ts';
import type { ConsumedRecord, ProducerProgressEvent, SearchProgressEvent, SearchRequest } from '../../contract.ts';
import { ProducerJobs, replay } from './bulk-produce.ts';
import type { KafkaConnection } from './connection.ts';
import { localConnection } from './local-cluster.ts';
import { exportRecords, importRecords } from '../codecs/records-io.ts';
import { SearchManager } from './search.ts';

let cluster: Cluster;
let conn: KafkaConnection;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-search-'));
const events: SearchProgressEvent[] = [];
let searches: SearchManager;
const T0 = 1_700_000_000_000;

async function search(req: Omit<SearchRequest, 'topic'> & { topic?: string }) {
  const { searchId, total, done } = await searches.start('c', { topic: 'events', ...req });
  await done;
  const mine = events.filter((e) => e.searchId === searchId);
  const last = mine[mine.length - 1];
  return { total, last, records: mine.flatMap((e) => e.records) };
}

beforeAll(async () => {
  cluster = await startCluster({ dataDir: path.join(dir, 'cluster'), brokers: 1, basePort: 0 });
  conn = localConnection(cluster);
  searches = new SearchManager(conn, (e) => events.push(e));
  await conn.admin.createTopics({ topics: ['events', 'copy', 'copy2'], partitions: 2, replicas: 1 });
  for (let p = 0; p < 2; p++) {
    const messages = Array.from({ length: 500 }, (_, i) => ({
      topic: 'events', partition: p, key: Buffer.from(`user-${i % 10}`),
      value: Buffer.from(JSON.stringify({ n: i, p, kind: i % 5 === 0 ? 'order' : 'click' })),
      headers: new Map([[Buffer.from('src'), Buffer.from(i % 100 === 0 ? 'batch-job' : 'web')]]),
      timestamp: BigInt(T0 + i * 1000),
    }));
    await conn.producer.send({ messages });
  }
}, 60_000);
afterAll(async () => {
  await conn?.close();
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('search', () => {
  it('scans every partition, filtering by value, key and header', async () => {
    const all = await search({});
    expect(all.total).toBe(1000);
    expect(all.last).toMatchObject({ done: true, scanned: 1000, matched: 1000, cancelled: false });
    const orders = await search({ valueContains: '"kind":"order"' });
    expect(orders.last.matched).toBe(200);
    const key = await search({ keyContains: 'user-3', partitions: [1] });
    expect(key.total).toBe(500);
    expect(key.records.every((r) => r.partition === 1 && Buffer.from(r.key!, 'base64').toString() === 'user-3')).toBe(true);
    expect(key.last.matched).toBe(50);
    expect((await search({ headerContains: 'batch' })).last.matched).toBe(10);
  });

  it('says when it stopped at its limit, and a continued search finds exactly the rest', async () => {
    const req = { valueContains: '"kind":"order"', limit: 150 };
    const first = await search(req);
    expect(first.last).toMatchObject({ done: true, matched: 150, limitReached: true });
    // 150 of partition 0's 100 orders and partition 1's: partition 0 is done, partition 1 stopped after its 50th.
    expect(first.last.resumeFrom).toEqual([{ partition: 1, offset: 246 }]);
    const rest = await search({ ...req, resumeFrom: first.last.resumeFrom });
    expect(rest.last.limitReached).toBeUndefined();
    const seen = [...first.records, ...rest.records].map((r) => `${r.partition}:${r.offset}`);
    expect(new Set(seen).size).toBe(200);
    expect(seen).toHaveLength(200);
    // A search that ends below its limit does not claim to have stopped early.
    expect((await search({ valueContains: '"kind":"order"', limit: 201 })).last.limitReached).toBeUndefined();
  }, 30_000);

  it('limits by offset and time range', async () => {
    const r = await search({ partitions: [0], fromOffset: 100, toOffset: 200 });
    expect(r.total).toBe(100);
    expect(r.records[0].offset).toBe(100);
    expect(r.records[r.records.length - 1].offset).toBe(199);
    const t = await search({ partitions: [0], fromTime: T0 + 10_000, toTime: T0 + 19_000 });
    expect(t.total).toBe(10);
    expect(t.records.map((x) => x.offset)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
  });

  it('matches a regular expression and refuses a bad one', async () => {
    expect((await search({ regex: '"n":4\\d\\d,' })).last.matched).toBe(200);
    await expect(searches.start('c', { topic: 'events', regex: '([a-' })).rejects.toMatchObject({ errorName: 'INVALID_REGEX' });
  });

  it('runs a JavaScript predicate in node:vm, with no access to node', async () => {
    const r = await search({ predicate: 'r.json.n % 100 === 7 && r.headers.src === "web"' });
    expect(r.last.matched).toBe(10);
    const escape = await search({ predicate: 'typeof process === "undefined" && typeof require === "undefined"', limit: 1 });
    expect(escape.last.matched).toBe(1);
    await expect(searches.start('c', { topic: 'events', predicate: 'r.value ===' })).rejects.toMatchObject({ errorName: 'INVALID_PREDICATE' });
    const thrown = await search({ predicate: 'r.nothing.deeper' });
    expect(thrown.last.error?.name).toBe('PREDICATE_ERROR');
  });

  it('stops a predicate that loops forever and reports it', async () => {
    const r = await search({ predicate: '(() => { while (true) {} })()', predicateTimeoutMs: 2, totalTimeoutMs: 1000 });
    expect(r.last.done).toBe(true);
    expect(r.last.error).toMatchObject({ name: 'PREDICATE_TIMEOUT' });
    expect(r.last.error!.message).toMatch(/per record/);
  });

  it('cancels', async () => {
    const { searchId, done } = await searches.start('c', { topic: 'events', predicate: '(() => { const t = Date.now(); while (Date.now() - t < 1) {} return true; })()' });
    searches.cancel(searchId);
    await done;
    const last = events.filter((e) => e.searchId === searchId).pop()!;
    expect(last).toMatchObject({ done: true, cancelled: true });
    expect(last.scanned).toBeLessThan(1000);
  });
});

describe('export and import', () => {
  it('round-trips JSON lines and CSV into another topic', async () => {
    const src = (await search({ partitions: [0], fromOffset: 0, toOffset: 20 })).records;
    const binary: ConsumedRecord = { partition: 0, offset: 99, timestamp: T0, key: null, value: Buffer.from([0xff, 0x00, 0x81]).toString('base64'), headers: [{ key: 'h', value: Buffer.from('a,"b"').toString('base64') }], size: 3 };
    const records = [...src, binary];
    for (const [format, topic] of [['jsonl', 'copy'], ['csv', 'copy2']] as const) {
      const file = exportRecords({ topic: 'events', format, records });
      expect(file.fileName).toMatch(new RegExp(`^events-.*\\.${format}$`));
      const dry = await importRecords(conn, { topic, format, content: file.content, dryRun: true, keepPartitions: true }, 2);
      expect(dry).toMatchObject({ count: 21, errors: [], written: 0 });
      const res = await importRecords(conn, { topic, format, content: file.content, dryRun: false, keepPartitions: true }, 2);
      expect(res.written).toBe(21);
      const copy = await search({ topic, partitions: [0] });
      expect(copy.records.map((r) => [r.key, r.value, r.timestamp, r.headers])).toEqual(records.map((r) => [r.key, r.value, r.timestamp, r.headers]));
    }
  });

  it('refuses a file with a bad line and writes nothing', async () => {
    const content = '{"value":"ok"}\n{"value": \n{"key":"k"}\n{"value":"x","partition":7}\n';
    const res = await importRecords(conn, { topic: 'copy', format: 'jsonl', content, dryRun: false, keepPartitions: true }, 2);
    expect(res.written).toBe(0);
    expect(res.errors.map((e) => e.line)).toEqual([2, 3, 4]);
    expect(res.errors[0].message).toMatch(/not valid JSON/);
    expect(res.errors[1].message).toMatch(/needs a "value"/);
    const csv = await importRecords(conn, { topic: 'copy', format: 'csv', content: 'key,value\nk,"unclosed\n', dryRun: true, keepPartitions: false }, 2);
    expect(csv.errors[0].message).toMatch(/never closed/);
  });
});

describe('replay', () => {
  it('writes selected records into another topic with their key, value and headers', async () => {
    await conn.admin.createTopics({ topics: ['replayed'], partitions: 1, replicas: 1 });
    const picked = (await search({ partitions: [1], fromOffset: 7, toOffset: 10 })).records;
    const res = await replay(conn, { topic: 'replayed', partition: null, records: picked });
    expect(res.map((r) => r.offset)).toEqual([0]);
    const copy = await search({ topic: 'replayed' });
    expect(copy.records.map((r) => [r.key, r.value, r.headers])).toEqual(picked.map((r) => [r.key, r.value, r.headers]));
    await expect(replay(conn, { topic: 'replayed', partition: null, records: [] })).rejects.toThrow('Select the messages');
  });
});

describe('bulk produce', () => {
  it('sends N records from a template with progress and the resulting offsets', async () => {
    const progress: ProducerProgressEvent[] = [];
    const jobs = new ProducerJobs(conn, (e) => progress.push(e));
    await conn.admin.createTopics({ topics: ['gen'], partitions: 1, replicas: 1 });
    jobs.start({ topic: 'gen', partition: 0, count: 1200, ratePerSec: 0, compression: 'gzip', acks: -1, template: { name: 't', key: 'k-{{seq}}', value: '{"id":"{{uuid}}","n":{{seq}},"v":{{int 1 9}}}', headers: [{ key: 'kind', value: '{{pick a b}}' }], format: 'json' } });
    await expect.poll(() => progress.at(-1)?.done, { timeout: 20_000 }).toBe(true);
    expect(progress.at(-1)).toMatchObject({ sent: 1200, total: 1200, partitions: [{ partition: 0, firstOffset: 0, lastOffset: 1199 }] });
    const r = await search({ topic: 'gen', valueContains: '"n":1200,' });
    expect(Buffer.from(r.records[0].key!, 'base64').toString()).toBe('k-1200');
    expect(() => jobs.start({ topic: 'gen', partition: 0, count: 1, ratePerSec: 0, compression: 'none', acks: 1, template: { name: 't', key: null, value: '{"n": {{nope}}}', headers: [], format: 'json' } }))
      .toThrow(/unknown generator 'nope'/);
    expect(() => jobs.start({ topic: 'gen', partition: 0, count: 1, ratePerSec: 0, compression: 'none', acks: 1, template: { name: 't', key: null, value: '{"s": {{str 3}}}', headers: [], format: 'json' } }))
      .toThrow(/not valid JSON/);
  });
});
