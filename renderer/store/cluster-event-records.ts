// The local cluster's own events (the controller's, streamed as 'cluster.events') as timeline lines: what
// happened in a sentence, with the epoch of each election, and the cause the console gave. Exact even for a
// change shorter than a poll of the map. A leader lost and the partition offline, or a leader elected and
// the partition online, are one line, not two; a mass failover is collapsed as the polled timeline is.

import type { ClusterEventRecord } from '../../app/contract.ts';
import { collapse, type ClusterEvent } from './cluster-events.ts';

const name = (topic: string, partition: number) => `${topic}-${partition}`;
const ids = (xs: number[]) => xs.join(', ');

function brokerDown(cause: string): string {
  if (cause.startsWith('killed')) return 'was killed';
  if (cause.startsWith('controlled shutdown')) return 'was stopped';
  if (cause.startsWith('its worker failed')) return 'failed';
  return 'went down';
}

/** One batch (one metadata change), oldest first, as timeline lines, oldest first. */
export function fromRecords(batch: ClusterEventRecord[]): ClusterEvent[] {
  const leaderLost = new Set(batch.filter((e) => e.type === 'leader-change' && e.to! < 0).map((e) => name(e.topic!, e.partition!)));
  const leaderFound = new Set(batch.filter((e) => e.type === 'leader-change' && e.from! < 0).map((e) => name(e.topic!, e.partition!)));
  const brokers: ClusterEvent[] = [];
  const partitions: ClusterEvent[] = [];
  for (const e of batch) {
    const { at, cause } = e;
    if (e.type === 'health') continue;
    if (e.type === 'broker-down') brokers.push({ at, kind: 'broker-down', broker: e.broker, text: `Broker ${e.broker} ${brokerDown(cause)}`, cause });
    else if (e.type === 'broker-up') brokers.push({ at, kind: 'broker-up', broker: e.broker, text: `Broker ${e.broker} is running`, cause });
    else {
      const topic = e.topic!;
      const partition = e.partition!;
      const label = name(topic, partition);
      const where = { topic, partition };
      switch (e.type) {
        case 'leader-change':
          if (e.to! < 0) partitions.push({ at, kind: 'offline', ...where, text: `${label} is offline: no replica left to lead`, cause });
          else {
            partitions.push({
              at, kind: e.preferred ? 'preferred-leader' : 'leader-elected', ...where, broker: e.to, epoch: e.leaderEpoch,
              text: e.preferred ? `${label}: preferred leader ${e.to} restored (epoch ${e.leaderEpoch})` : `${label}: broker ${e.to} elected leader (epoch ${e.leaderEpoch})`,
              cause,
            });
          }
          break;
        case 'isr-change': {
          const from = e.fromIsr ?? [];
          const to = e.toIsr ?? [];
          const shrank = from.some((r) => !to.includes(r));
          partitions.push({ at, kind: shrank ? 'isr-shrink' : 'isr-expand', ...where, text: `${label}: ISR ${shrank ? 'shrank' : 'expanded'} to [${ids(to)}]`, cause });
          break;
        }
        case 'offline':
          if (!leaderLost.has(label)) partitions.push({ at, kind: 'offline', ...where, text: `${label} is offline`, cause });
          break;
        case 'online':
          if (!leaderFound.has(label)) partitions.push({ at, kind: 'online', ...where, text: `${label} is online`, cause });
          break;
        // A partition's under- or full replication is its ISR line; the cluster's count follows as 'health'.
        case 'under-replicated':
        case 'fully-replicated':
          break;
      }
    }
  }
  return [...brokers, ...collapse(partitions), ...batch.flatMap(healthLines)];
}

const plural = (n: number, what: string) => `${n} partition${n === 1 ? '' : 's'} ${what}`;

function healthLines(e: ClusterEventRecord): ClusterEvent[] {
  if (e.type !== 'health') return [];
  const [u0, o0] = [e.before?.underReplicated ?? 0, e.before?.offlinePartitions ?? 0];
  const [u1, o1] = [e.underReplicated ?? 0, e.offlinePartitions ?? 0];
  const out: ClusterEvent[] = [];
  if (u1 > u0) out.push({ at: e.at, kind: 'under-replicated', text: plural(u1, 'under-replicated'), cause: e.cause });
  if (o1 > o0) out.push({ at: e.at, kind: 'offline', text: plural(o1, 'offline'), cause: 'no running replica can lead them' });
  if (u0 + o0 > 0 && u1 + o1 === 0) out.push({ at: e.at, kind: 'fully-replicated', text: 'Every partition fully replicated', cause: e.cause });
  return out;
}
