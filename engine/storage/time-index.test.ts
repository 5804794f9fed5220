import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { CorruptIndexError } from './index-file.ts';
import { TIME_INDEX_ENTRY_SIZE, TimeIndex } from './time-index.ts';
import { tempDir } from './test-support.ts';

const BASE = 500;
const T0 = 1_700_000_000_000; // needs all 8 bytes of the int64

function open(file = path.join(tempDir(), '00000000000000000500.timeindex'), maxBytes = 1200) {
  return { file, index: new TimeIndex(nodeFileLayer, file, BASE, maxBytes) };
}

/** The entries as stored: [timestamp int64, relativeOffset int32] big-endian. */
function entriesOnDisk(file: string): [number, number][] {
  const b = fs.readFileSync(file);
  const out: [number, number][] = [];
  for (let i = 0; i < b.length; i += 12) out.push([Number(b.readBigInt64BE(i)), b.readInt32BE(i + 8)]);
  return out;
}

describe('TimeIndex', () => {
  it('stores 12-byte big-endian entries: int64 timestamp, then offset relative to the base', () => {
    const { file, index } = open();
    index.maybeAppend(T0, 503);
    index.close();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBe(TIME_INDEX_ENTRY_SIZE);
    expect(bytes.toString('hex')).toBe(BigInt(T0).toString(16).padStart(16, '0') + '00000003');
    expect(entriesOnDisk(file)).toEqual([[T0, 3]]);
  });

  it('adds an entry only when the timestamp grew', () => {
    const { file, index } = open();
    index.maybeAppend(T0, 501);
    index.maybeAppend(T0, 510); // same timestamp
    index.maybeAppend(T0 - 5, 520); // older
    index.maybeAppend(T0 + 10, 530);
    expect(entriesOnDisk(file)).toEqual([[T0, 1], [T0 + 10, 30]]);
    expect(index.lastEntry()).toEqual({ timestamp: T0 + 10, offset: 530 });
  });

  it('finds the last entry at or below a timestamp, and the segment start below the first', () => {
    const { index } = open();
    index.maybeAppend(T0, 501);
    index.maybeAppend(T0 + 100, 540);
    expect(index.lookup(T0 - 1)).toEqual({ timestamp: -1, offset: BASE });
    expect(index.lookup(T0 + 99)).toEqual({ timestamp: T0, offset: 501 });
    expect(index.lookup(T0 + 100)).toEqual({ timestamp: T0 + 100, offset: 540 });
  });

  it('keeps its last slot for the entry written when the segment becomes inactive', () => {
    const { file, index } = open(undefined, 3 * TIME_INDEX_ENTRY_SIZE);
    index.maybeAppend(T0, 501);
    index.maybeAppend(T0 + 1, 502);
    expect(index.isFull()).toBe(true);
    index.maybeAppend(T0 + 2, 503); // refused: the slot is reserved
    expect(index.entries).toBe(2);
    index.maybeAppend(T0 + 3, 504, true); // the roll's final entry
    expect(entriesOnDisk(file)).toEqual([[T0, 1], [T0 + 1, 2], [T0 + 3, 4]]);
    index.maybeAppend(T0 + 4, 505, true); // nothing past the file's capacity
    expect(index.entries).toBe(3);
  });

  it('drops entries for offsets at or past a truncation point, on disk too', () => {
    const { file, index } = open();
    index.maybeAppend(T0, 501);
    index.maybeAppend(T0 + 1, 520);
    index.maybeAppend(T0 + 2, 540);
    index.truncateToOffset(520);
    expect(entriesOnDisk(file)).toEqual([[T0, 1]]);
  });

  it('loads after a reopen, and reports entries beyond the segment as corrupt', () => {
    const { file, index } = open();
    index.maybeAppend(T0, 501);
    index.maybeAppend(T0 + 7, 509);
    index.close();
    const again = open(file).index;
    again.load(510);
    expect(again.lastEntry()).toEqual({ timestamp: T0 + 7, offset: 509 });
    again.close();
    const short = open(file).index;
    expect(() => short.load(505)).toThrow(CorruptIndexError); // offset 509 is past the segment's end
    short.close();
    fs.appendFileSync(file, Buffer.alloc(5));
    const torn = open(file).index;
    expect(() => torn.load(510)).toThrow(CorruptIndexError);
    torn.close();
  });
});
