// A seeded simulation of three share consumers on one partition: they acquire, accept, release, reject,
// renew, crash (their locks run out) and leave, on a fake clock, while the log grows. No record is ever
// held by two members, no delivery exceeds the limit, nothing is accepted twice, and in the end every
// record is acknowledged or archived (the archived ones all listed as dead letters).

import { describe, expect, it } from 'vitest';
import { AcknowledgeType } from './record-state.ts';
import { DEFAULT_SHARE_PARTITION_CONFIG, SharePartition } from './share-partition.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

function simulate(seed: number): void {
  const rand = rng(seed);
  const limit = 3;
  const lockMs = 5000;
  const sp = new SharePartition('t', 0, { ...DEFAULT_SHARE_PARTITION_CONFIG, lockDurationMs: lockMs, deliveryCountLimit: limit, maxInFlightRecords: 50 }, { startOffset: 0 });
  /** What each client believes it holds: offset -> its own idea of the lock deadline. */
  const held = new Map<string, Map<number, number>>([['a', new Map()], ['b', new Map()], ['c', new Map()]]);
  const accepted = new Set<number>();
  let logEnd = 0;
  let now = 0;

  const checkBeliefs = (): void => {
    const seen = new Set<number>();
    for (const [m, mine] of held) for (const [o, deadline] of mine) {
      if (now >= deadline) continue;
      expect(seen.has(o), `offset ${o} held by two members (${m}), seed ${seed}`).toBe(false);
      seen.add(o);
    }
    for (const { offset, record } of sp.inFlight()) expect(record.deliveryCount, `offset ${offset} seed ${seed}`).toBeLessThanOrEqual(limit);
  };

  for (let step = 0; step < 600; step++) {
    now += Math.floor(rand() * 800);
    if (logEnd < 200 && rand() < 0.3) logEnd += 1 + Math.floor(rand() * 5);
    const member = ['a', 'b', 'c'][Math.floor(rand() * 3)];
    const mine = held.get(member)!;
    // A client knows the lock duration (AcquisitionLockTimeoutMs) and forgets what it can no longer ack.
    for (const [o, deadline] of [...mine]) if (now >= deadline) mine.delete(o);
    const x = rand();
    if (x < 0.45) {
      for (const r of sp.acquire(member, { nowMs: now, readableEndOffset: logEnd, maxRecords: 1 + Math.floor(rand() * 6) })) {
        for (let o = r.firstOffset; o <= r.lastOffset; o++) mine.set(o, now + lockMs);
      }
    } else if (x < 0.9 && mine.size > 0) {
      const offsets = [...mine.keys()].sort((p, q) => p - q);
      const types = offsets.map(() => {
        const y = rand();
        return y < 0.6 ? AcknowledgeType.ACCEPT : y < 0.8 ? AcknowledgeType.RELEASE : y < 0.9 ? AcknowledgeType.REJECT : AcknowledgeType.RENEW;
      });
      // Every record the client still holds by its own clock must be acknowledgeable.
      sp.acknowledge(member, offsets.map((o, i) => ({ firstOffset: o, lastOffset: o, acknowledgeTypes: [types[i]] })), now);
      offsets.forEach((o, i) => {
        if (types[i] === AcknowledgeType.ACCEPT) {
          expect(accepted.has(o), `offset ${o} accepted twice (seed ${seed})`).toBe(false);
          accepted.add(o);
        }
        if (types[i] === AcknowledgeType.RENEW) mine.set(o, now + lockMs);
        else mine.delete(o);
      });
    } else if (x < 0.95) {
      mine.clear(); // a crash: the broker's locks run out on their own
    } else {
      sp.releaseMember(member); // the member left: the broker releases at once
      mine.clear();
    }
    sp.expireLocks(now);
    checkBeliefs();
  }
  // Drain: one well-behaved member accepts everything that is left.
  for (let round = 0; round < 200 && (sp.startOffset < logEnd); round++) {
    now += 6000;
    sp.expireLocks(now);
    const got = sp.acquire('d', { nowMs: now, readableEndOffset: logEnd, maxRecords: 50 });
    const batches = got.map((r) => ({ firstOffset: r.firstOffset, lastOffset: r.lastOffset, acknowledgeTypes: [AcknowledgeType.ACCEPT] }));
    sp.acknowledge('d', batches, now);
    for (const r of got) for (let o = r.firstOffset; o <= r.lastOffset; o++) {
      expect(accepted.has(o), `offset ${o} accepted twice (seed ${seed})`).toBe(false);
      accepted.add(o);
    }
  }
  expect(sp.startOffset, `seed ${seed}`).toBe(logEnd);
  const archived = new Set(sp.deadLetters().map((d) => d.offset));
  for (let o = 0; o < logEnd; o++) expect(accepted.has(o) !== archived.has(o), `offset ${o} seed ${seed}`).toBe(true);
}

describe('share partition under churn (seeded simulation)', () => {
  for (const seed of [1, 7, 99, 2024, 31337]) it(`seed ${seed}`, () => simulate(seed));
});
