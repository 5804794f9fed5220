// Fetch long-polling (Kafka's DelayedFetch and its purgatory, keyed by partition).
//
// A fetch reads at once; if it found fewer than min.bytes (at least one byte) and no partition failed, it
// waits until one of its partitions changes (an append, a high watermark move, a leadership change: the
// replica manager calls wake) or max.wait.ms has passed since it arrived. A change reads again, but only the
// partitions that changed (the read is told which; null means "all"), so a long poll over many idle
// partitions costs nothing while it waits. At the deadline it answers with what the reads found: nothing
// changed since, so there is nothing to read again. After shutdown (wakeAll) every fetch answers at once.
// A fetch may watch its own change signal instead of keys (a fetch session does: fetch-session.ts).
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

/** Called with the key of a partition that changed, or null for "everything may have changed". */
export type ChangeListener = (key: string | null) => void;

export interface FetchWaitParams {
  partitions: readonly TopicPartition[];
  maxWaitMs: number;
  minBytes: number;
  /** Instead of waiting on `partitions` by key: subscribes to a change signal; returns the unsubscribe. */
  watch?: (listener: ChangeListener) => () => void;
  /** The fetching follower's broker id (consumers: absent or negative). */
  replicaId?: number;
}

export class DelayedFetch {
  private readonly waiting = new Map<string, Set<ChangeListener>>();
  /** Every waiting fetch (watching keys or its own signal), for wakeEvery and wakeAll. */
  private readonly active = new Set<ChangeListener>();
  /** Follower fetches in progress by replica id: answerReplica sets `answer` and signals the listener. */
  private readonly replicas = new Map<number, Set<{ answer: boolean; listener: ChangeListener }>>();
  private stopped = false;

  constructor(private readonly scheduler: Scheduler) {}

  /**
   * Reads until the fetch can be answered; resolves with the last read's result. The first read gets null
   * (read everything); a read after a change gets the keys that changed, or null when all may have.
   */
  async run<R>(params: FetchWaitParams, read: (changed: ReadonlySet<string> | null) => FetchRead<R>): Promise<R> {
    const deadline = this.scheduler.now() + Math.max(0, params.maxWaitMs);
    const answers = (r: FetchRead<R>) =>
      r.error || r.bytes >= Math.max(1, params.minBytes) || this.scheduler.now() >= deadline || this.stopped || (params.partitions.length === 0 && !params.watch);
    let r = read(null);
    if (answers(r)) return r.result;
    // Changes collect while the fetch waits and while it reads, so none is missed between two reads.
    const changed = new Set<string>();
    let all = false;
    let signal: (() => void) | undefined;
    const listener: ChangeListener = (k) => {
      if (k === null) all = true;
      else changed.add(k);
      const s = signal;
      signal = undefined;
      s?.();
    };
    const unsubscribe = params.watch ? params.watch(listener) : this.subscribe(params.partitions, listener);
    this.active.add(listener);
    const replicaId = params.replicaId ?? -1;
    const own = { answer: false, listener };
    if (replicaId >= 0) {
      let set = this.replicas.get(replicaId);
      if (!set) this.replicas.set(replicaId, (set = new Set()));
      set.add(own);
    }
    try {
      for (;;) {
        if (!all && changed.size === 0) {
          const ms = deadline - this.scheduler.now();
          if (ms <= 0) return r.result;
          await new Promise<void>((resolve) => {
            const timer = this.scheduler.setTimeout(() => {
              signal = undefined;
              resolve();
            }, ms);
            signal = () => {
              this.scheduler.clearTimeout(timer);
              resolve();
            };
          });
          // The deadline with nothing changed: what the last read found is still the answer.
          if (!all && changed.size === 0) return r.result;
        }
        const keys = all ? null : new Set(changed);
        all = false;
        changed.clear();
        r = read(keys);
        if (answers(r) || own.answer) return r.result;
      }
    } finally {
      this.active.delete(listener);
      const set = this.replicas.get(replicaId);
      set?.delete(own);
      if (set?.size === 0) this.replicas.delete(replicaId);
      unsubscribe();
    }
  }

  /** Something changed on `tp`: fetches waiting on it read it again. */
  wake(tp: TopicPartition): void {
    const k = tpKey(tp);
    const set = this.waiting.get(k);
    if (!set) return;
    for (const fn of [...set]) fn(k);
  }

  /** Every waiting fetch reads once more (and answers or waits again), without stopping. */
  wakeEvery(): void {
    for (const fn of [...this.active]) fn(null);
  }

  /** The fetches of follower `replicaId` in progress answer with what they have, without waiting longer. */
  answerReplica(replicaId: number): void {
    for (const run of [...(this.replicas.get(replicaId) ?? [])]) {
      run.answer = true;
      run.listener(null);
    }
  }

  /** Shutdown: every waiting fetch reads once more and answers. */
  wakeAll(): void {
    this.stopped = true;
    this.wakeEvery();
  }

  /** Partitions with a fetch waiting on them. */
  get waitingPartitions(): number {
    return this.waiting.size;
  }

  private subscribe(partitions: readonly TopicPartition[], listener: ChangeListener): () => void {
    const keys = partitions.map(tpKey);
    for (const k of keys) {
      let set = this.waiting.get(k);
      if (!set) this.waiting.set(k, (set = new Set()));
      set.add(listener);
    }
    return () => {
      for (const k of keys) {
        const set = this.waiting.get(k);
        set?.delete(listener);
        if (set?.size === 0) this.waiting.delete(k);
      }
    };
  }
}
