// Live tail: per subscription, poll the partition once a second from the next offset and emit what is new
// as 'tail.records'. Subscriptions belong to a client (a window or a WebSocket) and end with it.

import { randomUUID } from 'node:crypto';
import type { TailEvent, TailStartRequest } from '../../contract.ts';
import { browse } from './browse.ts';
import type { KafkaConnection } from './connection.ts';
import { listOffsets } from './overview.ts';
import { LATEST_TIMESTAMP } from '../../../engine/index.ts';

interface Subscription {
  clientId: string;
  topic: string;
  partition: number;
  next: number;
  timer: NodeJS.Timeout;
  busy: boolean;
}

export class TailManager {
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly conn: KafkaConnection,
    private readonly emit: (e: TailEvent) => void,
    private readonly intervalMs = 1000,
  ) {}

  async start(clientId: string, req: TailStartRequest): Promise<string> {
    let next = req.fromOffset;
    if (next === undefined) {
      const end = await listOffsets(this.conn, [{ topic: req.topic, partition: req.partition }], BigInt(LATEST_TIMESTAMP));
      next = end.get(`${req.topic}/${req.partition}`) ?? 0;
    }
    const id = randomUUID();
    const sub: Subscription = { clientId, topic: req.topic, partition: req.partition, next, busy: false, timer: setInterval(() => void this.poll(id), this.intervalMs) };
    this.subs.set(id, sub);
    return id;
  }

  private async poll(id: string): Promise<void> {
    const sub = this.subs.get(id);
    if (!sub || sub.busy) return;
    sub.busy = true;
    try {
      const page = await browse(this.conn, { topic: sub.topic, partition: sub.partition, offset: sub.next, limit: 500 });
      if (page.records.length > 0 && this.subs.has(id)) {
        sub.next = page.records[page.records.length - 1].offset + 1;
        this.emit({ subscriptionId: id, topic: sub.topic, partition: sub.partition, records: page.records });
      }
    } catch {
      // A leader moving or a broker down: try again on the next tick.
    } finally {
      sub.busy = false;
    }
  }

  stop(id: string): void {
    const sub = this.subs.get(id);
    if (!sub) return;
    clearInterval(sub.timer);
    this.subs.delete(id);
  }

  stopClient(clientId: string): void {
    for (const [id, s] of this.subs) if (s.clientId === clientId) this.stop(id);
  }

  stopAll(): void {
    for (const id of [...this.subs.keys()]) this.stop(id);
  }
}
