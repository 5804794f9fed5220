// Fetch long-polling (Kafka's DelayedFetch and its purgatory, keyed by partition).
//
// A fetch reads at once; if it found fewer than min.bytes (at least one byte) and no partition failed, it
// waits until one of its partitions changes (an append, a high watermark move, a leadership change: the
// replica manager calls wake) or max.wait.ms has passed since it arrived, then reads again. At the deadline
// it answers with whatever the last read found. After shutdown (wakeAll) every fetch answers at once.
// A follower's fetch can also be answered early on purpose (answerReplica): when this broker starts leading a
// partition that follower must replicate, so its next fetch asks for it instead of holding for seconds.
// Time comes from a Scheduler, so tests move it by hand.

import { tpKey, type TopicPartition } from '../storage/log-manager.ts';
import type { Scheduler } from './scheduler.ts';

/** One read over a fetch's partitions. */
export interface FetchRead<R> {
  result: R;
  /** Bytes of records found. */
  bytes: number;
  /** A partition answered with an error: the fetch answers now, as Kafka's does. */
  error: boolean;
}

export interface FetchWaitParams {
  partitions: readonly TopicPartition[];
  maxWaitMs: number;
  minBytes: number;
  /** The fetching follower's broker id (consumers: absent or negative). */
  replicaId?: number;
}

/** A follower's fetch in progress: `answer` is set when it must answer at its next step. */
interface ReplicaRun {
  answer: boolean;
  /** Ends the current wait, if the fetch is waiting. */
  wakeUp?: () => void;
}

export class DelayedFetch {
  private readonly waiting = new Map<string, Set<() => void>>();
  /**
   * Follower fetches in progress, by replica id. Registered for the fetch's whole life, not only while it
   * waits: a wake may have ended its wait a moment before answerReplica, and it must still answer.
   */
  private readonly replicas = new Map<number, Set<ReplicaRun>>();
  private stopped = false;

  constructor(private readonly scheduler: Scheduler) {}

  /** Reads until the fetch can be answered; resolves with the last read's result. */
  async run<R>(params: FetchWaitParams, read: () => FetchRead<R>): Promise<R> {
    const deadline = this.scheduler.now() + Math.max(0, params.maxWaitMs);
    const replicaId = params.replicaId ?? -1;
    const run: ReplicaRun = { answer: false };
    if (replicaId >= 0) {
      let set = this.replicas.get(replicaId);
      if (!set) this.replicas.set(replicaId, (set = new Set()));
      set.add(run);
    }
    try {
      for (;;) {
        const r = read();
        const now = this.scheduler.now();
        if (r.error || r.bytes >= Math.max(1, params.minBytes) || now >= deadline || params.partitions.length === 0 || this.stopped || run.answer) return r.result;
        await this.waitForChange(params.partitions, deadline - now, run);
      }
    } finally {
      const set = this.replicas.get(replicaId);
      set?.delete(run);
      if (set?.size === 0) this.replicas.delete(replicaId);
    }
  }

  /** Something changed on `tp`: fetches waiting on it read again. */
  wake(tp: TopicPartition): void {
    const k = tpKey(tp);
    const set = this.waiting.get(k);
    if (!set) return;
    this.waiting.delete(k);
    for (const fn of set) fn();
  }

  /** The fetches of follower `replicaId` in progress answer with what they have, without waiting longer. */
  answerReplica(replicaId: number): void {
    for (const run of this.replicas.get(replicaId) ?? []) {
      run.answer = true;
      run.wakeUp?.();
    }
  }

  /** Shutdown: every waiting fetch reads once more and answers. */
  wakeAll(): void {
    this.stopped = true;
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const set of all) for (const fn of set) fn();
  }

  /** Partitions with a fetch waiting on them. */
  get waitingPartitions(): number {
    return this.waiting.size;
  }

  private waitForChange(partitions: readonly TopicPartition[], ms: number, run: ReplicaRun): Promise<void> {
    return new Promise((resolve) => {
      const keys = partitions.map(tpKey);
      const done = () => {
        this.scheduler.clearTimeout(timer);
        run.wakeUp = undefined;
        for (const k of keys) {
          const set = this.waiting.get(k);
          set?.delete(done);
          if (set?.size === 0) this.waiting.delete(k);
        }
        resolve();
      };
      const timer = this.scheduler.setTimeout(done, ms);
      run.wakeUp = done;
      for (const k of keys) {
        let set = this.waiting.get(k);
        if (!set) this.waiting.set(k, (set = new Set()));
        set.add(done);
      }
    });
  }
}
