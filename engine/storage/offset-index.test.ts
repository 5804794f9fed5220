import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { CorruptIndexError } from './index-file.ts';
import { OFFSET_INDEX_ENTRY_SIZE, OffsetIndex } from './offset-index.ts';
import { tempDir } from './test-support.ts';

const BASE = 1000;

function open(file = path.join(tempDir(), '00000000000000001000.index'), maxBytes = 1024) {
  return { file, index: new OffsetIndex(nodeFileLayer, file, BASE, maxBytes) };
}

/** The entries as stored: [relativeOffset, position] pairs of big-endian int32. */
function entriesOnDisk(file: string): [number, number][] {
  const b = fs.readFileSync(file);
  const out: [number, number][] = [];
  for (let i = 0; i < b.length; i += 8) out.push([b.readInt32BE(i), b.readInt32BE(i + 4)]);
  return out;
}

describe('OffsetIndex', () => {
  it('stores 8-byte big-endian entries: offset relative to the base, then the log position', () => {
    const { file, index } = open();
    index.append(1005, 0);
    index.append(1020, 4200);
    index.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBe(2 * OFFSET_INDEX_ENTRY_SIZE);
    expect(bytes.toString('hex')).toBe('00000005' + '00000000' + '00000014' + '00001068');
    expect(entriesOnDisk(file)).toEqual([[5, 0], [20, 4200]]);
  });

  it('finds the last entry at or below an offset, and the segment start below the first', () => {
    const { index } = open();
    index.append(1005, 100);
    index.append(1020, 4200);
    index.append(1040, 9000);
    expect(index.lookup(999)).toEqual({ offset: BASE, position: 0 });
    expect(index.lookup(1004)).toEqual({ offset: BASE, position: 0 });
    expect(index.lookup(1005)).toEqual({ offset: 1005, position: 100 });
    expect(index.lookup(1039)).toEqual({ offset: 1020, position: 4200 });
    expect(index.lookup(5_000_000)).toEqual({ offset: 1040, position: 9000 });
    expect(index.lastOffset()).toBe(1040);
  });

  it('ignores an entry that does not move the index forward', () => {
    const { file, index } = open();
    index.append(1010, 50);
    index.append(1010, 60);
    index.append(1003, 70);
    expect(index.entries).toBe(1);
    expect(entriesOnDisk(file)).toEqual([[10, 50]]);
  });

  it('is full at segment.index.bytes / 8 entries', () => {
    const { index } = open(undefined, 3 * OFFSET_INDEX_ENTRY_SIZE + 5);
    expect(index.maxEntries).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(index.isFull()).toBe(false);
      index.append(BASE + i + 1, i * 100);
    }
    expect(index.isFull()).toBe(true);
  });

  it('drops the entries at or past a truncated log position, on disk too', () => {
    const { file, index } = open();
    index.append(1005, 100);
    index.append(1020, 4200);
    index.append(1040, 9000);
    index.truncateToPosition(4200);
    expect(entriesOnDisk(file)).toEqual([[5, 100]]);
    expect(index.lookup(1040)).toEqual({ offset: 1005, position: 100 });
  });

  it('loads what it wrote after a reopen', () => {
    const { file, index } = open();
    index.append(1005, 100);
    index.append(1020, 4200);
    index.flush();
    index.close();
    const again = open(file).index;
    again.load(10_000);
    expect(again.entries).toBe(2);
    expect(again.lookup(1030)).toEqual({ offset: 1020, position: 4200 });
  });

  it('reports a torn, backwards or out-of-segment file as corrupt', () => {
    const dir = tempDir();
    const cases: [string, Buffer, number][] = [
      ['torn', Buffer.from('00000005000000000000', 'hex'), 10_000],
      ['backwards', Buffer.from('00000009' + '00000000' + '00000005' + '00000010', 'hex'), 10_000],
      ['position past the log', Buffer.from('00000005' + '00002710', 'hex'), 10_000],
      ['negative position', Buffer.from('00000005' + 'ffffffff', 'hex'), 10_000],
    ];
    for (const [name, bytes, logSize] of cases) {
      const file = path.join(dir, `${name}.index`);
      fs.writeFileSync(file, bytes);
      const { index } = open(file);
      expect(() => index.load(logSize), name).toThrow(CorruptIndexError);
      index.close();
    }
  });
});
