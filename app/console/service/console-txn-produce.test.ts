// Transactions opened from the produce form, against a real local cluster: records sent under a
// transactional id stay invisible to read_committed while the transaction is open (the id is Ongoing, the
// LSO waits before them); commit makes them visible behind a COMMIT marker, abort leaves them aborted behind
// an ABORT marker; a bad record refuses the whole send and writes nothing.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessagePage, ProduceRequest, TransactionalProduceResult, TransactionDetail } from '../../contract.ts';
import { until } from '../../../engine/testing.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-txn-produce-'));
const { call, ok } = consoleCaller(() => backend);

const text = (b64: string | null) => (b64 === null ? null : Buffer.from(b64, 'base64').toString('utf8'));
const record = (value: string, format: 'text' | 'json' = 'text'): ProduceRequest => ({ topic: 'orders', partition: 0, key: null, value, format, headers: [] });
const browse = (isolation: 'read_committed' | 'read_uncommitted') => ok<MessagePage>('messages.browse', { topic: 'orders', partition: 0, offset: 0, limit: 100, isolation });

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 1, basePort: 0, host: 'web', version: 'test' });
  await ok('topics.create', { name: 'orders', partitions: 1, replicationFactor: 1, configs: {} });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('transactions from the produce form', () => {
  it('holds the records back until commit, then shows them behind a COMMIT marker', async () => {
    const sent = await ok<TransactionalProduceResult>('transactions.produce', { transactionalId: 'form-commit', records: [record('c0'), record('c1')] });
    const more = await ok<TransactionalProduceResult>('transactions.produce', { transactionalId: 'form-commit', records: [record('c2')] });
    // One result per partition written: where the send's records start there.
    expect(sent.results).toEqual([{ topic: 'orders', partition: 0, offset: 0 }]);
    expect([more.results[0].offset, more.pending]).toEqual([2, 3]);

    const open = await ok<TransactionDetail>('transactions.describe', { transactionalId: 'form-commit' });
    expect(open.state).toBe('Ongoing');
    expect(open.partitions).toEqual([{ topic: 'orders', partition: 0 }]);
    const during = await browse('read_committed');
    expect(during.records).toEqual([]);
    expect(during.lastStableOffset).toBe(0);

    expect(await ok('transactions.end', { transactionalId: 'form-commit', commit: true })).toEqual({ transactionalId: 'form-commit', committed: true, records: 3 });
    // EndTxn answers once the commit is decided (PrepareCommit); the markers follow (CompleteCommit), as in Kafka.
    await until('the COMMIT markers written', async () => (await ok<TransactionDetail>('transactions.describe', { transactionalId: 'form-commit' })).state === 'CompleteCommit');
    const after = await browse('read_committed');
    expect(after.records.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2']);
    expect(after.markers?.map((m) => [m.offset, m.type])).toEqual([[3, 'COMMIT']]);
    expect(after.lastStableOffset).toBe(4);
    expect((await ok<TransactionDetail>('transactions.describe', { transactionalId: 'form-commit' })).state).toBe('CompleteCommit');
  });

  it('aborts: the records stay in the log, marked aborted, and read_committed never sees them', async () => {
    await ok('transactions.produce', { transactionalId: 'form-abort', records: [record('a0'), record('a1')] });
    expect(await ok('transactions.end', { transactionalId: 'form-abort', commit: false })).toMatchObject({ committed: false, records: 2 });
    await until('the ABORT markers written', async () => (await ok<TransactionDetail>('transactions.describe', { transactionalId: 'form-abort' })).state === 'CompleteAbort');
    const all = await browse('read_uncommitted');
    expect(all.records.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2', 'a0', 'a1']);
    expect(all.abortedOffsets).toEqual([4, 5]);
    expect(all.markers?.map((m) => [m.offset, m.type])).toEqual([[3, 'COMMIT'], [6, 'ABORT']]);
    expect((await browse('read_committed')).records.map((r) => text(r.value))).toEqual(['c0', 'c1', 'c2']);
  });

  it('refuses the whole send for one bad record and writes nothing; ending an unknown transaction is NOT_FOUND', async () => {
    const before = (await browse('read_uncommitted')).highWatermark;
    const bad = await call('transactions.produce', { transactionalId: 'form-bad', records: [record('{"n":1}', 'json'), record('{nope', 'json')] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && [bad.error.name, bad.error.message]).toEqual(['INVALID_JSON', expect.stringContaining('Record 2 of 2')]);
    expect((await browse('read_uncommitted')).highWatermark).toBe(before);
    const end = await call('transactions.end', { transactionalId: 'form-bad', commit: true });
    expect(!end.ok && end.error.name).toBe('NOT_FOUND');
    const none = await call('transactions.produce', { transactionalId: 'form-bad', records: [] });
    expect(!none.ok && none.error.message).toContain('at least one record');
    const shape = await call('transactions.produce', { transactionalId: 'form-bad' });
    expect(!shape.ok && [shape.error.name, shape.error.field]).toEqual(['INVALID_REQUEST', 'records']);
  });
});
