import { describe, expect, it } from 'vitest';
import { AcknowledgeType, RecordState, recordStateName } from './record-state.ts';
import { DEFAULT_SHARE_PARTITION_CONFIG, SharePartition, type SharePartitionConfig, parseShareAutoOffsetReset } from './share-partition.ts';
import { loadSharePartition, snapshotSharePartition } from './share-snapshot.ts';

const { ACCEPT, RELEASE, REJECT, RENEW, GAP } = AcknowledgeType;

function partition(config: Partial<SharePartitionConfig> = {}, startOffset = 0): SharePartition {
  return new SharePartition('t-id', 0, { ...DEFAULT_SHARE_PARTITION_CONFIG, lockDurationMs: 1000, deliveryCountLimit: 3, ...config }, { startOffset });
}

function states(sp: SharePartition): string[] {
  return sp.inFlight().map(({ offset, record }) => `${offset}:${recordStateName(record.state)}:${record.deliveryCount}`);
}

const ack = (first: number, last: number, ...types: number[]) => ({ firstOffset: first, lastOffset: last, acknowledgeTypes: types });

describe('share partition: acquisition', () => {
  it('acquires new records up to the readable end and max records, in delivery-count runs', () => {
    const sp = partition();
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 10, maxRecords: 4 })).toEqual([{ firstOffset: 0, lastOffset: 3, deliveryCount: 1 }]);
    expect(sp.acquire('b', { nowMs: 0, readableEndOffset: 5, maxRecords: 4 })).toEqual([{ firstOffset: 4, lastOffset: 4, deliveryCount: 1 }]);
    expect(sp.acquire('c', { nowMs: 0, readableEndOffset: 5, maxRecords: 4 })).toEqual([]);
    expect([sp.startOffset, sp.endOffset]).toEqual([0, 5]);
    expect(sp.record(4)).toMatchObject({ state: RecordState.ACQUIRED, memberId: 'b', lockDeadlineMs: 1000 });
  });

  it('unacquire gives records back as they were: redeliveries keep their count, never-delivered ones are forgotten', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 10, maxRecords: 2 });
    sp.acknowledge('a', [ack(0, 1, RELEASE)], 1);
    expect(sp.acquire('a', { nowMs: 1, readableEndOffset: 10, maxRecords: 6 })).toEqual([{ firstOffset: 0, lastOffset: 1, deliveryCount: 2 }, { firstOffset: 2, lastOffset: 5, deliveryCount: 1 }]);
    sp.unacquire('a', [1, 3, 4, 5]);
    expect(states(sp)).toEqual(['0:Acquired:2', '1:Available:1', '2:Acquired:1']);
    expect(sp.endOffset).toBe(3);
    // Another member's records are not touched.
    sp.unacquire('b', [0]);
    expect(sp.record(0)).toMatchObject({ state: RecordState.ACQUIRED, memberId: 'a' });
    expect(sp.acquire('b', { nowMs: 2, readableEndOffset: 10, maxRecords: 3 })).toEqual([{ firstOffset: 1, lastOffset: 1, deliveryCount: 2 }, { firstOffset: 3, lastOffset: 4, deliveryCount: 1 }]);
  });

  it('never more in flight than group.share.partition.max.record.locks', () => {
    const sp = partition({ maxInFlightRecords: 3 });
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 100, maxRecords: 10 })).toEqual([{ firstOffset: 0, lastOffset: 2, deliveryCount: 1 }]);
    sp.acknowledge('a', [ack(0, 0, ACCEPT)], 1);
    expect(sp.acquire('a', { nowMs: 1, readableEndOffset: 100, maxRecords: 10 })).toEqual([{ firstOffset: 3, lastOffset: 3, deliveryCount: 1 }]);
  });

  it('share.auto.offset.reset: latest starts at the log end, earliest at the log start', () => {
    const log = { logStartOffset: 5, logEndOffset: 42 };
    expect(SharePartition.initialize('t', 0, log).startOffset).toBe(42);
    expect(SharePartition.initialize('t', 0, log, { ...DEFAULT_SHARE_PARTITION_CONFIG, autoOffsetReset: 'earliest' }).startOffset).toBe(5);
  });

  it('share.auto.offset.reset by_duration looks the offset up by timestamp', () => {
    const config = { ...DEFAULT_SHARE_PARTITION_CONFIG, autoOffsetReset: parseShareAutoOffsetReset('by_duration:PT1H') };
    const asked: number[] = [];
    const lookup = (ts: number): number | null => (asked.push(ts), ts >= 10_000_000 ? null : 17);
    expect(SharePartition.initialize('t', 0, { logStartOffset: 5, logEndOffset: 42, nowMs: 3_600_000 + 1000, offsetForTimestamp: lookup }, config).startOffset).toBe(17);
    expect(asked).toEqual([1000]);
    expect(SharePartition.initialize('t', 0, { logStartOffset: 5, logEndOffset: 42, nowMs: 20_000_000, offsetForTimestamp: lookup }, config).startOffset).toBe(42);
  });

  it('parses share.auto.offset.reset as Kafka spells it', () => {
    expect(parseShareAutoOffsetReset('Earliest')).toBe('earliest');
    expect(parseShareAutoOffsetReset('by_duration:P1DT2H3M4.5S')).toEqual({ byDurationMs: ((26 * 60 + 3) * 60 + 4.5) * 1000 });
    expect(parseShareAutoOffsetReset('by_duration:PT30M')).toEqual({ byDurationMs: 1_800_000 });
    for (const bad of ['none', 'by_duration:', 'by_duration:P', 'by_duration:PT', 'by_duration:1h']) {
      expect(() => parseShareAutoOffsetReset(bad), bad).toThrow(/INVALID_CONFIG/);
    }
  });
});

describe('share partition: acknowledgement', () => {
  const table: [string, number[], string[], number][] = [
    ['accept all: start offset moves past them', [ACCEPT], [], 4],
    ['reject all: archived, start moves', [REJECT], [], 4],
    ['release all: available again, count kept', [RELEASE], ['0:Available:1', '1:Available:1', '2:Available:1', '3:Available:1'], 0],
    ['per-offset types: accept, release, reject, gap', [ACCEPT, RELEASE, REJECT, GAP], ['1:Available:1', '2:Archived:1', '3:Archived:1'], 1],
    ['renew keeps them acquired', [RENEW], ['0:Acquired:1', '1:Acquired:1', '2:Acquired:1', '3:Acquired:1'], 0],
  ];
  for (const [name, types, inFlight, start] of table) {
    it(name, () => {
      const sp = partition();
      sp.acquire('a', { nowMs: 0, readableEndOffset: 4, maxRecords: 10 });
      sp.acknowledge('a', [ack(0, 3, ...types)], 10);
      expect(states(sp)).toEqual(inFlight);
      expect(sp.startOffset).toBe(start);
      expect(sp.endOffset).toBe(4);
    });
  }

  it('renew restarts the acquisition lock', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 1, maxRecords: 1 });
    sp.acknowledge('a', [ack(0, 0, RENEW)], 900);
    expect(sp.expireLocks(1500)).toEqual([]);
    expect(sp.expireLocks(1900)).toEqual([0]);
  });

  it('the start offset waits for the oldest record', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 3, maxRecords: 3 });
    sp.acknowledge('a', [ack(1, 2, ACCEPT)], 1);
    expect(sp.startOffset).toBe(0);
    sp.acknowledge('a', [ack(0, 0, ACCEPT)], 1);
    expect([sp.startOffset, states(sp)]).toEqual([3, []]);
  });

  it('refuses, changing nothing: other member, unacquired, acknowledged twice, expired lock, malformed', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 4, maxRecords: 3 });
    const before = states(sp);
    const cases: [string, () => void, RegExp][] = [
      ['other member', () => sp.acknowledge('b', [ack(0, 0, ACCEPT)], 1), /INVALID_RECORD_STATE/],
      ['never acquired', () => sp.acknowledge('a', [ack(3, 3, ACCEPT)], 1), /INVALID_RECORD_STATE/],
      ['one bad offset spoils the request', () => sp.acknowledge('a', [ack(0, 1, ACCEPT), ack(5, 5, ACCEPT)], 1), /INVALID_RECORD_STATE/],
      ['expired lock', () => sp.acknowledge('a', [ack(0, 0, ACCEPT)], 1000), /INVALID_RECORD_STATE/],
      ['wrong number of types', () => sp.acknowledge('a', [ack(0, 2, ACCEPT, ACCEPT)], 1), /INVALID_REQUEST/],
      ['unknown type', () => sp.acknowledge('a', [ack(0, 0, 9)], 1), /INVALID_REQUEST/],
      ['reversed range', () => sp.acknowledge('a', [ack(2, 1, ACCEPT)], 1), /INVALID_REQUEST/],
      ['renew before version 2', () => sp.acknowledge('a', [ack(0, 0, RENEW)], 1, { allowRenew: false }), /INVALID_REQUEST/],
    ];
    for (const [name, f, err] of cases) {
      expect(f, name).toThrow(err);
      expect(states(sp), name).toEqual(before);
    }
    sp.acknowledge('a', [ack(0, 0, ACCEPT)], 1);
    expect(() => sp.acknowledge('a', [ack(0, 0, ACCEPT)], 1)).toThrow(/INVALID_RECORD_STATE/);
  });
});

describe('share partition: locks and delivery limit (fake clock)', () => {
  it('an expired lock makes the record available; the next delivery counts one more', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 2, maxRecords: 2 });
    expect(sp.nextLockDeadline()).toBe(1000);
    expect(sp.expireLocks(999)).toEqual([]);
    expect(sp.expireLocks(1000)).toEqual([0, 1]);
    expect(states(sp)).toEqual(['0:Available:1', '1:Available:1']);
    expect(sp.acquire('b', { nowMs: 1000, readableEndOffset: 3, maxRecords: 3 })).toEqual([
      { firstOffset: 0, lastOffset: 1, deliveryCount: 2 },
      { firstOffset: 2, lastOffset: 2, deliveryCount: 1 },
    ]);
  });

  it('at group.share.delivery.count.limit the record is archived and listed as a dead letter', () => {
    const sp = partition({ deliveryCountLimit: 3 });
    let now = 0;
    for (let i = 1; i <= 3; i++) {
      expect(sp.acquire('a', { nowMs: now, readableEndOffset: 1, maxRecords: 1 })).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: i }]);
      now += 1000;
      sp.expireLocks(now);
    }
    expect(states(sp)).toEqual([]);
    expect(sp.startOffset).toBe(1);
    expect(sp.acquire('a', { nowMs: now, readableEndOffset: 1, maxRecords: 1 })).toEqual([]);
    expect(sp.deadLetters()).toEqual([{ offset: 0, deliveryCount: 3, reason: 'delivery-limit' }]);
  });

  it('release at the limit archives too; rejected records are dead letters; gaps are not', () => {
    const sp = partition({ deliveryCountLimit: 1 });
    sp.acquire('a', { nowMs: 0, readableEndOffset: 3, maxRecords: 3 });
    sp.acknowledge('a', [ack(0, 2, RELEASE, REJECT, GAP)], 1);
    expect(sp.startOffset).toBe(3);
    expect(sp.deadLetters()).toEqual([{ offset: 0, deliveryCount: 1, reason: 'delivery-limit' }, { offset: 1, deliveryCount: 1, reason: 'rejected' }]);
  });

  it('the dead-letter list is bounded', () => {
    const sp = partition({ deadLetterCapacity: 2 });
    sp.acquire('a', { nowMs: 0, readableEndOffset: 5, maxRecords: 5 });
    sp.acknowledge('a', [ack(0, 4, REJECT)], 1);
    expect(sp.deadLetters().map((d) => d.offset)).toEqual([3, 4]);
  });

  it('a member leaving releases what it held, taking back the delivery it may never have seen', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 2, maxRecords: 1 });
    sp.acquire('b', { nowMs: 0, readableEndOffset: 2, maxRecords: 1 });
    expect(sp.releaseMember('a')).toEqual([0]);
    expect(states(sp)).toEqual(['0:Available:0', '1:Acquired:1']);
  });
});

describe('share partition: several members fetching one partition', () => {
  // Two members share the partition. A's fetch acquires 0-4 and its answer is still on the way (or unread in
  // its client) when A's session lets go of the partition: a rebalance moved it, the session was closed.
  // B's next fetch is then the first delivery of 0-4, and must say so.
  it('records acquired for a member whose session let go before it saw them are a first delivery to the next member', () => {
    const sp = partition();
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 10, maxRecords: 5 })).toEqual([{ firstOffset: 0, lastOffset: 4, deliveryCount: 1 }]);
    expect(sp.acquire('b', { nowMs: 0, readableEndOffset: 10, maxRecords: 3 })).toEqual([{ firstOffset: 5, lastOffset: 7, deliveryCount: 1 }]);
    expect(sp.releaseMember('a')).toEqual([0, 1, 2, 3, 4]);
    expect(sp.acquire('b', { nowMs: 1, readableEndOffset: 10, maxRecords: 10 })).toEqual([
      { firstOffset: 0, lastOffset: 4, deliveryCount: 1 },
      { firstOffset: 8, lastOffset: 9, deliveryCount: 1 },
    ]);
    sp.acknowledge('b', [ack(0, 9, ACCEPT)], 2);
    expect([sp.startOffset, states(sp)]).toEqual([10, []]);
  });

  it('what a member saw and acknowledged in the request that lets go stays settled; the rest goes back a delivery', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 4, maxRecords: 4 });
    sp.acknowledge('a', [ack(0, 1, ACCEPT)], 1);
    expect(sp.releaseMember('a')).toEqual([2, 3]);
    expect(sp.acquire('b', { nowMs: 2, readableEndOffset: 4, maxRecords: 4 })).toEqual([{ firstOffset: 2, lastOffset: 3, deliveryCount: 1 }]);
  });

  it('a redelivery let go of keeps its earlier deliveries, and is not archived at the delivery limit', () => {
    const sp = partition({ deliveryCountLimit: 2 });
    sp.acquire('a', { nowMs: 0, readableEndOffset: 1, maxRecords: 1 });
    sp.expireLocks(1000); // a lock that ran out counts: the member had the record that long
    expect(sp.acquire('b', { nowMs: 1000, readableEndOffset: 1, maxRecords: 1 })).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 2 }]);
    sp.releaseMember('b');
    expect([states(sp), sp.deadLetters()]).toEqual([['0:Available:1'], []]);
    expect(sp.acquire('c', { nowMs: 1001, readableEndOffset: 1, maxRecords: 1 })).toEqual([{ firstOffset: 0, lastOffset: 0, deliveryCount: 2 }]);
  });
});

describe('share partition: log start, reset, lag', () => {
  it('retention past the start offset drops those offsets', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 4, maxRecords: 4 });
    sp.onLogStartOffset(2);
    expect([sp.startOffset, states(sp)]).toEqual([2, ['2:Acquired:1', '3:Acquired:1']]);
    sp.onLogStartOffset(10);
    expect([sp.startOffset, sp.endOffset, states(sp)]).toEqual([10, 10, []]);
  });

  it('reset starts over and bumps the state epoch; lag counts what is left to deliver', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 4, maxRecords: 4 });
    sp.acknowledge('a', [ack(1, 1, ACCEPT)], 1);
    expect(sp.lag(10)).toBe(9);
    sp.reset(7);
    expect([sp.startOffset, sp.endOffset, sp.stateEpoch, states(sp), sp.lag(10)]).toEqual([7, 7, 1, [], 3]);
  });
});

describe('share partition snapshot', () => {
  it('round-trips; acquired records come back available with their delivery count', () => {
    const sp = partition({}, 100);
    sp.acquire('a', { nowMs: 0, readableEndOffset: 106, maxRecords: 6 });
    sp.acknowledge('a', [ack(101, 102, ACCEPT), ack(104, 104, REJECT)], 1);
    sp.expireLocks(1000);
    sp.acquire('a', { nowMs: 1000, readableEndOffset: 106, maxRecords: 1 });
    const snap = JSON.parse(JSON.stringify(snapshotSharePartition(sp, 3)));
    expect(snap).toMatchObject({
      version: 1, stateEpoch: 0, leaderEpoch: 3, startOffset: 100, endOffset: 106,
      stateBatches: [
        { firstOffset: 100, lastOffset: 100, deliveryState: 0, deliveryCount: 2 },
        { firstOffset: 101, lastOffset: 102, deliveryState: 2, deliveryCount: 1 },
        { firstOffset: 103, lastOffset: 103, deliveryState: 0, deliveryCount: 1 },
        { firstOffset: 104, lastOffset: 104, deliveryState: 4, deliveryCount: 1 },
        { firstOffset: 105, lastOffset: 105, deliveryState: 0, deliveryCount: 1 },
      ],
    });
    const loaded = loadSharePartition(snap, sp.config);
    expect(states(loaded)).toEqual(['100:Available:2', '101:Acknowledged:1', '102:Acknowledged:1', '103:Available:1', '104:Archived:1', '105:Available:1']);
    expect(loaded.acquire('b', { nowMs: 0, readableEndOffset: 107, maxRecords: 10 })).toEqual([
      { firstOffset: 100, lastOffset: 100, deliveryCount: 3 },
      { firstOffset: 103, lastOffset: 103, deliveryCount: 2 },
      { firstOffset: 105, lastOffset: 105, deliveryCount: 2 },
      { firstOffset: 106, lastOffset: 106, deliveryCount: 1 },
    ]);
  });

  it('a restored record already at the delivery limit is archived, not delivered again', () => {
    const loaded = loadSharePartition({ version: 1, topicId: 't', partition: 0, stateEpoch: 2, startOffset: 0, endOffset: 2, stateBatches: [{ firstOffset: 0, lastOffset: 0, deliveryState: 0, deliveryCount: 3 }] }, { ...DEFAULT_SHARE_PARTITION_CONFIG, deliveryCountLimit: 3 });
    expect(loaded.stateEpoch).toBe(2);
    expect(loaded.acquire('a', { nowMs: 0, readableEndOffset: 2, maxRecords: 5 })).toEqual([{ firstOffset: 1, lastOffset: 1, deliveryCount: 1 }]);
    expect(loaded.deadLetters()).toEqual([{ offset: 0, deliveryCount: 3, reason: 'delivery-limit' }]);
  });

  it('refuses bad snapshots', () => {
    const good = { version: 1, topicId: 't', partition: 0, stateEpoch: 0, startOffset: 0, endOffset: 0, stateBatches: [] };
    expect(() => loadSharePartition(null)).toThrow(/not an object/);
    expect(() => loadSharePartition({ ...good, version: 2 })).toThrow(/version 2/);
    expect(() => loadSharePartition({ ...good, stateBatches: [{ firstOffset: 3, lastOffset: 1, deliveryState: 0, deliveryCount: 1 }] })).toThrow(/range/);
    expect(() => loadSharePartition({ ...good, stateBatches: [{ firstOffset: 0, lastOffset: 1, deliveryState: 1, deliveryCount: 1 }] })).toThrow(/delivery state 1/);
    expect(() => loadSharePartition({ ...good, endOffset: 1e12 })).toThrow(/not plausible/);
    expect(() => loadSharePartition({ ...good, stateBatches: [{ firstOffset: 0, lastOffset: 1e12, deliveryState: 0, deliveryCount: 1 }] })).toThrow(/implausibly/);
  });
});

describe('share partition: share.isolation.level=read_committed', () => {
  // The log of these tests: 0-1 plain, 2-4 an aborted transaction, 5 its ABORT marker, 6-7 plain, 8-9 a
  // transaction still open (the LSO is 8) whose COMMIT marker lands at 10 later.
  const ABORTED = [{ firstOffset: 2, lastOffset: 4 }];
  const abortedWithin = (runs: readonly { firstOffset: number; lastOffset: number }[]) =>
    ABORTED.filter((a) => runs.some((r) => r.firstOffset <= a.lastOffset && r.lastOffset >= a.firstOffset));

  it('acquires only below the last stable offset', () => {
    const sp = partition();
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 8, maxRecords: 100, abortedWithin })).toEqual([
      { firstOffset: 0, lastOffset: 1, deliveryCount: 1 }, { firstOffset: 5, lastOffset: 7, deliveryCount: 1 },
    ]);
    expect(sp.endOffset).toBe(8);
    expect(sp.acquire('b', { nowMs: 0, readableEndOffset: 8, maxRecords: 100, abortedWithin })).toEqual([]);
    expect(sp.record(8)).toBeUndefined();
  });

  it('archives the records of an aborted transaction: never handed out, not dead letters, SPSO moves over them', () => {
    const sp = partition();
    // Three records asked for: 0-1, then the aborted 2-4 are archived and acquisition goes on to 5.
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 8, maxRecords: 3, abortedWithin })).toEqual([
      { firstOffset: 0, lastOffset: 1, deliveryCount: 1 }, { firstOffset: 5, lastOffset: 5, deliveryCount: 1 },
    ]);
    expect(states(sp)).toEqual(['0:Acquired:1', '1:Acquired:1', '2:Archived:1', '3:Archived:1', '4:Archived:1', '5:Acquired:1']);
    expect(sp.deadLetters()).toEqual([]);
    // The member cannot acknowledge what it was never given.
    expect(() => sp.acknowledge('a', [ack(2, 2, ACCEPT)], 1)).toThrow(/not acquired/);
    sp.acknowledge('a', [ack(0, 1, ACCEPT)], 1);
    expect(sp.startOffset).toBe(5);
    expect(sp.lag(8)).toBe(3);
  });

  it('a transaction decided later: its records become acquirable once the COMMIT moves the LSO', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 8, maxRecords: 100, abortedWithin });
    // COMMIT marker at 10: the LSO is now the log end, 11.
    expect(sp.acquire('a', { nowMs: 1, readableEndOffset: 11, maxRecords: 100, abortedWithin })).toEqual([{ firstOffset: 8, lastOffset: 10, deliveryCount: 1 }]);
  });

  it('switching at runtime: a released aborted record is archived on its next acquisition; read_uncommitted hands it out', () => {
    const sp = partition();
    // read_uncommitted first: everything to the high watermark, aborted data included.
    expect(sp.acquire('a', { nowMs: 0, readableEndOffset: 10, maxRecords: 4 })).toEqual([{ firstOffset: 0, lastOffset: 3, deliveryCount: 1 }]);
    sp.acknowledge('a', [ack(0, 1, ACCEPT), ack(2, 3, RELEASE)], 1);
    // Now read_committed: the released 2-3 and the new 4 are archived, with the deliveries they were counted.
    expect(sp.acquire('a', { nowMs: 2, readableEndOffset: 8, maxRecords: 2, abortedWithin })).toEqual([{ firstOffset: 5, lastOffset: 6, deliveryCount: 1 }]);
    expect(states(sp)).toEqual(['5:Acquired:1', '6:Acquired:1']);
    expect(sp.startOffset).toBe(5);
    // Back to read_uncommitted: the open transaction's 8-9 are readable up to the high watermark.
    expect(sp.acquire('b', { nowMs: 3, readableEndOffset: 10, maxRecords: 10 })).toEqual([{ firstOffset: 7, lastOffset: 9, deliveryCount: 1 }]);
  });

  it('the archived records survive a snapshot and reload as archived', () => {
    const sp = partition();
    sp.acquire('a', { nowMs: 0, readableEndOffset: 8, maxRecords: 100, abortedWithin });
    const again = loadSharePartition(snapshotSharePartition(sp, 0), sp.config);
    expect(states(again)).toEqual(['0:Available:1', '1:Available:1', '2:Archived:1', '3:Archived:1', '4:Archived:1', '5:Available:1', '6:Available:1', '7:Available:1']);
  });
});
