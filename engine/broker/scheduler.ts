// The clock and timers the group coordinator and the replica manager run on. Neither calls Date.now() or
// setTimeout itself: production code passes realScheduler (the default), tests pass a
// ManualScheduler and move time forward explicitly, so no test ever sleeps or asserts a timing.

export type TimerHandle = unknown;

export interface Scheduler {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Wall-clock time and Node timers. Timers are unref'd: a pending session timeout never keeps a process alive. */
export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

interface ManualTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A deterministic clock: time moves only when advance() is called; due timers run in deadline order. */
export class ManualScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<number, ManualTimer>();

  constructor(startMs = 1_000_000) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const seq = ++this.seq;
    this.timers.set(seq, { at: this.time + Math.max(0, ms), seq, fn });
    return seq;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  /** Timers not yet run or cleared. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves the clock forward by `ms`, running every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): void {
    const target = this.time + ms;
    for (;;) {
      let next: ManualTimer | undefined;
      for (const t of this.timers.values()) {
        if (t.at <= target && (next === undefined || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      }
      if (next === undefined) break;
      this.timers.delete(next.seq);
      this.time = next.at;
      next.fn();
    }
    this.time = target;
  }
}
