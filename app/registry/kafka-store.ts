// The registry's store: the compacted `_schemas` topic, read and written as a Kafka client (like Confluent's
// KafkaStore). At start it creates the topic if missing (1 partition, cleanup.policy=compact, replication
// factor min(3, brokers)) and reads it from the beginning to its end offset. A background reader then follows
// the topic and folds each record into the state. A write produces (acks=all) and returns only once the
// reader has applied the record at the offset the broker assigned, so every answer reflects the topic and a
// restarted registry, or another one reading the same topic, sees the same state.
//
// Leadership moves (a broker killed) are survived by refreshing metadata and retrying: the reader backs off
// and asks for the partition's leader again; a write is sent again until it is acknowledged (or 30 s pass:
// then the answer is 50001, the backend store error).

import { Admin, Consumer, Producer, type AdminOptions } from '@platformatic/kafka';

/** SASL and TLS of a secured cluster, as @platformatic/kafka takes them. */
export type ClientSecurity = Pick<AdminOptions, 'sasl' | 'tls'>;
import { Errors } from './errors.ts';
import { decodeRecord, encodeRecord, keys, type StoreRecord } from './store-format.ts';

export const SCHEMAS_TOPIC = '_schemas';
const IS_CONTROL = 0x20;
const FETCH_BYTES = 4 * 1024 * 1024;
const WRITE_TIMEOUT_MS = 30_000;

export interface KafkaStoreOptions {
  bootstrap: string[];
  /** SASL and TLS options of the cluster's clients (@platformatic/kafka's `sasl`, `tls`). */
  client?: ClientSecurity;
  topic?: string;
  clientId?: string;
  apply(record: StoreRecord | null, offset: number): void;
  /** How long a write may take (sent, acknowledged and read back); default 30 s. */
  writeTimeoutMs?: number;
  log?(message: string): void;
}

export class KafkaStore {
  readonly topic: string;
  private readonly admin: Admin;
  private readonly producer: Producer;
  private readonly consumer: Consumer;
  /** The next offset to read. */
  private position = 0;
  private waiters: { offset: number; resolve(): void }[] = [];
  private stopped = false;
  private loop: Promise<void> | undefined;
  private lastError: Error | undefined;

  constructor(private readonly opts: KafkaStoreOptions) {
    this.topic = opts.topic ?? SCHEMAS_TOPIC;
    const clientId = opts.clientId ?? 'streamlab-schema-registry';
    const base = { bootstrapBrokers: opts.bootstrap, timeout: 5000, retries: 5, retryDelay: 300, metadataMaxAge: 1000, ...opts.client };
    this.admin = new Admin({ ...base, clientId: `${clientId}-admin` });
    this.producer = new Producer({ ...base, clientId: `${clientId}-producer`, acks: -1 });
    this.consumer = new Consumer({ ...base, clientId: `${clientId}-reader`, groupId: `${clientId}-reader` });
  }

  /** Create the topic if needed, read it to its current end, then follow it. */
  async start(): Promise<void> {
    await this.ensureTopic();
    const end = await this.endOffset();
    this.loop = this.follow();
    await this.waitFor(end - 1, Math.max(WRITE_TIMEOUT_MS, this.opts.writeTimeoutMs ?? 0));
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([this.admin.close(), this.producer.close(), this.consumer.close(true)]);
  }

  /** Produce records (in order, one batch) and wait until the reader has applied them. */
  async write(records: StoreRecord[]): Promise<void> {
    if (records.length === 0) return;
    const messages = records.map((r) => {
      const { key, value } = encodeRecord(r);
      return { topic: this.topic, partition: 0, key, value: value as Buffer };
    });
    // A send that fails while leadership moves is retried: writing the same records twice is harmless, the
    // state being the fold of the latest value per key.
    const timeout = this.opts.writeTimeoutMs ?? WRITE_TIMEOUT_MS;
    const deadline = Date.now() + timeout;
    let res;
    for (;;) {
      try {
        res = await this.producer.send({ messages });
        break;
      } catch (e) {
        if (Date.now() > deadline) throw Errors.store(`could not write to '${this.topic}': ${innermost(e)}`);
        await sleep(250);
      }
    }
    const base = Number(res.offsets?.find((o) => o.topic === this.topic)?.offset ?? -1);
    if (base < 0) throw Errors.store(`the broker did not return an offset for the write to '${this.topic}'`);
    await this.waitFor(base + records.length - 1, Math.max(1000, deadline - Date.now()));
  }

  private async waitFor(offset: number, ms: number): Promise<void> {
    if (this.position > offset) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(Errors.timeout(`'${this.topic}' was not read up to offset ${offset}${this.lastError ? `: ${this.lastError.message}` : ''}`));
      }, ms);
      const waiter = { offset, resolve: () => { clearTimeout(timer); resolve(); } };
      this.waiters.push(waiter);
    });
  }

  private async ensureTopic(): Promise<void> {
    const md = await this.admin.metadata({ topics: [] });
    const existing = await this.admin.listTopics({ includeInternals: true });
    if (existing.includes(this.topic)) return;
    const replicas = Math.min(3, Math.max(1, md.brokers.size));
    try {
      await this.admin.createTopics({ topics: [this.topic], partitions: 1, replicas, configs: [{ name: 'cleanup.policy', value: 'compact' }] });
    } catch (e) {
      if (!/TOPIC_ALREADY_EXISTS/.test(JSON.stringify(flatten(e)))) throw Errors.store(`could not create '${this.topic}': ${innermost(e)}`);
    }
  }

  private async leader(): Promise<{ node: number; topicId: string }> {
    const md = await this.consumer.metadata({ topics: [this.topic], forceUpdate: true });
    const t = md.topics.get(this.topic);
    const p = t?.partitions[0];
    if (!t || !p || p.leader < 0) throw new Error(`'${this.topic}' partition 0 has no leader`);
    return { node: p.leader, topicId: t.id };
  }

  private async endOffset(): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.admin.listOffsets({ topics: [{ name: this.topic, partitions: [{ partitionIndex: 0, timestamp: -1n }] }] });
        return Number(res[0].partitions[0].offset);
      } catch (e) {
        // A topic just created may not have a leader yet.
        if (attempt >= 50) throw Errors.store(`could not read the end of '${this.topic}': ${innermost(e)}`);
        await sleep(100);
      }
    }
  }

  private async follow(): Promise<void> {
    let target: { node: number; topicId: string } | undefined;
    while (!this.stopped) {
      try {
        target ??= await this.leader();
        const res = await this.consumer.fetch({
          node: target.node, maxWaitTime: 200, minBytes: 1, maxBytes: FETCH_BYTES,
          topics: [{ topicId: target.topicId, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: BigInt(this.position), lastFetchedEpoch: -1, partitionMaxBytes: FETCH_BYTES }] }],
        });
        const p = res.responses[0]?.partitions[0];
        if (!p) continue;
        if (p.errorCode !== 0) throw new Error(`fetch error code ${p.errorCode}`);
        if (this.position < Number(p.logStartOffset)) this.position = Number(p.logStartOffset);
        for (const batch of p.records ?? []) {
          const first = Number(batch.firstOffset);
          if (!(batch.attributes & IS_CONTROL)) {
            for (const r of batch.records) {
              const offset = first + r.offsetDelta;
              if (offset < this.position) continue;
              this.opts.apply(decodeRecord(r.key, r.value), offset);
              this.position = offset + 1;
            }
          }
          this.position = Math.max(this.position, first + batch.lastOffsetDelta + 1);
        }
        this.lastError = undefined;
        this.wake();
      } catch (e) {
        if (this.stopped) break;
        this.lastError = e as Error;
        target = undefined;
        await sleep(200);
      }
    }
  }

  private wake(): void {
    const ready = this.waiters.filter((w) => this.position > w.offset);
    if (ready.length === 0) return;
    this.waiters = this.waiters.filter((w) => this.position <= w.offset);
    for (const w of ready) w.resolve();
  }
}

export const noopRecord = (): StoreRecord => ({ key: keys.noop(), value: null });

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function flatten(e: unknown, depth = 0): unknown {
  if (!e || typeof e !== 'object' || depth > 5) return e;
  const k = e as { message?: unknown; apiId?: unknown; errors?: unknown[]; cause?: unknown };
  return { message: k.message, apiId: k.apiId, errors: Array.isArray(k.errors) ? k.errors.map((x) => flatten(x, depth + 1)) : undefined, cause: flatten(k.cause, depth + 1) };
}

function innermost(e: unknown): string {
  const k = e as { message?: string; errors?: unknown[]; cause?: unknown };
  if (Array.isArray(k?.errors) && k.errors.length > 0) return innermost(k.errors[0]);
  if (k?.cause) return innermost(k.cause);
  return k?.message ?? String(e);
}
