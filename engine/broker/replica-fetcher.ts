// Follower replication: one fetcher per leader broker pulls every partition this broker follows from that
// leader, over the Kafka protocol and the leader's normal listener, with Fetch's replica id set to this
// broker's id — as Kafka's ReplicaFetcherThread does.
//
// Before fetching a partition under a new leader epoch, the follower asks the leader for the end offset of
// its own latest epoch (OffsetForLeaderEpoch) and truncates there, so its log never keeps offsets the new
// leader does not have. A follower that is behind the leader's log start (retention moved on) restarts its
// log at the leader's log start. Errors that mean "metadata changed" pause the partition until a new image
// arrives; connection errors back off and reconnect.
//
// Logs open lazily (log-manager.ts). A round opens at most OPENS_PER_ROUND follower logs not yet open, and
// does not long-poll while some still wait, so a broker starting with thousands of partitions keeps serving
// between rounds instead of opening them all in one go.

import { ApiKey } from '../protocol/api-keys.ts';
import { ErrorCode } from '../protocol/error-codes.ts';
import { KafkaConnection, type ConnectOptions } from '../client/connection.ts';
import type { Partition } from './partition.ts';
import { FollowerFetchSession } from './follower-fetch-session.ts';

const FETCH_VERSION = 11; // named topics, current leader epoch, log start offsets
const OFFSET_FOR_LEADER_EPOCH_VERSION = 3; // carries the replica id
/**
 * How long the leader may hold an idle follower fetch. An append or a high-watermark move answers it at once,
 * so a long wait costs no latency; it only sets how often an idle follower asks (battery on a laptop). It
 * stays well below replica.lag.time.max.ms, so a caught-up follower never looks lagging.
 */
export const DEFAULT_FOLLOWER_MAX_WAIT_MS = 5000;
const RETRY_BACKOFF_MS = 200;
/** A metadata error usually clears as soon as the leader has the new image: retry soon. */
const METADATA_RETRY_MS = 20;
const PARTITION_MAX_BYTES = 1024 * 1024;
const MAX_BYTES = 16 * 1024 * 1024;
/** Follower logs a fetch round may open (each open reads its segments and indexes, and may recover them). */
export const OPENS_PER_ROUND = 64;

interface FollowedPartition {
  hp: Partition;
  /** Set when the leader epoch changed: truncate through OffsetForLeaderEpoch before fetching. */
  needsTruncation: boolean;
  /** The leader answered with a metadata error (it may not have the new image yet): retry after this time. */
  pausedUntil: number;
}

export interface FetcherOptions {
  brokerId: number;
  leaderId: number;
  endpoint: () => { host: string; port: number } | undefined;
  log?: (msg: string) => void;
  /** TLS and SASL of the inter-broker connection. */
  connection?: Pick<ConnectOptions, 'tls' | 'sasl'>;
  /** Fetch max wait (DEFAULT_FOLLOWER_MAX_WAIT_MS unless the broker's lag time asks for less). */
  maxWaitMs?: number;
}

/** Partitions grouped by topic, in one pass. */
function groupByTopic(parts: FollowedPartition[]): Map<string, FollowedPartition[]> {
  const byTopic = new Map<string, FollowedPartition[]>();
  for (const p of parts) {
    const list = byTopic.get(p.hp.topic);
    if (list) list.push(p);
    else byTopic.set(p.hp.topic, [p]);
  }
  return byTopic;
}

export class ReplicaFetcher {
  private readonly partitions = new Map<string, FollowedPartition>();
  private conn: KafkaConnection | undefined;
  private running = true;
  private loop: Promise<void>;
  private wakeIdle: (() => void) | undefined;

  private readonly maxWaitMs: number;
  /** The incremental fetch session with the leader (follower-fetch-session.ts). */
  private readonly session = new FollowerFetchSession();

  constructor(private readonly opts: FetcherOptions) {
    this.maxWaitMs = opts.maxWaitMs ?? DEFAULT_FOLLOWER_MAX_WAIT_MS;
    this.loop = this.run();
  }

  get leaderId(): number {
    return this.opts.leaderId;
  }

  get size(): number {
    return this.partitions.size;
  }

  /** Starts (or, after a leader epoch change, restarts) following a partition. */
  add(hp: Partition): void {
    this.partitions.set(`${hp.topic}\u0000${hp.partition}`, { hp, needsTruncation: true, pausedUntil: 0 });
    this.wakeIdle?.();
  }

  remove(topic: string, partition: number): void {
    this.partitions.delete(`${topic}\u0000${partition}`);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wakeIdle?.();
    await this.conn?.close().catch(() => undefined);
    await this.loop.catch(() => undefined);
  }

  private async connection(): Promise<KafkaConnection> {
    if (this.conn) return this.conn;
    const ep = this.opts.endpoint();
    if (!ep) throw new Error(`leader ${this.opts.leaderId} has no known endpoint`);
    const conn = await KafkaConnection.connect(ep.host, ep.port, { clientId: `replica-fetcher-${this.opts.brokerId}`, timeoutMs: 10_000, ...this.opts.connection });
    this.conn = conn;
    this.session.reset();
    void conn.waitClosed().then(() => {
      if (this.conn === conn) this.conn = undefined;
    });
    return conn;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const now = Date.now();
      const { active, waiting } = this.openSome([...this.partitions.values()].filter((p) => p.pausedUntil <= now));
      if (active.length === 0 && !waiting) {
        // Nothing to fetch: sleep until a paused partition may retry, or until one is added.
        let until = now + this.maxWaitMs;
        for (const p of this.partitions.values()) until = Math.min(until, p.pausedUntil);
        await new Promise<void>((resolve) => {
          this.wakeIdle = resolve;
          setTimeout(resolve, Math.max(1, until - now));
        });
        this.wakeIdle = undefined;
        continue;
      }
      try {
        const conn = await this.connection();
        const truncating = active.filter((p) => p.needsTruncation);
        if (truncating.length > 0) await this.truncate(conn, truncating);
        // Logs still waiting to open: answer at once, so the next round opens more.
        await this.fetchOnce(conn, active.filter((p) => !p.needsTruncation && p.pausedUntil <= now), waiting ? 0 : this.maxWaitMs);
      } catch (e) {
        if (!this.running) return;
        this.opts.log?.(`broker ${this.opts.brokerId}: fetching from ${this.opts.leaderId} failed: ${(e as Error).message}`);
        await this.conn?.close().catch(() => undefined);
        this.conn = undefined;
        this.session.reset();
        await new Promise((r) => setTimeout(r, RETRY_BACKOFF_MS));
      }
    }
  }

  /** The partitions whose logs are open, after opening up to OPENS_PER_ROUND more; `waiting`: some are left. */
  private openSome(candidates: FollowedPartition[]): { active: FollowedPartition[]; waiting: boolean } {
    const active: FollowedPartition[] = [];
    let opens = 0;
    let waiting = false;
    for (const p of candidates) {
      if (!p.hp.logOpen) {
        if (opens >= OPENS_PER_ROUND) {
          waiting = true;
          continue;
        }
        opens++;
        try {
          void p.hp.log;
        } catch {
          // Offline now: the replica manager has taken it from this fetcher.
          continue;
        }
      }
      active.push(p);
    }
    return { active, waiting };
  }

  private async truncate(conn: KafkaConnection, parts: FollowedPartition[]): Promise<void> {
    const byTopic = groupByTopic(parts);
    const res = (await conn.request(ApiKey.OffsetForLeaderEpoch, OFFSET_FOR_LEADER_EPOCH_VERSION, {
      replicaId: this.opts.brokerId,
      topics: [...byTopic].map(([topic, ps]) => ({
        topic,
        partitions: ps.map((p) => ({ partition: p.hp.partition, currentLeaderEpoch: p.hp.leaderEpoch, leaderEpoch: p.hp.log.epochs.latestEpoch() })),
      })),
    })) as { topics: { topic: string; partitions: { errorCode: number; partition: number; leaderEpoch: number; endOffset: number | bigint }[] }[] };
    for (const t of res.topics) {
      for (const r of t.partitions) {
        const p = this.partitions.get(`${t.topic}\u0000${r.partition}`);
        if (!p) continue;
        if (r.errorCode !== 0) {
          p.pausedUntil = Date.now() + (isMetadataError(r.errorCode) ? METADATA_RETRY_MS : RETRY_BACKOFF_MS * 5);
          continue;
        }
        const log = p.hp.log;
        const endOffset = Number(r.endOffset);
        // KIP-279: the leader answers with the largest epoch it has at or below ours; we keep only what both
        // logs hold for that epoch. No common epoch: fall back to the high watermark every ISR member has.
        const ownEnd = r.leaderEpoch >= 0 ? log.epochs.endOffsetFor(r.leaderEpoch, log.logEndOffset).endOffset : -1;
        const target = endOffset < 0 ? log.highWatermark : Math.min(endOffset, ownEnd < 0 ? log.logEndOffset : ownEnd, log.logEndOffset);
        if (target < log.logEndOffset) {
          this.opts.log?.(`broker ${this.opts.brokerId}: truncating ${t.topic}-${r.partition} from ${log.logEndOffset} to ${target} (leader epoch ${p.hp.leaderEpoch})`);
          log.truncateTo(target);
          // Ask again with the epoch we now end in, until the leader and this log agree on where it ends.
          continue;
        }
        p.needsTruncation = false;
      }
    }
  }

  private async fetchOnce(conn: KafkaConnection, parts: FollowedPartition[], maxWaitMs = this.maxWaitMs): Promise<void> {
    if (parts.length === 0) return;
    const asked = new Set(parts);
    // Incremental: only partitions whose fetch position changed are listed; the leader keeps the rest.
    const next = this.session.next(parts.map((p) => ({
      topic: p.hp.topic,
      partition: p.hp.partition,
      fetchOffset: p.hp.log.logEndOffset,
      logStartOffset: p.hp.log.logStartOffset,
      currentLeaderEpoch: p.hp.leaderEpoch,
    })));
    const byTopic = new Map<string, typeof next.partitions>();
    for (const p of next.partitions) {
      const list = byTopic.get(p.topic);
      if (list) list.push(p);
      else byTopic.set(p.topic, [p]);
    }
    let res: {
      errorCode: number;
      sessionId: number;
      responses: { topic: string; partitions: { partitionIndex: number; errorCode: number; highWatermark: number | bigint; logStartOffset: number | bigint; records: Buffer | null }[] }[];
    };
    try {
      res = (await conn.request(ApiKey.Fetch, FETCH_VERSION, {
        replicaId: this.opts.brokerId,
        maxWaitMs,
        minBytes: 1,
        maxBytes: MAX_BYTES,
        isolationLevel: 0,
        sessionId: next.sessionId,
        sessionEpoch: next.sessionEpoch,
        topics: [...byTopic].map(([topic, ps]) => ({
          topic,
          partitions: ps.map((p) => ({
            partition: p.partition,
            currentLeaderEpoch: p.currentLeaderEpoch,
            fetchOffset: p.fetchOffset,
            logStartOffset: p.logStartOffset,
            partitionMaxBytes: PARTITION_MAX_BYTES,
          })),
        })),
        forgottenTopicsData: next.forgotten,
        rackId: '',
      }, { timeoutMs: maxWaitMs + 10_000 })) as typeof res;
    } catch (e) {
      this.session.reset();
      throw e;
    }
    // A session error (the leader restarted or evicted it): the next fetch is full.
    if (!this.session.answered(res.errorCode, res.sessionId)) return;
    for (const t of res.responses) {
      for (const r of t.partitions) {
        const p = this.partitions.get(`${t.topic}\u0000${r.partitionIndex}`);
        if (!p || !asked.has(p)) continue;
        const log = p.hp.log;
        if (r.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          // Behind the leader's log start: start over there (the leader deleted what we miss).
          const leaderStart = Number(r.logStartOffset);
          if (leaderStart > log.logEndOffset) log.truncateFullyAndStartAt(leaderStart);
          else p.needsTruncation = true;
          continue;
        }
        if (r.errorCode !== 0) {
          p.pausedUntil = Date.now() + (isMetadataError(r.errorCode) ? METADATA_RETRY_MS : RETRY_BACKOFF_MS * 5);
          continue;
        }
        // The records are a view of the response frame; the append copies them to the file at once.
        if (r.records && r.records.length > 0) log.appendAsFollower(r.records);
        log.setHighWatermark(Math.min(Number(r.highWatermark), log.logEndOffset));
        const leaderStart = Number(r.logStartOffset);
        if (leaderStart > log.logStartOffset && leaderStart <= log.highWatermark) log.deleteRecordsBefore(leaderStart);
      }
    }
  }
}

function isMetadataError(code: number): boolean {
  return (
    code === ErrorCode.NOT_LEADER_OR_FOLLOWER ||
    code === ErrorCode.FENCED_LEADER_EPOCH ||
    code === ErrorCode.UNKNOWN_LEADER_EPOCH ||
    code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION ||
    code === ErrorCode.UNKNOWN_TOPIC_ID
  );
}
