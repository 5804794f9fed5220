// Transactions with a current librdkafka (2.15, through rdk-driver) against a real 3-broker cluster:
// transactional producing with commits and aborts, read_committed and read_uncommitted consumers, a
// read-process-write pipeline that commits its input offsets in the same transaction (exactly once), and
// what the transactions leave on disk: COMMIT/ABORT control batches in the segments and a .txnindex entry
// per aborted transaction.

import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBatchHeader, isControl, batchSize } from '../storage/record-batch.ts';
import { readTxnMarker } from '../storage/control-batch.ts';
import { decodeAbortedTxn } from '../storage/transaction-index.ts';
import { createTopic, testCluster, type TestCluster } from './cluster-fixture.ts';
import { rdk } from './librdkafka.ts';

let tc: TestCluster;
beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
  await createTopic(tc.cluster, 'rdk-txn', 3, 2);
  await createTopic(tc.cluster, 'rdk-pipe-in', 3, 2);
  await createTopic(tc.cluster, 'rdk-pipe-out', 3, 2);
});
afterAll(async () => {
  await tc?.close();
});

const N = 1_000;
const PER_TXN = 50;
const ABORT_EVERY = 3;

/** Every partition directory of `topic` under the cluster's data dir (one per replica). */
function partitionDirs(topic: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (!e.isDirectory()) continue;
      const full = path.join(dir, e.name);
      if (new RegExp(`^${topic}-\\d+$`).test(e.name)) out.push(full);
      else walk(full);
    }
  };
  walk(tc.dataDir);
  return out;
}

function markersIn(dir: string): { type: string; producerId: number; offset: number }[] {
  const out: { type: string; producerId: number; offset: number }[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.log')).sort()) {
    const buf = fs.readFileSync(path.join(dir, f));
    for (let pos = 0; pos + 61 <= buf.length;) {
      const h = readBatchHeader(buf, pos);
      if (isControl(h.attributes)) {
        const m = readTxnMarker(buf, pos);
        if (m) out.push({ type: m.type, producerId: h.producerId, offset: h.baseOffset });
      }
      pos += batchSize(h);
    }
  }
  return out;
}

function abortedIndexEntries(dir: string): { producerId: number; firstOffset: number; lastOffset: number }[] {
  const out: { producerId: number; firstOffset: number; lastOffset: number }[] = [];
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txnindex')).sort()) {
    const buf = fs.readFileSync(path.join(dir, f));
    expect(buf.length % 34).toBe(0);
    for (let pos = 0; pos < buf.length; pos += 34) out.push(decodeAbortedTxn(buf, pos));
  }
  return out;
}

describe('librdkafka 2.15 transactions', () => {
  it('commits and aborts; read_committed sees exactly the committed records, read_uncommitted all of them', async () => {
    const produced = await rdk(['produce', '-b', tc.bootstrap, '-t', 'rdk-txn', '-n', String(N), '--txn-id', 'rdk-txn-1',
      '--per-txn', String(PER_TXN), '--abort-every', String(ABORT_EVERY), '-X', 'linger.ms=5'], { timeoutMs: 180_000 });
    expect(produced.code, produced.stderr + JSON.stringify(produced.of('error'))).toBe(0);
    const txns = produced.of('txn');
    expect(txns).toHaveLength(N / PER_TXN);
    const committed = new Set<string>();
    for (const t of txns) if (t.result === 'commit') for (let i = t.first; i <= t.last; i++) committed.add(`v-${i}`);
    expect(committed.size).toBeGreaterThan(0);
    expect(committed.size).toBeLessThan(N);

    const rc = await rdk(['consume', '-b', tc.bootstrap, '-t', 'rdk-txn', '-G', 'rdk-rc', '--idle-ms', '6000',
      '-X', 'auto.offset.reset=earliest', '-X', 'isolation.level=read_committed'], { timeoutMs: 120_000 });
    expect(rc.code, rc.stderr).toBe(0);
    const rcValues = rc.of('record').map((r) => r.value!);
    expect(rcValues.length).toBe(committed.size);
    expect(new Set(rcValues)).toEqual(committed);

    const ru = await rdk(['consume', '-b', tc.bootstrap, '-t', 'rdk-txn', '-G', 'rdk-ru', '--idle-ms', '6000',
      '-X', 'auto.offset.reset=earliest', '-X', 'isolation.level=read_uncommitted'], { timeoutMs: 120_000 });
    expect(ru.code, ru.stderr).toBe(0);
    expect(new Set(ru.of('record').map((r) => r.value)).size).toBe(N);

    // On disk, on every replica: one marker per transaction that touched the partition, an ABORT for each
    // aborted one with its .txnindex entry, and the aborted ranges cover exactly the aborted records' offsets.
    const abortedTxns = txns.filter((t) => t.result === 'abort').length;
    const dirs = partitionDirs('rdk-txn');
    expect(dirs).toHaveLength(3 * 2);
    let commits = 0;
    for (const dir of dirs) {
      const markers = markersIn(dir);
      const aborts = markers.filter((m) => m.type === 'ABORT');
      commits += markers.filter((m) => m.type === 'COMMIT').length;
      expect(aborts.length).toBeLessThanOrEqual(abortedTxns);
      const index = abortedIndexEntries(dir);
      expect(index.map((e) => e.lastOffset)).toEqual(aborts.map((m) => m.offset));
      for (const e of index) expect(e.firstOffset).toBeLessThan(e.lastOffset);
    }
    expect(commits).toBeGreaterThan(0);
  });

  it('a read-process-write pipeline copies every input record exactly once', async () => {
    const M = 600;
    const seeded = await rdk(['produce', '-b', tc.bootstrap, '-t', 'rdk-pipe-in', '-n', String(M)]);
    expect(seeded.code, seeded.stderr).toBe(0);
    const pipe = await rdk(['pipeline', '-b', tc.bootstrap, '--in', 'rdk-pipe-in', '--out', 'rdk-pipe-out', '-G', 'rdk-pipe',
      '--txn-id', 'rdk-pipe-1', '--idle-ms', '6000', '-X', 'group.protocol=classic'], { timeoutMs: 180_000 });
    expect(pipe.code, pipe.stderr + JSON.stringify(pipe.of('error'))).toBe(0);
    expect(pipe.of('done')[0]).toMatchObject({ committed: M });

    const out = await rdk(['consume', '-b', tc.bootstrap, '-t', 'rdk-pipe-out', '-G', 'rdk-pipe-check', '--idle-ms', '6000',
      '-X', 'auto.offset.reset=earliest', '-X', 'isolation.level=read_committed'], { timeoutMs: 120_000 });
    const values = out.of('record').map((r) => r.value!);
    expect(values).toHaveLength(M);
    expect(new Set(values)).toEqual(new Set(Array.from({ length: M }, (_, i) => `out-v-${i}`)));

    // The group's committed offsets are the input's end: a restarted pipeline has nothing left to copy.
    const again = await rdk(['pipeline', '-b', tc.bootstrap, '--in', 'rdk-pipe-in', '--out', 'rdk-pipe-out', '-G', 'rdk-pipe',
      '--txn-id', 'rdk-pipe-1', '--idle-ms', '4000', '-X', 'group.protocol=classic'], { timeoutMs: 120_000 });
    expect(again.of('done')[0]).toMatchObject({ committed: 0 });
  });
});
