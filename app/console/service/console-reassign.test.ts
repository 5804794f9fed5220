// Moving a replica through the console, against a real 3-broker local cluster: partitions.reassign starts
// the move, partitions.reassignments shows it while the target broker is stopped, cancel (null replicas)
// ends it, a completed move shows in the topic's partitions, and a bad replica list gets Kafka's error.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PartitionReassignment, TopicDetail } from '../../contract.ts';
import { startBackend, type Backend } from './start.ts';
import { consoleCaller } from './test-support.ts';

let backend: Backend;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'streamlab-reassign-'));
const { call, ok } = consoleCaller(() => backend);

async function until<T>(what: string, check: () => Promise<T | undefined | false>): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const v = await check();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

beforeAll(async () => {
  backend = await startBackend({ clusterDir: path.join(dir, 'cluster'), consoleDbFile: path.join(dir, 'console.db'), brokers: 3, basePort: 0, host: 'web', version: 'test' });
  await ok('topics.create', { name: 'moving', partitions: 1, replicationFactor: 2, configs: {} });
}, 60_000);
afterAll(async () => {
  await backend?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('console: partition reassignment', () => {
  it('shows a move in flight, cancels it, then completes a move', async () => {
    const before = await ok<TopicDetail>('topics.describe', { topic: 'moving' });
    const replicas = before.partitions[0].replicas;
    const spare = [1, 2, 3].find((b) => !replicas.includes(b))!;
    const target = [replicas[1], spare];

    await backend.cluster.stopBroker(spare);
    const inFlight = await ok<PartitionReassignment[]>('partitions.reassign', { topic: 'moving', partition: 0, replicas: target });
    expect(inFlight).toEqual([{ topic: 'moving', partition: 0, replicas: [...target, replicas[0]], addingReplicas: [spare], removingReplicas: [replicas[0]] }]);
    expect(await ok('partitions.reassignments', { topic: 'moving' })).toEqual(inFlight);

    expect(await ok('partitions.reassign', { topic: 'moving', partition: 0, replicas: null })).toEqual([]);
    const cancelledAgain = await call('partitions.reassign', { topic: 'moving', partition: 0, replicas: null });
    expect(cancelledAgain).toMatchObject({ ok: false, error: { name: 'NO_REASSIGNMENT_IN_PROGRESS' } });
    const bad = await call('partitions.reassign', { topic: 'moving', partition: 0, replicas: [spare, spare] });
    expect(bad).toMatchObject({ ok: false, error: { name: 'INVALID_REPLICA_ASSIGNMENT', message: expect.stringMatching(/more than once/) } });

    await backend.cluster.startBroker(spare);
    await ok('partitions.reassign', { topic: 'moving', partition: 0, replicas: target });
    const after = await until('the move to complete', async () => {
      const d = await ok<TopicDetail>('topics.describe', { topic: 'moving' });
      return d.partitions[0].replicas.join() === target.join() && d.partitions[0].isr.length === 2 && d;
    });
    expect(after.partitions[0].leader).not.toBe(replicas[0]);
    expect(await ok('partitions.reassignments', { topic: 'moving' })).toEqual([]);
  });
});
