// Samples the cluster every `intervalMs`: the brokers' state and partition health ('cluster.state') and per
// topic message counts with the rate since the previous sample ('metrics.sample'). The history kept in the
// console database and the per-group lag sampling of issue 5 build on this loop.

import type { ClusterStateEvent, MetricsSample } from '../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { brokerList, partitionHealth, readMetadata, listOffsets } from './overview.ts';

export class Sampler {
  private timer: NodeJS.Timeout | undefined;
  private previous: { at: number; messages: Map<string, number> } | undefined;
  private stopped = false;

  constructor(
    private readonly conn: KafkaConnection,
    private readonly lifecycle: BrokerLifecycle | undefined,
    private readonly emitState: (e: ClusterStateEvent) => void,
    private readonly emitMetrics: (e: MetricsSample) => void,
    private readonly intervalMs = 2000,
  ) {}

  start(): void {
    const tick = async () => {
      try {
        await this.sample();
      } catch {
        // The cluster not answering is itself a state: report the brokers the engine knows.
        if (this.lifecycle) this.emitState({ at: Date.now(), brokers: this.lifecycle.status().map((b) => ({ ...b, leaderCount: 0, replicaCount: 0, isController: false })), underReplicatedPartitions: 0, offlinePartitions: 0 });
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), this.intervalMs);
    };
    this.timer = setTimeout(() => void tick(), 0);
  }

  /** Take one sample now (also used right after a broker action, so the UI sees it at once). */
  async sample(): Promise<void> {
    const md = await readMetadata(this.conn);
    let under = 0;
    let offline = 0;
    const partitions: { topic: string; partition: number }[] = [];
    for (const [name, t] of md.topics) {
      t.partitions.forEach((p, i) => {
        const h = partitionHealth(p);
        if (h === 'offline') offline++;
        else partitions.push({ topic: name, partition: i });
        if (h === 'under-replicated') under++;
      });
    }
    const at = Date.now();
    this.emitState({ at, brokers: brokerList(md, this.lifecycle), underReplicatedPartitions: under, offlinePartitions: offline });
    const latest = await listOffsets(this.conn, partitions, -1n);
    const messages = new Map<string, number>();
    for (const [k, v] of latest) {
      const topic = k.slice(0, k.lastIndexOf('/'));
      messages.set(topic, (messages.get(topic) ?? 0) + v);
    }
    const prev = this.previous;
    this.previous = { at, messages };
    this.emitMetrics({
      at,
      topics: [...messages.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([topic, n]) => {
        const before = prev?.messages.get(topic);
        const seconds = prev ? (at - prev.at) / 1000 : 0;
        return { topic, messages: n, messagesPerSec: before !== undefined && seconds > 0 ? Math.max(0, (n - before) / seconds) : 0 };
      }),
    });
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
