import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { LEADER_EPOCH_FILE, LeaderEpochCache, UNDEFINED_EPOCH, UNDEFINED_EPOCH_OFFSET } from './leader-epoch-cache.ts';
import { tempDir } from './test-support.ts';

const noBatches = () => [];

function fileOf(dir: string): string {
  return fs.readFileSync(path.join(dir, LEADER_EPOCH_FILE), 'utf8');
}

describe('LeaderEpochCache', () => {
  it('writes Kafka\'s checkpoint text: version 0, the count, then "<epoch> <startOffset>" lines', () => {
    const dir = tempDir();
    const cache = LeaderEpochCache.load(nodeFileLayer, dir, noBatches, 0);
    // An empty new log has no checkpoint yet (absent means no entries), so creating partitions costs no fsync.
    expect(fs.existsSync(path.join(dir, LEADER_EPOCH_FILE))).toBe(false);
    cache.assign(0, 0);
    cache.assign(3, 120);
    expect(fileOf(dir)).toBe('0\n2\n0 0\n3 120\n');
    // No temp file is left beside it.
    expect(fs.readdirSync(dir)).toEqual([LEADER_EPOCH_FILE]);
  });

  it('ignores epochs not newer than the latest, and a newer epoch at a claimed offset replaces the older', () => {
    const dir = tempDir();
    const cache = LeaderEpochCache.load(nodeFileLayer, dir, noBatches, 0);
    cache.assign(2, 10);
    cache.assign(2, 50);
    cache.assign(1, 60);
    cache.assign(-1, 70);
    expect(cache.all()).toEqual([{ epoch: 2, startOffset: 10 }]);
    cache.assign(4, 10);
    expect(cache.all()).toEqual([{ epoch: 4, startOffset: 10 }]);
    expect(fileOf(dir)).toBe('0\n1\n4 10\n');
  });

  it('answers OffsetForLeaderEpoch as Kafka does', () => {
    const cache = LeaderEpochCache.load(nodeFileLayer, tempDir(), noBatches, 0);
    expect(cache.endOffsetFor(0, 100)).toEqual({ epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET });
    cache.assign(1, 0);
    cache.assign(3, 40);
    cache.assign(5, 90);
    expect(cache.endOffsetFor(5, 100)).toEqual({ epoch: 5, endOffset: 100 }); // the latest: the log end
    expect(cache.endOffsetFor(3, 100)).toEqual({ epoch: 3, endOffset: 90 });
    expect(cache.endOffsetFor(4, 100)).toEqual({ epoch: 3, endOffset: 90 }); // the largest epoch at or below
    expect(cache.endOffsetFor(0, 100)).toEqual({ epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET });
    expect(cache.endOffsetFor(UNDEFINED_EPOCH, 100)).toEqual({ epoch: UNDEFINED_EPOCH, endOffset: UNDEFINED_EPOCH_OFFSET });
  });

  it('truncates from the end (follower truncation) and from the start (retention), persisting each', () => {
    const dir = tempDir();
    const cache = LeaderEpochCache.load(nodeFileLayer, dir, noBatches, 0);
    cache.assign(1, 0);
    cache.assign(3, 40);
    cache.assign(5, 90);
    cache.truncateFromEnd(90);
    expect(fileOf(dir)).toBe('0\n2\n1 0\n3 40\n');
    cache.truncateFromStart(55);
    expect(fileOf(dir)).toBe('0\n1\n3 55\n');
    cache.clear();
    expect(fileOf(dir)).toBe('0\n0\n');
  });

  it('loads its file again, dropping entries at or past the log end', () => {
    const dir = tempDir();
    const cache = LeaderEpochCache.load(nodeFileLayer, dir, noBatches, 0);
    cache.assign(1, 0);
    cache.assign(2, 30);
    const again = LeaderEpochCache.load(nodeFileLayer, dir, () => { throw new Error('must not rebuild'); }, 30);
    expect(again.all()).toEqual([{ epoch: 1, startOffset: 0 }]);
    expect(fileOf(dir)).toBe('0\n1\n1 0\n');
  });

  it('rebuilds a missing or garbled file from the batch headers', () => {
    const batches = [
      { partitionLeaderEpoch: 0, baseOffset: 0 },
      { partitionLeaderEpoch: 0, baseOffset: 5 },
      { partitionLeaderEpoch: 2, baseOffset: 9 },
      { partitionLeaderEpoch: -1, baseOffset: 12 }, // no epoch stamped: ignored
      { partitionLeaderEpoch: 4, baseOffset: 14 },
    ];
    for (const bad of [null, '1\n0\n', '0\n2\n0 0\n', '0\n2\n3 0\n2 5\n', '0\n1\nzero 0\n']) {
      const dir = tempDir();
      if (bad !== null) fs.writeFileSync(path.join(dir, LEADER_EPOCH_FILE), bad);
      const cache = LeaderEpochCache.load(nodeFileLayer, dir, () => batches, 20);
      expect(cache.all(), String(bad)).toEqual([{ epoch: 0, startOffset: 0 }, { epoch: 2, startOffset: 9 }, { epoch: 4, startOffset: 14 }]);
      expect(fileOf(dir)).toBe('0\n3\n0 0\n2 9\n4 14\n');
    }
  });
});
