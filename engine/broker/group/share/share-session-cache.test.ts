import { describe, expect, it } from 'vitest';
import { ShareSessionCache, nextShareSessionEpoch } from './share-session-cache.ts';

const p = (partition: number) => ({ topicId: 't', partition });

describe('share session cache', () => {
  it('epoch 0 opens, then each request carries the next epoch, -1 closes', () => {
    const c = new ShareSessionCache();
    expect(c.handle({ groupId: 'g', memberId: 'm', epoch: 0, add: [p(0)], nowMs: 0 }).session!.epoch).toBe(1);
    expect(c.handle({ groupId: 'g', memberId: 'm', epoch: 1, add: [p(1)], nowMs: 1 }).session!.epoch).toBe(2);
    const r = c.handle({ groupId: 'g', memberId: 'm', epoch: 2, forget: [p(0)], nowMs: 2, acknowledgeOnly: true });
    expect(r.released).toEqual([p(0)]);
    expect([...r.session!.partitions.values()]).toEqual([p(1)]);
    expect(c.handle({ groupId: 'g', memberId: 'm', epoch: -1, nowMs: 3 })).toEqual({ session: null, released: [p(1)] });
    expect(c.size).toBe(0);
  });

  const errors: [string, number, boolean, RegExp][] = [
    ['no session, epoch 5', 5, false, /SHARE_SESSION_NOT_FOUND/],
    ['no session, final epoch', -1, false, /SHARE_SESSION_NOT_FOUND/],
    ['acknowledge cannot open a session', 0, true, /INVALID_SHARE_SESSION_EPOCH/],
  ];

  it('opening cannot acknowledge, closing cannot fetch', () => {
    const c = new ShareSessionCache();
    expect(() => c.handle({ groupId: 'g', memberId: 'm', epoch: 0, nowMs: 0, hasAcknowledgements: true })).toThrow(/INVALID_REQUEST/);
    expect(c.size).toBe(0);
    c.handle({ groupId: 'g', memberId: 'm', epoch: 0, nowMs: 0 });
    expect(() => c.handle({ groupId: 'g', memberId: 'm', epoch: -1, nowMs: 0, fetches: true })).toThrow(/INVALID_REQUEST/);
    expect(c.size).toBe(1);
    expect(c.handle({ groupId: 'g', memberId: 'm', epoch: -1, nowMs: 0, hasAcknowledgements: true }).session).toBeNull();
  });
  for (const [name, epoch, acknowledgeOnly, err] of errors) {
    it(name, () => {
      expect(() => new ShareSessionCache().handle({ groupId: 'g', memberId: 'm', epoch, nowMs: 0, acknowledgeOnly })).toThrow(err);
    });
  }

  it('a wrong epoch is refused and changes nothing', () => {
    const c = new ShareSessionCache();
    c.handle({ groupId: 'g', memberId: 'm', epoch: 0, add: [p(0)], nowMs: 0 });
    for (const e of [2, 7]) expect(() => c.handle({ groupId: 'g', memberId: 'm', epoch: e, forget: [p(0)], nowMs: 0 })).toThrow(/INVALID_SHARE_SESSION_EPOCH/);
    expect(c.get('g', 'm')).toMatchObject({ epoch: 1 });
    expect(c.get('g', 'm')!.partitions.size).toBe(1);
  });

  it('reopening replaces the member\'s session; partitions not carried over are released', () => {
    const c = new ShareSessionCache();
    c.handle({ groupId: 'g', memberId: 'm', epoch: 0, add: [p(0), p(1)], nowMs: 0 });
    const r = c.handle({ groupId: 'g', memberId: 'm', epoch: 0, add: [p(1)], nowMs: 1 });
    expect(r.released).toEqual([p(0)]);
    expect(r.session!.epoch).toBe(1);
  });

  it('sessions are per group and member, and limited in number', () => {
    const c = new ShareSessionCache(2);
    c.handle({ groupId: 'g', memberId: 'a', epoch: 0, nowMs: 0 });
    c.handle({ groupId: 'h', memberId: 'a', epoch: 0, nowMs: 0 });
    expect(() => c.handle({ groupId: 'g', memberId: 'b', epoch: 0, nowMs: 0 })).toThrow(/SHARE_SESSION_LIMIT_REACHED/);
    expect(c.removeMember('g', 'a')).toEqual([]);
    expect(c.handle({ groupId: 'g', memberId: 'b', epoch: 0, nowMs: 0 }).session).not.toBeNull();
  });

  it('the epoch wraps to 1, never to 0 or -1', () => {
    expect(nextShareSessionEpoch(0x7fffffff)).toBe(1);
    expect(nextShareSessionEpoch(41)).toBe(42);
  });

  it('a closed connection takes the sessions whose latest request came on it, with their partitions', () => {
    const c = new ShareSessionCache();
    c.handle({ groupId: 'g', memberId: 'a', epoch: 0, add: [p(0), p(1)], nowMs: 0, connectionId: 7 });
    c.handle({ groupId: 'g', memberId: 'b', epoch: 0, add: [p(0)], nowMs: 0, connectionId: 8 });
    // b's next request comes on another connection: the session moves with it.
    c.handle({ groupId: 'g', memberId: 'b', epoch: 1, nowMs: 1, connectionId: 7 });
    c.handle({ groupId: 'g', memberId: 'b', epoch: 2, nowMs: 2, connectionId: 9 });
    expect(c.removeConnection(8)).toEqual([]);
    expect(c.removeConnection(7)).toEqual([{ groupId: 'g', memberId: 'a', partitions: [p(0), p(1)] }]);
    expect([c.size, c.get('g', 'a'), c.get('g', 'b')?.epoch]).toEqual([1, undefined, 3]);
    expect(() => c.handle({ groupId: 'g', memberId: 'a', epoch: 1, nowMs: 3 })).toThrow(/SHARE_SESSION_NOT_FOUND/);
  });
});
