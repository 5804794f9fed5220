// The coordinator against a real catalog file, a fake clock and a fake marker sender: fencing,
// every request in every state, timeouts, marker retries and recovery after a crash (the catalog
// reopened, a new coordinator loading what the old one left).

import { describe, expect, it } from 'vitest';
import type { ErrorName } from '../../protocol/error-codes.ts';
import { useTempCatalog } from '../../catalog/test-support.ts';
import type { MarkerOutcome, MarkerSender } from './marker-delivery.ts';
import { TransactionCoordinator, type TransactionCoordinatorConfig } from './transaction-coordinator.ts';
import { participantKey, type TxnParticipant, type TxnResult } from './transaction-metadata.ts';

const t = useTempCatalog([1]);

class FakeClock {
  constructor(public ms = 1_000_000) {}
  now(): number { return this.ms; }
  advance(ms: number): void { this.ms += ms; }
}

interface MarkerCall { keys: string[]; producerId: number; producerEpoch: number; result: TxnResult; coordinatorEpoch: number }

class FakeMarkers implements MarkerSender {
  calls: MarkerCall[] = [];
  /** Participants (by key) whose leader answers with an error. */
  failing = new Map<string, ErrorName>();
  down = false;
  send(participants: readonly TxnParticipant[], producerId: number, producerEpoch: number, result: TxnResult, coordinatorEpoch: number): Promise<readonly MarkerOutcome[]> {
    this.calls.push({ keys: participants.map(participantKey), producerId, producerEpoch, result, coordinatorEpoch });
    if (this.down) return Promise.reject(new Error('connection refused'));
    return Promise.resolve(participants.map((p) => ({ participant: p, error: this.failing.get(participantKey(p)) ?? 'NONE' })));
  }
}

const P0 = { topic: 'orders', partition: 0 };
const P1 = { topic: 'orders', partition: 1 };
const G = { groupId: 'readers' };

function harness(config: Partial<TransactionCoordinatorConfig> = {}) {
  const clock = new FakeClock();
  const markers = new FakeMarkers();
  let nextPid = 1000;
  const make = async (coordinatorEpoch = 1) => {
    const c = new TransactionCoordinator(t.catalog.transactions, markers, () => nextPid++, clock, config);
    for (let p = 0; p < c.config.stateLogNumPartitions; p++) await c.load(p, coordinatorEpoch);
    return c;
  };
  return { clock, markers, make };
}

async function begin(c: TransactionCoordinator, id = 'tx', timeoutMs = 60_000) {
  const init = await c.initProducerId({ transactionalId: id, transactionTimeoutMs: timeoutMs });
  expect(init.error).toBe('NONE');
  expect(await c.addParticipants(id, init.producerId, init.producerEpoch, [P0, P1])).toBe('NONE');
  return init;
}

describe('InitProducerId', () => {
  it('a new id gets a producer id at epoch 0; each further init bumps the epoch and keeps the id', async () => {
    const { make } = harness();
    const c = await make();
    expect(await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 })).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 0 });
    expect(await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 })).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 1 });
    expect(t.catalog.transactions.get('tx')).toMatchObject({ state: 'Empty', producerId: 1000, producerEpoch: 1, timeoutMs: 1000 });
    // Without a transactional id: a fresh idempotent producer, nothing stored.
    expect(await c.initProducerId({ transactionalId: null, transactionTimeoutMs: 1000 })).toEqual({ error: 'NONE', producerId: 1001, producerEpoch: 0 });
    expect(t.catalog.transactions.all()).toHaveLength(1);
  });

  it('refuses a timeout above transaction.max.timeout.ms or not positive, and an empty id', async () => {
    const { make } = harness({ transactionMaxTimeoutMs: 5000 });
    const c = await make();
    for (const ms of [0, -1, 5001]) {
      expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: ms })).error).toBe('INVALID_TRANSACTION_TIMEOUT');
    }
    expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 5000 })).error).toBe('NONE');
    expect((await c.initProducerId({ transactionalId: '', transactionTimeoutMs: 10 })).error).toBe('INVALID_REQUEST');
  });

  it('KIP-360: the current epoch bumps, the previous one is a retry, any other is fenced', async () => {
    const { make } = harness();
    const c = await make();
    const first = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 });
    const bumped = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000, producerId: first.producerId, producerEpoch: 0 });
    expect(bumped).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 1 });
    // The response was lost; the producer retries with the epoch it had: the same answer, no second bump.
    expect(await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000, producerId: 1000, producerEpoch: 0 }))
      .toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 1 });
    expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000, producerId: 1000, producerEpoch: 7 })).error).toBe('PRODUCER_FENCED');
    expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000, producerId: 4242, producerEpoch: 1 })).error).toBe('PRODUCER_FENCED');
    expect(t.catalog.transactions.get('tx')?.producerEpoch).toBe(1);
  });

  it('a second producer with the same id fences the first and aborts its open transaction', async () => {
    const { make, markers } = harness();
    const c = await make();
    const a = await begin(c);
    expect(await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 })).toMatchObject({ error: 'CONCURRENT_TRANSACTIONS' });
    await c.idle();
    expect(markers.calls).toEqual([{ keys: ['partition:orders:0', 'partition:orders:1'], producerId: 1000, producerEpoch: 1, result: 'ABORT', coordinatorEpoch: 1 }]);
    expect(c.get('tx')?.state).toBe('CompleteAbort');
    const b = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(b).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 2 });
    // The old instance is fenced from every request.
    expect(await c.addParticipants('tx', a.producerId, a.producerEpoch, [P0])).toBe('PRODUCER_FENCED');
    expect((await c.endTxn('tx', a.producerId, a.producerEpoch, 'COMMIT', 0)).error).toBe('PRODUCER_FENCED');
    expect(await c.addOffsets('tx', a.producerId, a.producerEpoch, 'readers')).toBe('PRODUCER_FENCED');
  });

  it('rotates to a new producer id when the epoch is exhausted', async () => {
    const { make } = harness();
    const c = await make();
    await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 });
    t.catalog.transactions.put(c.partitionFor('tx'), { ...c.get('tx')!, producerEpoch: 32766 });
    const c2 = await make();
    expect(await c2.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 })).toEqual({ error: 'NONE', producerId: 1001, producerEpoch: 0 });
    expect(c2.get('tx')).toMatchObject({ prevProducerId: 1000 });
  });
});

describe('a transaction from begin to end', () => {
  it('commit (transactions v0): PrepareCommit is durable before the answer, Complete only after every marker', async () => {
    const { make, markers } = harness();
    const c = await make();
    const p = await begin(c);
    expect(await c.addOffsets('tx', p.producerId, p.producerEpoch, 'readers')).toBe('NONE');
    expect(c.get('tx')).toMatchObject({ state: 'Ongoing', participants: [G, P0, P1], startTimestamp: 1_000_000 });
    markers.failing.set('partition:orders:1', 'NOT_LEADER_OR_FOLLOWER');
    expect(await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0)).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 0 });
    await c.idle();
    expect(t.catalog.transactions.get('tx')?.state).toBe('PrepareCommit');
    // Until the markers are all in, the producer must wait.
    expect(await c.addParticipants('tx', p.producerId, p.producerEpoch, [P0])).toBe('CONCURRENT_TRANSACTIONS');
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0)).error).toBe('CONCURRENT_TRANSACTIONS');
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'ABORT', 0)).error).toBe('INVALID_TXN_STATE');
    expect((await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 })).error).toBe('CONCURRENT_TRANSACTIONS');
    markers.failing.clear();
    await c.tick(); // not yet past the retry backoff: nothing is sent
    await c.idle();
    expect(markers.calls).toHaveLength(1);
    harnessAdvance(c, 100);
    await c.tick();
    await c.idle();
    expect(markers.calls.map((m) => [m.keys, m.result, m.producerEpoch])).toEqual([
      [['group:readers', 'partition:orders:0', 'partition:orders:1'], 'COMMIT', 0],
      [['partition:orders:1'], 'COMMIT', 0], // only the participant that had not acknowledged
    ]);
    expect(t.catalog.transactions.get('tx')).toMatchObject({ state: 'CompleteCommit', participants: [] });
    // A retried EndTxn is answered as done; the opposite outcome is refused.
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0)).error).toBe('NONE');
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'ABORT', 0)).error).toBe('INVALID_TXN_STATE');
    // The next transaction starts from CompleteCommit with a fresh start time.
    harnessAdvance(c, 5);
    expect(await c.addParticipants('tx', p.producerId, p.producerEpoch, [P1])).toBe('NONE');
    expect(c.get('tx')).toMatchObject({ state: 'Ongoing', participants: [P1], startTimestamp: 1_000_105 });
  });

  it('transactions v2 (EndTxn v5): the epoch bumps at the end, markers carry the new epoch, a retry with the old one succeeds', async () => {
    const { make, markers } = harness();
    const c = await make();
    const init = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect(await c.addParticipants('tx', init.producerId, 0, [P0], 2)).toBe('NONE');
    expect(await c.endTxn('tx', 1000, 0, 'ABORT', 2)).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 1 });
    await c.idle();
    expect(markers.calls[0]).toMatchObject({ result: 'ABORT', producerEpoch: 1 });
    expect(c.get('tx')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1, lastProducerEpoch: 0 });
    expect(await c.endTxn('tx', 1000, 0, 'ABORT', 2)).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 1 });
    expect((await c.endTxn('tx', 1000, 0, 'COMMIT', 2)).error).toBe('INVALID_TXN_STATE');
    // The next transaction runs with the bumped epoch; the old one is fenced.
    expect(await c.addParticipants('tx', 1000, 0, [P0], 2)).toBe('PRODUCER_FENCED');
    expect(await c.addParticipants('tx', 1000, 1, [P0], 2)).toBe('NONE');
    expect(await c.endTxn('tx', 1000, 1, 'COMMIT', 2)).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 2 });
  });

  it('refuses every request with Kafka\'s error in each state it does not allow', async () => {
    const { make, markers } = harness();
    const c = await make();
    // Unknown id.
    expect(await c.addParticipants('nobody', 1, 0, [P0])).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect((await c.endTxn('nobody', 1, 0, 'COMMIT', 0)).error).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(await c.addOffsets('nobody', 1, 0, 'g')).toBe('INVALID_PRODUCER_ID_MAPPING');
    // Empty: nothing to end.
    const p = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    expect((await c.endTxn('tx', p.producerId, 0, 'COMMIT', 0)).error).toBe('INVALID_TXN_STATE');
    expect((await c.endTxn('tx', p.producerId, 0, 'ABORT', 0)).error).toBe('INVALID_TXN_STATE');
    expect(await c.addParticipants('tx', 999, 0, [P0])).toBe('INVALID_PRODUCER_ID_MAPPING');
    expect(await c.addParticipants('tx', p.producerId, 5, [P0])).toBe('PRODUCER_FENCED');
    expect(await c.addParticipants('', p.producerId, 0, [P0])).toBe('INVALID_REQUEST');
    expect(await c.addOffsets('tx', p.producerId, 0, '')).toBe('INVALID_GROUP_ID');
    // PrepareAbort (markers not acknowledged): the same outcome waits, the other is illegal.
    await c.addParticipants('tx', p.producerId, 0, [P0]);
    markers.down = true;
    await c.endTxn('tx', p.producerId, 0, 'ABORT', 0);
    await c.idle();
    expect((await c.endTxn('tx', p.producerId, 0, 'ABORT', 0)).error).toBe('CONCURRENT_TRANSACTIONS');
    expect((await c.endTxn('tx', p.producerId, 0, 'COMMIT', 0)).error).toBe('INVALID_TXN_STATE');
    expect(await c.addParticipants('tx', p.producerId, 0, [P1])).toBe('CONCURRENT_TRANSACTIONS');
    expect(c.get('tx')?.state).toBe('PrepareAbort');
  });

  it('one operation per id at a time: a concurrent one gets CONCURRENT_TRANSACTIONS', async () => {
    const { make } = harness();
    const c = await make();
    const p = await begin(c);
    const [a, b] = await Promise.all([
      c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0),
      c.addParticipants('tx', p.producerId, p.producerEpoch, [{ topic: 'other', partition: 0 }]),
    ]);
    expect(a.error).toBe('NONE');
    expect(b).toBe('CONCURRENT_TRANSACTIONS');
  });

  it('KIP-890 part 1 verification: partitions in the transaction pass, others are TRANSACTION_ABORTABLE', async () => {
    const { make } = harness();
    const c = await make();
    const p = await begin(c);
    const v = c.verifyParticipants('tx', p.producerId, p.producerEpoch, [P0, { topic: 'orders', partition: 2 }]);
    expect(Object.fromEntries(v)).toEqual({ 'partition:orders:0': 'NONE', 'partition:orders:2': 'TRANSACTION_ABORTABLE' });
    expect(c.get('tx')?.participants).toEqual([P0, P1]); // verifying adds nothing
    expect([...c.verifyParticipants('tx', p.producerId, 9, [P0]).values()]).toEqual(['PRODUCER_FENCED']);
    expect([...c.verifyParticipants('tx', 77, 0, [P0]).values()]).toEqual(['INVALID_PRODUCER_ID_MAPPING']);
  });

  it('a failed state write answers COORDINATOR_NOT_AVAILABLE and changes nothing', async () => {
    const { make } = harness();
    const c = await make();
    const p = await begin(c);
    t.catalog.db.exec("CREATE TRIGGER no_writes BEFORE UPDATE ON transactions BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0)).error).toBe('COORDINATOR_NOT_AVAILABLE');
    expect(c.get('tx')?.state).toBe('Ongoing');
    expect(t.catalog.transactions.get('tx')?.state).toBe('Ongoing');
  });

  it('when recording completion fails, the markers are not resent but completion is retried', async () => {
    const { make, markers, clock } = harness();
    const c = await make();
    const p = await begin(c);
    t.catalog.db.exec("CREATE TRIGGER no_complete BEFORE UPDATE ON transactions WHEN NEW.state = 'CompleteCommit' BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0);
    await c.idle();
    expect(c.get('tx')?.state).toBe('PrepareCommit');
    t.catalog.db.exec('DROP TRIGGER no_complete');
    clock.advance(100);
    await c.tick();
    await c.idle();
    expect(t.catalog.transactions.get('tx')?.state).toBe('CompleteCommit');
    expect(markers.calls).toHaveLength(1);
  });

  it('an id another coordinator owns is NOT_COORDINATOR', async () => {
    const { markers, clock } = harness();
    const c = new TransactionCoordinator(t.catalog.transactions, markers, () => 1, clock);
    await c.load(c.partitionFor('mine'), 3);
    expect((await c.initProducerId({ transactionalId: 'mine', transactionTimeoutMs: 10 })).error).toBe('NONE');
    const other = ['a', 'b', 'c', 'd'].find((id) => c.partitionFor(id) !== c.partitionFor('mine'))!;
    expect((await c.initProducerId({ transactionalId: other, transactionTimeoutMs: 10 })).error).toBe('NOT_COORDINATOR');
    expect(c.describe(other).error).toBe('NOT_COORDINATOR');
    c.unload(c.partitionFor('mine'));
    expect((await c.initProducerId({ transactionalId: 'mine', transactionTimeoutMs: 10 })).error).toBe('NOT_COORDINATOR');
  });
});

describe('time-driven work', () => {
  it('a transaction past its timeout is aborted with an epoch bump; the producer is fenced', async () => {
    const { make, markers, clock } = harness();
    const c = await make();
    const p = await begin(c, 'tx', 10_000);
    clock.advance(10_000);
    await c.tick();
    expect(c.get('tx')?.state).toBe('Ongoing'); // exactly at the timeout: not yet
    clock.advance(1);
    await c.tick();
    await c.idle();
    expect(markers.calls).toEqual([expect.objectContaining({ result: 'ABORT', producerEpoch: 1 })]);
    expect(t.catalog.transactions.get('tx')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    expect((await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0)).error).toBe('PRODUCER_FENCED');
  });

  it('an idle transactional id expires after transactional.id.expiration.ms; one in a transaction does not', async () => {
    const { make, clock } = harness({ transactionalIdExpirationMs: 1000, removeExpiredIntervalMs: 0 });
    const c = await make();
    await c.initProducerId({ transactionalId: 'idle', transactionTimeoutMs: 60_000 });
    await begin(c, 'busy', 60_000);
    clock.advance(999);
    await c.tick();
    expect(c.describe('idle').error).toBe('NONE');
    clock.advance(1);
    await c.tick();
    expect(c.describe('idle').error).toBe('TRANSACTIONAL_ID_NOT_FOUND');
    expect(t.catalog.transactions.get('idle')).toBeUndefined();
    expect(c.describe('busy')).toMatchObject({ error: 'NONE', state: 'Ongoing' });
  });
});

describe('recovery after a crash', () => {
  it('a prepared commit resumes its markers under the new coordinator epoch and completes', async () => {
    const h = harness();
    const c = await h.make(1);
    const p = await begin(c);
    h.markers.down = true; // the broker dies before any marker lands
    await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0);
    await c.idle();
    t.reopen();
    h.markers.down = false;
    h.markers.calls = [];
    const c2 = await h.make(2);
    await c2.idle();
    expect(h.markers.calls).toEqual([{ keys: ['partition:orders:0', 'partition:orders:1'], producerId: 1000, producerEpoch: 0, result: 'COMMIT', coordinatorEpoch: 2 }]);
    expect(t.catalog.transactions.get('tx')?.state).toBe('CompleteCommit');
  });

  it('an ongoing transaction past its timeout is aborted on load; one within it is left running', async () => {
    const h = harness();
    const c = await h.make(1);
    await begin(c, 'old', 5_000);
    h.clock.advance(4_000);
    await begin(c, 'young', 5_000);
    t.reopen();
    h.clock.advance(2_000);
    const c2 = await h.make(2);
    await c2.idle();
    expect(t.catalog.transactions.get('old')).toMatchObject({ state: 'CompleteAbort', producerEpoch: 1 });
    expect(t.catalog.transactions.get('young')).toMatchObject({ state: 'Ongoing', producerEpoch: 0 });
  });
});

describe('a kill at every step of a commit', () => {
  // Where the coordinator dies, and what the next one (after a reload of the catalog) must end with.
  const steps = [
    { at: 'after InitProducerId', expect: { state: 'Empty', markers: 0 } },
    { at: 'after AddPartitions, within the timeout', expect: { state: 'Ongoing', markers: 0 } },
    { at: 'after AddPartitions, past the timeout', expect: { state: 'CompleteAbort', markers: 1 } },
    { at: 'after PrepareCommit, no marker written', expect: { state: 'CompleteCommit', markers: 1 } },
    { at: 'after PrepareCommit, one marker written', expect: { state: 'CompleteCommit', markers: 1 } },
    { at: 'after CompleteCommit', expect: { state: 'CompleteCommit', markers: 0 } },
  ] as const;
  for (const [i, step] of steps.entries()) {
    it(step.at, async () => {
      const h = harness();
      const c = await h.make(1);
      const p = await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 1000 });
      if (i >= 1) await c.addParticipants('tx', p.producerId, p.producerEpoch, [P0, P1]);
      if (i === 3) h.markers.down = true;
      if (i === 4) h.markers.failing.set('partition:orders:1', 'NOT_LEADER_OR_FOLLOWER');
      if (i >= 3) await c.endTxn('tx', p.producerId, p.producerEpoch, 'COMMIT', 0);
      await c.idle();
      t.reopen();
      h.markers.down = false;
      h.markers.failing.clear();
      h.markers.calls = [];
      if (i === 2) h.clock.advance(1001);
      const c2 = await h.make(2);
      await c2.idle();
      expect(t.catalog.transactions.get('tx')?.state).toBe(step.expect.state);
      expect(h.markers.calls).toHaveLength(step.expect.markers);
      if (i === 4) expect(h.markers.calls[0].keys).toEqual(['partition:orders:0', 'partition:orders:1']); // a resend of all is harmless
      for (const call of h.markers.calls) expect(call.coordinatorEpoch).toBe(2);
    });
  }

  it('transactions v2 with the epoch exhausted: EndTxn moves the producer to a new id at epoch 0', async () => {
    const h = harness();
    const c = await h.make();
    await c.initProducerId({ transactionalId: 'tx', transactionTimeoutMs: 60_000 });
    t.catalog.transactions.put(c.partitionFor('tx'), { ...c.get('tx')!, producerEpoch: 32766 });
    const c2 = await h.make();
    expect(await c2.addParticipants('tx', 1000, 32766, [P0], 2)).toBe('NONE');
    expect(await c2.endTxn('tx', 1000, 32766, 'COMMIT', 2)).toEqual({ error: 'NONE', producerId: 1000, producerEpoch: 32767 });
    await c2.idle();
    expect(h.markers.calls[0]).toMatchObject({ producerId: 1000, producerEpoch: 32767 });
    expect(c2.get('tx')).toMatchObject({ state: 'CompleteCommit', producerId: 1001, producerEpoch: 0, prevProducerId: 1000 });
    // The retried EndTxn from the old id with the old epoch is recognised.
    expect((await c2.endTxn('tx', 1000, 32766, 'COMMIT', 2)).error).toBe('NONE');
  });
});

describe('DescribeTransactions and ListTransactions', () => {
  it('describes an id and lists with state, producer and duration filters', async () => {
    const { make, clock } = harness();
    const c = await make();
    await c.initProducerId({ transactionalId: 'a', transactionTimeoutMs: 60_000 });
    clock.advance(10);
    await begin(c, 'b');
    clock.advance(5_000);
    await begin(c, 'c');
    expect(c.describe('b')).toEqual({
      error: 'NONE', transactionalId: 'b', state: 'Ongoing', timeoutMs: 60_000, startTimestamp: 1_000_010,
      producerId: 1001, producerEpoch: 0, participants: [P0, P1],
    });
    expect(c.describe('zzz').error).toBe('TRANSACTIONAL_ID_NOT_FOUND');
    expect(c.describe('').error).toBe('INVALID_REQUEST');
    const ids = (r: ReturnType<TransactionCoordinator['list']>) => r.transactions.map((x) => x.transactionalId);
    expect(ids(c.list())).toEqual(['a', 'b', 'c']);
    expect(ids(c.list({ states: ['Ongoing'] }))).toEqual(['b', 'c']);
    expect(c.list({ states: ['Ongoing', 'Bogus'] }).unknownStateFilters).toEqual(['Bogus']);
    expect(ids(c.list({ states: ['Bogus'] }))).toEqual([]);
    expect(ids(c.list({ producerIds: [1000, 1002] }))).toEqual(['a', 'c']);
    expect(ids(c.list({ durationMs: 4_000 }))).toEqual(['b']); // running at least 4 s (the hanging-transaction query)
    expect(ids(c.list({ transactionalIdPattern: '[ab]' }))).toEqual(['a', 'b']);
    expect(ids(c.list({ transactionalIdPattern: 'b|c', states: ['Ongoing'] }))).toEqual(['b', 'c']);
    expect(ids(c.list({ transactionalIdPattern: '' }))).toEqual(['a', 'b', 'c']); // empty: no filter
    expect(c.list({ transactionalIdPattern: '(' }).error).toBe('INVALID_REQUEST');
  });
});

function harnessAdvance(c: TransactionCoordinator, ms: number): void {
  (c as unknown as { clock: FakeClock }).clock.advance(ms);
}
