// Transactions over the protocol, request by request, against a real broker: what a transactional batch
// needs before a leader takes it (KIP-890 verification), the last stable offset in ListOffsets and Fetch
// while a transaction is open and after it ends, DescribeTransactions/ListTransactions/DescribeProducers,
// and transactional offsets that stay invisible until the commit.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBatch } from '../index.ts';
import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { LATEST_TIMESTAMP } from '../protocol/list-offsets-timestamps.ts';
import type { KafkaConnection } from '../client/connection.ts';
import { createTopicRequest, endOffset, open } from './broker-requests.ts';
import { testCluster, until, type TestCluster } from './cluster-fixture.ts';

let env: TestCluster;
let c: KafkaConnection;

beforeAll(async () => {
  env = await testCluster({ brokers: 1 });
  c = await open(env.cluster, 'txn-protocol');
  await c.negotiateVersions();
  expect((await createTopicRequest(c, 'tp', 2, 1)).errorCode).toBe(0);
});
afterAll(async () => {
  await c?.close();
  await env?.close();
});

type Body = Record<string, unknown>;

async function coordinatorReady(transactionalId: string): Promise<void> {
  await until(`a coordinator for ${transactionalId}`, async () => {
    const r = await c.request(ApiKey.FindCoordinator, 4, { keyType: 1, coordinatorKeys: [transactionalId] });
    return (r.coordinators as { errorCode: number }[])[0].errorCode === 0;
  });
}

async function initProducer(transactionalId: string): Promise<{ producerId: number; producerEpoch: number }> {
  await coordinatorReady(transactionalId);
  return until(`InitProducerId for ${transactionalId}`, async () => {
    const r = await c.request(ApiKey.InitProducerId, 4, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1, producerEpoch: -1 });
    return r.errorCode === 0 ? { producerId: Number(r.producerId), producerEpoch: r.producerEpoch as number } : undefined;
  });
}

async function produceTxn(transactionalId: string | null, producerId: number, producerEpoch: number, partition: number, baseSequence: number, values: string[]): Promise<number> {
  const records = buildBatch(values.map((v) => ({ value: v })), { producerId, producerEpoch, baseSequence, transactional: true });
  const r = await c.request(ApiKey.Produce, 9, { transactionalId, acks: -1, timeoutMs: 10_000, topicData: [{ name: 'tp', partitionData: [{ index: partition, records }] }] });
  return ((r.responses as Body[])[0].partitionResponses as { errorCode: number }[])[0].errorCode;
}

async function lso(partition: number, isolationLevel: number): Promise<number> {
  const r = await c.request(ApiKey.ListOffsets, 7, {
    replicaId: -1, isolationLevel, topics: [{ name: 'tp', partitions: [{ partitionIndex: partition, currentLeaderEpoch: -1, timestamp: LATEST_TIMESTAMP }] }],
  });
  return Number(((r.topics as Body[])[0].partitions as { offset: number | bigint }[])[0].offset);
}

async function fetchCommitted(partition: number): Promise<{ lastStableOffset: number; abortedTransactions: { producerId: number | bigint; firstOffset: number | bigint }[]; bytes: number }> {
  const r = await c.request(ApiKey.Fetch, 11, {
    replicaId: -1, maxWaitMs: 0, minBytes: 0, maxBytes: 1 << 20, isolationLevel: 1, sessionId: 0, sessionEpoch: -1, rackId: '',
    topics: [{ topic: 'tp', partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: 0, lastFetchedEpoch: -1, logStartOffset: -1, partitionMaxBytes: 1 << 20 }] }],
    forgottenTopicsData: [],
  });
  const p = ((r.responses as Body[])[0].partitions as Body[])[0];
  return { lastStableOffset: Number(p.lastStableOffset), abortedTransactions: p.abortedTransactions as never, bytes: (p.records as Buffer).length };
}

describe('transactions over the protocol', () => {
  it('a transactional batch is taken only inside a transaction the coordinator started', async () => {
    const before = await endOffset(c, 'tp', 0);
    // No transactional id in the request.
    expect(await produceTxn(null, 4242, 0, 0, 0, ['a'])).toBe(ErrorCode.INVALID_TXN_STATE);
    // A transactional id the coordinator never saw.
    await coordinatorReady('never-initialised');
    expect(await produceTxn('never-initialised', 4242, 0, 0, 0, ['a'])).toBe(ErrorCode.INVALID_TXN_STATE);
    // Initialised, but the partition was not added to a transaction.
    const p = await initProducer('tx-verify');
    expect(await produceTxn('tx-verify', p.producerId, p.producerEpoch, 0, 0, ['a'])).toBe(ErrorCode.INVALID_TXN_STATE);
    // A stale epoch.
    const add = await c.request(ApiKey.AddPartitionsToTxn, 3, { v3AndBelowTransactionalId: 'tx-verify', v3AndBelowProducerId: p.producerId, v3AndBelowProducerEpoch: p.producerEpoch, v3AndBelowTopics: [{ name: 'tp', partitions: [0] }] });
    expect(((add.resultsByTopicV3AndBelow as Body[])[0].resultsByPartition as { partitionErrorCode: number }[])[0].partitionErrorCode).toBe(0);
    expect(await produceTxn('tx-verify', p.producerId, p.producerEpoch + 1, 0, 0, ['a'])).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await endOffset(c, 'tp', 0)).toBe(before);
    // Added: taken.
    expect(await produceTxn('tx-verify', p.producerId, p.producerEpoch, 0, 0, ['a', 'b'])).toBe(0);
    const end = await c.request(ApiKey.EndTxn, 3, { transactionalId: 'tx-verify', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: false });
    expect(end.errorCode).toBe(0);
  });

  it('the LSO holds read_committed readers at an open transaction; an abort is reported to them', async () => {
    const p = await initProducer('tx-lso');
    const start = await endOffset(c, 'tp', 1);
    // Transactions v2 (Produce v12): the partition is added by the produce itself.
    const records = buildBatch([{ value: 'x' }, { value: 'y' }], { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: 0, transactional: true });
    const r = await c.request(ApiKey.Produce, 12, { transactionalId: 'tx-lso', acks: -1, timeoutMs: 10_000, topicData: [{ name: 'tp', partitionData: [{ index: 1, records }] }] });
    expect(((r.responses as Body[])[0].partitionResponses as { errorCode: number }[])[0].errorCode).toBe(0);

    expect(await lso(1, 0)).toBe(start + 2);
    expect(await lso(1, 1)).toBe(start);
    const open = await fetchCommitted(1);
    expect(open.lastStableOffset).toBe(start);

    const described = await c.request(ApiKey.DescribeTransactions, 0, { transactionalIds: ['tx-lso', 'no-such-id'] });
    const [d, missing] = described.transactionStates as Body[];
    expect(d).toMatchObject({ errorCode: 0, transactionState: 'Ongoing', producerEpoch: p.producerEpoch, topics: [{ topic: 'tp', partitions: [1] }] });
    expect(missing.errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);
    const listed = await c.request(ApiKey.ListTransactions, 1, { stateFilters: ['Ongoing'], producerIdFilters: [], durationFilter: -1 });
    expect((listed.transactionStates as Body[]).map((t) => t.transactionalId)).toEqual(['tx-lso']);
    const producers = await c.request(ApiKey.DescribeProducers, 0, { topics: [{ name: 'tp', partitionIndexes: [1] }] });
    const active = (((producers.topics as Body[])[0].partitions as Body[])[0].activeProducers as Body[]).find((a) => Number(a.producerId) === p.producerId);
    expect(Number(active?.currentTxnStartOffset)).toBe(start);

    const end = await c.request(ApiKey.EndTxn, 5, { transactionalId: 'tx-lso', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: false });
    expect(end.errorCode).toBe(0);
    expect(end.producerEpoch).toBe(p.producerEpoch + 1); // transactions v2: a new epoch at every end
    await until('the ABORT marker', async () => (await lso(1, 1)) === start + 3);
    const after = await fetchCommitted(1);
    expect(after.lastStableOffset).toBe(start + 3);
    expect(after.abortedTransactions.map((a) => [Number(a.producerId), Number(a.firstOffset)])).toEqual([[p.producerId, start]]);
    expect(after.bytes).toBeGreaterThan(0);
  });

  it('TxnOffsetCommit offsets are invisible (unstable for require_stable) until the commit', async () => {
    const p = await initProducer('tx-offsets');
    expect((await c.request(ApiKey.AddOffsetsToTxn, 3, { transactionalId: 'tx-offsets', producerId: p.producerId, producerEpoch: p.producerEpoch, groupId: 'g-txn' })).errorCode).toBe(0);
    const commit = await c.request(ApiKey.TxnOffsetCommit, 3, {
      transactionalId: 'tx-offsets', groupId: 'g-txn', producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: -1, memberId: '', groupInstanceId: null,
      topics: [{ name: 'tp', partitions: [{ partitionIndex: 0, committedOffset: 5, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    });
    expect(((commit.topics as Body[])[0].partitions as { errorCode: number }[])[0].errorCode).toBe(0);
    // A member and generation the group never had (a zombie, KIP-447): refused, nothing staged.
    const zombie = await c.request(ApiKey.TxnOffsetCommit, 3, {
      transactionalId: 'tx-offsets', groupId: 'g-txn', producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: 4, memberId: 'ghost', groupInstanceId: null,
      topics: [{ name: 'tp', partitions: [{ partitionIndex: 1, committedOffset: 9, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    });
    expect(((zombie.topics as Body[])[0].partitions as { errorCode: number }[])[0].errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const fetchOffset = async (requireStable: boolean) => {
      const r = await c.request(ApiKey.OffsetFetch, 7, { groupId: 'g-txn', topics: [{ name: 'tp', partitionIndexes: [0] }], requireStable });
      return ((r.topics as Body[])[0].partitions as { committedOffset: number | bigint; errorCode: number }[])[0];
    };
    expect(Number((await fetchOffset(false)).committedOffset)).toBe(-1);
    expect((await fetchOffset(true)).errorCode).toBe(ErrorCode.UNSTABLE_OFFSET_COMMIT);
    expect((await c.request(ApiKey.EndTxn, 3, { transactionalId: 'tx-offsets', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: true })).errorCode).toBe(0);
    await until('the committed offset', async () => Number((await fetchOffset(true)).committedOffset) === 5);
    expect((await fetchOffset(true)).errorCode).toBe(0);
    const other = await c.request(ApiKey.OffsetFetch, 7, { groupId: 'g-txn', topics: [{ name: 'tp', partitionIndexes: [1] }], requireStable: true });
    expect(Number(((other.topics as Body[])[0].partitions as { committedOffset: number | bigint }[])[0].committedOffset)).toBe(-1);
  });

  it('transactions v2: Produce v12 adds the partition, TxnOffsetCommit v5 adds the group, EndTxn v5 bumps the epoch', async () => {
    const p = await initProducer('tx-v2');
    const records = buildBatch([{ value: 'v2' }], { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence: 0, transactional: true });
    const r = await c.request(ApiKey.Produce, 12, { transactionalId: 'tx-v2', acks: -1, timeoutMs: 10_000, topicData: [{ name: 'tp', partitionData: [{ index: 0, records }] }] });
    expect(((r.responses as Body[])[0].partitionResponses as { errorCode: number }[])[0].errorCode).toBe(0);
    const commit = await c.request(ApiKey.TxnOffsetCommit, 5, {
      transactionalId: 'tx-v2', groupId: 'g-v2', producerId: p.producerId, producerEpoch: p.producerEpoch, generationId: -1, memberId: '', groupInstanceId: null,
      topics: [{ name: 'tp', partitions: [{ partitionIndex: 0, committedOffset: 11, committedLeaderEpoch: -1, committedMetadata: '' }] }],
    });
    expect(((commit.topics as Body[])[0].partitions as { errorCode: number }[])[0].errorCode).toBe(0);
    const described = await c.request(ApiKey.DescribeTransactions, 0, { transactionalIds: ['tx-v2'] });
    expect((described.transactionStates as Body[])[0]).toMatchObject({ transactionState: 'Ongoing', topics: [{ topic: 'tp', partitions: [0] }] });
    const end = await c.request(ApiKey.EndTxn, 5, { transactionalId: 'tx-v2', producerId: p.producerId, producerEpoch: p.producerEpoch, committed: true });
    expect(end).toMatchObject({ errorCode: 0, producerEpoch: p.producerEpoch + 1 });
    await until('the v2 offset to be committed', async () => {
      const o = await c.request(ApiKey.OffsetFetch, 7, { groupId: 'g-v2', topics: [{ name: 'tp', partitionIndexes: [0] }], requireStable: true });
      return Number(((o.topics as Body[])[0].partitions as { committedOffset: number | bigint }[])[0].committedOffset) === 11;
    });
    // The old epoch is fenced now.
    const stale = await c.request(ApiKey.EndTxn, 5, { transactionalId: 'tx-v2', producerId: p.producerId, producerEpoch: p.producerEpoch - 1, committed: true });
    expect(stale.errorCode).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('advertises transaction.version 2 in ApiVersions', async () => {
    const r = await c.request(ApiKey.ApiVersions, 3, { clientSoftwareName: 'test', clientSoftwareVersion: '0' });
    expect(r.supportedFeatures).toEqual([{ name: 'transaction.version', minVersion: 0, maxVersion: 2 }]);
    expect(r.finalizedFeatures).toEqual([{ name: 'transaction.version', minVersionLevel: 2, maxVersionLevel: 2 }]);
  });
});
