// Send N records rendered from a template at a rate, with progress events and cancel; and replay records
// (as the Messages screen holds them) into a topic. Records go out through the console's Producer in
// batches of up to BATCH per send, with the chosen compression and acks.

import { randomUUID } from 'node:crypto';
import type { BulkProduceRequest, Compression, ProduceResult, ProducerProgressEvent, ReplayRequest } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError, toContractError } from '../service/errors.ts';
import { listOffsets } from './overview.ts';
import { checkJson, compileRecordTemplate } from '../codecs/record-template.ts';
import { LATEST_TIMESTAMP } from '../../../engine/index.ts';

const BATCH = 500;
const MAX_COUNT = 10_000_000;
const COMPRESSIONS: Compression[] = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

interface Job {
  cancelled: boolean;
}

type Message = { topic: string; partition?: number; key?: Buffer; value?: Buffer; headers: Map<Buffer, Buffer> };

function validate(req: BulkProduceRequest): void {
  if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Choose a topic to produce to.');
  if (!Number.isInteger(req.count) || req.count < 1 || req.count > MAX_COUNT) throw new ConsoleError('INVALID_REQUEST', `Send 1 to ${MAX_COUNT.toLocaleString('en-US')} records.`);
  if (!(req.ratePerSec >= 0)) throw new ConsoleError('INVALID_REQUEST', 'The rate must be 0 (as fast as possible) or more records per second.');
  if (!COMPRESSIONS.includes(req.compression)) throw new ConsoleError('INVALID_REQUEST', `Compression must be one of ${COMPRESSIONS.join(', ')}.`);
  if (![0, 1, -1].includes(req.acks)) throw new ConsoleError('INVALID_REQUEST', 'acks must be 0, 1 or -1 (all).');
  if (req.partition !== null && (!Number.isInteger(req.partition) || req.partition < 0)) throw new ConsoleError('INVALID_REQUEST', 'The partition must be a whole number from 0, or empty to let the partitioner choose.');
}

function track(parts: Map<number, { firstOffset: number; lastOffset: number }>, offsets: { partition: number; offset: bigint }[] | undefined): void {
  // The produce response gives the base offset of each partition's part of the send; the last offsets are
  // read with ListOffsets when the job ends.
  for (const o of offsets ?? []) {
    const first = Number(o.offset);
    const last = first;
    const cur = parts.get(o.partition);
    parts.set(o.partition, { firstOffset: cur ? Math.min(cur.firstOffset, first) : first, lastOffset: cur ? Math.max(cur.lastOffset, last) : last });
  }
}

export class ProducerJobs {
  private readonly jobs = new Map<string, Job>();

  constructor(private readonly conn: KafkaConnection, private readonly emit: (e: ProducerProgressEvent) => void) {}

  /**
   * Validates and compiles first (a bad template or JSON refuses the job: nothing is sent), then runs in the
   * background. `encode`: the value schema's encoder; the first record must match it or nothing is sent.
   */
  start(req: BulkProduceRequest, encode?: (value: unknown) => Buffer): string {
    validate(req);
    const template = compileRecordTemplate(req.template);
    if (encode) {
      const first = template.render({ index: 0, random: Math.random, now: Date.now });
      checkJson(first.value, 0);
      encode(JSON.parse(first.value));
    }
    const jobId = randomUUID();
    const job: Job = { cancelled: false };
    this.jobs.set(jobId, job);
    void this.run(jobId, job, req, template, encode).finally(() => this.jobs.delete(jobId));
    return jobId;
  }

  cancel(jobId: string): void {
    const job = this.jobs.get(jobId);
    if (job) job.cancelled = true;
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) j.cancelled = true;
  }

  private async run(jobId: string, job: Job, req: BulkProduceRequest, template: ReturnType<typeof compileRecordTemplate>, encode?: (value: unknown) => Buffer): Promise<void> {
    const parts = new Map<number, { firstOffset: number; lastOffset: number }>();
    const started = Date.now();
    let sent = 0;
    let lastEmit = 0;
    const event = (done: boolean, error?: unknown): ProducerProgressEvent => ({
      jobId, topic: req.topic, sent, total: req.count, done, cancelled: job.cancelled,
      partitions: [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([partition, o]) => ({ partition, ...o })),
      ...(error ? { error: toContractError(error) } : {}),
    });
    try {
      const ctx = { index: 0, random: Math.random, now: Date.now };
      // With a rate, batches are small enough to go out about 10 times a second.
      const batch = req.ratePerSec > 0 ? Math.max(1, Math.min(BATCH, Math.ceil(req.ratePerSec / 10))) : BATCH;
      while (sent < req.count && !job.cancelled) {
        const n = Math.min(batch, req.count - sent);
        const messages: Message[] = [];
        for (let i = 0; i < n; i++) {
          ctx.index = sent + i;
          const r = template.render(ctx);
          if (template.format === 'json' || encode) checkJson(r.value, ctx.index);
          const headers = new Map<Buffer, Buffer>();
          for (const h of r.headers) headers.set(Buffer.from(h.key), Buffer.from(h.value));
          messages.push({
            topic: req.topic,
            ...(req.partition !== null ? { partition: req.partition } : {}),
            ...(r.key !== null ? { key: Buffer.from(r.key) } : {}),
            value: encode ? encode(JSON.parse(r.value)) : Buffer.from(r.value),
            headers,
          });
        }
        const res = await this.conn.producer.send({ messages, acks: req.acks, compression: req.compression });
        track(parts, res.offsets);
        sent += n;
        if (req.ratePerSec > 0) {
          const due = started + (sent / req.ratePerSec) * 1000;
          const wait = due - Date.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        }
        if (Date.now() - lastEmit > 200) {
          lastEmit = Date.now();
          this.emit(event(false));
        }
      }
      const ends = await listOffsets(this.conn, [...parts.keys()].map((partition) => ({ topic: req.topic, partition })), BigInt(LATEST_TIMESTAMP)).catch(() => new Map<string, number>());
      for (const [p, o] of parts) {
        const end = ends.get(`${req.topic}/${p}`);
        if (end !== undefined) o.lastOffset = Math.max(o.lastOffset, end - 1);
      }
      this.emit(event(true));
    } catch (e) {
      this.emit(event(true, e));
    }
  }
}

/** Write records back into a topic: same key, value and headers; new offsets and timestamps. */
export async function replay(conn: KafkaConnection, req: ReplayRequest): Promise<ProduceResult[]> {
  if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Choose a topic to replay into.');
  if (!Array.isArray(req.records) || req.records.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Select the messages to replay first.');
  const out: ProduceResult[] = [];
  for (let i = 0; i < req.records.length; i += BATCH) {
    const messages = req.records.slice(i, i + BATCH).map((r) => {
      const headers = new Map<Buffer, Buffer>();
      for (const h of r.headers) headers.set(Buffer.from(h.key), h.value === null ? Buffer.alloc(0) : Buffer.from(h.value, 'base64'));
      return {
        topic: req.topic,
        ...(req.partition !== null ? { partition: req.partition } : {}),
        ...(r.key !== null ? { key: Buffer.from(r.key, 'base64') } : {}),
        ...(r.value !== null ? { value: Buffer.from(r.value, 'base64') } : {}),
        headers,
      };
    });
    const res = await conn.producer.send({ messages });
    for (const o of res.offsets ?? []) out.push({ topic: o.topic, partition: o.partition, offset: Number(o.offset) });
  }
  return out;
}
