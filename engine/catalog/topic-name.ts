// Kafka's topic name rules (org.apache.kafka.common.internals.Topic) and the '.'/'_' collision check
// the controller applies on CreateTopics. Messages follow Kafka 4.x's wording.

import { KafkaError } from '../protocol/error-codes.ts';

export const MAX_TOPIC_NAME_LENGTH = 249;
const LEGAL = /^[a-zA-Z0-9._-]+$/;

/** Kafka's internal topics; Streamlab does not run them, but a user may not shadow them by accident. */
export const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state', '__cluster_metadata']);

/** Why `name` is not a legal topic name, or undefined if it is. */
export function invalidTopicNameReason(name: string): string | undefined {
  if (name.length === 0) return 'the empty string is not allowed';
  if (name === '.') return "'.' is not allowed";
  if (name === '..') return "'..' is not allowed";
  // Kafka counts UTF-16 code units (Java String#length), as JS does; any non-ASCII name fails below anyway.
  if (name.length > MAX_TOPIC_NAME_LENGTH) {
    return `the length of '${name}' is longer than the max allowed length ${MAX_TOPIC_NAME_LENGTH}`;
  }
  if (!LEGAL.test(name)) {
    return `'${name}' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'`;
  }
  return undefined;
}

export function isValidTopicName(name: string): boolean {
  return invalidTopicNameReason(name) === undefined;
}

/** Throws INVALID_TOPIC_EXCEPTION ("Topic name is invalid: ...") for an illegal name. */
export function validateTopicName(name: string): void {
  const reason = invalidTopicNameReason(name);
  if (reason !== undefined) throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic name is invalid: ${reason}`);
}

/**
 * Kafka's metric names replace '.' with '_', so 'a.b' and 'a_b' would share metrics: two names that are
 * equal after that replacement collide (Topic.hasCollision).
 */
export function unifyCollisionChars(name: string): string {
  return name.replaceAll('.', '_');
}

export function topicNamesCollide(a: string, b: string): boolean {
  return unifyCollisionChars(a) === unifyCollisionChars(b);
}

/**
 * The checks the controller makes before creating `name`, given the names that exist:
 * an illegal name -> INVALID_TOPIC_EXCEPTION; an existing name -> TOPIC_ALREADY_EXISTS;
 * a collision -> INVALID_TOPIC_EXCEPTION, as Kafka's CreateTopics answers (ReplicationControlManager),
 * naming the least colliding name so the message is deterministic.
 */
export function validateNewTopicName(name: string, existing: Iterable<string>): void {
  validateTopicName(name);
  let colliding: string | undefined;
  for (const other of existing) {
    if (other === name) throw new KafkaError('TOPIC_ALREADY_EXISTS', `Topic '${name}' already exists.`);
    if (topicNamesCollide(other, name) && (colliding === undefined || other < colliding)) colliding = other;
  }
  if (colliding !== undefined) {
    throw new KafkaError('INVALID_TOPIC_EXCEPTION', `Topic '${name}' collides with existing topic: ${colliding}`);
  }
}
