// Browse a partition: a page of up to `limit` records from an offset, read with Fetch from the partition's
// leader (Consumer.fetch; no group is joined and nothing is committed). A fetch returns whole batches, so
// records before the wanted offset are skipped; control batches (transaction markers) are never shown.

import type { BrowseRequest, ConsumedRecord, MessagePage } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';
import { readMetadata } from './overview.ts';

const IS_CONTROL = 0x20;
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

  const records: ConsumedRecord[] = [];
  let offset = Math.max(0, Math.trunc(req.offset ?? 0));
  let logStartOffset = 0;
  let highWatermark = 0;
  for (let round = 0; round < 16 && records.length < limit; round++) {
    const res = await conn.fetcher.fetch({
      node: meta.leader,
      maxWaitTime: 0,
      minBytes: 1,
      maxBytes: FETCH_BYTES,
      topics: [{
        topicId: topic.id,
        partitions: [{ partition: req.partition, currentLeaderEpoch: -1, fetchOffset: BigInt(offset), lastFetchedEpoch: -1, partitionMaxBytes: FETCH_BYTES }],
      }],
    });
    const p = res.responses[0]?.partitions[0];
    if (!p) break;
    logStartOffset = Number(p.logStartOffset);
    highWatermark = Number(p.highWatermark);
    if (offset < logStartOffset) {
      // Retention removed the wanted offset: start at the first one still there.
      offset = logStartOffset;
      continue;
    }
    let advanced = false;
    for (const batch of p.records ?? []) {
      if (batch.attributes & IS_CONTROL) {
        offset = Math.max(offset, Number(batch.firstOffset) + batch.lastOffsetDelta + 1);
        advanced = true;
        continue;
      }
      for (const r of batch.records) {
        const o = Number(batch.firstOffset) + r.offsetDelta;
        if (o < offset) continue;
        if (records.length >= limit) break;
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
  return { topic: req.topic, partition: req.partition, logStartOffset, highWatermark, records };
}
