import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { compressSync as snappyCompress, uncompressSync as snappyUncompress } from 'snappy';
import { compressFrameSync as lz4Frame } from 'lz4-napi';
import { compress as zstdCompress } from 'zstd-napi';
import zstdBinding from 'zstd-napi/binding.js';
import { isKafkaError } from '../protocol/error-codes.ts';
import { compress, decompress, isXerialSnappy } from './compression.ts';
import { CompressionType } from './record-batch.ts';

// Fixtures made by the reference CLIs (lz4 v1.9.4, zstd v1.5.4) from FIXTURE_INPUT:
//   lz4 -B4 -BD --no-frame-crc   (64 KiB linked blocks, no checksums)
//   lz4 -B4 -BX --content-size   (64 KiB independent blocks, block checksums, content size, content checksum)
//   zstd -c < input              (streaming: no content size in the frame header)
const LZ4_LINKED = 'BCJNGEBAwDcCAAD//x5paWlvc21tcXFvYXNrZ2VlcXFzYWF5aWVvc3d3dWljb2lzY29xYWdpZ3Fva3N1d3VlYW1pc2dpY21rd2Nz' +
  'aW1jYW11cXl3bWdtd2tnbW9pY3N3dG9lY2thbXVveXN1d3dlYW9peXFhbWVkbWdxcWVxYWl5aWV3bWFncWlxb2V5YWttbWlpeXdz' +
  'aXFpa2l5YXdlZWtjZ2t1Y29pa2lzb213YWNzZWlpb2lxb3Nzc2lpdXdvY3dtY2dtYXFnd2lxZXFpaXlrc2l1bXNpa3d5b2dhZ2d4' +
  'bW1zY3Vtc3dtcXFxYW1xc3d5YWt1dXdtdWt5eWtzcWNteXFtc291YWFtY2tva2FvaXlndWFrZXNjd2NzbXVhb29taW1haXdxd3l3' +
  'b3Vhc3FhdXlnZWlxb2csAf//////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '/////////////////////////////////////////////////////////////7tQaWl5d3MLAAAAD3j//7lQZWlxb2cAAAAA';
const LZ4_CHECKSUMS = 'BCJNGHxA0AEBAAAAAACKNwIAAP//HmlpaW9zbW1xcW9hc2tnZWVxcXNhYXlpZW9zd3d1aWNvaXNjb3FhZ2lncW9rc3V3dWVhbWlz' +
  'Z2ljbWt3Y3NpbWNhbXVxeXdtZ213a2dtb2ljc3d0b2Vja2FtdW95c3V3d2Vhb2l5cWFtZWRtZ3FxZXFhaXlpZXdtYWdxaXFvZXlh' +
  'a21taWl5d3NpcWlraXlhd2Vla2Nna3Vjb2lraXNvbXdhY3NlaWlvaXFvc3NzaWl1d29jd21jZ21hcWd3aXFlcWlpeWtzaXVtc2lr' +
  'd3lvZ2FnZ3htbXNjdW1zd21xcXFhbXFzd3lha3V1d211a3l5a3NxY215cW1zb3VhYW1ja29rYW9peWd1YWtlc2N3Y3NtdWFvb21p' +
  'bWFpd3F3eXdvdWFzcWF1eWdlaXFvZywB////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////////////////////////////////' +
  '////////////////////////////////////////////////////////////////////////u1BpaXl3c7Sslyk4AQAA//8eaXFp' +
  'a2l5YXdlZWtjZ2t1Y29pa2lzb213YWNzZWlpb2lxb3Nzc2lpdXdvY3dtY2dtYXFnd2lxZXFpaXlrc2l1bXNpa3d5b2dhZ2d4bW1z' +
  'Y3Vtc3dtcXFxYW1xc3d5YWt1dXdtdWt5eWtzcWNteXFtc291YWFtY2tva2FvaXlndWFrZXNjd2NzbXVhb29taW1haXdxd3l3b3Vh' +
  'c3FhdXlnZWlxb2dpaWlvc21tcXFvYXNrZ2VlcXFzYWF5aWVvc3d3dWljb2lzY29xYWdpZ3Fva3N1d3VlYW1pc2dpY21rd2NzaW1j' +
  'YW11cXl3bWdtd2tnbW9pY3N3dG9lY2thbXVveXN1d3dlYW9peXFhbWVkbWdxcWVxYWl5aWV3bWFncWlxb2V5YWttbWlpeXdzLAGM' +
  'UGVpcW9nSFQx7gAAAADnh2Qe';
const ZSTD_STREAMED = 'KLUv/QRYlQUAxpIpELAlbSSsnTLLlJlEGYZhKC4jACUAIwCEHmP+HOKaIFk6Vkc4PKP6dOIl1pIeolVoRtgfwpBF/bZV2zRCIWBk' +
  'qa9htjZFhno/YQzNxsM/DoLj2YqAeJZ1DpJQADRpeQKO/0bzidmBmZhKpJqvRtk+vDgPjxil8Fozq7faYBLoslJLLlNvmLy4xRUm' +
  'Hhuuq+JsgmKB4iZbQUXiiCvz03KjTDrjHUWiPQEALKEAL/maAuLBVbU=';

function fixtureInput(): Buffer {
  let x = 7;
  let chunk = '';
  while (chunk.length < 300) {
    x = (x * 1103515245 + 12345) % 2147483648;
    chunk += String.fromCharCode(97 + (x % 26));
  }
  return Buffer.from(chunk.repeat(220));
}
const FIXTURE_INPUT = fixtureInput();

function pseudoRandom(n: number, seed = 1): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = x >>> 24;
  }
  return b;
}

function expectKafkaError(fn: () => unknown, name: 'CORRUPT_MESSAGE' | 'UNSUPPORTED_COMPRESSION_TYPE'): void {
  let thrown: unknown;
  try { fn(); } catch (e) { thrown = e; }
  expect(isKafkaError(thrown, name), String(thrown)).toBe(true);
}

// xxHash32 for inputs shorter than 16 bytes: enough to recompute an LZ4 frame header checksum.
function xxh32Short(b: Buffer): number {
  const P1 = 2654435761, P2 = 2246822519, P3 = 3266489917, P4 = 668265263, P5 = 374761393;
  let h = (P5 + b.length) >>> 0;
  let i = 0;
  for (; i + 4 <= b.length; i += 4) {
    h = (h + Math.imul(b.readUInt32LE(i), P3)) >>> 0;
    h = Math.imul((h << 17) | (h >>> 15), P4) >>> 0;
  }
  for (; i < b.length; i++) {
    h = (h + Math.imul(b[i], P5)) >>> 0;
    h = Math.imul((h << 11) | (h >>> 21), P1) >>> 0;
  }
  h ^= h >>> 15; h = Math.imul(h, P2) >>> 0; h ^= h >>> 13; h = Math.imul(h, P3) >>> 0; h ^= h >>> 16;
  return h >>> 0;
}

const samples: [string, Buffer][] = [
  ['empty', Buffer.alloc(0)],
  ['one byte', Buffer.from([0x42])],
  ['text', Buffer.from('héllo wörld ✓ '.repeat(50))],
  ['200 KiB compressible', Buffer.from('abcdefghij0123456789'.repeat(10240))],
  ['150 KiB incompressible', pseudoRandom(150 * 1024)],
];

describe('round trip', () => {
  for (const type of [CompressionType.None, CompressionType.Gzip, CompressionType.Snappy, CompressionType.Lz4, CompressionType.Zstd]) {
    for (const [name, data] of samples) {
      it(`codec ${type}: ${name}`, () => {
        const c = compress(type, data);
        expect(decompress(type, c).equals(data)).toBe(true);
        if (type !== CompressionType.None && name === '200 KiB compressible') expect(c.length).toBeLessThan(data.length / 10);
      });
    }
  }

  it('rejects codecs 5-7 both ways', () => {
    for (const t of [5, 6, 7]) {
      expectKafkaError(() => compress(t as CompressionType, Buffer.from('x')), 'UNSUPPORTED_COMPRESSION_TYPE');
      expectKafkaError(() => decompress(t as CompressionType, Buffer.from('x')), 'UNSUPPORTED_COMPRESSION_TYPE');
    }
  });
});

describe('gzip', () => {
  it('writes standard gzip and reads gzip from other producers, including concatenated members', () => {
    expect(compress(CompressionType.Gzip, Buffer.from('abc')).subarray(0, 3)).toEqual(Buffer.from([0x1f, 0x8b, 0x08]));
    const two = Buffer.concat([gzipSync(Buffer.from('first,'), { level: 9 }), gzipSync(Buffer.from('second'), { level: 1 })]);
    expect(decompress(CompressionType.Gzip, two).toString()).toBe('first,second');
  });
  it('garbage is CORRUPT_MESSAGE', () => {
    expectKafkaError(() => decompress(CompressionType.Gzip, Buffer.from('not gzip at all')), 'CORRUPT_MESSAGE');
  });
});

describe('snappy', () => {
  const data = Buffer.from('snappy snappy snappy '.repeat(5000)); // 105000 bytes -> 4 xerial blocks

  it('writes xerial framing: 16-byte header, then [int32 BE length][raw block] per 32 KiB of input', () => {
    const c = compress(CompressionType.Snappy, data);
    expect(c.subarray(0, 16)).toEqual(Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]));
    const blocks: Buffer[] = [];
    for (let pos = 16; pos < c.length;) {
      const len = c.readInt32BE(pos);
      blocks.push(snappyUncompress(c.subarray(pos + 4, pos + 4 + len), { asBuffer: true }) as Buffer);
      pos += 4 + len;
    }
    expect(blocks.map((b) => b.length)).toEqual([32768, 32768, 32768, 105000 - 3 * 32768]);
    expect(Buffer.concat(blocks).equals(data)).toBe(true);
  });

  it('reads raw (unframed) snappy as librdkafka may write it', () => {
    const raw = snappyCompress(data);
    expect(isXerialSnappy(raw)).toBe(false);
    expect(decompress(CompressionType.Snappy, raw).equals(data)).toBe(true);
  });

  it('reads a hand-built xerial stream with several blocks and a concatenated second stream', () => {
    const header = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1]);
    const block = (s: string): Buffer => {
      const b = snappyCompress(Buffer.from(s));
      const len = Buffer.alloc(4);
      len.writeInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const stream = Buffer.concat([header, block('one '), block('two '), header, block('three')]);
    expect(decompress(CompressionType.Snappy, stream).toString()).toBe('one two three');
  });

  it('a truncated xerial stream is CORRUPT_MESSAGE', () => {
    const c = compress(CompressionType.Snappy, data);
    expectKafkaError(() => decompress(CompressionType.Snappy, c.subarray(0, c.length - 10)), 'CORRUPT_MESSAGE');
  });
});

describe('lz4', () => {
  it('writes the frame that the Java producer writes: FLG 0x60, BD 0x40 (64 KiB), HC 0x82, end mark', () => {
    expect(xxh32Short(Buffer.from([0x60, 0x40])) >>> 8 & 0xff).toBe(0x82);
    const data = Buffer.concat([Buffer.from('x'.repeat(100000)), pseudoRandom(70000)]);
    const c = compress(CompressionType.Lz4, data);
    expect(c.subarray(0, 7)).toEqual(Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]));
    expect(c.readUInt32LE(c.length - 4)).toBe(0);
    const sizes: [number, boolean][] = [];
    for (let pos = 7; ; ) {
      const word = c.readUInt32LE(pos);
      if (word === 0) break;
      const len = word & 0x7fffffff;
      sizes.push([len, word >= 0x80000000]);
      pos += 4 + len;
    }
    // 170000 bytes -> blocks of 65536, 65536, 38928; the last is random data, stored uncompressed.
    expect(sizes.length).toBe(3);
    expect(sizes[2]).toEqual([170000 - 2 * 65536, true]);
    expect(sizes[0][1]).toBe(false);
    expect(compress(CompressionType.Lz4, Buffer.alloc(0))).toEqual(Buffer.from('04224d1860408200000000', 'hex'));
  });

  it('reads a linked-block frame from the reference lz4 CLI (and the link is really needed)', () => {
    const f = Buffer.from(LZ4_LINKED, 'base64');
    expect(f[4] & 0x20).toBe(0); // block independence flag clear
    expect(decompress(CompressionType.Lz4, f).equals(FIXTURE_INPUT)).toBe(true);
    const independent = Buffer.from(f);
    independent[4] |= 0x20;
    independent[6] = (xxh32Short(independent.subarray(4, 6)) >>> 8) & 0xff;
    expectKafkaError(() => decompress(CompressionType.Lz4, independent), 'CORRUPT_MESSAGE');
  });

  it('reads a frame with block checksums, content size and content checksum from the reference lz4 CLI', () => {
    const f = Buffer.from(LZ4_CHECKSUMS, 'base64');
    expect(f[4] & 0x1c).toBe(0x1c); // block checksum, content size, content checksum flags
    expect(decompress(CompressionType.Lz4, f).equals(FIXTURE_INPUT)).toBe(true);
    const bad = Buffer.from(f);
    bad[bad.length - 1] ^= 0xff; // content checksum
    expectKafkaError(() => decompress(CompressionType.Lz4, bad), 'CORRUPT_MESSAGE');
  });

  it('reads lz4-napi frames with and without checksums', () => {
    const data = Buffer.from('lz4 frame '.repeat(30000));
    for (const opts of [undefined, { contentChecksum: true }, { blockChecksums: true }, { contentChecksum: true, blockChecksums: true }]) {
      expect(decompress(CompressionType.Lz4, lz4Frame(data, opts)).equals(data)).toBe(true);
    }
  });

  it('a raw LZ4 block or a truncated frame is CORRUPT_MESSAGE', () => {
    const c = compress(CompressionType.Lz4, Buffer.from('abc'.repeat(1000)));
    expectKafkaError(() => decompress(CompressionType.Lz4, c.subarray(7)), 'CORRUPT_MESSAGE');
    expectKafkaError(() => decompress(CompressionType.Lz4, c.subarray(0, c.length - 6)), 'CORRUPT_MESSAGE');
  });
});

describe('zstd', () => {
  it('writes a frame that records its content size', () => {
    const c = compress(CompressionType.Zstd, FIXTURE_INPUT);
    expect(c.readUInt32LE(0)).toBe(0xfd2fb528);
    expect(zstdBinding.getFrameContentSize(c)).toBe(FIXTURE_INPUT.length);
  });

  it('reads frames without a content size (reference CLI streaming, and zstd-napi with contentSizeFlag off)', () => {
    const cli = Buffer.from(ZSTD_STREAMED, 'base64');
    expect(zstdBinding.getFrameContentSize(cli)).toBeNull();
    expect(decompress(CompressionType.Zstd, cli).equals(FIXTURE_INPUT)).toBe(true);
    const big = Buffer.concat([FIXTURE_INPUT, pseudoRandom(300000), FIXTURE_INPUT]);
    const noSize = zstdCompress(big, { contentSizeFlag: false });
    expect(zstdBinding.getFrameContentSize(noSize)).toBeNull();
    expect(decompress(CompressionType.Zstd, noSize).equals(big)).toBe(true);
  });

  it('reads concatenated frames', () => {
    const two = Buffer.concat([zstdCompress(Buffer.from('ab')), zstdCompress(Buffer.from('cd'), { contentSizeFlag: false })]);
    expect(decompress(CompressionType.Zstd, two).toString()).toBe('abcd');
  });

  it('a truncated frame (with or without content size) or garbage is CORRUPT_MESSAGE', () => {
    const cli = Buffer.from(ZSTD_STREAMED, 'base64');
    expectKafkaError(() => decompress(CompressionType.Zstd, cli.subarray(0, cli.length - 20)), 'CORRUPT_MESSAGE');
    const sized = compress(CompressionType.Zstd, FIXTURE_INPUT);
    expectKafkaError(() => decompress(CompressionType.Zstd, sized.subarray(0, sized.length - 5)), 'CORRUPT_MESSAGE');
    expectKafkaError(() => decompress(CompressionType.Zstd, Buffer.from('definitely not zstd')), 'CORRUPT_MESSAGE');
  });
});
