// Transactions a user opens from the produce form: records sent under a transactional id and held open until
// the user commits or aborts, so the log can be looked at in between (the records are there, the last stable
// offset waits before them, the id is Ongoing on the Transactions screen). One transactional Producer per
// open id, opened on the first send (InitProducerId: a new epoch, fencing any older producer of the id) and
// closed when the transaction ends. The transaction timeout is a minute: long enough to look, and the
// coordinator aborts a forgotten one. A failed send aborts the transaction: nothing of it is committed.

import { Producer } from '@platformatic/kafka';
import type { ProduceRequest, ProduceResult, TransactionalProduceRequest, TransactionalProduceResult } from '../../contract.ts';
import { ConsoleError } from '../service/errors.ts';
import type { KafkaConnection } from './connection.ts';
import { messageOf } from './produce.ts';

export const MAX_RECORDS = 1000;
/** transaction.timeout.ms of the console's transactions (the client sends its request timeout as this). */
export const TRANSACTION_TIMEOUT_MS = 60_000;

interface Open {
  producer: Producer;
  txn: Awaited<ReturnType<Producer['beginTransaction']>>;
  records: number;
}

type Encoder = (req: ProduceRequest) => Promise<((value: unknown) => Buffer) | undefined>;

export class TransactionalProduce {
  private readonly open = new Map<string, Open>();

  constructor(private readonly conn: KafkaConnection) {}

  /** Ids with a transaction open here. */
  ids(): string[] {
    return [...this.open.keys()];
  }

  async send(req: TransactionalProduceRequest, encoderFor: Encoder = async () => undefined): Promise<TransactionalProduceResult> {
    const id = typeof req?.transactionalId === 'string' ? req.transactionalId.trim() : '';
    if (id === '') throw new ConsoleError('INVALID_REQUEST', 'Name a transactional id.');
    if (!Array.isArray(req.records) || req.records.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Send at least one record in the transaction.');
    if (req.records.length > MAX_RECORDS) throw new ConsoleError('INVALID_REQUEST', `At most ${MAX_RECORDS} records per send (got ${req.records.length}).`);
    // Every record is checked before anything is sent.
    const messages = [];
    for (const [i, r] of req.records.entries()) {
      try {
        messages.push(messageOf(r, await encoderFor(r)));
      } catch (e) {
        const name = e instanceof ConsoleError ? e.errorName : 'INVALID_REQUEST';
        throw new ConsoleError(name, `Record ${i + 1} of ${req.records.length}: ${(e as Error).message}`);
      }
    }
    const open = this.open.get(id) ?? await this.begin(id);
    let results: ProduceResult[];
    try {
      const res = await open.txn.send({ messages });
      results = (res.offsets ?? []).map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) }));
    } catch (e) {
      await this.finish(id, false).catch(() => undefined);
      throw new ConsoleError('UNAVAILABLE', `The transaction could not send its records and was aborted: ${(e as Error).message}`);
    }
    open.records += messages.length;
    return { transactionalId: id, results, pending: open.records };
  }

  /** Commit (or abort) the open transaction of `transactionalId`; returns how many records it held. */
  async end(transactionalId: string, commit: boolean): Promise<{ transactionalId: string; committed: boolean; records: number }> {
    if (typeof commit !== 'boolean') throw new ConsoleError('INVALID_REQUEST', 'Say whether to commit or abort.');
    const records = this.open.get(transactionalId)?.records;
    if (records === undefined) throw new ConsoleError('NOT_FOUND', `No transaction is open here under '${transactionalId}': send records first.`);
    await this.finish(transactionalId, commit);
    return { transactionalId, committed: commit, records };
  }

  async closeAll(): Promise<void> {
    await Promise.allSettled(this.ids().map((id) => this.finish(id, false)));
  }

  private async begin(id: string): Promise<Open> {
    const producer = new Producer({
      ...this.conn.clientOptions, clientId: `${this.conn.clientOptions.clientId}-txn`, timeout: TRANSACTION_TIMEOUT_MS,
      transactionalId: id, idempotent: true, acks: -1,
    });
    try {
      const txn = await producer.beginTransaction();
      const open = { producer, txn, records: 0 };
      this.open.set(id, open);
      return open;
    } catch (e) {
      await producer.close().catch(() => undefined);
      throw new ConsoleError('UNAVAILABLE', `Could not open a transaction as '${id}': ${(e as Error).message}`);
    }
  }

  private async finish(id: string, commit: boolean): Promise<void> {
    const open = this.open.get(id);
    if (!open) return;
    this.open.delete(id);
    try {
      await (commit ? open.txn.commit() : open.txn.abort());
    } catch (e) {
      throw new ConsoleError('UNAVAILABLE', `The transaction '${id}' could not ${commit ? 'commit' : 'abort'}: ${(e as Error).message}`);
    } finally {
      await open.producer.close().catch(() => undefined);
    }
  }
}
