import { describe, expect, it } from 'vitest';
import { ConsoleError, toContractError } from './errors.ts';

describe('toContractError', () => {
  it("gives Kafka's error name and the broker's message from a refused request", () => {
    const protocol = Object.assign(new Error('Topic with this name already exists.'), {
      apiId: 'TOPIC_ALREADY_EXISTS', apiCode: 36, serverErrorMessage: "Topic 'orders' already exists.",
    });
    const response = Object.assign(new AggregateError([protocol], 'Received response with error'), { code: 'PLT_KFK_RESPONSE' });
    const retried = new AggregateError([response], 'Failed after 3 attempts');
    expect(toContractError(retried)).toEqual({ name: 'TOPIC_ALREADY_EXISTS', message: "Topic 'orders' already exists.", kafkaCode: 36 });
  });

  it("keeps the console's own names", () => {
    expect(toContractError(new ConsoleError('INVALID_JSON', 'The value is not valid JSON.'))).toEqual({ name: 'INVALID_JSON', message: 'The value is not valid JSON.' });
  });

  it('says when the cluster does not answer', () => {
    const net = Object.assign(new Error('Connection failed'), { code: 'PLT_KFK_NETWORK', cause: new Error('connect ECONNREFUSED 127.0.0.1:9092') });
    const e = toContractError(net);
    expect(e.name).toBe('UNAVAILABLE');
    expect(e.message).toContain('ECONNREFUSED');
  });

  it('names a broker certificate the client does not trust, through the retries that wrap it', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const net = Object.assign(new Error('Connection failed'), { code: 'PLT_KFK_NETWORK', cause: tls });
    const e = toContractError(new AggregateError([net], 'Failed after 3 attempts'));
    expect(e.name).toBe('TLS_CERTIFICATE_REJECTED');
    expect(e.message).toContain('SELF_SIGNED_CERT_IN_CHAIN');
  });
});
