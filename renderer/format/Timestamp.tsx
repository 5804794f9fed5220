// A moment, in the UI's one time format (time.ts): relative, the absolute time on hover, machine-readable
// in dateTime. `both` shows the absolute time beside the relative one (detail panes).

import { useSyncExternalStore } from 'react';
import { clockNow, formatAbsolute, formatRelative, isKnownTime, subscribeClock } from './time.ts';

export function useNow(): number {
  return useSyncExternalStore(subscribeClock, clockNow, clockNow);
}

export function Timestamp({ ms, both = false, className }: { ms: number | null | undefined; both?: boolean; className?: string }) {
  const now = useNow();
  if (!isKnownTime(ms)) return <span className={className}>–</span>;
  const absolute = formatAbsolute(ms);
  const relative = formatRelative(ms, Math.max(now, Date.now() - 1000));
  return (
    <time className={className} dateTime={new Date(ms).toISOString()} title={absolute}>
      {both ? `${absolute} (${relative})` : relative}
    </time>
  );
}
