import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { FetchSessionCache, type SessionPartition } from './fetch-session.ts';
import { FollowerFetchSession, type FollowerFetchPartition, type FollowerFetchRequest } from './follower-fetch-session.ts';

const want = (partition: number, fetchOffset = 0, topic = 't'): FollowerFetchPartition => ({ topic, partition, fetchOffset, logStartOffset: 0, currentLeaderEpoch: 3 });

/** The leader's side of one request, as handlers/fetch.ts runs it: resolve the session, then update it. */
function leader(cache: FetchSessionCache, req: FollowerFetchRequest): { errorCode: number; sessionId: number; holds: string[] } {
  const r = cache.resolve(req.sessionId, req.sessionEpoch);
  if (r.kind === 'error') return { errorCode: r.errorCode, sessionId: 0, holds: [] };
  const session = r.kind === 'sessionless' ? undefined : r.session;
  if (!session) return { errorCode: 0, sessionId: 0, holds: req.partitions.map((p) => `${p.topic}-${p.partition}@${p.fetchOffset}`) };
  if (r.kind === 'full') session.partitions.clear();
  const requested: SessionPartition[] = req.partitions.map((p) => ({
    topicKey: p.topic, topic: p.topic, topicId: '', partition: p.partition, fetchOffset: p.fetchOffset, partitionMaxBytes: 1024, currentLeaderEpoch: p.currentLeaderEpoch,
  }));
  session.update(requested, req.forgotten.map((f) => ({ topicKey: f.topic, partitions: f.partitions })));
  if (r.kind === 'incremental') session.advance(0);
  return { errorCode: 0, sessionId: session.id, holds: [...session.partitions.values()].map((p) => `${p.topic}-${p.partition}@${p.fetchOffset}`).sort() };
}

describe('FollowerFetchSession', () => {
  it('opens with a full fetch, then lists only what moved, and forgets what it no longer fetches', () => {
    const cache = new FetchSessionCache();
    const s = new FollowerFetchSession();
    const first = s.next([want(0), want(1), want(2)]);
    expect(first).toMatchObject({ sessionId: 0, sessionEpoch: 0, forgotten: [] });
    expect(first.partitions).toHaveLength(3);
    const opened = leader(cache, first);
    expect(s.answered(opened.errorCode, opened.sessionId)).toBe(true);
    expect(s.sessionId).toBe(opened.sessionId);

    // Idle: nothing moved, nothing listed, and the leader still holds all three.
    const idle = s.next([want(0), want(1), want(2)]);
    expect(idle).toEqual({ sessionId: opened.sessionId, sessionEpoch: 1, partitions: [], forgotten: [] });
    const held = leader(cache, idle);
    expect(held.holds).toEqual(['t-0@0', 't-1@0', 't-2@0']);
    expect(s.answered(held.errorCode, held.sessionId)).toBe(true);

    // Partition 1 appended (its fetch offset moved), 2 is no longer fetched, 3 is new.
    const moved = s.next([want(0), want(1, 7), want(3)]);
    expect(moved.sessionEpoch).toBe(2);
    expect(moved.partitions.map((p) => p.partition)).toEqual([1, 3]);
    expect(moved.forgotten).toEqual([{ topic: 't', partitions: [2] }]);
    const after = leader(cache, moved);
    expect(after.holds).toEqual(['t-0@0', 't-1@7', 't-3@0']);
    expect(s.answered(after.errorCode, after.sessionId)).toBe(true);
  });

  it('starts over with a full fetch when the leader lost the session', () => {
    let cache = new FetchSessionCache();
    const s = new FollowerFetchSession();
    const opened = leader(cache, s.next([want(0), want(1)]));
    s.answered(opened.errorCode, opened.sessionId);
    // The leader restarted: its cache is new and does not know the session.
    cache = new FetchSessionCache();
    const lost = leader(cache, s.next([want(0), want(1)]));
    expect(lost.errorCode).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
    expect(s.answered(lost.errorCode, lost.sessionId)).toBe(false);
    const again = s.next([want(0), want(1)]);
    expect(again.sessionEpoch).toBe(0);
    expect(again.partitions).toHaveLength(2);
    const reopened = leader(cache, again);
    expect(reopened.holds).toEqual(['t-0@0', 't-1@0']);
    expect(s.answered(reopened.errorCode, reopened.sessionId)).toBe(true);
    expect(s.next([want(0), want(1)]).partitions).toEqual([]);
  });

  it('stays on full fetches while the leader has no room for a session', () => {
    const cache = new FetchSessionCache({ maxSessions: 0 });
    const s = new FollowerFetchSession();
    for (let i = 0; i < 3; i++) {
      const req = s.next([want(0), want(1, i)]);
      expect(req).toMatchObject({ sessionId: 0, sessionEpoch: 0 });
      expect(req.partitions).toHaveLength(2);
      const res = leader(cache, req);
      expect(res.sessionId).toBe(0);
      expect(s.answered(res.errorCode, res.sessionId)).toBe(true);
    }
  });

  it('a failed request makes the next one full', () => {
    const cache = new FetchSessionCache();
    const s = new FollowerFetchSession();
    const opened = leader(cache, s.next([want(0)]));
    s.answered(opened.errorCode, opened.sessionId);
    s.next([want(0, 5)]); // sent, but the connection dropped before the answer
    s.reset();
    const req = s.next([want(0, 5)]);
    expect(req).toMatchObject({ sessionId: opened.sessionId, sessionEpoch: 0 });
    expect(leader(cache, req).holds).toEqual(['t-0@5']);
  });
});
