import { describe, expect, it } from 'vitest';
import { isKafkaError } from '../protocol/error-codes.ts';
import { isValidTopicName, topicNamesCollide, validateNewTopicName, validateTopicName } from './topic-name.ts';

const thrown = (fn: () => void): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
};

describe('topic name rules', () => {
  it.each([
    ['a'],
    ['orders'],
    ['Orders.v2_final-1'],
    ['...'],
    ['.a'],
    ['__consumer_offsets'],
    ['-'],
    ['x'.repeat(249)],
  ])('accepts %s', (name) => {
    expect(isValidTopicName(name)).toBe(true);
    expect(() => validateTopicName(name)).not.toThrow();
  });

  it.each([
    ['', /Topic name is invalid: the empty string is not allowed/],
    ['.', /'\.' is not allowed/],
    ['..', /'\.\.' is not allowed/],
    ['x'.repeat(250), /is longer than the max allowed length 249/],
    ['a/b', /'a\/b' contains one or more characters other than ASCII alphanumerics, '\.', '_' and '-'/],
    ['ü', /contains one or more characters other than ASCII alphanumerics/],
    ['a b', /contains one or more characters/],
    ['a:b', /contains one or more characters/],
    ['tab\t', /contains one or more characters/],
    ['emoji😀', /contains one or more characters/],
  ])('rejects %j with INVALID_TOPIC_EXCEPTION', (name, message) => {
    expect(isValidTopicName(name)).toBe(false);
    const e = thrown(() => validateTopicName(name));
    expect(isKafkaError(e, 'INVALID_TOPIC_EXCEPTION')).toBe(true);
    expect((e as Error).message).toMatch(message);
  });
});

describe('collisions', () => {
  it.each([
    ['a.b', 'a_b', true],
    ['a_b', 'a.b', true],
    ['a.b_c', 'a_b.c', true],
    ['a.b', 'a.b', true],
    ['a-b', 'a_b', false],
    ['a.b', 'a.bc', false],
    ['A.b', 'a_b', false],
  ])('%s vs %s collide: %s', (a, b, expected) => {
    expect(topicNamesCollide(a, b)).toBe(expected);
  });

  it('refuses a name that collides with an existing one, both ways, as Kafka does', () => {
    let e = thrown(() => validateNewTopicName('a.b', ['a_b', 'other']));
    expect(isKafkaError(e, 'INVALID_TOPIC_EXCEPTION')).toBe(true);
    expect((e as Error).message).toContain("Topic 'a.b' collides with existing topic: a_b");
    e = thrown(() => validateNewTopicName('a_b', ['a.b']));
    expect(isKafkaError(e, 'INVALID_TOPIC_EXCEPTION')).toBe(true);
    expect((e as Error).message).toContain("Topic 'a_b' collides with existing topic: a.b");
  });

  it('names the least colliding topic, for a deterministic message', () => {
    expect(() => validateNewTopicName('a_b_c', ['a.b_c', 'a_b.c', 'a.b.c'])).toThrow(/existing topic: a\.b\.c$/);
  });

  it('reports an existing name as TOPIC_ALREADY_EXISTS, not as a collision', () => {
    const e = thrown(() => validateNewTopicName('a.b', ['a_b', 'a.b']));
    expect(isKafkaError(e, 'TOPIC_ALREADY_EXISTS')).toBe(true);
    expect((e as Error).message).toContain("Topic 'a.b' already exists.");
  });

  it('checks legality before existence', () => {
    const e = thrown(() => validateNewTopicName('..', ['..']));
    expect(isKafkaError(e, 'INVALID_TOPIC_EXCEPTION')).toBe(true);
  });

  it('accepts a new, legal, non-colliding name', () => {
    expect(() => validateNewTopicName('a-b', ['a_b', 'a.b.c'])).not.toThrow();
  });
});
