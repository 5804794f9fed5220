// Fetch through @platformatic/kafka with the record bytes left raw. The client's own Consumer.fetch decodes
// every record into objects (a Buffer per key, value and header, BigInt timestamps): fine for a page of 100,
// too slow for a scan of millions. This builds a Fetch v16 request (the newest both our brokers and Kafka
// 3.5+ take) with the client's own request writer (fetchV16.createRequest), sends it on the client's
// connection pool (kGetConnection: its SASL/TLS settings included), and parses the response like fetchV16.parseResponse but keeps each partition's records as
// one Buffer; `scanBatches` then walks the RecordBatch v2 format (Kafka's wire and on-disk format) in place,
// decompressing with the client's codecs.

import { compressionsAlgorithms, createAPI, fetchV16, kGetConnection, type Connection, type Consumer, type Reader } from '@platformatic/kafka';

export interface RawPartition {
  partitionIndex: number;
  errorCode: number;
  highWatermark: bigint;
  logStartOffset: bigint;
  records: Buffer | null;
}

function parseRaw(_correlationId: number, _apiKey: number, _apiVersion: number, reader: Reader) {
  reader.readInt32(); // throttle
  const errorCode = reader.readInt16();
  reader.readInt32(); // session
  const responses = reader.readArray((r) => ({
    topicId: r.readUUID(),
    partitions: r.readArray((r): RawPartition => {
      const p = {
        partitionIndex: r.readInt32(), errorCode: r.readInt16(), highWatermark: r.readInt64(), lastStableOffset: r.readInt64(), logStartOffset: r.readInt64(),
        aborted: r.readArray((r) => ({ producerId: r.readInt64(), firstOffset: r.readInt64() })),
        preferredReadReplica: r.readInt32(),
      };
      const size = r.readUnsignedVarInt() - 1;
      let records: Buffer | null = null;
      if (size > 0) {
        records = r.buffer.slice(r.position, r.position + size);
        r.skip(size);
      }
      return { partitionIndex: p.partitionIndex, errorCode: p.errorCode, highWatermark: p.highWatermark, logStartOffset: p.logStartOffset, records };
    }),
  }));
  return { errorCode, responses };
}

const rawFetchApi = createAPI(1, 16, fetchV16.createRequest as never, parseRaw as never);

export class RawFetcher {
  /** `client`: the connection's Consumer, whose pooled broker connections are borrowed. */
  constructor(private readonly client: Consumer) {}

  async fetch(broker: { host: string; port: number }, topicId: string, partition: number, offset: number, maxBytes: number): Promise<RawPartition> {
    const connection = await new Promise<Connection>((resolve, reject) => this.client[kGetConnection](broker as never, (e, c) => (e ? reject(e) : resolve(c!))));
    const res = await new Promise<ReturnType<typeof parseRaw>>((resolve, reject) => {
      (rawFetchApi as unknown as (...a: unknown[]) => void)(connection, 0, 1, maxBytes, 0, 0, 0,
        [{ topicId, partitions: [{ partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: maxBytes }] }],
        [], '', (e: Error | null, r: ReturnType<typeof parseRaw>) => (e ? reject(e) : resolve(r)));
    });
    const p = res.responses[0]?.partitions[0];
    if (!p) throw new Error('empty fetch response');
    if (p.errorCode !== 0) throw Object.assign(new Error(`Fetch failed with error code ${p.errorCode}`), { apiCode: p.errorCode });
    return p;
  }
}

/** One record, as offsets into `buf` (no copies): key/value start and end (-1 start for null). */
export interface RawRecord {
  buf: Buffer;
  offset: number;
  timestamp: number;
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  headersStart: number;
  headerCount: number;
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'] as const;

/**
 * Walk the batches in `chunk` and call `visit` for each record of a data batch (control batches skipped);
 * returns the offset after the last complete batch seen (a size-limited fetch may end with a partial one).
 * `visit` returns false to stop.
 */
export function scanBatches(chunk: Buffer, visit: (r: RawRecord) => boolean | void): { next: number; stopped: boolean } {
  let p = 0;
  let next = -1;
  const rec: RawRecord = { buf: chunk, offset: 0, timestamp: 0, keyStart: -1, keyEnd: -1, valueStart: -1, valueEnd: -1, headersStart: 0, headerCount: 0 };
  let pos = 0;
  let buf = chunk;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = buf[pos++];
      if (shift < 28) result |= (b & 0x7f) << shift;
      else result += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    // zigzag
    return result >= 0 ? (result >>> 1) ^ -(result & 1) : Math.floor(result / 2) * (result % 2 ? -1 : 1);
  };
  while (p + 61 <= chunk.length) {
    const baseOffset = Number(chunk.readBigInt64BE(p));
    const length = chunk.readInt32BE(p + 8);
    const end = p + 12 + length;
    if (end > chunk.length) break;
    const attributes = chunk.readInt16BE(p + 21);
    const lastOffsetDelta = chunk.readInt32BE(p + 23);
    next = baseOffset + lastOffsetDelta + 1;
    if (attributes & 0x20) {
      p = end;
      continue; // a control batch (transaction marker)
    }
    const firstTimestamp = Number(chunk.readBigInt64BE(p + 27));
    const count = chunk.readInt32BE(p + 57);
    const codec = attributes & 0x07;
    if (codec === 0) {
      buf = chunk;
      pos = p + 61;
    } else {
      buf = compressionsAlgorithms[CODECS[codec]].decompressSync(chunk.subarray(p + 61, end)) as Buffer;
      pos = 0;
    }
    rec.buf = buf;
    for (let i = 0; i < count; i++) {
      varint(); // record length
      pos++; // attributes
      const tsDelta = varint();
      const offsetDelta = varint();
      const keyLen = varint();
      rec.keyStart = keyLen < 0 ? -1 : pos;
      rec.keyEnd = keyLen < 0 ? -1 : pos + keyLen;
      if (keyLen > 0) pos += keyLen;
      const valueLen = varint();
      rec.valueStart = valueLen < 0 ? -1 : pos;
      rec.valueEnd = valueLen < 0 ? -1 : pos + valueLen;
      if (valueLen > 0) pos += valueLen;
      const headerCount = varint();
      rec.headersStart = pos;
      rec.headerCount = headerCount;
      for (let h = 0; h < headerCount; h++) {
        const hk = varint();
        if (hk > 0) pos += hk;
        const hv = varint();
        if (hv > 0) pos += hv;
      }
      rec.offset = baseOffset + offsetDelta;
      rec.timestamp = firstTimestamp + tsDelta;
      if (visit(rec) === false) return { next: rec.offset + 1, stopped: true };
    }
    p = end;
  }
  return { next, stopped: false };
}

/** The headers of a raw record, decoded (only for records that are kept). */
export function rawHeaders(r: RawRecord): [Buffer, Buffer | null][] {
  const buf = r.buf;
  let pos = r.headersStart;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = buf[pos++];
      result |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80);
    return (result >>> 1) ^ -(result & 1);
  };
  const out: [Buffer, Buffer | null][] = [];
  for (let h = 0; h < r.headerCount; h++) {
    const kl = varint();
    const k = buf.subarray(pos, pos + Math.max(0, kl));
    pos += Math.max(0, kl);
    const vl = varint();
    const v = vl < 0 ? null : buf.subarray(pos, pos + vl);
    pos += Math.max(0, vl);
    out.push([k, v]);
  }
  return out;
}
