import { describe, expect, it } from 'vitest';
import type { CheckpointEntry } from './checkpoints.ts';
import { useTempCatalog } from './test-support.ts';

const t = useTempCatalog([1, 2]);

const entry = (topic: string, partition: number, hw: number): CheckpointEntry => ({
  topic,
  partition,
  recoveryPoint: hw,
  logStartOffset: 0,
  highWatermark: hw,
});

function setup(): void {
  t.catalog.topics.create({ name: 'orders', partitions: [{ replicas: [1, 2] }, { replicas: [2, 1] }, { replicas: [1, 2] }] });
  t.catalog.checkpoints.writeCheckpoints(1, [entry('orders', 0, 10), entry('orders', 1, 20), entry('orders', 2, 30)], 100);
}

const hws = (brokerId: number): number[] => t.catalog.checkpoints.readCheckpoints(brokerId).map((c) => c.highWatermark);

describe('CheckpointStore', () => {
  it('writes and reads back a broker\'s checkpoints', () => {
    setup();
    t.catalog.checkpoints.writeCheckpoints(2, [{ topic: 'orders', partition: 0, recoveryPoint: 8, logStartOffset: 2, highWatermark: 9 }], 200);
    expect(t.catalog.checkpoints.readCheckpoints(1)).toEqual([
      { topic: 'orders', partition: 0, brokerId: 1, recoveryPoint: 10, logStartOffset: 0, highWatermark: 10, updatedAt: 100 },
      { topic: 'orders', partition: 1, brokerId: 1, recoveryPoint: 20, logStartOffset: 0, highWatermark: 20, updatedAt: 100 },
      { topic: 'orders', partition: 2, brokerId: 1, recoveryPoint: 30, logStartOffset: 0, highWatermark: 30, updatedAt: 100 },
    ]);
    expect(t.catalog.checkpoints.readPartition('orders', 0).map((c) => [c.brokerId, c.highWatermark])).toEqual([[1, 10], [2, 9]]);
    expect(t.catalog.checkpoints.get(2, 'orders', 0)).toMatchObject({ recoveryPoint: 8, logStartOffset: 2, updatedAt: 200 });
  });

  it('overwrites previous values and survives reopen', () => {
    setup();
    t.catalog.checkpoints.writeCheckpoints(1, [entry('orders', 1, 25)], 300);
    t.reopen();
    expect(hws(1)).toEqual([10, 25, 30]);
    expect(t.catalog.checkpoints.get(1, 'orders', 1)!.updatedAt).toBe(300);
  });

  it('writes none of a batch when one entry names an unknown partition (foreign key), keeping the previous values', () => {
    setup();
    expect(() =>
      t.catalog.checkpoints.writeCheckpoints(1, [entry('orders', 0, 11), entry('orders', 1, 21), entry('orders', 9, 1), entry('orders', 2, 31)]),
    ).toThrow(/FOREIGN KEY/);
    expect(hws(1)).toEqual([10, 20, 30]);
  });

  it('writes none of a batch when one entry violates a CHECK (negative offset) or a type (fraction)', () => {
    setup();
    expect(() => t.catalog.checkpoints.writeCheckpoints(1, [entry('orders', 0, 11), { ...entry('orders', 1, 21), logStartOffset: -1 }])).toThrow(
      /CHECK constraint/,
    );
    expect(() => t.catalog.checkpoints.writeCheckpoints(1, [entry('orders', 0, 11), entry('orders', 1, 21.5)])).toThrow(/REAL/);
    expect(hws(1)).toEqual([10, 20, 30]);
  });

  it('writes none of a batch for an unregistered broker', () => {
    setup();
    expect(() => t.catalog.checkpoints.writeCheckpoints(7, [entry('orders', 0, 1)])).toThrow(/FOREIGN KEY/);
    expect(t.catalog.checkpoints.readCheckpoints(7)).toEqual([]);
  });

  it('rolls back entries already written when an error is thrown mid-transaction', () => {
    setup();
    const entries = [entry('orders', 0, 12), entry('orders', 1, 22)];
    // A getter that throws while the transaction is writing the second entry.
    Object.defineProperty(entries[1], 'highWatermark', {
      get() {
        throw new Error('disk on fire');
      },
    });
    expect(() => t.catalog.checkpoints.writeCheckpoints(1, entries)).toThrow('disk on fire');
    expect(hws(1)).toEqual([10, 20, 30]);
  });

  it('goes away with the broker', () => {
    setup();
    t.catalog.brokers.remove(1);
    expect(t.catalog.checkpoints.readCheckpoints(1)).toEqual([]);
  });

  it('removes one replica\'s checkpoint', () => {
    setup();
    expect(t.catalog.checkpoints.remove(1, 'orders', 1)).toBe(true);
    expect(t.catalog.checkpoints.remove(1, 'orders', 1)).toBe(false);
    expect(hws(1)).toEqual([10, 30]);
  });
});
