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
