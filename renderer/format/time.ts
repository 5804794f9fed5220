// The one time format of the UI. A moment shows as how long ago it was ("12 s ago", "in 3 min"), with the
// absolute local time (ISO-like, to the millisecond: 2026-12-01 21:14:49.120) on hover; tables, the timeline,
// messages and groups all use <Timestamp> (Timestamp.tsx), detail panes show both side by side. One clock
// ticks for every relative time on screen, so a list of thousands of records does not hold a timer each.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** 2026-12-01 21:14:49.120, in local time. */
export function formatAbsolute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const STEPS: [limitMs: number, unitMs: number, unit: string][] = [
  [60_000, 1000, 's'],
  [3_600_000, 60_000, 'min'],
  [86_400_000, 3_600_000, 'h'],
  [30 * 86_400_000, 86_400_000, 'd'],
  [365 * 86_400_000, 30 * 86_400_000, 'mo'],
  [Infinity, 365 * 86_400_000, 'y'],
];

/** "just now", "12 s ago", "3 min ago", "in 2 h" (a timestamp ahead of this clock). */
export function formatRelative(ms: number, now: number): string {
  const diff = now - ms;
  const abs = Math.abs(diff);
  if (abs < 1000) return 'just now';
  const [, unitMs, unit] = STEPS.find(([limit]) => abs < limit)!;
  const n = Math.floor(abs / unitMs);
  return diff >= 0 ? `${n} ${unit} ago` : `in ${n} ${unit}`;
}

/** An absent time (-1, 0 or not a number) shows as a dash, as every unknown figure does. */
export const isKnownTime = (ms: number | null | undefined): ms is number => typeof ms === 'number' && Number.isFinite(ms) && ms > 0;

// ---- the shared clock ----

const TICK_MS = 1000;
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

export function subscribeClock(l: () => void): () => void {
  listeners.add(l);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((f) => f());
    }, TICK_MS);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export const clockNow = () => now;
