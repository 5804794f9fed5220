// The cluster's events, read off two consecutive cluster maps: brokers down and up, leaders elected (with
// their epoch), ISR shrinking and expanding, partitions under-replicated or offline, each with its cause as
// far as the two pictures tell it (the leader's broker went down; the preferred leader returned; a follower
// fell behind or caught up). Pure, so the timeline is tested without a cluster.
//
// A broker going down with thousands of partitions must not bury the timeline: more than COLLAPSE_OVER
// partition events of one kind and cause in one step become one line that counts them.

import type { BrokerInfo, ClusterMap, MapPartition } from '../../app/contract.ts';

export type ClusterEventKind =
  | 'broker-down' | 'broker-up' | 'leader-elected' | 'preferred-leader' | 'offline' | 'online' | 'isr-shrink' | 'isr-expand' | 'under-replicated' | 'fully-replicated';

export interface ClusterEvent {
  at: number;
  kind: ClusterEventKind;
  /** What happened, in a sentence. */
  text: string;
  /** Why, as far as the cluster's pictures tell; '' when they do not. */
  cause: string;
  /** The partition it concerns (`topic-partition`), for the link; absent for broker and cluster events. */
  topic?: string;
  partition?: number;
  broker?: number;
  /** An election's leader epoch. */
  epoch?: number;
}

export const COLLAPSE_OVER = 10;

const name = (topic: string, partition: number) => `${topic}-${partition}`;
const down = (b: BrokerInfo | undefined) => !b || b.state !== 'running';
const ids = (xs: number[]) => xs.join(', ');

function brokerWord(b: BrokerInfo | undefined): string {
  if (!b) return 'left the cluster';
  return b.state === 'killed' ? 'was killed' : b.state === 'stopped' ? 'was stopped' : 'went down';
}

const underCount = (m: ClusterMap) => m.topics.reduce((n, t) => n + t.partitions.filter((p) => p.leader >= 0 && p.isr.length < p.replicas.length).length, 0);
const offlineCount = (m: ClusterMap) => m.topics.reduce((n, t) => n + t.partitions.filter((p) => p.leader < 0).length, 0);

/** What changed from `prev` to `next`, oldest first. */
export function diffClusterMaps(prev: ClusterMap, next: ClusterMap): ClusterEvent[] {
  const at = next.at;
  const out: ClusterEvent[] = [];
  const before = new Map(prev.brokers.map((b) => [b.id, b]));
  const after = new Map(next.brokers.map((b) => [b.id, b]));
  const wentDown = new Set<number>();
  for (const id of new Set([...before.keys(), ...after.keys()])) {
    const [a, b] = [before.get(id), after.get(id)];
    if (!down(a) && down(b)) {
      wentDown.add(id);
      out.push({ at, kind: 'broker-down', broker: id, text: `Broker ${id} ${brokerWord(b)}`, cause: b?.state === 'killed' ? 'killed: no clean shutdown, its leaders move by election' : b?.state === 'stopped' ? 'controlled shutdown: its leaders moved first' : 'no longer in the cluster metadata' });
    } else if (down(a) && !down(b)) {
      out.push({ at, kind: 'broker-up', broker: id, text: `Broker ${id} is running`, cause: a ? 'restarted: its replicas catch up from the leaders' : 'joined the cluster' });
    }
  }
  const isDown = (id: number) => down(after.get(id));

  const partitionEvents: ClusterEvent[] = [];
  const prevParts = new Map<string, MapPartition>();
  for (const t of prev.topics) for (const p of t.partitions) prevParts.set(name(t.name, p.partition), p);
  for (const t of next.topics) {
    for (const p of t.partitions) {
      const q = prevParts.get(name(t.name, p.partition));
      if (!q) continue;
      const where = { topic: t.name, partition: p.partition };
      const label = name(t.name, p.partition);
      if (p.leader !== q.leader) {
        if (p.leader < 0) {
          partitionEvents.push({ at, kind: 'offline', ...where, text: `${label} is offline: no replica left to lead`, cause: q.leader >= 0 && isDown(q.leader) ? `its leader, broker ${q.leader}, ${brokerWord(after.get(q.leader))}` : 'no in-sync replica is running' });
        } else {
          const cause = q.leader >= 0 && isDown(q.leader)
            ? `its leader, broker ${q.leader}, ${brokerWord(after.get(q.leader))}`
            : q.leader < 0 ? 'a replica came back'
              : p.leader === p.replicas[0] ? 'preferred leader election: the first replica leads again'
                : 'leadership moved';
          partitionEvents.push({ at, kind: 'leader-elected', ...where, broker: p.leader, text: `${label}: broker ${p.leader} elected leader (epoch ${p.leaderEpoch})`, cause });
        }
      }
      const shrunk = q.isr.filter((r) => !p.isr.includes(r));
      const grown = p.isr.filter((r) => !q.isr.includes(r));
      if (shrunk.length > 0) {
        const causes = shrunk.map((r) => (isDown(r) ? `broker ${r} is down` : `broker ${r} fell behind`));
        partitionEvents.push({ at, kind: 'isr-shrink', ...where, text: `${label}: ISR shrank to [${ids(p.isr)}]`, cause: causes.join('; ') });
      }
      if (grown.length > 0) {
        partitionEvents.push({ at, kind: 'isr-expand', ...where, text: `${label}: ISR expanded to [${ids(p.isr)}]`, cause: `broker ${ids(grown)} caught up with the leader` });
      }
    }
  }
  out.push(...collapse(partitionEvents));

  const [u0, u1, o0, o1] = [underCount(prev), underCount(next), offlineCount(prev), offlineCount(next)];
  if (u0 === 0 && u1 > 0) out.push({ at, kind: 'under-replicated', text: `${u1} partition${u1 > 1 ? 's' : ''} under-replicated`, cause: wentDown.size ? `broker ${ids([...wentDown])} down` : 'a follower fell out of the ISR' });
  if (o0 === 0 && o1 > 0) out.push({ at, kind: 'offline', text: `${o1} partition${o1 > 1 ? 's' : ''} offline`, cause: 'no running replica can lead them' });
  if ((u0 > 0 || o0 > 0) && u1 === 0 && o1 === 0) out.push({ at, kind: 'fully-replicated', text: 'Every partition fully replicated', cause: 'every follower is back in its ISR' });
  return out;
}

/** More than COLLAPSE_OVER events of one kind and cause become one that counts them. */
export function collapse(events: ClusterEvent[]): ClusterEvent[] {
  const groups = new Map<string, ClusterEvent[]>();
  for (const e of events) {
    const k = `${e.kind}|${e.cause}`;
    groups.set(k, [...(groups.get(k) ?? []), e]);
  }
  const out: ClusterEvent[] = [];
  for (const list of groups.values()) {
    if (list.length <= COLLAPSE_OVER) out.push(...list);
    else {
      const e = list[0];
      const what = {
        'leader-elected': 'elected a new leader', 'preferred-leader': 'have their preferred leader back', offline: 'went offline', online: 'came online',
        'isr-shrink': 'shrank their ISR', 'isr-expand': 'expanded their ISR', 'under-replicated': 'under-replicated', 'fully-replicated': 'fully replicated',
      }[e.kind as 'offline'] ?? e.kind;
      out.push({ at: e.at, kind: e.kind, text: `${list.length} partitions ${what}`, cause: e.cause });
    }
  }
  return out;
}

/** The leader moves from `prev` to `next` by partition key (`topic-partition`), for drawing them. */
export function leaderMoves(prev: ClusterMap, next: ClusterMap): Map<string, { from: number; to: number; epoch: number }> {
  const out = new Map<string, { from: number; to: number; epoch: number }>();
  const before = new Map<string, number>();
  for (const t of prev.topics) for (const p of t.partitions) before.set(name(t.name, p.partition), p.leader);
  for (const t of next.topics) {
    for (const p of t.partitions) {
      const from = before.get(name(t.name, p.partition));
      if (from !== undefined && from >= 0 && p.leader >= 0 && from !== p.leader) out.set(name(t.name, p.partition), { from, to: p.leader, epoch: p.leaderEpoch });
    }
  }
  return out;
}
