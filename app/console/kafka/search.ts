// Server-side search: scan partitions with Fetch in large chunks (8 MiB per request; record-fetch.ts keeps the
// record bytes raw and reads them with the engine's batch reader), filter each record, and stream matches to the UI as 'search.progress' events with
// records scanned / total. Filters, cheapest first: offset and time range (turned into offsets with
// ListOffsets before the scan, so `total` is exact), key / value / header contains (byte search, no
// decoding), a regular expression on the key and value text, and a JavaScript predicate.
//
// The predicate is an expression over `r` (r.key, r.value: text or null; r.headers: { name: text };
// r.partition, r.offset, r.timestamp; r.json: the value parsed, undefined when it is not JSON). It runs in
// node:vm, in a context of its own (no require, no process), over chunks of CHUNK candidate records; each
// chunk gets `perRecordMs × chunk size` of time (capped by what is left of the total), so a predicate that
// loops forever is stopped within that and the search ends with PREDICATE_TIMEOUT.
//
// Values in Confluent's wire format are decoded through the schema registry first (their schemas fetched
// once per chunk, before the scan of the chunk): the value contains filter, the regex and the predicate
// (r.value, r.json) see the decoded JSON, and the matches carry it.

import { randomUUID } from 'node:crypto';
import vm from 'node:vm';
import type { ConsumedRecord, SearchProgressEvent, SearchRequest } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError, toContractError } from '../service/errors.ts';
import { listOffsets, readMetadata } from './overview.ts';
import type { KafkaRecord } from '../../../engine/index.ts';
import { RawFetcher, scanBatches } from './record-fetch.ts';
import { looksConfluent, schemaIdOf } from '../../registry/wire-format.ts';
import type { SchemaCodec } from '../schemas/wire-format.ts';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../../engine/index.ts';

const FETCH_BYTES = 8 * 1024 * 1024;
const CHUNK = 64;
const EMIT_MS = 100;
const MAX_LIMIT = 100_000;

interface Range { partition: number; leader: number; broker: { host: string; port: number } | undefined; start: number; end: number }

interface Candidate {
  key: string | null;
  value: string | null;
  headers: Record<string, string | null>;
  partition: number;
  offset: number;
  timestamp: number;
  full: ConsumedRecord;
}

interface Job { cancelled: boolean; clientId: string }

function toConsumed(partition: number, r: KafkaRecord): ConsumedRecord {
  const { key, value } = r;
  return {
    partition, offset: r.offset, timestamp: r.timestamp,
    key: key ? key.toString('base64') : null,
    value: value ? value.toString('base64') : null,
    headers: r.headers.map((h) => ({ key: h.key, value: h.value ? h.value.toString('base64') : null })),
    size: (key?.length ?? 0) + (value?.length ?? 0),
  };
}

const contains = (bytes: Buffer | null, needle: Buffer) => bytes !== null && bytes.length >= needle.length && bytes.indexOf(needle) !== -1;

/** The predicate, compiled once in its own context; throws INVALID_PREDICATE for a syntax error. */
export function compilePredicate(source: string): { run(batch: Candidate[], timeoutMs: number): number[] } {
  try {
    new vm.Script(`(function (r) { return (${source}\n); })`);
  } catch (e) {
    throw new ConsoleError('INVALID_PREDICATE', `The predicate is not a valid JavaScript expression: ${(e as Error).message}.`);
  }
  const context = vm.createContext({ __batch: [] as Candidate[] });
  vm.runInContext(`
    const __f = (function (r) { return (${source}\n); });
    globalThis.__run = function (batch) {
      const out = [];
      for (let i = 0; i < batch.length; i++) {
        const x = batch[i];
        let parsed;
        const r = { key: x.key, value: x.value, headers: x.headers, partition: x.partition, offset: x.offset, timestamp: x.timestamp,
          get json() { if (parsed === undefined) { try { parsed = JSON.parse(x.value); } catch { parsed = null; } } return parsed === null ? undefined : parsed; } };
        if (__f(r)) out.push(i);
      }
      return out;
    };`, context);
  const call = new vm.Script('__run(__batch)');
  return {
    run(batch, timeoutMs) {
      context.__batch = batch;
      const out = call.runInContext(context, { timeout: Math.max(1, Math.floor(timeoutMs)) }) as number[];
      return Array.from(out);
    },
  };
}

export class SearchManager {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly conn: KafkaConnection,
    private readonly emit: (e: SearchProgressEvent) => void,
    /** The active connection's schema codec, when it has a registry. */
    private readonly codec: () => SchemaCodec | undefined = () => undefined,
  ) {}

  /** Validates the filters (a bad regex or predicate is refused before anything is read), plans the ranges and starts the scan. */
  async start(clientId: string, req: SearchRequest): Promise<{ searchId: string; total: number; done: Promise<void> }> {
    if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Choose a topic to search.');
    let regex: RegExp | undefined;
    if (req.regex) {
      try {
        regex = new RegExp(req.regex, (req.regexFlags ?? '').replace(/[gy]/g, ''));
      } catch (e) {
        throw new ConsoleError('INVALID_REGEX', `The regular expression is not valid: ${(e as Error).message}.`);
      }
    }
    const predicate = req.predicate?.trim() ? compilePredicate(req.predicate) : undefined;
    const limit = Math.min(MAX_LIMIT, Math.max(1, Math.trunc(req.limit ?? 1000)));

    const md = await readMetadata(this.conn, [req.topic], this.conn.fetcher);
    const topic = md.topics.get(req.topic);
    if (!topic) throw new ConsoleError('NOT_FOUND', `Topic '${req.topic}' does not exist.`);
    const all = topic.partitions.map((_, i) => i);
    const resume = req.resumeFrom?.length ? new Map(req.resumeFrom.map((r) => [r.partition, r.offset])) : undefined;
    const wanted = resume ? [...resume.keys()] : req.partitions?.length ? req.partitions : all;
    for (const p of wanted) if (!all.includes(p)) throw new ConsoleError('NOT_FOUND', `Topic '${req.topic}' has no partition ${p}.`);
    const tps = wanted.map((partition) => ({ topic: req.topic, partition }));
    const [starts, ends, fromT, toT] = await Promise.all([
      listOffsets(this.conn, tps, BigInt(EARLIEST_TIMESTAMP)),
      listOffsets(this.conn, tps, BigInt(LATEST_TIMESTAMP)),
      req.fromTime !== undefined ? listOffsets(this.conn, tps, BigInt(Math.trunc(req.fromTime))) : undefined,
      req.toTime !== undefined ? listOffsets(this.conn, tps, BigInt(Math.trunc(req.toTime) + 1)) : undefined,
    ]);
    const ranges: Range[] = wanted.map((partition) => {
      const k = `${req.topic}/${partition}`;
      const leader = topic.partitions[partition].leader;
      const hw = ends.get(k) ?? 0;
      let start = Math.max(starts.get(k) ?? 0, req.fromOffset ?? 0, resume?.get(partition) ?? 0);
      let end = Math.min(hw, req.toOffset ?? hw);
      if (fromT) start = Math.max(start, (fromT.get(k) ?? -1) < 0 ? hw : fromT.get(k)!);
      if (toT) end = Math.min(end, (toT.get(k) ?? -1) < 0 ? hw : toT.get(k)!);
      return { partition, leader, broker: md.brokers.get(leader), start, end: Math.max(start, end) };
    });
    const total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
    const searchId = randomUUID();
    const job: Job = { cancelled: false, clientId };
    this.jobs.set(searchId, job);
    const done = this.scan(searchId, job, req, topic.id, ranges, total, limit, regex, predicate).finally(() => this.jobs.delete(searchId));
    return { searchId, total, done };
  }

  cancel(searchId: string): void {
    const j = this.jobs.get(searchId);
    if (j) j.cancelled = true;
  }

  stopClient(clientId: string): void {
    for (const j of this.jobs.values()) if (j.clientId === clientId) j.cancelled = true;
  }

  cancelAll(): void {
    for (const j of this.jobs.values()) j.cancelled = true;
  }

  private async scan(
    searchId: string, job: Job, req: SearchRequest, topicId: string, ranges: Range[], total: number, limit: number,
    regex: RegExp | undefined, predicate: ReturnType<typeof compilePredicate> | undefined,
  ): Promise<void> {
    const keyNeedle = req.keyContains ? Buffer.from(req.keyContains, 'utf8') : undefined;
    const valueNeedle = req.valueContains ? Buffer.from(req.valueContains, 'utf8') : undefined;
    const headerNeedle = req.headerContains ? Buffer.from(req.headerContains, 'utf8') : undefined;
    const timeFiltered = req.fromTime !== undefined || req.toTime !== undefined;
    const fromTime = req.fromTime ?? -Infinity;
    const toTime = req.toTime ?? Infinity;
    const perRecordMs = Math.max(1, req.predicateTimeoutMs ?? 20);
    let predicateBudget = Math.max(1, req.totalTimeoutMs ?? 30_000);

    let scanned = 0;
    let matched = 0;
    let pending: ConsumedRecord[] = [];
    let lastEmit = Date.now();
    let stopError: unknown;
    const emit = (done: boolean) => {
      this.emit({
        searchId, scanned, total, matched, records: pending, done, cancelled: job.cancelled,
        ...(stopError ? { error: toContractError(stopError) } : {}),
        ...(done && resumeFrom.length > 0 ? { limitReached: true, resumeFrom } : {}),
      });
      pending = [];
      lastEmit = Date.now();
    };
    let lastAccepted: ConsumedRecord | undefined;
    const accept = (r: ConsumedRecord) => {
      if (matched >= limit) return;
      matched++;
      pending.push(r);
      lastAccepted = r;
    };
    /** Stopped at the limit: per partition, where a continued search starts (finished partitions left out). */
    const resumeFrom: { partition: number; offset: number }[] = [];
    let chunk: Candidate[] = [];
    const flushPredicate = () => {
      if (!predicate || chunk.length === 0) return;
      const batch = chunk;
      chunk = [];
      const allowed = Math.min(predicateBudget, perRecordMs * batch.length);
      const t0 = performance.now();
      let hits: number[];
      try {
        hits = predicate.run(batch, allowed);
      } catch (e) {
        const at = `partition ${batch[0].partition}, offsets ${batch[0].offset}–${batch[batch.length - 1].offset}`;
        if ((e as { code?: string })?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
          const why = allowed < perRecordMs * batch.length
            ? `used up its total time limit of ${req.totalTimeoutMs ?? 30_000} ms`
            : `ran longer than ${perRecordMs} ms per record (${Math.round(allowed)} ms for ${batch.length} records)`;
          throw new ConsoleError('PREDICATE_TIMEOUT', `The predicate ${why} at ${at} and was stopped.`);
        }
        throw new ConsoleError('PREDICATE_ERROR', `The predicate threw at ${at}: ${(e as Error)?.message ?? String(e)}`);
      }
      predicateBudget -= performance.now() - t0;
      for (const i of hits) accept(batch[i].full);
    };

    const fetcher = new RawFetcher(this.conn.fetcher);
    const codec = this.codec();
    try {
      for (const range of ranges) {
        let offset = range.start;
        while (offset < range.end && !job.cancelled && matched < limit) {
          if (range.leader < 0 || !range.broker) throw new ConsoleError('UNAVAILABLE', `Partition ${range.partition} is offline: it has no leader.`);
          const p = await fetcher.fetch(range.broker, topicId, range.partition, offset, FETCH_BYTES);
          if (!p.records || p.records.length === 0) break;
          const before = offset;
          const end = range.end;
          if (codec) {
            const ids: number[] = [];
            scanBatches(p.records, (r) => {
              if (r.offset >= end) return false;
              if (r.offset >= offset && looksConfluent(r.value)) ids.push(schemaIdOf(r.value));
            });
            // A registry that does not answer leaves the values as they are (the matches say why).
            if (ids.length > 0) await codec.prepare(ids).catch(() => undefined);
          }
          const { next } = scanBatches(p.records, (r) => {
            const o = r.offset;
            if (o < offset) return true;
            if (o >= end) return false;
            scanned++;
            offset = o + 1;
            const decoded = codec?.decodeCached(r.value);
            const decodedText = decoded?.json;
            if (keyNeedle && !contains(r.key, keyNeedle)) return true;
            if (valueNeedle && !(decodedText !== undefined ? decodedText.includes(req.valueContains!) : contains(r.value, valueNeedle))) return true;
            if (headerNeedle && !r.headers.some((h) => contains(h.value, headerNeedle))) return true;
            const ts = r.timestamp;
            if (timeFiltered && (ts < fromTime || ts > toTime)) return true;
            if (regex) {
              const k = r.key ? r.key.toString('utf8') : '';
              const v = decodedText ?? (r.value ? r.value.toString('utf8') : '');
              if (!regex.test(k) && !regex.test(v)) return true;
            }
            const full = toConsumed(range.partition, r);
            if (decoded) full.decoded = decoded;
            if (!predicate) {
              accept(full);
              return matched < limit;
            }
            const headers: Record<string, string | null> = {};
            for (const h of r.headers) headers[h.key] = h.value ? h.value.toString('utf8') : null;
            chunk.push({
              key: r.key ? r.key.toString('utf8') : null,
              value: decodedText ?? (r.value ? r.value.toString('utf8') : null),
              headers, partition: range.partition, offset: o, timestamp: ts, full,
            });
            if (chunk.length >= CHUNK) flushPredicate();
            return !job.cancelled;
          });
          // Batches with nothing to show (control batches, compacted gaps) still move the position on.
          if (next > offset && next <= end) offset = next;
          flushPredicate();
          if (offset === before) break; // nothing advanced: the log ends here
          if (Date.now() - lastEmit >= EMIT_MS) emit(false);
        }
        flushPredicate();
        if (job.cancelled) break;
        if (matched >= limit) {
          // The last match is in this range: what follows it, and every range not reached, is left to scan.
          const at = lastAccepted && lastAccepted.partition === range.partition ? lastAccepted.offset + 1 : offset;
          if (at < range.end) resumeFrom.push({ partition: range.partition, offset: at });
          for (const r of ranges.slice(ranges.indexOf(range) + 1)) if (r.start < r.end) resumeFrom.push({ partition: r.partition, offset: r.start });
          break;
        }
      }
    } catch (e) {
      stopError = e;
    }
    emit(true);
  }
}
