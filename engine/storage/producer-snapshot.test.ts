// The producer snapshot file format (producer-snapshot.ts): Kafka's ProducerSnapshot v1 bytes as a known answer,
// and that every flipped byte and every truncation is detected.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { nodeFileLayer } from './file-io.ts';
import { tempDir } from './test-support.ts';
import { buildBatch } from './records.ts';
import { iterateBatches } from './record-batch.ts';
import { CorruptSnapshotError, decodeProducerSnapshot, encodeProducerSnapshot } from './producer-snapshot.ts';
import { ProducerStateManager } from './producer-state.ts';

/** Independent bitwise CRC-32C (reflected Castagnoli polynomial 0x82F63B78) for the known-answer test. */
function bitwiseCrc32c(buf: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of buf) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

describe('snapshot file format', () => {
  it('writes Kafka\'s ProducerSnapshot v1 bytes for one entry (known answer)', () => {
    expect(bitwiseCrc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    const dir = tempDir();
    const state = ProducerStateManager.load(nodeFileLayer, dir, 0, () => [], { clock: () => 1_700_000_000_000 });
    // Producer 1000, epoch 3, one batch of 5 records with sequences 5..9 at offsets 38..42.
    const [h] = [...iterateBatches(buildBatch(
      Array.from({ length: 5 }, () => ({ value: 'v', timestamp: 1_700_000_000_000 })),
      { producerId: 1000, producerEpoch: 3, baseSequence: 5, baseOffset: 38 },
    ))];
    state.applyReplicated([h]);
    expect(state.takeSnapshot(43)).toBe(true);
    const bytes = fs.readFileSync(path.join(dir, '00000000000000000043.snapshot'));
    const body = Buffer.from([
      0x00, 0x00, 0x00, 0x01, //                                 entry count 1
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xe8, //         producer_id 1000
      0x00, 0x03, //                                             epoch 3
      0x00, 0x00, 0x00, 0x09, //                                 last_sequence 9
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, //         last_offset 42
      0x00, 0x00, 0x00, 0x04, //                                 offset_delta 4
      0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x00, //         timestamp 1700000000000 = 0x18BCFE56800
      0xff, 0xff, 0xff, 0xff, //                                 coordinator_epoch -1
      0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, //         current_txn_first_offset -1
    ]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(bitwiseCrc32c(body));
    expect(bytes.toString('hex')).toBe(Buffer.concat([Buffer.from([0x00, 0x01]), crc, body]).toString('hex'));
    expect(bytes.length).toBe(2 + 4 + 4 + 46);
  });

  it('detects every single-byte flip and every truncation', () => {
    const good = encodeProducerSnapshot([
      { producerId: 1, epoch: 0, lastSequence: 4, lastOffset: 4, offsetDelta: 4, timestamp: 1, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
      { producerId: 2, epoch: 7, lastSequence: -1, lastOffset: -1, offsetDelta: 0, timestamp: 5, coordinatorEpoch: -1, currentTxnFirstOffset: -1 },
    ]);
    expect(decodeProducerSnapshot(good)).toHaveLength(2);
    for (let i = 0; i < good.length; i++) {
      const bad = Buffer.from(good);
      bad[i] ^= 0x10;
      expect(() => decodeProducerSnapshot(bad), `flip at ${i}`).toThrow(CorruptSnapshotError);
    }
    for (let n = 0; n < good.length; n++) {
      expect(() => decodeProducerSnapshot(good.subarray(0, n)), `cut at ${n}`).toThrow(CorruptSnapshotError);
    }
  });
});
