// A seeded simulation of well-behaved clients against the heartbeat: members join, leave, crash and
// heartbeat in random order while partitions are added. What clients believe they own never overlaps
// (a partition is revoked before it is assigned elsewhere), and once the churn stops every partition is
// owned by exactly one member and the group is Stable.

import { describe, expect, it } from 'vitest';
import type { TopicPartitions } from './assignment.ts';
import { ConsumerGroup } from './consumer-group.ts';
import { type ConsumerGroupConfig, DEFAULT_CONSUMER_GROUP_CONFIG, consumerGroupHeartbeat, expireMembers } from './heartbeat.ts';
import { rangeAssignor } from './range-assignor.ts';
import type { TopicImage } from './subscription.ts';
import { uniformAssignor } from './uniform-assignor.ts';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** A client finishes revoking (commit, callbacks) only before its next heartbeat, as real ones do. */
interface Client { memberId: string; epoch: number; owned: TopicPartitions[]; revoking: TopicPartitions[] }

function minus(a: TopicPartitions[], b: TopicPartitions[]): TopicPartitions[] {
  const drop = new Set(b.flatMap((tp) => tp.partitions.map((p) => `${tp.topicId}-${p}`)));
  return a.map((tp) => ({ topicId: tp.topicId, partitions: tp.partitions.filter((p) => !drop.has(`${tp.topicId}-${p}`)) })).filter((tp) => tp.partitions.length > 0);
}

function simulate(seed: number, config: ConsumerGroupConfig): void {
  const rand = rng(seed);
  const topics = new Map<string, TopicImage>([['a', { id: 'a-id', name: 'a', partitions: 4 }], ['b', { id: 'b-id', name: 'b', partitions: 3 }]]);
  const group = new ConsumerGroup('g');
  const clients = new Map<string, Client>();
  /** Crashed clients: what they owned stays theirs until the coordinator expires their session. */
  const crashed = new Map<string, Client>();
  let now = 0;
  let next = 0;

  const beat = (c: Client): void => {
    c.owned = minus(c.owned, c.revoking);
    c.revoking = [];
    const join = c.epoch === 0;
    const r = consumerGroupHeartbeat(group, {
      groupId: 'g', memberId: c.memberId, memberEpoch: c.epoch,
      ...(join ? { rebalanceTimeoutMs: 60_000, subscribedTopicNames: rand() < 0.5 ? ['a', 'b'] : ['a'] } : {}),
      topicPartitions: join ? [] : c.owned,
    }, { nowMs: now, topics }, config);
    if (r.errorCode !== 0) { // fenced: a real client drops everything and rejoins
      c.epoch = 0;
      c.owned = [];
      return;
    }
    c.epoch = r.memberEpoch;
    if (r.assignment !== null) {
      const assigned = r.assignment.topicPartitions.map((tp) => ({ topicId: tp.topicId, partitions: [...tp.partitions] }));
      c.revoking = minus(c.owned, assigned); // still held until the next heartbeat
      c.owned = [...assigned, ...c.revoking];
    }
  };

  const expectDisjoint = (): void => {
    const seen = new Set<string>();
    for (const c of [...clients.values(), ...crashed.values()]) for (const tp of c.owned) for (const p of tp.partitions) {
      const k = `${tp.topicId}-${p}`;
      expect(seen.has(k), `${k} owned twice (seed ${seed})`).toBe(false);
      seen.add(k);
    }
  };

  for (let step = 0; step < 400; step++) {
    now += Math.floor(rand() * 2000);
    const x = rand();
    if (x < 0.08 || clients.size === 0) {
      const c: Client = { memberId: `m${next++}`, epoch: 0, owned: [], revoking: [] };
      clients.set(c.memberId, c);
      beat(c);
    } else if (x < 0.11) {
      const c = [...clients.values()][Math.floor(rand() * clients.size)];
      consumerGroupHeartbeat(group, { groupId: 'g', memberId: c.memberId, memberEpoch: -1 }, { nowMs: now, topics }, config);
      clients.delete(c.memberId);
    } else if (x < 0.13) {
      // A crash: the client vanishes; its partitions count as owned until its session expires.
      const c = [...clients.values()][Math.floor(rand() * clients.size)];
      clients.delete(c.memberId);
      crashed.set(c.memberId, c);
    } else if (x < 0.14) {
      const t = topics.get('b')!;
      topics.set('b', { ...t, partitions: t.partitions + 1 });
    } else {
      beat([...clients.values()][Math.floor(rand() * clients.size)]);
    }
    for (const e of expireMembers(group, { nowMs: now, topics }, config)) {
      crashed.delete(e.memberId);
      clients.delete(e.memberId);
    }
    expectDisjoint();
  }
  // Quiet down: only heartbeats until every crashed member expired and the group settled.
  for (let round = 0; round < 40 && (group.state() !== 'Stable' || crashed.size > 0); round++) {
    now += 5000;
    for (const e of expireMembers(group, { nowMs: now, topics }, config)) { crashed.delete(e.memberId); clients.delete(e.memberId); }
    for (const c of clients.values()) beat(c);
    expectDisjoint();
  }
  expect(group.state(), `seed ${seed}`).toBe(clients.size === 0 ? 'Empty' : 'Stable');
  if (clients.size === 0) return;
  const owned = [...clients.values()].flatMap((c) => c.owned.flatMap((tp) => tp.partitions.map((p) => `${tp.topicId}-${p}`)));
  const subscribed = new Set([...group.members.values()].flatMap((m) => m.subscribedTopicNames));
  const expected = [...subscribed].reduce((n, name) => n + topics.get(name)!.partitions, 0);
  expect(owned.length, `seed ${seed}`).toBe(expected);
}

describe('reconciliation under churn (seeded simulation)', () => {
  for (const assignor of [uniformAssignor, rangeAssignor]) {
    for (const seed of [1, 2, 3, 42, 1234]) {
      it(`${assignor.name}, seed ${seed}`, () => {
        simulate(seed, { ...DEFAULT_CONSUMER_GROUP_CONFIG, assignors: [assignor] });
      });
    }
  }
});
