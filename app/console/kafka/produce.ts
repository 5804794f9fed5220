// Produce one record through the console's Producer (acks=all). With format 'json' the value must parse
// as JSON: a bad value is refused before anything is sent, so nothing is written. With a value schema the
// JSON is encoded in Confluent's wire format; a value that does not match it is refused the same way.

import type { ProduceRequest, ProduceResult } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';

/** Why `text` is not JSON, in words a user can act on; undefined when it is valid. */
export function jsonProblem(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** `encode`: the value's schema encoder (req.valueSchema); it refuses a value that does not match. */
export async function produce(conn: KafkaConnection, req: ProduceRequest, encode?: (value: unknown) => Buffer): Promise<ProduceResult> {
  const res = await conn.producer.send({ messages: [messageOf(req, encode)] });
  const o = res.offsets?.[0];
  if (!o) throw new ConsoleError('UNAVAILABLE', 'The broker accepted the record but returned no offset.');
  return { topic: o.topic, partition: o.partition, offset: Number(o.offset) };
}

/** The record a ProduceRequest asks for, checked: a bad request is refused before anything is sent. */
export function messageOf(req: ProduceRequest, encode?: (value: unknown) => Buffer) {
  if (typeof req?.topic !== 'string' || req.topic === '') throw new ConsoleError('INVALID_REQUEST', 'Choose a topic to produce to.');
  if (typeof req.value !== 'string') throw new ConsoleError('INVALID_REQUEST', 'The value must be text.');
  if (req.format === 'json' || encode) {
    const problem = jsonProblem(req.value);
    if (problem) throw new ConsoleError('INVALID_JSON', `The value is not valid JSON (${problem}). Nothing was sent.`);
  }
  if (req.partition !== null && (!Number.isInteger(req.partition) || req.partition < 0)) {
    throw new ConsoleError('INVALID_REQUEST', 'The partition must be a whole number from 0, or empty to let the partitioner choose.');
  }
  const value = encode ? encode(JSON.parse(req.value)) : Buffer.from(req.value, 'utf8');
  const headers = new Map<Buffer, Buffer>();
  for (const h of req.headers ?? []) {
    if (h.key === '') continue;
    headers.set(Buffer.from(h.key, 'utf8'), Buffer.from(h.value ?? '', 'utf8'));
  }
  return {
    topic: req.topic,
    ...(req.partition !== null ? { partition: req.partition } : {}),
    ...(req.key !== null && req.key !== '' ? { key: Buffer.from(req.key, 'utf8') } : {}),
    value,
    headers,
  };
}
