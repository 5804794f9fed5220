// One hosted partition's replica state on this broker (Kafka's Partition): its log, who leads it at which
// epoch, and — while this broker is the leader — each follower's progress, the ISR and the high watermark.
//
// Leader: the high watermark is the smallest log end offset in the ISR, the leader's own included. A
// follower's log end offset is the offset it fetches at (Kafka's updateFollowerFetchState).
//
// ISR (Kafka's rules): a follower that has not caught up with the leader's log end for
// replica.lag.time.max.ms leaves the ISR; a follower whose log end reaches the high watermark and the start
// of the current leader epoch joins it again. The leader proposes each change to the controller
// (AlterPartition), one at a time. While an expansion is pending the followers being added already count for
// the high watermark ("maximal ISR", KIP-497): nothing is acknowledged that a soon-to-be ISR member (and
// possible next leader) lacks. A shrink takes effect only once the controller has committed it. A refused
// proposal is logged with its error and the committed ISR stands; the next fetch or shrink check proposes
// again.
//
// Follower: the state here is only the leader and epoch; a ReplicaFetcher (replica-fetcher.ts) feeds the log.
//
// The log opens on first use (log-manager.ts): produce, fetch, a follower's fetcher, describing it. Images that
// arrive before then only record the role; what a new leader epoch needs from the log (its end offset, where
// followers must reach to rejoin the ISR) is taken when it opens. A log that fails to open makes the partition
// offline (PartitionContext.logFailed) and the caller gets KAFKA_STORAGE_ERROR.

import { ErrorCode, KafkaError, errorName } from '../protocol/error-codes.ts';
import { PartitionLog, type AppendResult } from '../storage/partition-log.ts';
import type { LazyLog } from '../storage/log-manager.ts';
import type { LogConfig } from '../storage/log-config.ts';
import type { TxnMarkerType } from '../storage/control-batch.ts';
import type { Scheduler } from './scheduler.ts';
import type { PartitionImage } from './metadata-image.ts';

export interface FollowerState {
  /** -1 until the follower's first fetch under this leader epoch. */
  logEndOffset: number;
  /** Last time this follower's fetch offset reached the leader's log end. */
  lastCaughtUpMs: number;
}

/** An AlterPartition proposal: the ISR the leader wants, at the epochs it last saw. */
export interface IsrChange {
  topic: string;
  partition: number;
  leaderEpoch: number;
  partitionEpoch: number;
  isr: number[];
}

export interface AlterPartitionOutcome {
  errorCode: number;
  errorMessage: string | null;
}

/** What a Partition needs from the broker around it. */
export interface PartitionContext {
  brokerId: number;
  scheduler: Pick<Scheduler, 'now'>;
  replicaLagTimeMaxMs: number;
  /** Sends AlterPartition to the controller; resolves with its answer once the resulting image has arrived. */
  alterPartition(change: IsrChange): Promise<AlterPartitionOutcome>;
  /** The high watermark moved forward (acks=all produces and consumer fetches may complete). */
  highWatermarkAdvanced(p: Partition): void;
  /** The log could not be opened: the partition goes offline on this broker. */
  logFailed?(p: Partition, err: KafkaError): void;
  /**
   * When the follower last fetched from this broker, any partition. An incremental fetch session does not
   * re-send (and the leader does not re-record) partitions whose fetch offset did not move.
   */
  followerLastFetchMs?(replicaId: number): number;
  log?: (msg: string) => void;
}

/** What an image did to this broker's role for the partition. */
export interface RoleChange {
  wasLeader: boolean;
  isLeader: boolean;
  /** Leader: followers that start unknown with this image (a new leader epoch, or replicas a reassignment added). */
  newFollowers: number[];
}

export class Partition {
  private leaderId = -1;
  private epoch = -1;
  private partitionEpochSeen = -1;
  private replicaIds: readonly number[] = [];
  private committedIsr: readonly number[] = [];
  private maximal: readonly number[] = [];
  private pending = false;
  private followers = new Map<number, FollowerState>();
  /** Leader only: log end offset when this leader epoch began (a follower must reach it to rejoin the ISR). */
  private epochStartOffset = 0;
  /** Dropped from this broker: late AlterPartition answers change nothing. */
  private closed = false;
  private readonly source: LazyLog;
  /** The config of the last image, applied to the log when it opens. */
  private config: LogConfig | undefined;
  /** Leader: a new epoch began before the log was open; its start offset is taken at open. */
  private epochStartPending = false;

  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly topicId: string,
    log: PartitionLog | LazyLog,
    private readonly ctx: PartitionContext,
  ) {
    this.source = log instanceof PartitionLog ? { opened: log, open: () => log, checkpoint: undefined, clean: true } : log;
  }

  /**
   * An unopened log's offsets from the catalog, when they are exact (its files were closed cleanly and the
   * checkpoint is theirs); undefined once the log is open or when only opening it can tell.
   */
  unopenedOffsets(): { logStartOffset: number; logEndOffset: number; highWatermark: number } | undefined {
    const cp = this.source.checkpoint;
    if (this.source.opened || !this.source.clean || !cp) return undefined;
    return { logStartOffset: cp.logStartOffset, logEndOffset: cp.recoveryPoint, highWatermark: Math.min(cp.highWatermark, cp.recoveryPoint) };
  }

  /** The partition's log, opened on first use (KAFKA_STORAGE_ERROR if it cannot be). */
  get log(): PartitionLog {
    return this.source.opened ?? this.openLog();
  }

  /** Whether the log has been opened (a follower's fetcher opens a bounded number per round). */
  get logOpen(): boolean {
    return this.source.opened !== undefined;
  }

  private openLog(): PartitionLog {
    let log: PartitionLog;
    try {
      log = this.source.open();
    } catch (e) {
      const err = e instanceof KafkaError ? e : new KafkaError('KAFKA_STORAGE_ERROR', `${this.name}: ${String(e)}`);
      this.ctx.logFailed?.(this, err);
      throw err.code === ErrorCode.KAFKA_STORAGE_ERROR ? err : new KafkaError('KAFKA_STORAGE_ERROR', `${this.name} is offline: ${err.message}`);
    }
    if (this.config) log.updateConfig(this.config);
    if (this.epochStartPending) {
      this.epochStartPending = false;
      this.epochStartOffset = log.logEndOffset;
    }
    return log;
  }

  get leader(): number {
    return this.leaderId;
  }

  get leaderEpoch(): number {
    return this.epoch;
  }

  get partitionEpoch(): number {
    return this.partitionEpochSeen;
  }

  get replicas(): readonly number[] {
    return this.replicaIds;
  }

  /** The ISR the controller has committed. */
  get isr(): readonly number[] {
    return this.committedIsr;
  }

  /** The ISR the high watermark is computed over: the committed one plus any pending additions. */
  get maximalIsr(): readonly number[] {
    return this.maximal;
  }

  get isrChangePending(): boolean {
    return this.pending;
  }

  get isLeader(): boolean {
    return this.leaderId === this.ctx.brokerId;
  }

  /** Before the log opens: the checkpointed high watermark (what the last run acknowledged). */
  get highWatermark(): number {
    return this.source.opened?.highWatermark ?? this.source.checkpoint?.highWatermark ?? 0;
  }

  follower(replicaId: number): Readonly<FollowerState> | undefined {
    return this.followers.get(replicaId);
  }

  /** Takes the partition's state from a new metadata image (Kafka's makeLeader / makeFollower). */
  applyImage(p: PartitionImage, config: LogConfig): RoleChange {
    const wasLeader = this.isLeader;
    const epochChanged = p.leaderEpoch !== this.epoch;
    this.leaderId = p.leader;
    this.epoch = p.leaderEpoch;
    this.replicaIds = p.replicas;
    // A pending AlterPartition stays pending through images that do not change this partition.
    if (p.partitionEpoch !== this.partitionEpochSeen || !this.pending) {
      this.maximal = p.isr;
      this.pending = false;
    }
    this.committedIsr = p.isr;
    this.partitionEpochSeen = p.partitionEpoch;
    this.config = config;
    const log = this.source.opened;
    log?.updateConfig(config);
    const isLeader = this.isLeader;
    const newFollowers: number[] = [];
    if (isLeader && (!wasLeader || epochChanged)) {
      // A new leader epoch: followers start unknown, and have until replica.lag.time.max.ms to catch up.
      if (log) this.epochStartOffset = log.logEndOffset;
      this.epochStartPending = log === undefined;
      const now = this.ctx.scheduler.now();
      this.followers = new Map(this.replicaIds.filter((r) => r !== this.ctx.brokerId).map((r) => [r, { logEndOffset: -1, lastCaughtUpMs: now }]));
      newFollowers.push(...this.followers.keys());
    } else if (isLeader) {
      // Same epoch, new replica set (a reassignment): replicas joining start unknown, replicas gone are forgotten.
      const now = this.ctx.scheduler.now();
      for (const r of this.replicaIds) {
        if (r === this.ctx.brokerId || this.followers.has(r)) continue;
        this.followers.set(r, { logEndOffset: -1, lastCaughtUpMs: now });
        newFollowers.push(r);
      }
      for (const r of [...this.followers.keys()]) if (!this.replicaIds.includes(r)) this.followers.delete(r);
    }
    if (isLeader) this.maybeAdvanceHighWatermark();
    else this.followers = new Map();
    return { wasLeader, isLeader, newFollowers };
  }

  /** A topic config changed (AlterConfigs): the open log takes it now, an unopened one when it opens. */
  updateConfig(config: LogConfig): void {
    this.config = config;
    this.source.opened?.updateConfig(config);
  }

  /** Throws Kafka's error unless this broker leads the partition at `currentLeaderEpoch` (-1: any epoch). */
  checkLeader(currentLeaderEpoch = -1): void {
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch < this.epoch) {
      throw new KafkaError('FENCED_LEADER_EPOCH', `leader epoch ${currentLeaderEpoch} is older than ${this.epoch}`);
    }
    if (currentLeaderEpoch > this.epoch) throw new KafkaError('UNKNOWN_LEADER_EPOCH', `leader epoch ${currentLeaderEpoch} is newer than ${this.epoch}`);
    if (!this.isLeader) throw new KafkaError('NOT_LEADER_OR_FOLLOWER', `broker ${this.ctx.brokerId} is not the leader of ${this.name}`);
  }

  /** Appends a producer's batches as leader; acks=all needs min.insync.replicas in the ISR up front. */
  appendAsLeader(records: Buffer, requiredAcks: number): AppendResult {
    const minIsr = this.log.logConfig.minInsyncReplicas;
    if (requiredAcks === -1 && this.committedIsr.length < minIsr) {
      throw new KafkaError('NOT_ENOUGH_REPLICAS', `The size of the current ISR ${JSON.stringify(this.committedIsr)} is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${this.name}`);
    }
    const result = this.log.appendAsLeader(records, this.epoch);
    this.maybeAdvanceHighWatermark();
    return result;
  }

  /** WriteTxnMarkers on the leader: the producer's COMMIT or ABORT control batch, at this leader epoch. */
  appendTxnMarker(producerId: number, producerEpoch: number, type: TxnMarkerType, coordinatorEpoch: number): AppendResult {
    const result = this.log.appendTxnMarker(producerId, producerEpoch, type, coordinatorEpoch, this.epoch);
    this.maybeAdvanceHighWatermark();
    return result;
  }

  /** A follower fetched at `fetchOffset`: that is its log end offset. It may rejoin the ISR. */
  recordFollowerFetch(replicaId: number, fetchOffset: number): void {
    const f = this.followers.get(replicaId);
    if (!f) return;
    f.logEndOffset = fetchOffset;
    if (fetchOffset >= this.log.logEndOffset) f.lastCaughtUpMs = this.ctx.scheduler.now();
    if (!this.committedIsr.includes(replicaId) && fetchOffset >= this.log.highWatermark && fetchOffset >= this.epochStartOffset) {
      this.proposeIsr([...this.committedIsr, replicaId].sort((a, b) => a - b));
    }
    this.maybeAdvanceHighWatermark();
  }

  /** Leader: proposes dropping followers that have lagged longer than replica.lag.time.max.ms. */
  maybeShrinkIsr(): void {
    if (!this.isLeader || this.pending) return;
    const now = this.ctx.scheduler.now();
    const lagging = this.committedIsr.filter((r) => {
      if (r === this.ctx.brokerId) return false;
      const f = this.followers.get(r);
      if (!f) return true;
      if (now - f.lastCaughtUpMs <= this.ctx.replicaLagTimeMaxMs) return false;
      // Idle: a follower still fetching (its session just does not repeat this partition) whose last
      // offset is the log end has lagged behind nothing.
      const fetching = now - (this.ctx.followerLastFetchMs?.(r) ?? -Infinity) <= this.ctx.replicaLagTimeMaxMs;
      return !(fetching && this.logOpen && f.logEndOffset >= this.log.logEndOffset);
    });
    if (lagging.length > 0) this.proposeIsr(this.committedIsr.filter((r) => !lagging.includes(r)));
  }

  /** The partition left this broker. */
  close(): void {
    this.closed = true;
  }

  private get name(): string {
    return `${this.topic}-${this.partition}`;
  }

  private maybeAdvanceHighWatermark(): void {
    // An unopened log has had no appends and no follower fetches: nothing can have moved.
    if (this.closed || !this.logOpen) return;
    let hw = this.log.logEndOffset;
    for (const r of this.maximal) {
      if (r === this.ctx.brokerId) continue;
      const f = this.followers.get(r);
      hw = Math.min(hw, f ? Math.max(f.logEndOffset, 0) : 0);
    }
    if (hw > this.log.highWatermark) {
      this.log.setHighWatermark(hw);
      this.ctx.highWatermarkAdvanced(this);
    }
  }

  private proposeIsr(isr: number[]): void {
    if (this.pending) return;
    this.pending = true;
    this.maximal = [...new Set([...this.committedIsr, ...isr])];
    const change: IsrChange = { topic: this.topic, partition: this.partition, leaderEpoch: this.epoch, partitionEpoch: this.partitionEpochSeen, isr };
    void this.ctx.alterPartition(change).then(
      (outcome) => {
        if (outcome.errorCode !== 0) {
          const detail = outcome.errorMessage ? `: ${outcome.errorMessage}` : '';
          this.report(`AlterPartition of ${this.name} to ISR ${JSON.stringify(isr)} refused with ${errorName(outcome.errorCode)}${detail}`);
        }
        this.afterProposal();
      },
      (e: unknown) => {
        this.report(`AlterPartition of ${this.name} to ISR ${JSON.stringify(isr)} failed: ${e instanceof Error ? e.message : String(e)}`);
        this.afterProposal();
      },
    );
  }

  private afterProposal(): void {
    if (this.closed) return;
    // Accepted: the new image has already reset both. Refused or failed: the committed ISR stands.
    if (this.pending) {
      this.pending = false;
      this.maximal = this.committedIsr;
    }
    try {
      if (this.isLeader) this.maybeAdvanceHighWatermark();
    } catch (e) {
      this.report(`high watermark of ${this.name} not advanced: ${(e as Error).message}`);
    }
  }

  private report(msg: string): void {
    this.ctx.log?.(`broker ${this.ctx.brokerId}: ${msg}`);
  }
}
