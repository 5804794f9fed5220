// The fetcher's side of an incremental fetch session (KIP-227; Kafka's FetchSessionHandler), used by a
// follower's replica fetcher so that an idle follower of thousands of partitions sends an almost empty
// request and gets an almost empty response. fetch-session.ts is the leader's side; its header gives the
// (session id, epoch) rules.
//
// The first fetch is full (epoch 0) and opens a session; the leader answers with its id (0 when its cache
// has no room: the next fetch is full again and tries again). Each later fetch carries the next epoch and lists
// only partitions that are new or whose fetch offset, log start offset or leader epoch changed since the last
// request; partitions no longer fetched go in `forgotten`. A session error from the leader (unknown id, wrong
// epoch — the leader restarted, or evicted the session), a failed request or a new connection start over with
// a full fetch that keeps the session id (the leader closes the old session and opens a new one).

import { ErrorCode } from '../protocol/error-codes.ts';
import { INITIAL_EPOCH } from './fetch-session.ts';

/** One partition as the follower asks for it. */
export interface FollowerFetchPartition {
  topic: string;
  partition: number;
  fetchOffset: number;
  logStartOffset: number;
  currentLeaderEpoch: number;
}

export interface FollowerFetchRequest {
  sessionId: number;
  sessionEpoch: number;
  /** What to send: every partition for a full fetch, only the changed ones for an incremental one. */
  partitions: FollowerFetchPartition[];
  forgotten: { topic: string; partitions: number[] }[];
}

const key = (topic: string, partition: number) => `${topic}\u0000${partition}`;
const MAX_EPOCH = 2 ** 31 - 1;

export class FollowerFetchSession {
  private id = 0;
  private epoch = INITIAL_EPOCH;
  /** What the leader's session holds, as of the last request built. */
  private readonly sent = new Map<string, FollowerFetchPartition>();

  get sessionId(): number {
    return this.id;
  }

  /** The next request for the partitions the follower fetches now. */
  next(wanted: FollowerFetchPartition[]): FollowerFetchRequest {
    const full = this.epoch === INITIAL_EPOCH;
    const partitions: FollowerFetchPartition[] = [];
    const keep = new Set<string>();
    for (const p of wanted) {
      const k = key(p.topic, p.partition);
      keep.add(k);
      const before = this.sent.get(k);
      if (full || !before || before.fetchOffset !== p.fetchOffset || before.logStartOffset !== p.logStartOffset || before.currentLeaderEpoch !== p.currentLeaderEpoch) {
        partitions.push(p);
      }
    }
    const forgotten = new Map<string, number[]>();
    for (const [k, p] of this.sent) {
      if (keep.has(k)) continue;
      this.sent.delete(k);
      if (full) continue;
      const list = forgotten.get(p.topic);
      if (list) list.push(p.partition);
      else forgotten.set(p.topic, [p.partition]);
    }
    for (const p of partitions) this.sent.set(key(p.topic, p.partition), p);
    return { sessionId: this.id, sessionEpoch: this.epoch, partitions, forgotten: [...forgotten].map(([topic, ps]) => ({ topic, partitions: ps })) };
  }

  /** The leader's answer to the request next() built; false when the session must start over. */
  answered(errorCode: number, sessionId: number): boolean {
    if (errorCode === ErrorCode.FETCH_SESSION_ID_NOT_FOUND || errorCode === ErrorCode.INVALID_FETCH_SESSION_EPOCH) {
      this.reset();
      return false;
    }
    if (this.epoch === INITIAL_EPOCH) {
      if (sessionId > 0) {
        this.id = sessionId;
        this.epoch = 1;
      } else {
        this.id = 0; // no room in the leader's cache: stay full
      }
    } else {
      this.epoch = this.epoch === MAX_EPOCH ? 1 : this.epoch + 1;
    }
    return true;
  }

  /** The next request is a full fetch (a failed request, a new connection, a session error). */
  reset(): void {
    this.epoch = INITIAL_EPOCH;
    this.sent.clear();
  }
}
