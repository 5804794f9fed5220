// The local cluster's events as the console keeps them: each batch the controller publishes, turned into the
// contract's records and kept in a bounded ring, so a window opened now still shows the last minutes.
// Broker events get the console's cause where it knows more than the metadata: it asked for the kill or
// the controlled shutdown, and the lifecycle knows why a worker failed.

import type { ExplainedClusterEvent } from '../../../engine/index.ts';
import type { ClusterEventRecord } from '../../contract.ts';

export const EVENT_LOG_MAX = 2000;

export type BrokerIntent = 'stop' | 'kill' | 'restart';

export function toRecord(e: ExplainedClusterEvent, intent: (broker: number) => BrokerIntent | undefined, failure: (broker: number) => string | undefined): ClusterEventRecord {
  switch (e.type) {
    case 'broker-down': {
      const why = intent(e.broker);
      const failed = failure(e.broker);
      const cause = failed ? `its worker failed: ${failed}`
        : why === 'kill' ? 'killed: no clean shutdown, its leaders move by election'
          : why === 'stop' ? 'controlled shutdown: its leaders moved first'
            : why === 'restart' ? 'restarting' : e.cause;
      return { at: e.at, type: e.type, broker: e.broker, cause };
    }
    case 'health':
      return {
        at: e.at, type: e.type, cause: e.cause, underReplicated: e.underReplicated, offlinePartitions: e.offline,
        before: { underReplicated: e.before.underReplicated, offlinePartitions: e.before.offline },
      };
    case 'broker-up':
      return { at: e.at, type: e.type, broker: e.broker, cause: e.cause };
    case 'leader-change': {
      // The console knows how the old leader went down when it was asked to.
      const how = e.from >= 0 && !failure(e.from) ? { kill: 'was killed', stop: 'was stopped', restart: 'restarted' }[intent(e.from) ?? 'none' as never] : undefined;
      const cause = how && e.cause.startsWith(`its leader, broker ${e.from}, went down`) ? e.cause.replace('went down', how) : e.cause;
      return { at: e.at, type: e.type, topic: e.topic, partition: e.partition, from: e.from, to: e.to, leaderEpoch: e.leaderEpoch, preferred: e.preferred ?? false, cause };
    }
    case 'isr-change':
      return { at: e.at, type: e.type, topic: e.topic, partition: e.partition, fromIsr: e.from, toIsr: e.to, cause: e.cause };
    default:
      return { at: e.at, type: e.type, topic: e.topic, partition: e.partition, cause: e.cause };
  }
}

export class ClusterEventLog {
  private readonly ring: ClusterEventRecord[] = [];
  constructor(private readonly max = EVENT_LOG_MAX) {}

  push(events: ClusterEventRecord[]): void {
    this.ring.push(...events);
    if (this.ring.length > this.max) this.ring.splice(0, this.ring.length - this.max);
  }

  /** Oldest first. */
  recent(): ClusterEventRecord[] {
    return [...this.ring];
  }
}
