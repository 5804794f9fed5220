// What changed between two metadata images, as the events the UI and scripts watch: brokers going up or
// down, leaders moving, ISRs shrinking or growing, partitions becoming under-replicated or offline.

import type { MetadataImage } from '../broker/metadata-image.ts';

export type ClusterEvent =
  | { type: 'broker-up' | 'broker-down'; broker: number }
  | { type: 'leader-change'; topic: string; partition: number; from: number; to: number; leaderEpoch: number }
  | { type: 'isr-change'; topic: string; partition: number; from: number[]; to: number[] }
  | { type: 'under-replicated' | 'fully-replicated' | 'offline' | 'online'; topic: string; partition: number };

export function diffImages(before: MetadataImage | undefined, after: MetadataImage): ClusterEvent[] {
  const events: ClusterEvent[] = [];
  const wasAlive = new Map((before?.brokers ?? []).map((b) => [b.id, b.alive]));
  for (const b of after.brokers) {
    const was = wasAlive.get(b.id) ?? false;
    if (b.alive && !was) events.push({ type: 'broker-up', broker: b.id });
    if (!b.alive && was) events.push({ type: 'broker-down', broker: b.id });
  }
  const old = new Map((before?.topics ?? []).flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partition}`, p] as const)));
  for (const t of after.topics) {
    for (const p of t.partitions) {
      const o = old.get(`${t.name}\u0000${p.partition}`);
      const where = { topic: t.name, partition: p.partition };
      if (o && o.leader !== p.leader) events.push({ type: 'leader-change', ...where, from: o.leader, to: p.leader, leaderEpoch: p.leaderEpoch });
      if (o && (o.isr.length !== p.isr.length || o.isr.some((b, i) => b !== p.isr[i]))) events.push({ type: 'isr-change', ...where, from: o.isr, to: p.isr });
      const wasUnder = o ? o.isr.length < o.replicas.length : false;
      const isUnder = p.isr.length < p.replicas.length;
      if (isUnder && !wasUnder) events.push({ type: 'under-replicated', ...where });
      if (!isUnder && wasUnder) events.push({ type: 'fully-replicated', ...where });
      const wasOffline = o ? o.leader < 0 : false;
      if (p.leader < 0 && !wasOffline) events.push({ type: 'offline', ...where });
      if (p.leader >= 0 && wasOffline) events.push({ type: 'online', ...where });
    }
  }
  return events;
}

/**
 * An event with when it happened and why, as far as the two images tell: the old leader's broker went down,
 * the preferred (first) replica leads again, a follower's broker is down or it fell behind. Each published
 * image yields one batch, so a change shorter than any poll is still seen.
 */
export type ExplainedClusterEvent = (ClusterEvent & {
  at: number;
  cause: string;
  /** leader-change only: the new leader is the partition's first replica. */
  preferred?: boolean;
}) | HealthChange;

/** The cluster's counts of under-replicated and offline partitions, when a change moved either. */
export interface HealthChange {
  type: 'health';
  at: number;
  cause: string;
  underReplicated: number;
  offline: number;
  before: { underReplicated: number; offline: number };
}

function health(image: MetadataImage | undefined): { underReplicated: number; offline: number } {
  let underReplicated = 0;
  let offline = 0;
  for (const t of image?.topics ?? []) {
    for (const p of t.partitions) {
      if (p.leader < 0) offline++;
      else if (p.isr.length < p.replicas.length) underReplicated++;
    }
  }
  return { underReplicated, offline };
}

export function explainEvents(before: MetadataImage | undefined, after: MetadataImage, events: ClusterEvent[], at: number): ExplainedClusterEvent[] {
  const aliveNow = new Map(after.brokers.map((b) => [b.id, b.alive]));
  const isDown = (id: number) => !(aliveNow.get(id) ?? false);
  const known = new Set((before?.brokers ?? []).map((b) => b.id));
  const replicasOf = new Map(after.topics.flatMap((t) => t.partitions.map((p) => [`${t.name}\u0000${p.partition}`, p.replicas] as const)));
  const explained = events.map((e): ExplainedClusterEvent => {
    switch (e.type) {
      case 'broker-down':
        return { ...e, at, cause: 'no longer alive in the cluster metadata: its replicas are offline' };
      case 'broker-up':
        return { ...e, at, cause: known.has(e.broker) ? 'registered again: its replicas catch up from the leaders' : 'joined the cluster' };
      case 'leader-change': {
        const replicas = replicasOf.get(`${e.topic}\u0000${e.partition}`) ?? [];
        const preferred = e.to >= 0 && replicas[0] === e.to;
        const cause = e.to < 0 ? (e.from >= 0 && isDown(e.from) ? `its leader, broker ${e.from}, went down and no in-sync replica is alive` : 'no in-sync replica is alive')
          : e.from >= 0 && isDown(e.from) ? `its leader, broker ${e.from}, went down`
            : e.from < 0 ? `broker ${e.to}, an in-sync replica, came back`
              : preferred ? 'preferred leader election: the first replica leads again'
                : 'leadership moved';
        return { ...e, at, cause, preferred };
      }
      case 'isr-change': {
        const left = e.from.filter((r) => !e.to.includes(r));
        const joined = e.to.filter((r) => !e.from.includes(r));
        const parts = [
          ...left.map((r) => (isDown(r) ? `broker ${r} is down` : `broker ${r} fell behind`)),
          ...(joined.length ? [`broker ${joined.join(', ')} caught up with the leader`] : []),
        ];
        return { ...e, at, cause: parts.join('; ') };
      }
      case 'under-replicated':
        return { ...e, at, cause: 'fewer in-sync replicas than replicas' };
      case 'fully-replicated':
        return { ...e, at, cause: 'every replica is in sync again' };
      case 'offline':
        return { ...e, at, cause: 'no alive replica can lead it' };
      case 'online':
        return { ...e, at, cause: 'a leader was elected' };
    }
  });
  const [was, now] = [health(before), health(after)];
  if (before && (was.underReplicated !== now.underReplicated || was.offline !== now.offline)) {
    const down = after.brokers.filter((b) => !b.alive).map((b) => b.id);
    const cause = now.underReplicated + now.offline === 0 ? 'every follower is back in its ISR'
      : down.length ? `broker ${down.join(', ')} down` : 'a follower fell out of the ISR';
    explained.push({ type: 'health', at, cause, ...now, before: was });
  }
  return explained;
}
