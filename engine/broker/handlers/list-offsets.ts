// ListOffsets: earliest (-2), latest (-1: the high watermark for consumers, the last stable offset for
// READ_COMMITTED ones), max timestamp (-3), or the first
// offset at or after a timestamp. Followers and the leader's own tools see the log end for "latest".

import { KafkaError } from '../../protocol/error-codes.ts';
import {
  EARLIEST_LOCAL_TIMESTAMP, EARLIEST_PENDING_UPLOAD_TIMESTAMP, EARLIEST_TIMESTAMP, LATEST_TIERED_TIMESTAMP, LATEST_TIMESTAMP, MAX_TIMESTAMP,
  SPECIAL_TIMESTAMP_MIN_VERSION,
} from '../../protocol/list-offsets-timestamps.ts';
import { num, errorOf, type Handler, type Item, type ResponseOf } from './context.ts';
import { AclOperation, requireTopic } from './authorization.ts';

type TopicResponse = Item<ResponseOf<'ListOffsets'>['topics']>;
type PartitionResponse = Item<TopicResponse['partitions']>;


export const handleListOffsets: Handler<'ListOffsets'> = (body, req, broker): ResponseOf<'ListOffsets'> => {
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t): TopicResponse => ({
      name: t.name,
      partitions: t.partitions.map((p): PartitionResponse => {
        try {
          requireTopic(req, AclOperation.DESCRIBE, t.name);
          const hp = broker.replicas.leaderPartition(t.name, p.partitionIndex, view, p.currentLeaderEpoch);
          const ts = num(p.timestamp);
          const since = SPECIAL_TIMESTAMP_MIN_VERSION[ts];
          if (since !== undefined && req.apiVersion < since) throw new KafkaError('UNSUPPORTED_VERSION', `timestamp ${ts} needs ListOffsets v${since}`);
          // Earliest and a consumer's latest (READ_UNCOMMITTED) come from the checkpoint while the log is unopened.
          const closed = hp.unopenedOffsets();
          const readUncommitted = !(req.apiVersion >= 2 && body.isolationLevel === 1);
          if (closed && (ts === EARLIEST_TIMESTAMP || ts === EARLIEST_LOCAL_TIMESTAMP || ((ts === LATEST_TIMESTAMP || ts === LATEST_TIERED_TIMESTAMP) && readUncommitted))) {
            const latest = body.replicaId >= 0 ? closed.logEndOffset : closed.highWatermark;
            const offset = ts === EARLIEST_TIMESTAMP || ts === EARLIEST_LOCAL_TIMESTAMP ? closed.logStartOffset : latest;
            return { partitionIndex: p.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp: -1, offset, leaderEpoch: hp.leaderEpoch };
          }
          const log = hp.log;
          // What a consumer may read up to: the last stable offset for READ_COMMITTED, else the high watermark.
          const visibleEnd = req.apiVersion >= 2 && body.isolationLevel === 1 ? log.lastStableOffset : log.highWatermark;
          let offset: number;
          let timestamp = -1;
          if (ts === LATEST_TIMESTAMP || ts === LATEST_TIERED_TIMESTAMP) offset = body.replicaId >= 0 ? log.logEndOffset : visibleEnd;
          else if (ts === EARLIEST_TIMESTAMP || ts === EARLIEST_LOCAL_TIMESTAMP) offset = log.logStartOffset;
          else if (ts === EARLIEST_PENDING_UPLOAD_TIMESTAMP) offset = -1; // nothing is tiered, so nothing pends upload
          else if (ts === MAX_TIMESTAMP || ts >= 0) {
            const found = log.offsetForTimestamp(ts);
            if (found && (body.replicaId >= 0 || found.offset < visibleEnd)) {
              offset = found.offset;
              timestamp = found.timestamp;
            } else offset = -1;
          } else throw new KafkaError('INVALID_REQUEST', `unknown special timestamp ${ts}`);
          return { partitionIndex: p.partitionIndex, errorCode: 0, oldStyleOffsets: [], timestamp, offset, leaderEpoch: hp.leaderEpoch };
        } catch (e) {
          return { partitionIndex: p.partitionIndex, errorCode: errorOf(e).code, oldStyleOffsets: [], timestamp: -1, offset: -1, leaderEpoch: -1 };
        }
      }),
    })),
  };
};
