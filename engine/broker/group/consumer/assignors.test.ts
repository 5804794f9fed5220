import { describe, expect, it } from 'vitest';
import { type Assignment, assignmentOf, size, toRecord } from './assignment.ts';
import type { GroupSpec, MemberSpec, PartitionAssignor } from './assignor.ts';
import { rangeAssignor } from './range-assignor.ts';
import { uniformAssignor } from './uniform-assignor.ts';

const counts: Record<string, number> = { A: 6, B: 3, C: 1 };
const partitionCounts = (t: string): number => counts[t] ?? -1;

function spec(members: Record<string, { topics: string[]; had?: Record<string, number[]>; instanceId?: string }>): GroupSpec {
  return {
    members: new Map<string, MemberSpec>(Object.entries(members).map(([id, m]) => [id, {
      instanceId: m.instanceId ?? null, rackId: null, subscribedTopicIds: new Set(m.topics), assignment: assignmentOf(m.had ?? {}),
    }])),
  };
}

function records(r: Map<string, Assignment>): Record<string, Record<string, number[]>> {
  return Object.fromEntries([...r].map(([id, a]) => [id, toRecord(a)]));
}

/** Every subscribed partition exactly once, each to a subscriber. */
function expectComplete(group: GroupSpec, r: Map<string, Assignment>): void {
  const seen = new Map<string, string>();
  for (const [id, a] of r) {
    for (const [t, ps] of a) {
      expect(group.members.get(id)!.subscribedTopicIds.has(t), `${id} not subscribed to ${t}`).toBe(true);
      for (const p of ps) {
        expect(seen.has(`${t}-${p}`), `${t}-${p} twice`).toBe(false);
        seen.set(`${t}-${p}`, id);
      }
    }
  }
  const subscribed = new Set([...group.members.values()].flatMap((m) => [...m.subscribedTopicIds]));
  const total = [...subscribed].reduce((n, t) => n + Math.max(0, partitionCounts(t)), 0);
  expect(seen.size).toBe(total);
}

function spread(r: Map<string, Assignment>): number {
  const sizes = [...r.values()].map(size);
  return Math.max(...sizes) - Math.min(...sizes);
}

describe('uniform assignor', () => {
  const assign = (g: GroupSpec): Map<string, Assignment> => uniformAssignor.assign(g, partitionCounts);

  const balanced: [string, GroupSpec][] = [
    ['1 member, 2 topics', spec({ m1: { topics: ['A', 'B'] } })],
    ['3 members, 9 partitions', spec({ m1: { topics: ['A', 'B'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['A', 'B'] } })],
    ['4 members, 10 partitions', spec({ m1: { topics: ['A', 'B', 'C'] }, m2: { topics: ['A', 'B', 'C'] }, m3: { topics: ['A', 'B', 'C'] }, m4: { topics: ['A', 'B', 'C'] } })],
    ['more members than partitions', spec({ m1: { topics: ['B'] }, m2: { topics: ['B'] }, m3: { topics: ['B'] }, m4: { topics: ['B'] } })],
    ['heterogeneous', spec({ m1: { topics: ['A'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['B', 'C'] } })],
    ['heterogeneous, one topic shared by all', spec({ m1: { topics: ['A', 'B'] }, m2: { topics: ['A'] }, m3: { topics: ['A'] } })],
  ];
  for (const [name, g] of balanced) {
    it(`${name}: complete and balanced within one`, () => {
      const r = assign(g);
      expectComplete(g, r);
      expect(spread(r)).toBeLessThanOrEqual(1);
    });
  }

  it('unknown topics are skipped', () => {
    const r = assign(spec({ m1: { topics: ['A', 'nope'] } }));
    expect(Object.keys(toRecord(r.get('m1')!))).toEqual(['A']);
  });

  it('sticky: a member joining takes partitions only from the others\' surplus', () => {
    const before = assign(spec({ m1: { topics: ['A'] }, m2: { topics: ['A'] } }));
    const g = spec({
      m1: { topics: ['A'], had: toRecord(before.get('m1')!) },
      m2: { topics: ['A'], had: toRecord(before.get('m2')!) },
      m3: { topics: ['A'] },
    });
    const after = assign(g);
    expectComplete(g, after);
    for (const id of ['m1', 'm2']) {
      const kept = toRecord(after.get(id)!).A.filter((p) => toRecord(before.get(id)!).A.includes(p));
      expect(kept.length, id).toBe(2); // 3 each before, 2 each after: only one moved away from each
    }
  });

  it('sticky: a member leaving hands its partitions out without moving the others', () => {
    const before = assign(spec({ m1: { topics: ['A'] }, m2: { topics: ['A'] }, m3: { topics: ['A'] } }));
    const after = assign(spec({ m1: { topics: ['A'], had: toRecord(before.get('m1')!) }, m2: { topics: ['A'], had: toRecord(before.get('m2')!) } }));
    for (const id of ['m1', 'm2']) for (const p of toRecord(before.get(id)!).A) expect(toRecord(after.get(id)!).A).toContain(p);
  });

  it('sticky when heterogeneous: a balanced previous assignment is kept as it is', () => {
    const first = spec({ m1: { topics: ['A'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['B', 'C'] } });
    const r1 = assign(first);
    const r2 = assign(spec(Object.fromEntries([...first.members].map(([id, m]) => [id, { topics: [...m.subscribedTopicIds], had: toRecord(r1.get(id)!) }]))));
    expect(records(r2)).toEqual(records(r1));
  });
});

describe('range assignor', () => {
  const assign = (g: GroupSpec, a: PartitionAssignor = rangeAssignor): Map<string, Assignment> => a.assign(g, partitionCounts);

  it('contiguous ranges, the first members one extra', () => {
    expect(records(assign(spec({ m1: { topics: ['A', 'B'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['A', 'B'] }, m4: { topics: ['A', 'B'] } })))).toEqual({
      m1: { A: [0, 1], B: [0] },
      m2: { A: [2, 3], B: [1] },
      m3: { A: [4] , B: [2] },
      m4: { A: [5] },
    });
  });

  it('static members come first, by instance id', () => {
    const r = records(assign(spec({ a: { topics: ['B'] }, z: { topics: ['B'], instanceId: 'i2' }, y: { topics: ['B'], instanceId: 'i1' } })));
    expect(r).toEqual({ y: { B: [0] }, z: { B: [1] }, a: { B: [2] } });
  });

  it('heterogeneous: each topic split among its own subscribers', () => {
    const g = spec({ m1: { topics: ['A'] }, m2: { topics: ['A', 'B'] }, m3: { topics: ['B'] } });
    const r = assign(g);
    expectComplete(g, r);
    expect(records(r)).toEqual({ m1: { A: [0, 1, 2] }, m2: { A: [3, 4, 5], B: [0, 1] }, m3: { B: [2] } });
  });

  it('co-partitioning: a member gets the same partition numbers of each topic', () => {
    counts.D = 6;
    const r = records(assign(spec({ m1: { topics: ['A', 'D'] }, m2: { topics: ['A', 'D'] } })));
    delete counts.D;
    for (const id of ['m1', 'm2']) expect(r[id].A).toEqual(r[id].D);
  });
});
