import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/error-codes.ts';
import { type Assignment, assignmentOf, size, toRecord } from '../consumer/assignment.ts';
import type { GroupSpec, MemberSpec } from '../consumer/assignor.ts';
import type { TopicImage } from '../consumer/subscription.ts';
import { DEFAULT_SHARE_GROUP_CONFIG, ShareGroup, type ShareHeartbeatRequest } from './share-group.ts';
import { simpleAssignor } from './simple-assignor.ts';

const counts: Record<string, number> = { A: 1, B: 3, C: 2 };

function spec(members: Record<string, { topics: string[]; had?: Record<string, number[]> }>): GroupSpec {
  return { members: new Map<string, MemberSpec>(Object.entries(members).map(([id, m]) => [id, { instanceId: null, rackId: null, subscribedTopicIds: new Set(m.topics), assignment: assignmentOf(m.had ?? {}) }])) };
}
const assign = (g: GroupSpec): Map<string, Assignment> => simpleAssignor.assign(g, (t) => counts[t] ?? -1);

function holders(r: Map<string, Assignment>, t: string, p: number): string[] {
  return [...r].filter(([, a]) => a.get(t)?.has(p)).map(([id]) => id).sort();
}

describe('simple assignor', () => {
  it('three members, one partition: all three share it (the point of queues)', () => {
    const r = assign(spec({ m1: { topics: ['A'] }, m2: { topics: ['A'] }, m3: { topics: ['A'] } }));
    expect(holders(r, 'A', 0)).toEqual(['m1', 'm2', 'm3']);
  });

  it('more members than partitions: one partition each, the members spread evenly', () => {
    const r = assign(spec({ m1: { topics: ['C'] }, m2: { topics: ['C'] }, m3: { topics: ['C'] }, m4: { topics: ['C'] }, m5: { topics: ['C'] } }));
    for (const a of r.values()) expect(size(a)).toBe(1);
    expect([holders(r, 'C', 0).length, holders(r, 'C', 1).length].sort()).toEqual([2, 3]);
  });

  it('more members than partitions, sticky: members keep their partition when balance allows', () => {
    const r = assign(spec({ m1: { topics: ['C'], had: { C: [1] } }, m2: { topics: ['C'], had: { C: [1] } }, m3: { topics: ['C'], had: { C: [1] } } }));
    expect(holders(r, 'C', 1)).toEqual(['m1', 'm2']);
    expect(holders(r, 'C', 0)).toEqual(['m3']);
  });

  it('at least as many partitions as members: each partition to exactly one member', () => {
    const r = assign(spec({ m1: { topics: ['B'] }, m2: { topics: ['B'] } }));
    for (let p = 0; p < 3; p++) expect(holders(r, 'B', p)).toHaveLength(1);
  });

  it('heterogeneous: per topic among its subscribers', () => {
    const r = assign(spec({ m1: { topics: ['A', 'B'] }, m2: { topics: ['A'] } }));
    expect(holders(r, 'A', 0)).toEqual(['m1', 'm2']);
    expect(toRecord(r.get('m1')!).B).toEqual([0, 1, 2]);
  });
});

function topics(...list: [string, number][]): Map<string, TopicImage> {
  return new Map(list.map(([name, partitions]) => [name, { id: `${name}-id`, name, partitions }]));
}

describe('share group heartbeat', () => {
  const t = topics(['jobs', 1]);
  const setup = () => {
    const g = new ShareGroup('q');
    const clock = { now: 0 };
    const hb = (req: Partial<ShareHeartbeatRequest> & { memberId: string; memberEpoch: number }) => g.heartbeat({ groupId: 'q', ...req }, { nowMs: clock.now, topics: t });
    return { g, clock, hb };
  };

  it('members join, all get the one partition, and the epoch follows the group', () => {
    const { g, hb } = setup();
    const r1 = hb({ memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
    expect(r1).toMatchObject({ errorCode: 0, memberId: 'a', memberEpoch: 1, heartbeatIntervalMs: 5000, assignment: { topicPartitions: [{ topicId: 'jobs-id', partitions: [0] }] } });
    hb({ memberId: 'b', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
    const r3 = hb({ memberId: 'a', memberEpoch: 1 });
    expect(r3.memberEpoch).toBe(2);
    expect(hb({ memberId: 'a', memberEpoch: 1 }).errorCode).toBe(ErrorCode.FENCED_MEMBER_EPOCH); // only the epoch it was given
    expect(hb({ memberId: 'a', memberEpoch: 2 }).assignment).toBeNull(); // nothing changed: nothing to tell
    expect(g.membersOf('jobs-id', 0)).toEqual(['a', 'b']);
    expect(g.state()).toBe('Stable');
  });

  const errors: [string, Partial<ShareHeartbeatRequest> & { memberId: string; memberEpoch: number }, keyof typeof ErrorCode][] = [
    ['empty member id', { memberId: '', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, 'INVALID_REQUEST'],
    ['join without topics', { memberId: 'x', memberEpoch: 0 }, 'INVALID_REQUEST'],
    ['epoch -2', { memberId: 'a', memberEpoch: -2 }, 'INVALID_REQUEST'],
    ['unknown member', { memberId: 'x', memberEpoch: 4 }, 'UNKNOWN_MEMBER_ID'],
    ['unknown member leaving', { memberId: 'x', memberEpoch: -1 }, 'UNKNOWN_MEMBER_ID'],
    ['wrong epoch', { memberId: 'a', memberEpoch: 7 }, 'FENCED_MEMBER_EPOCH'],
  ];
  for (const [name, req, err] of errors) {
    it(`${name}: ${err}`, () => {
      const { g, hb } = setup();
      hb({ memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
      expect(hb(req).errorCode).toBe(ErrorCode[err]);
      expect(g.groupEpoch).toBe(1);
    });
  }

  it('GROUP_MAX_SIZE_REACHED past group.share.max.size', () => {
    const g = new ShareGroup('q');
    const cfg = { ...DEFAULT_SHARE_GROUP_CONFIG, maxSize: 1 };
    g.heartbeat({ groupId: 'q', memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, { nowMs: 0, topics: t }, cfg);
    expect(g.heartbeat({ groupId: 'q', memberId: 'b', memberEpoch: 0, subscribedTopicNames: ['jobs'] }, { nowMs: 0, topics: t }, cfg).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
  });

  it('leaving and session expiry (fake clock) bump the epoch; the group empties', () => {
    const { g, clock, hb } = setup();
    hb({ memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
    hb({ memberId: 'b', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
    expect(hb({ memberId: 'a', memberEpoch: -1 })).toMatchObject({ errorCode: 0, memberEpoch: -1 });
    expect(g.groupEpoch).toBe(3);
    clock.now = 44_999;
    expect(g.expireMembers(clock.now, t)).toEqual([]);
    clock.now = 45_000;
    expect(g.expireMembers(clock.now, t)).toEqual(['b']);
    expect(g.state()).toBe('Empty');
  });

  it('a new partition bumps the epoch and is assigned', () => {
    const { g, hb } = setup();
    hb({ memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'] });
    const grown = topics(['jobs', 2]);
    const r = g.heartbeat({ groupId: 'q', memberId: 'a', memberEpoch: 1 }, { nowMs: 0, topics: grown });
    expect(r.memberEpoch).toBe(2);
    expect(r.assignment).toEqual({ topicPartitions: [{ topicId: 'jobs-id', partitions: [0, 1] }] });
  });

  it('snapshot round trip', () => {
    const { g, hb } = setup();
    hb({ memberId: 'a', memberEpoch: 0, subscribedTopicNames: ['jobs'], rackId: 'r1' });
    const snap = JSON.parse(JSON.stringify(g.snapshot()));
    const loaded = ShareGroup.load(snap, 0, t);
    expect(loaded.snapshot()).toEqual(snap);
    expect(loaded.heartbeat({ groupId: 'q', memberId: 'a', memberEpoch: 1 }, { nowMs: 1, topics: t })).toMatchObject({ errorCode: 0, memberEpoch: 1, assignment: null });
    expect(() => ShareGroup.load({ version: 2 }, 0, t)).toThrow(/version: 1/);
  });
});
