// Followers a leader is waiting on: partitions this broker started leading (or that a reassignment gave new
// replicas) which a follower has not fetched yet.
//
// Followers long-poll for seconds. When a broker starts leading a partition, the follower that must copy it
// may already be holding a fetch that does not name it (it learns of the partition from its own copy of the
// metadata image, which can arrive before or after the leader's). Without help, an acks=all produce to a
// topic just created waits for those polls to time out. So the leader answers such a follower's held fetch
// at once, and while the follower still has not asked for the partition, holds its fetches only briefly.
// An entry is forgotten when the follower fetches the partition, or after GRACE_MS (a follower whose log is
// offline never asks; it must not keep the leader answering early).

export const GRACE_MS = 5_000;
/** How long a follower's fetch is held while it has not yet asked for a partition awaiting it. */
export const SHORT_WAIT_MS = 50;

export class AwaitedFollowers {
  /** Broker id → partition key → when the leader started waiting. */
  private readonly byFollower = new Map<number, Map<string, number>>();

  /** Follower `brokerId` must start fetching partition `key`. */
  expect(brokerId: number, key: string, now: number): void {
    let m = this.byFollower.get(brokerId);
    if (!m) this.byFollower.set(brokerId, (m = new Map()));
    if (!m.has(key)) m.set(key, now);
  }

  /** Whether follower `brokerId` owes any fetch (cheap: checked on every follower fetch). */
  owes(brokerId: number): boolean {
    return this.byFollower.has(brokerId);
  }

  /**
   * A fetch from `brokerId` names these partitions: they are no longer awaited. Returns whether the follower
   * still owes a fetch of another partition (so its fetch should not be held long).
   */
  fetching(brokerId: number, keys: Iterable<string>, now: number): boolean {
    const m = this.byFollower.get(brokerId);
    if (!m) return false;
    for (const k of keys) m.delete(k);
    for (const [k, since] of m) if (now - since > GRACE_MS) m.delete(k);
    if (m.size === 0) this.byFollower.delete(brokerId);
    return m.size > 0;
  }
}
