// The one polling hook: run `task` now and every `intervalMs` while the component is shown and `enabled`;
// restart when `deps` change. A round never overlaps the previous one (a slow backend is not piled on), and
// nothing runs after unmount. The task is read at each round, so it may close over the latest props.

import { useEffect, useRef, type DependencyList } from 'react';

export function usePoll(task: () => Promise<unknown> | void, intervalMs: number, deps: DependencyList, enabled = true): void {
  const latest = useRef(task);
  useEffect(() => {
    latest.current = task;
  });
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let running = false;
    const round = async () => {
      if (stopped || running) return;
      running = true;
      try {
        await latest.current();
      } catch (e) {
        // Actions report their own failures; anything else is a bug worth seeing, not a reason to stop polling.
        console.error(e);
      } finally {
        running = false;
      }
    };
    void round();
    const timer = setInterval(() => void round(), intervalMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [intervalMs, enabled, ...deps]);
}
