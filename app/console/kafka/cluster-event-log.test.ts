// The console's ring of cluster events: bounded, oldest first; broker and election causes told as the
// console knows them (it asked for the kill or the shutdown; a failed worker says why).

import { describe, expect, it } from 'vitest';
import { ClusterEventLog, toRecord } from './cluster-event-log.ts';
import type { ClusterEventRecord } from '../../contract.ts';

describe('cluster event log', () => {
  it('keeps the newest events, oldest first', () => {
    const log = new ClusterEventLog(3);
    const ev = (at: number): ClusterEventRecord => ({ at, type: 'broker-up', broker: 1, cause: '' });
    log.push([ev(1), ev(2)]);
    log.push([ev(3), ev(4)]);
    expect(log.recent().map((e) => e.at)).toEqual([2, 3, 4]);
  });

  it('tells a kill, a controlled shutdown and a failure apart', () => {
    const down = { type: 'broker-down' as const, broker: 2, at: 5, cause: 'no longer alive in the cluster metadata: its replicas are offline' };
    expect(toRecord(down, () => 'kill', () => undefined).cause).toMatch(/^killed/);
    expect(toRecord(down, () => 'stop', () => undefined).cause).toMatch(/^controlled shutdown/);
    expect(toRecord(down, () => 'kill', () => 'out of memory').cause).toBe('its worker failed: out of memory');
    const moved = { type: 'leader-change' as const, topic: 't', partition: 0, from: 2, to: 3, leaderEpoch: 7, at: 5, cause: 'its leader, broker 2, went down' };
    expect(toRecord(moved, () => 'kill', () => undefined)).toMatchObject({ cause: 'its leader, broker 2, was killed', leaderEpoch: 7, preferred: false });
    expect(toRecord(moved, () => undefined, () => undefined).cause).toBe('its leader, broker 2, went down');
  });
});
