// A member's partitions: topic id -> partition indexes (Kafka's Map<Uuid, Set<Integer>>). Values are
// treated as immutable: every operation returns a new map, so a member record can be shared safely.

export type Assignment = ReadonlyMap<string, ReadonlySet<number>>;

/** The wire shape used by the heartbeat APIs (TopicPartitions: topicId + partitions). */
export interface TopicPartitions {
  topicId: string;
  partitions: readonly number[];
}

export const EMPTY_ASSIGNMENT: Assignment = new Map();

export function assignmentOf(entries: Record<string, readonly number[]> | Iterable<readonly [string, Iterable<number>]>): Assignment {
  const pairs = Symbol.iterator in entries
    ? (entries as Iterable<readonly [string, Iterable<number>]>)
    : Object.entries(entries as Record<string, readonly number[]>);
  const m = new Map<string, Set<number>>();
  for (const [topicId, partitions] of pairs) {
    const s = new Set(partitions);
    if (s.size > 0) m.set(topicId, s);
  }
  return m;
}

export function fromTopicPartitions(list: readonly TopicPartitions[]): Assignment {
  const m = new Map<string, Set<number>>();
  for (const tp of list) {
    const s = m.get(tp.topicId) ?? new Set<number>();
    for (const p of tp.partitions) s.add(p);
    if (s.size > 0) m.set(tp.topicId, s);
  }
  return m;
}

/** Sorted by topic id then partition, so responses and snapshots are deterministic. */
export function toTopicPartitions(a: Assignment): TopicPartitions[] {
  return [...a.keys()].sort().map((topicId) => ({ topicId, partitions: [...a.get(topicId)!].sort((x, y) => x - y) }));
}

/** An assignment as the describe APIs answer it: per topic its id, its name ('' once deleted) and partitions. */
export function describeAssignment(a: Assignment, topicName: (topicId: string) => string | undefined): { topicPartitions: (TopicPartitions & { topicName: string })[] } {
  return { topicPartitions: toTopicPartitions(a).map((tp) => ({ topicId: tp.topicId, topicName: topicName(tp.topicId) ?? '', partitions: [...tp.partitions] })) };
}

/** Members in memberId order, as the describe APIs list them. */
export function byMemberId<M extends { memberId: string }>(members: Iterable<M>): M[] {
  return [...members].sort((a, b) => (a.memberId < b.memberId ? -1 : 1));
}

export function toRecord(a: Assignment): Record<string, number[]> {
  const r: Record<string, number[]> = {};
  for (const tp of toTopicPartitions(a)) r[tp.topicId] = [...tp.partitions];
  return r;
}

export function has(a: Assignment, topicId: string, partition: number): boolean {
  return a.get(topicId)?.has(partition) ?? false;
}

export function size(a: Assignment): number {
  let n = 0;
  for (const s of a.values()) n += s.size;
  return n;
}

export function equal(a: Assignment, b: Assignment): boolean {
  if (size(a) !== size(b)) return false;
  for (const [t, s] of a) for (const p of s) if (!has(b, t, p)) return false;
  return true;
}

/** Every partition of `a` that is not in `b`. */
export function minus(a: Assignment, b: Assignment): Assignment {
  const m = new Map<string, Set<number>>();
  for (const [t, s] of a) {
    const rest = [...s].filter((p) => !has(b, t, p));
    if (rest.length > 0) m.set(t, new Set(rest));
  }
  return m;
}

export function union(a: Assignment, b: Assignment): Assignment {
  const m = new Map<string, Set<number>>();
  for (const src of [a, b]) for (const [t, s] of src) {
    const d = m.get(t) ?? new Set<number>();
    for (const p of s) d.add(p);
    m.set(t, d);
  }
  return m;
}

/** Mutable builder used by the assignors. */
export class AssignmentBuilder {
  private readonly m = new Map<string, Set<number>>();
  add(topicId: string, partition: number): void {
    let s = this.m.get(topicId);
    if (s === undefined) this.m.set(topicId, (s = new Set()));
    s.add(partition);
  }
  remove(topicId: string, partition: number): void {
    const s = this.m.get(topicId);
    if (s === undefined) return;
    s.delete(partition);
    if (s.size === 0) this.m.delete(topicId);
  }
  get size(): number {
    return size(this.m);
  }
  *partitions(): IterableIterator<[string, number]> {
    for (const [t, s] of this.m) for (const p of s) yield [t, p];
  }
  build(): Assignment {
    return new Map([...this.m].map(([t, s]) => [t, new Set(s)]));
  }
}
