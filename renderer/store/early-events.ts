// Progress events can arrive before the call that started their job has answered (a short scan ends
// first): they wait here, by job id, until the caller learns the id. Bounded: the oldest ids are dropped.

import type { ProducerProgressEvent, SearchProgressEvent } from '../../app/contract.ts';

type Progress = SearchProgressEvent | ProducerProgressEvent;

const early = new Map<string, Progress[]>();
const MAX_IDS = 50;

export function rememberEarly(id: string, ev: Progress): void {
  if (early.size > MAX_IDS) early.delete(early.keys().next().value!);
  early.set(id, [...(early.get(id) ?? []), ev]);
}

/** The events that came for `id` before it was known, once (they are forgotten here). */
export function takeEarly<T extends Progress>(id: string): T[] {
  const evs = (early.get(id) ?? []) as T[];
  early.delete(id);
  return evs;
}
