// Compression codecs of a RecordBatch v2 (attributes bits 0-2). In a compressed batch the 61-byte
// header stays plain and everything after it (the concatenated records) is one compressed stream.
//
//   0 none    the records as they are.
//   1 gzip    RFC 1952 gzip (one or more members), as java.util.zip.GZIPOutputStream writes it.
//   2 snappy  Two forms exist on the wire, and decompress accepts both:
//             - xerial "snappy-java" framing (Java client; what we write):
//                 bytes 0-7    magic 0x82 'S' 'N' 'A' 'P' 'P' 'Y' 0x00
//                 bytes 8-11   int32 BE version (1)
//                 bytes 12-15  int32 BE minimum compatible version (1)
//                 then blocks: int32 BE compressed length, followed by that many bytes of one raw
//                 snappy block (each block holds at most 32 KiB of input). A second 16-byte header
//                 may appear between blocks (concatenated streams); it is skipped.
//             - raw snappy: a single snappy block (varint uncompressed length, then elements),
//               as some librdkafka versions write it.
//   3 lz4     LZ4 frame format (not the raw block format):
//                 int32 LE magic 0x184D2204
//                 FLG  bits 7-6 version (01), bit 5 block independence, bit 4 block checksum,
//                      bit 3 content size present, bit 2 content checksum, bit 0 dictionary id present
//                 BD   bits 6-4 block max size (4 = 64 KiB, 5 = 256 KiB, 6 = 1 MiB, 7 = 4 MiB)
//                 [content size uint64 LE] [dictionary id uint32 LE]
//                 HC   (xxh32(FLG..last descriptor byte, seed 0) >> 8) & 0xff
//                 blocks: uint32 LE size (high bit set = stored uncompressed), data, [uint32 LE xxh32]
//                 end mark uint32 0, then [uint32 LE xxh32 of all content]
//             We write what Kafka's Java producer writes: FLG 0x60 (independent blocks, no checksums),
//             BD 0x40 (64 KiB blocks), HC 0x82. Reading accepts every legal combination of flags,
//             including linked blocks and block/content checksums (lz4-napi, i.e. lz4_flex, decodes).
//   4 zstd    One or more Zstandard frames. We write one frame with the content size in its header;
//             frames without the content size (streaming compressors, e.g. librdkafka, zstd-jni) decode.
//   5-7       unused: UNSUPPORTED_COMPRESSION_TYPE.
//
// Both directions are synchronous. A stream that is not valid for its codec is CORRUPT_MESSAGE.

import { gunzipSync, gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import type * as Snappy from 'snappy';
import type * as Lz4 from 'lz4-napi';
import type * as Zstd from 'zstd-napi';
import type ZstdBinding from 'zstd-napi/binding.js';
import { KafkaError } from '../protocol/error-codes.ts';
import { CompressionType } from './record-batch.ts';

// The native codecs load on first use: most batches are uncompressed, and every broker thread would otherwise
// pay for loading three native modules at start.
const require = createRequire(import.meta.url);
let snappy: typeof Snappy | undefined;
let lz4: typeof Lz4 | undefined;
let zstd: typeof Zstd | undefined;
let zstdBindingModule: typeof ZstdBinding | undefined;
const snappyCompress: typeof Snappy.compressSync = (...a) => (snappy ??= require('snappy') as typeof Snappy).compressSync(...a);
const snappyUncompress: typeof Snappy.uncompressSync = (...a) => (snappy ??= require('snappy') as typeof Snappy).uncompressSync(...a);
const lz4CompressBlock: typeof Lz4.compressSync = (...a) => (lz4 ??= require('lz4-napi') as typeof Lz4).compressSync(...a);
const lz4DecompressFrame: typeof Lz4.decompressFrameSync = (...a) => (lz4 ??= require('lz4-napi') as typeof Lz4).decompressFrameSync(...a);
const zstdCompress: typeof Zstd.compress = (...a) => (zstd ??= require('zstd-napi') as typeof Zstd).compress(...a);
const zstdBinding = (): typeof ZstdBinding => (zstdBindingModule ??= require('zstd-napi/binding.js') as typeof ZstdBinding);

// Native modules must copy their output into V8's heap under Electron (V8 memory cage).
const COPY_OUTPUT = typeof process.versions.electron === 'string';

export const XERIAL_SNAPPY_MAGIC = Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00]);
const XERIAL_HEADER_SIZE = 16;
const XERIAL_BLOCK_SIZE = 32 * 1024;

const LZ4_FRAME_MAGIC = 0x184d2204;
const LZ4_BLOCK_SIZE = 64 * 1024;
// FLG 0x60 = version 01 + independent blocks; BD 0x40 = 64 KiB max block; 0x82 = xxh32([0x60,0x40])>>8 & 0xff.
const LZ4_FRAME_HEADER = Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x60, 0x40, 0x82]);
const LZ4_UNCOMPRESSED_BIT = 0x80000000;

const NAMES = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

export function compressionName(type: number): string {
  return NAMES[type] ?? `unknown(${type})`;
}

function unsupported(type: number): KafkaError {
  return new KafkaError('UNSUPPORTED_COMPRESSION_TYPE', `compression type ${type} is not defined (valid: 0-4)`);
}

/** Compress `data` (the concatenated records of a batch) with the given codec. Synchronous. */
export function compress(type: CompressionType, data: Buffer): Buffer {
  switch (type) {
    case CompressionType.None:
      return data;
    case CompressionType.Gzip:
      return gzipSync(data);
    case CompressionType.Snappy:
      return xerialSnappyCompress(data);
    case CompressionType.Lz4:
      return lz4FrameCompress(data);
    case CompressionType.Zstd:
      return zstdCompress(data);
    default:
      throw unsupported(type);
  }
}

/** Decompress the records section of a batch. Throws CORRUPT_MESSAGE if the stream is invalid. */
export function decompress(type: CompressionType, data: Buffer): Buffer {
  if (type === CompressionType.None) return data;
  if (type < 0 || type > 4) throw unsupported(type);
  try {
    switch (type) {
      case CompressionType.Gzip:
        return gunzipSync(data);
      case CompressionType.Snappy:
        return isXerialSnappy(data) ? xerialSnappyDecompress(data) : snappyBlock(data);
      case CompressionType.Lz4:
        return lz4DecompressFrame(data);
      default:
        return zstdDecompress(data);
    }
  } catch (e) {
    if (e instanceof KafkaError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new KafkaError('CORRUPT_MESSAGE', `invalid ${compressionName(type)} data (${data.length} bytes): ${msg}`);
  }
}

// ---- snappy ----

export function isXerialSnappy(data: Buffer): boolean {
  return data.length >= XERIAL_HEADER_SIZE && data.subarray(0, 8).equals(XERIAL_SNAPPY_MAGIC);
}

function snappyBlock(block: Buffer): Buffer {
  return snappyUncompress(block, { asBuffer: true, copyOutputData: COPY_OUTPUT }) as Buffer;
}

function xerialSnappyCompress(data: Buffer): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_SIZE);
  XERIAL_SNAPPY_MAGIC.copy(header, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  for (let off = 0; off < data.length; off += XERIAL_BLOCK_SIZE) {
    const block = snappyCompress(data.subarray(off, off + XERIAL_BLOCK_SIZE), { copyOutputData: COPY_OUTPUT });
    const len = Buffer.allocUnsafe(4);
    len.writeInt32BE(block.length, 0);
    parts.push(len, block);
  }
  return Buffer.concat(parts);
}

function xerialSnappyDecompress(data: Buffer): Buffer {
  const out: Buffer[] = [];
  let pos = XERIAL_HEADER_SIZE;
  while (pos < data.length) {
    if (data.length - pos >= XERIAL_HEADER_SIZE && data.subarray(pos, pos + 8).equals(XERIAL_SNAPPY_MAGIC)) {
      pos += XERIAL_HEADER_SIZE; // concatenated stream
      continue;
    }
    if (data.length - pos < 4) throw new Error(`truncated xerial block length at ${pos}`);
    const len = data.readInt32BE(pos);
    pos += 4;
    if (len < 0 || pos + len > data.length) {
      throw new Error(`xerial block at ${pos - 4} claims ${len} bytes, ${data.length - pos} remain`);
    }
    out.push(snappyBlock(data.subarray(pos, pos + len)));
    pos += len;
  }
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

// ---- lz4 ----

function lz4FrameCompress(data: Buffer): Buffer {
  const parts: Buffer[] = [LZ4_FRAME_HEADER];
  for (let off = 0; off < data.length; off += LZ4_BLOCK_SIZE) {
    const chunk = data.subarray(off, off + LZ4_BLOCK_SIZE);
    // lz4-napi's compressSync returns [uint32 LE uncompressed size][raw LZ4 block].
    const block = lz4CompressBlock(chunk).subarray(4);
    const size = Buffer.allocUnsafe(4);
    if (block.length < chunk.length) {
      size.writeUInt32LE(block.length, 0);
      parts.push(size, block);
    } else {
      size.writeUInt32LE((chunk.length | LZ4_UNCOMPRESSED_BIT) >>> 0, 0);
      parts.push(size, chunk);
    }
  }
  parts.push(Buffer.alloc(4)); // end mark
  return Buffer.concat(parts);
}

/** True if `data` starts with the LZ4 frame magic number. */
export function isLz4Frame(data: Buffer): boolean {
  return data.length >= 4 && data.readUInt32LE(0) === LZ4_FRAME_MAGIC;
}

// ---- zstd ----

let dctx: InstanceType<typeof ZstdBinding.DCtx> | undefined;
const ZSTD_OUT_CHUNK = 128 * 1024;

/**
 * Streaming decode of one or more zstd frames. Works whether or not the frames carry their content
 * size, and (unlike zstd-napi's convenience decompress) fails on a truncated final frame.
 */
function zstdDecompress(data: Buffer): Buffer {
  if (data.length === 0) throw new Error('empty zstd stream');
  dctx ??= new (zstdBinding().DCtx)();
  dctx.reset(zstdBinding().ResetDirective.sessionOnly);
  const out: Buffer[] = [];
  let input = data;
  let remaining = 1; // ZSTD_decompressStream's return: 0 once a frame is complete and flushed
  while (input.length > 0 || remaining !== 0) {
    const chunk = Buffer.allocUnsafe(Math.max(ZSTD_OUT_CHUNK, input.length * 4));
    const [ret, produced, consumed] = dctx.decompressStream(chunk, input);
    if (produced > 0) out.push(chunk.subarray(0, produced));
    input = input.subarray(consumed);
    remaining = ret;
    if (produced === 0 && consumed === 0 && ret !== 0) {
      throw new Error(`truncated zstd frame (${data.length - input.length} of ${data.length} bytes consumed)`);
    }
  }
  return out.length === 1 ? out[0] : Buffer.concat(out);
}
