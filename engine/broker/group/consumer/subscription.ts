// Subscriptions: topic names and regular expressions, resolved against the cluster's topics.
//
// Kafka evaluates SubscribedTopicRegex with Google RE2/J and a full match. We use JavaScript's RegExp on
// the subset both agree on: literals, classes, anchors, alternation, groups (also (?:...) and named),
// quantifiers, \d \w \s \b, and a leading (?i). RE2 has no backreferences or lookaround, so those are
// rejected (INVALID_REGULAR_EXPRESSION) instead of silently meaning something RE2 would refuse. Internal
// topics (`__consumer_offsets`, `__transaction_state`, ...) never match a regex, as in Kafka.

import { KafkaError } from '../../../protocol/error-codes.ts';

export interface TopicImage {
  readonly id: string;
  readonly name: string;
  readonly partitions: number;
}

/** The topics the coordinator can see, by name. */
export type TopicsByName = ReadonlyMap<string, TopicImage>;

const UNSUPPORTED = [
  [/\\[1-9]/, 'backreferences'],
  [/\\k</, 'backreferences'],
  [/\(\?<?[=!]/, 'lookaround'],
] as const;

const cache = new Map<string, RegExp>();

/** Compiles a subscription regex; throws KafkaError INVALID_REGULAR_EXPRESSION when RE2 would not accept it. */
export function compileSubscriptionRegex(source: string): RegExp {
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  let body = source;
  let flags = '';
  if (body.startsWith('(?i)')) {
    body = body.slice(4);
    flags = 'i';
  }
  for (const [re, what] of UNSUPPORTED) {
    if (re.test(body)) throw new KafkaError('INVALID_REGULAR_EXPRESSION', `${JSON.stringify(source)}: ${what} are not supported (RE2 syntax)`);
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(`^(?:${body})$`, flags);
  } catch (e) {
    throw new KafkaError('INVALID_REGULAR_EXPRESSION', `${JSON.stringify(source)}: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

export function isInternalTopic(name: string): boolean {
  return name.startsWith('__');
}

/** The ids of the existing topics a subscription names or matches (unknown names are skipped). */
export function resolveSubscription(names: readonly string[], regex: string | null, topics: TopicsByName): Set<string> {
  const ids = new Set<string>();
  for (const n of names) {
    const t = topics.get(n);
    if (t !== undefined) ids.add(t.id);
  }
  if (regex !== null && regex !== '') {
    const re = compileSubscriptionRegex(regex);
    for (const t of topics.values()) if (!isInternalTopic(t.name) && re.test(t.name)) ids.add(t.id);
  }
  return ids;
}
