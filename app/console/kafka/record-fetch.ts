// Fetch through @platformatic/kafka with the record bytes left raw. The client's own Consumer.fetch decodes
// every record into objects (a Buffer per key, value and header, BigInt timestamps): fine for a page of 100,
// too slow for a scan of millions. This builds a Fetch v16 request (the newest both our brokers and Kafka
// 3.5+ take) with the client's own request writer (fetchV16.createRequest), sends it on the client's
// connection pool (kGetConnection: its SASL/TLS settings included), and parses the response like
// fetchV16.parseResponse but keeps each partition's records as one Buffer. `scanBatches` then reads them with
// the engine's RecordBatch v2 reader (the format brokers store and send): one parser of the format in the
// project, CRC-checked, whose keys and values are views into the fetched bytes.

import { createAPI, fetchV16, kGetConnection, type Connection, type Consumer, type Reader } from '@platformatic/kafka';
import { decodeBatchRecords, isControl, iterateBatches, lastOffset, type KafkaRecord } from '../../../engine/index.ts';

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

/**
 * Walk the batches in `chunk` and call `visit` for each record of a data batch (control batches skipped);
 * returns the offset after the last complete batch seen (-1 when none: a size-limited fetch may end with a
 * partial batch, which is left for the next fetch). `visit` returns false to stop.
 */
export function scanBatches(chunk: Buffer, visit: (r: KafkaRecord) => boolean | void): { next: number; stopped: boolean } {
  let next = -1;
  for (const batch of iterateBatches(chunk, { allowPartialTail: true })) {
    next = lastOffset(batch) + 1;
    if (isControl(batch.attributes)) continue; // a transaction marker
    for (const r of decodeBatchRecords(chunk, batch.position)) {
      if (visit(r) === false) return { next: r.offset + 1, stopped: true };
    }
  }
  return { next, stopped: false };
}
