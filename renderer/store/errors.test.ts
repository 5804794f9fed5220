// The one error formatter: contract errors, plain errors, thrown objects and strings.

import { describe, expect, it } from 'vitest';
import { StreamlabError } from '../../app/contract.ts';
import { errorOf } from './errors.ts';

describe('errorOf', () => {
  it('keeps Kafka error names and messages, and names what has none', () => {
    expect(errorOf(new StreamlabError({ name: 'TOPIC_ALREADY_EXISTS', message: 'exists', kafkaCode: 36 }))).toEqual({ name: 'TOPIC_ALREADY_EXISTS', message: 'exists', code: 36 });
    expect(errorOf(new StreamlabError({ name: 'TIMEOUT', message: 'no answer' }))).not.toHaveProperty('code');
    expect(errorOf({ name: 'INVALID_REQUEST', message: 'Limit must be a whole number from 0.' })).toEqual({ name: 'INVALID_REQUEST', message: 'Limit must be a whole number from 0.' });
    expect(errorOf(new TypeError('x is undefined'))).toEqual({ name: 'TypeError', message: 'x is undefined' });
    expect(errorOf('socket closed')).toEqual({ name: 'ERROR', message: 'socket closed' });
    expect(errorOf(null)).toEqual({ name: 'ERROR', message: 'null' });
    expect(errorOf({ name: 42 })).toEqual({ name: 'ERROR', message: '[object Object]' });
  });
});
