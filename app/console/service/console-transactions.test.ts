// The console's transaction methods against a real local cluster: a committed, an aborted and an open
// transaction written by kafkajs; the message browser in both isolation levels (markers, aborted offsets,
// the last stable offset); the partition table's LSO; transactions.list/describe; and aborting the open
// (hanging) transaction the way kafka-transactions.sh does, after which the LSO catches up.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import kafkajs from 'kafkajs';
import type { AbortTransactionResult, MessagePage, TopicDetail, TransactionDetail, TransactionSummary } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-txn-console-'));
const { call, ok } = consoleCaller(() => backend);
let kafka: kafkajs.Kafka;
let hanging: kafkajs.Producer;

const text = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64').toString('utf8'));

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 2, basePort: 0, host: 'web', version: 'test' });
  kafka = new kafkajs.Kafka({ brokers: backend.cluster.bootstrapServers.split(','), logLevel: kafkajs.logLevel.NOTHING });
  await ok('topics.create', { name: 'tx', partitions: 1, replicationFactor: 2, configs: {} });
  const producer = kafka.producer({ transactionalId: 'console-done', maxInFlightRequests: 1, idempotent: true });
  await producer.connect();
  const committed = await producer.transaction();
  await committed.send({ topic: 'tx', messages: ['c0', 'c1', 'c2'].map((value) => ({ value, partition: 0 })) });
  await committed.commit();
  const aborted = await producer.transaction();
  await aborted.send({ topic: 'tx', messages: ['a0', 'a1'].map((value) => ({ value, partition: 0 })) });
  await aborted.abort();
  await producer.disconnect();
  hanging = kafka.producer({ transactionalId: 'console-hanging', maxInFlightRequests: 1, idempotent: true });
  await hanging.connect();
  const open = await hanging.transaction();
  await open.send({ topic: 'tx', messages: ['o0', 'o1'].map((value) => ({ value, partition: 0 })) });
}, 60_000);
afterAll(async () => {
  await hanging?.disconnect().catch(() => undefined);
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('console transactions', () => {
  it('browses in both isolation levels: markers, aborted records, the last stable offset', async () => {
    // Offsets: c0 c1 c2 0-2, COMMIT 3, a0 a1 4-5, ABORT 6, o0 o1 7-8 (open).
    const all = await ok<MessagePage>('messages.browse', { topic: 'tx', partition: 0, offset: 0, limit: 100, isolation: 'read_uncommitted' });
    expect(all.records.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2', 'a0', 'a1', 'o0', 'o1']);
    expect(all.markers?.map((m) => [m.offset, m.type])).toEqual([[3, 'COMMIT'], [6, 'ABORT']]);
    expect(all.abortedOffsets).toEqual([4, 5]);
    expect(all.highWatermark).toBe(9);
    expect(all.lastStableOffset).toBe(7);

    const committed = await ok<MessagePage>('messages.browse', { topic: 'tx', partition: 0, offset: 0, limit: 100, isolation: 'read_committed' });
    expect(committed.records.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2']);
    expect(committed.lastStableOffset).toBe(7);

    const bad = await call('messages.browse', { topic: 'tx', partition: 0, offset: 0, limit: 10, isolation: 'serializable' });
    expect(bad.ok).toBe(false);

    const detail = await ok<TopicDetail>('topics.describe', { topic: 'tx' });
    expect(detail.partitions[0]).toMatchObject({ highWatermark: 9, lastStableOffset: 7 });
  });

  it('lists and describes transactional ids, and aborts the hanging one', async () => {
    const list = await ok<TransactionSummary[]>('transactions.list');
    expect(list.map((t) => [t.transactionalId, t.state])).toEqual([['console-done', 'CompleteAbort'], ['console-hanging', 'Ongoing']]);

    const d = await ok<TransactionDetail>('transactions.describe', { transactionalId: 'console-hanging' });
    expect(d).toMatchObject({ state: 'Ongoing', partitions: [{ topic: 'tx', partition: 0 }], hanging: false });
    expect(d.startTimestamp).toBeGreaterThan(0);
    const missing = await call('transactions.describe', { transactionalId: 'no-such-id' });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.name).toBe('TRANSACTIONAL_ID_NOT_FOUND');
    const notOpen = await call('transactions.abort', { transactionalId: 'console-done' });
    expect(notOpen.ok).toBe(false);

    const r = await ok<AbortTransactionResult>('transactions.abort', { transactionalId: 'console-hanging' });
    expect(r.aborted).toEqual([{ topic: 'tx', partition: 0, producerId: d.producerId, error: null }]);
    const after = await ok<MessagePage>('messages.browse', { topic: 'tx', partition: 0, offset: 0, limit: 100, isolation: 'read_uncommitted' });
    expect(after.lastStableOffset).toBe(after.highWatermark);
    expect(after.markers?.at(-1)).toMatchObject({ offset: 9, type: 'ABORT', producerId: d.producerId });
    expect(after.abortedOffsets).toEqual([4, 5, 7, 8]);
  });
});
