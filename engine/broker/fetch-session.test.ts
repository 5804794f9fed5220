import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../protocol/error-codes.ts';
import { FetchSessionCache, type SessionPartition } from './fetch-session.ts';

const part = (partition: number, fetchOffset = 0): SessionPartition => ({
  topicKey: 't', topic: 't', topicId: 'id', partition, fetchOffset, partitionMaxBytes: 1024, currentLeaderEpoch: -1,
});
const outcome = (hw: number, records = 0) => ({ errorCode: 0, highWatermark: hw, lastStableOffset: hw, logStartOffset: 0, records: Buffer.alloc(records) });

describe('FetchSessionCache', () => {
  it('epoch 0 opens a session, each incremental epoch must follow the last, -1 closes it', () => {
    const cache = new FetchSessionCache();
    const r = cache.resolve(0, 0);
    expect(r.kind).toBe('full');
    const s = r.kind === 'full' ? r.session! : undefined!;
    expect(s.id).toBeGreaterThan(0);
    expect(cache.resolve(s.id, 2)).toEqual({ kind: 'error', errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH });
    expect(cache.resolve(s.id, 1)).toMatchObject({ kind: 'incremental', session: s });
    s.advance(0);
    expect(cache.resolve(s.id, 1)).toEqual({ kind: 'error', errorCode: ErrorCode.INVALID_FETCH_SESSION_EPOCH });
    expect(cache.resolve(s.id, 2)).toMatchObject({ kind: 'incremental', session: s });
    expect(cache.resolve(s.id + 1000, 1)).toEqual({ kind: 'error', errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND });
    expect(cache.resolve(s.id, -1)).toEqual({ kind: 'sessionless' });
    expect(cache.resolve(s.id, 1)).toEqual({ kind: 'error', errorCode: ErrorCode.FETCH_SESSION_ID_NOT_FOUND });
  });

  it('an incremental response carries only partitions with records, errors or changed offsets', () => {
    const cache = new FetchSessionCache();
    const r = cache.resolve(0, 0);
    const s = r.kind === 'full' ? r.session! : undefined!;
    s.update([part(0), part(1), part(2)], []);
    const ps = [...s.partitions.values()];
    expect(ps.map((p) => s.report(p, outcome(5), true))).toEqual([true, true, true]);
    // Nothing changed: nothing to say.
    expect(ps.map((p) => s.report(p, outcome(5), false))).toEqual([false, false, false]);
    // One partition's high watermark moved, another has records.
    expect([s.report(ps[0], outcome(6), false), s.report(ps[1], outcome(5, 10), false), s.report(ps[2], outcome(5), false)]).toEqual([true, true, false]);
    // Forgotten partitions leave the session; updated ones keep what was last told.
    s.update([part(1, 9)], [{ topicKey: 't', partitions: [2] }]);
    expect([...s.partitions.keys()].length).toBe(2);
    expect(s.partitions.get('t\u00001')).toMatchObject({ fetchOffset: 9, sent: { highWatermark: 5 } });
  });

  it('moves a partition that returned records to the end of its order; updates keep their place', () => {
    const cache = new FetchSessionCache();
    const r = cache.resolve(0, 0);
    const s = r.kind === 'full' ? r.session! : undefined!;
    s.update([part(0), part(1), part(2)], []);
    const order = () => [...s.partitions.values()].map((p) => p.partition);
    s.moveToEnd(s.partitions.get('t\u00000')!);
    expect(order()).toEqual([1, 2, 0]);
    // A new fetch offset for partition 1 leaves it where it is; a partition added later goes last.
    s.update([part(1, 7), part(3)], []);
    expect(order()).toEqual([1, 2, 0, 3]);
    // A stale entry (replaced by an update since it was read) moves nothing.
    const stale = part(2);
    s.moveToEnd(stale);
    expect(order()).toEqual([1, 2, 0, 3]);
  });

  it('is bounded: a full cache evicts the least recently used idle session, or opens none', () => {
    let now = 0;
    const cache = new FetchSessionCache({ maxSessions: 2, evictionMs: 1000, clock: () => now });
    const a = cache.resolve(0, 0);
    const b = cache.resolve(0, 0);
    expect(cache.size).toBe(2);
    expect(cache.resolve(0, 0)).toEqual({ kind: 'full', session: undefined });
    now = 5000;
    const c = cache.resolve(0, 0);
    expect(c.kind === 'full' && c.session !== undefined).toBe(true);
    expect(cache.size).toBe(2);
    const aId = a.kind === 'full' ? a.session!.id : 0;
    const bId = b.kind === 'full' ? b.session!.id : 0;
    expect(cache.get(aId)).toBeUndefined();
    expect(cache.get(bId)).toBeDefined();
  });
});
