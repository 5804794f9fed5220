// acks=all produces waiting for the ISR (Kafka's DelayedProduce and its purgatory, keyed by partition).
//
// A produce with acks=all is answered once the partition's high watermark has passed its batches: the
// leader calls tryComplete whenever the high watermark moves. A wait fails with REQUEST_TIMED_OUT after the
// request's timeout, and with NOT_LEADER_OR_FOLLOWER when the partition loses its leader here (fail) or the
// broker stops (failAll). Time comes from a Scheduler, so tests move it by hand.

import { KafkaError } from '../protocol/error-codes.ts';
import { tpKey, type TopicPartition } from '../storage/log-manager.ts';
import type { Scheduler, TimerHandle } from './scheduler.ts';

interface ProduceWait {
  /** Exclusive end of the appended batches: the high watermark must reach it. */
  offset: number;
  timer: TimerHandle;
  resolve: () => void;
  reject: (e: Error) => void;
}

export class DelayedProduce {
  private readonly waiting = new Map<string, Set<ProduceWait>>();

  constructor(private readonly scheduler: Scheduler) {}

  /** Resolves when the high watermark of `tp` reaches `offset`; `highWatermark` is where it is now. */
  wait(tp: TopicPartition, highWatermark: number, offset: number, timeoutMs: number): Promise<void> {
    if (highWatermark >= offset) return Promise.resolve();
    const k = tpKey(tp);
    return new Promise((resolve, reject) => {
      let set = this.waiting.get(k);
      if (!set) this.waiting.set(k, (set = new Set()));
      const w: ProduceWait = {
        offset,
        timer: this.scheduler.setTimeout(() => {
          this.remove(k, w);
          reject(new KafkaError('REQUEST_TIMED_OUT', `the ISR of ${tp.topic}-${tp.partition} did not acknowledge offset ${offset - 1} within ${timeoutMs} ms`));
        }, Math.max(0, timeoutMs)),
        resolve: () => {
          this.scheduler.clearTimeout(w.timer);
          resolve();
        },
        reject: (e) => {
          this.scheduler.clearTimeout(w.timer);
          reject(e);
        },
      };
      set.add(w);
    });
  }

  /** The high watermark of `tp` moved to `highWatermark`: answers every wait it satisfies. */
  tryComplete(tp: TopicPartition, highWatermark: number): void {
    const k = tpKey(tp);
    const set = this.waiting.get(k);
    if (!set) return;
    for (const w of set) {
      if (highWatermark >= w.offset) {
        this.remove(k, w);
        w.resolve();
      }
    }
  }

  /** Fails every wait on `tp` (leadership moved, or the partition left this broker). */
  fail(tp: TopicPartition, error: Error): void {
    const k = tpKey(tp);
    const set = this.waiting.get(k);
    if (!set) return;
    this.waiting.delete(k);
    for (const w of set) w.reject(error);
  }

  /** Fails every wait (shutdown). */
  failAll(error: Error): void {
    const all = [...this.waiting.values()];
    this.waiting.clear();
    for (const set of all) for (const w of set) w.reject(error);
  }

  /** Waits not yet answered, on one partition or on all. */
  pending(tp?: TopicPartition): number {
    if (tp) return this.waiting.get(tpKey(tp))?.size ?? 0;
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }

  private remove(k: string, w: ProduceWait): void {
    const set = this.waiting.get(k);
    if (!set) return;
    set.delete(w);
    if (set.size === 0) this.waiting.delete(k);
  }
}
