// Browse a partition: a page of up to `limit` records from an offset, read with Fetch from the partition's
// leader (Consumer.fetch; no group is joined and nothing is committed). A fetch returns whole batches, so
// records before the wanted offset are skipped.
//
// Transactions: `isolation` is the consumer's isolation level. read_committed reads up to the last stable
// offset and leaves out records of aborted transactions (the client filters them by the fetch's aborted
// list); read_uncommitted shows every record. Control batches (COMMIT/ABORT markers) are never records: they
// are listed in `markers`, and in read_uncommitted the offsets of records whose transaction an ABORT marker in
// the range closed are listed in `abortedOffsets`.

import type { BrowseRequest, ConsumedRecord, MessagePage, TxnMarkerInfo } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';
import { readMetadata } from './overview.ts';

const IS_CONTROL = 0x20;
const IS_TRANSACTIONAL = 0x10;
const READ_UNCOMMITTED = 0;
const READ_COMMITTED = 1;
const CONTROL_ABORT = 0;
const CONTROL_COMMIT = 1;
const MAX_LIMIT = 1000;
const FETCH_BYTES = 1024 * 1024;

export async function browse(conn: KafkaConnection, req: BrowseRequest): Promise<MessagePage> {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(req?.limit ?? 100)));
  if (!Number.isInteger(req?.partition) || req.partition < 0) throw new ConsoleError('INVALID_REQUEST', 'Choose a partition.');
  const md = await readMetadata(conn, [req.topic], conn.fetcher);
  const topic = md.topics.get(req.topic);
  if (!topic) throw new ConsoleError('NOT_FOUND', `Topic '${req.topic}' does not exist.`);
  const meta = topic.partitions[req.partition];
  if (!meta) throw new ConsoleError('NOT_FOUND', `Topic '${req.topic}' has no partition ${req.partition} (it has ${topic.partitions.length}).`);
  if (meta.leader < 0) throw new ConsoleError('UNAVAILABLE', `Partition ${req.partition} of '${req.topic}' is offline: it has no leader.`);

  const readCommitted = req.isolation === 'read_committed';
  if (req.isolation !== undefined && req.isolation !== 'read_committed' && req.isolation !== 'read_uncommitted') {
    throw new ConsoleError('INVALID_REQUEST', `Unknown isolation level '${String(req.isolation)}': use read_committed or read_uncommitted.`);
  }
  const records: ConsumedRecord[] = [];
  const markers: TxnMarkerInfo[] = [];
  const aborted: number[] = [];
  /** Transactional record offsets read so far per producer, until a marker closes their transaction. */
  const openTxn = new Map<string, number[]>();
  let lastStableOffset: number | undefined;
  let offset = Math.max(0, Math.trunc(req.offset ?? 0));
  let logStartOffset = 0;
  let highWatermark = 0;
  for (let round = 0; round < 16 && records.length < limit; round++) {
    const res = await conn.fetcher.fetch({
      node: meta.leader,
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes: FETCH_BYTES,
      isolationLevel: readCommitted ? READ_COMMITTED : READ_UNCOMMITTED,
      topics: [{
        topicId: topic.id,
        partitions: [{ partition: req.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: FETCH_BYTES }],
      }],
    });
    const p = res.responses[0]?.partitions[0];
    if (!p) break;
    logStartOffset = Number(p.logStartOffset);
    highWatermark = Number(p.highWatermark);
    lastStableOffset = Number(p.lastStableOffset);
    if (offset < logStartOffset) {
      // Retention removed the wanted offset: start at the first one still there.
      offset = logStartOffset;
      continue;
    }
    let advanced = false;
    for (const batch of p.records ?? []) {
      const producer = String(batch.producerId);
      if (batch.attributes & IS_CONTROL) {
        const at = Number(batch.firstOffset);
        const type = batch.records[0]?.key && batch.records[0].key.length >= 4 ? batch.records[0].key.readInt16BE(2) : -1;
        if (at >= offset && (type === CONTROL_ABORT || type === CONTROL_COMMIT)) {
          markers.push({ offset: at, type: type === CONTROL_ABORT ? 'ABORT' : 'COMMIT', producerId: Number(batch.producerId), producerEpoch: batch.producerEpoch, timestamp: Number(batch.firstTimestamp) });
          if (type === CONTROL_ABORT) aborted.push(...(openTxn.get(producer) ?? []));
          openTxn.delete(producer);
        }
        offset = Math.max(offset, at + batch.lastOffsetDelta + 1);
        advanced = true;
        continue;
      }
      const transactional = (batch.attributes & IS_TRANSACTIONAL) !== 0;
      for (const r of batch.records) {
        const o = Number(batch.firstOffset) + r.offsetDelta;
        if (o < offset) continue;
        if (records.length >= limit) break;
        if (transactional) openTxn.set(producer, [...(openTxn.get(producer) ?? []), o]);
        records.push({
          partition: req.partition,
          offset: o,
          timestamp: Number(batch.firstTimestamp + r.timestampDelta),
          key: r.key ? r.key.toString('base64') : null,
          value: r.value ? r.value.toString('base64') : null,
          headers: r.headers.map(([k, v]) => ({ key: k ? k.toString('utf8') : '', value: v ? v.toString('base64') : null })),
          size: (r.key?.length ?? 0) + (r.value?.length ?? 0),
        });
        offset = o + 1;
        advanced = true;
      }
    }
    if (!advanced || offset >= highWatermark) break;
  }
  return {
    topic: req.topic, partition: req.partition, logStartOffset, highWatermark, records, lastStableOffset, markers,
    ...(readCommitted ? {} : { abortedOffsets: aborted.sort((a, b) => a - b) }),
  };
}
