// Which of a broker's partitions changed since a reader last asked: the metrics sampler's source for the
// local cluster, so a sample costs nothing per partition that did not move.
//
// The broker keeps, per hosted partition, the figures it last reported and the sequence number of the report
// in which they last changed. A reader passes the `seq` of its previous answer and gets back only the
// partitions that changed after it (every partition for `since` 0), so any number of readers share one
// tracker. `epoch` names the tracker: a restarted broker has a new one, and a reader that sees the epoch
// change asks again from 0. A partition the broker no longer hosts is reported once with `removed`.

import { randomUUID } from 'node:crypto';
import type { PartitionFigures } from '../broker/broker-stats.ts';
import type { ListenerStats } from '../broker/listener.ts';

export interface PartitionChange extends PartitionFigures {
  /** The broker no longer hosts it (deleted, or moved away); its figures are the last ones known. */
  removed?: true;
}

export interface PartitionChanges {
  epoch: string;
  /** Pass this as `since` next time. */
  seq: number;
  partitions: PartitionChange[];
}

/** A broker's answer: its partitions' changes and its listener's counters now. */
export interface BrokerChanges extends PartitionChanges {
  listener: ListenerStats;
}

interface Entry { figures: PartitionChange; changedAt: number }

const same = (a: PartitionFigures, b: PartitionFigures) =>
  a.leader === b.leader && a.logEndOffset === b.logEndOffset && a.highWatermark === b.highWatermark && a.size === b.size && a.logStartOffset === b.logStartOffset;

export class PartitionChangeTracker {
  readonly epoch = randomUUID();
  private seq = 0;
  private readonly entries = new Map<string, Entry>();

  /** `current`: every partition the broker hosts now. */
  changes(current: Iterable<PartitionFigures>, since: number): PartitionChanges {
    const seq = ++this.seq;
    const seen = new Set<string>();
    for (const f of current) {
      const key = `${f.topic}\u0000${f.partition}`;
      seen.add(key);
      const e = this.entries.get(key);
      if (!e) this.entries.set(key, { figures: { ...f }, changedAt: seq });
      else if (e.figures.removed || !same(e.figures, f)) {
        e.figures = { ...f };
        e.changedAt = seq;
      }
    }
    if (seen.size !== this.entries.size || seen.size === 0) {
      for (const [key, e] of this.entries) {
        if (seen.has(key)) continue;
        if (!e.figures.removed) {
          e.figures = { ...e.figures, removed: true };
          e.changedAt = seq;
        } else if (e.changedAt < seq - 1000) this.entries.delete(key); // every reader has seen it by now
      }
    }
    const partitions: PartitionChange[] = [];
    for (const e of this.entries.values()) if (e.changedAt > since) partitions.push(e.figures);
    return { epoch: this.epoch, seq, partitions };
  }
}
