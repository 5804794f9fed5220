// Fetch with an incremental session as a follower uses it: an idle fetch over many partitions reads none of
// them, an append answers a waiting fetch at once with only that partition, and the high watermark advances
// from the follower's next fetch as before. Real logs in a temp dir; reads are counted, not timed.

import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/error-codes.ts';
import { LogManager } from '../../storage/log-manager.ts';
import { logConfig } from '../../storage/log-config.ts';
import { batchOf, MemoryCheckpointStore, tempDir } from '../../storage/test-support.ts';
import { ManualScheduler } from '../scheduler.ts';
import { MetadataView, type MetadataImage } from '../metadata-image.ts';
import { ReplicaManager } from '../replica-manager.ts';
import type { IsrChange } from '../partition.ts';
import { FetchSessionCache } from '../fetch-session.ts';
import type { BrokerContext, RequestContext, RequestOf } from './context.ts';
import { handleFetch } from './fetch.ts';

interface FetchBody {
  errorCode: number;
  sessionId: number;
  responses: { topic: string; partitions: { partitionIndex: number; errorCode: number; highWatermark: number | bigint; records: Buffer | null }[] }[];
}

const ME = 1;
const FOLLOWER = 2;
const N = 50;
const settle = () => new Promise<void>((r) => setImmediate(r));

function setup() {
  const scheduler = new ManualScheduler();
  const config = logConfig();
  const proposals: IsrChange[] = [];
  const logs = LogManager.open({ dataDir: tempDir(), checkpoints: new MemoryCheckpointStore(), configFor: () => config });
  const rm = new ReplicaManager(ME, logs, () => config, {
    replicaLagTimeMaxMs: 10_000,
    scheduler,
    alterPartition: (change) => {
      proposals.push(change);
      return Promise.resolve({ errorCode: ErrorCode.INVALID_UPDATE_VERSION, errorMessage: null });
    },
    followerChanged: () => undefined,
  });
  const sessions = new FetchSessionCache({ clock: () => scheduler.now() });
  rm.onPartitionChange((tp) => sessions.partitionChanged(tp));
  const image: MetadataImage = {
    epoch: 1, clusterId: 'c', controllerId: 0,
    brokers: [1, 2].map((id) => ({ id, host: '127.0.0.1', port: 9091 + id, rack: null, alive: true })),
    topics: [{
      name: 't', topicId: 't-id', isInternal: false, configs: {},
      partitions: Array.from({ length: N }, (_, i) => ({ partition: i, leader: ME, leaderEpoch: 0, partitionEpoch: 0, replicas: [ME, FOLLOWER], isr: [ME, FOLLOWER] })),
    }],
  };
  const view = new MetadataView(image);
  rm.applyMetadata(view);
  // Every read and every follower-state update, per partition.
  const reads = new Map<number, number>();
  const recorded = new Map<number, number>();
  for (const p of rm.all()) {
    const log = p.log;
    const read = log.read.bind(log);
    log.read = (...args: Parameters<typeof read>) => (reads.set(p.partition, (reads.get(p.partition) ?? 0) + 1), read(...args));
    const record = p.recordFollowerFetch.bind(p);
    p.recordFollowerFetch = (r, o) => (recorded.set(p.partition, (recorded.get(p.partition) ?? 0) + 1), record(r, o));
  }
  const broker = { brokerId: ME, view: () => view, replicas: rm, fetchSessions: sessions } as unknown as BrokerContext;
  const req = { apiVersion: 11, authorize: () => true } as unknown as RequestContext;
  const fetch = (sessionId: number, sessionEpoch: number, partitions: { partition: number; fetchOffset: number }[], maxWaitMs = 0) => {
    const body = {
      replicaId: FOLLOWER, maxWaitMs, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId, sessionEpoch,
      topics: partitions.length ? [{ topic: 't', partitions: partitions.map((p) => ({ partition: p.partition, currentLeaderEpoch: 0, fetchOffset: p.fetchOffset, logStartOffset: 0, partitionMaxBytes: 1 << 20 })) }] : [],
      forgottenTopicsData: [], rackId: '',
    } as unknown as RequestOf<'Fetch'>;
    return handleFetch(body, req, broker) as unknown as Promise<FetchBody>;
  };
  const clear = () => (reads.clear(), recorded.clear());
  return { rm, scheduler, fetch, reads, recorded, clear, proposals };
}

const listed = (r: FetchBody) => r.responses.flatMap((t) => t.partitions.map((p) => p.partitionIndex));
const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);

describe('Fetch in an incremental session', () => {
  it('an idle follower fetch reads no partition and records no follower state', async () => {
    const { fetch, reads, recorded, clear, scheduler } = setup();
    const full = await fetch(0, 0, Array.from({ length: N }, (_, partition) => ({ partition, fetchOffset: 0 })));
    expect(full.sessionId).toBeGreaterThan(0);
    expect(listed(full)).toHaveLength(N);
    expect(total(reads)).toBe(N);
    clear();
    const quiet = await fetch(full.sessionId, 1, []);
    expect(quiet.errorCode).toBe(0);
    expect(listed(quiet)).toEqual([]);
    // A long poll that times out with nothing changed does not read again at its deadline either.
    const waiting = fetch(full.sessionId, 2, [], 5000);
    await settle();
    scheduler.advance(5000);
    expect(listed(await waiting)).toEqual([]);
    expect(total(reads)).toBe(0);
    expect(total(recorded)).toBe(0);
  });

  it('an append answers a waiting fetch at once, reading only that partition; the high watermark follows', async () => {
    const { rm, fetch, reads, recorded, clear, scheduler, proposals } = setup();
    const full = await fetch(0, 0, Array.from({ length: N }, (_, partition) => ({ partition, fetchOffset: 0 })));
    clear();
    let answered: FetchBody | undefined;
    void fetch(full.sessionId, 1, [], 5000).then((r) => (answered = r));
    await settle();
    expect(answered).toBeUndefined();
    const p7 = rm.partition('t', 7)!;
    rm.appendAsLeader(p7, batchOf(0, 3), -1);
    await settle();
    expect(answered).toBeDefined(); // without the scheduler moving: the append completed it
    expect(listed(answered!)).toEqual([7]);
    expect(answered!.responses[0].partitions[0].records!.length).toBeGreaterThan(0);
    expect([...reads.keys()]).toEqual([7]);
    expect(p7.highWatermark).toBe(0);
    clear();
    // The follower's next fetch lists only partition 7 at its new offset: the leader records it there, the
    // high watermark advances, and the response says so.
    const next = await fetch(full.sessionId, 2, [{ partition: 7, fetchOffset: 3 }]);
    expect(p7.highWatermark).toBe(3);
    expect([...recorded.keys()]).toEqual([7]);
    expect(new Set(reads.keys())).toEqual(new Set([7]));
    expect(next.responses.flatMap((t) => t.partitions).map((p) => [p.partitionIndex, Number(p.highWatermark)])).toEqual([[7, 3]]);
    // Idle again afterwards, and the follower stays in the ISR though its idle partitions are not re-recorded.
    clear();
    expect(listed(await fetch(full.sessionId, 3, []))).toEqual([]);
    expect(total(reads)).toBe(0);
    scheduler.advance(20_000);
    await fetch(full.sessionId, 4, []);
    rm.shrinkIsrs();
    expect(proposals).toEqual([]);
    // A follower that stops fetching does leave the ISR.
    scheduler.advance(20_000);
    rm.shrinkIsrs();
    expect(proposals).toHaveLength(N);
    expect(proposals.every((c) => !c.isr.includes(FOLLOWER))).toBe(true);
  });
});
