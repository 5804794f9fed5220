// Fuzzed SASL against a SASL_PLAINTEXT broker: seeded random exchanges — handshakes for any mechanism,
// SaslAuthenticate before a handshake, random and mutated SCRAM/PLAIN tokens, raw tokens after a v0 handshake,
// other apis before authentication, truncated frames. The broker must stay up, never fail inside a handler
// (its log would say so), never admit an unauthenticated request, and keep serving a well-behaved client.
// Rerun a failure with SASL_FUZZ_SEED=<seed>.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey, KafkaConnection } from '../index.ts';
import { encodeRequest } from '../protocol/codec.ts';
import { plainMessage } from '../broker/security/plain.ts';
import { ScramClient } from '../broker/security/scram.ts';
import { testCluster, type TestCluster } from './cluster-fixture.ts';

const SEED = Number(process.env.SASL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const EXCHANGES = 600;

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let tc: TestCluster;
const log: string[] = [];

beforeAll(async () => {
  tc = await testCluster({ security: { protocol: 'SASL_PLAINTEXT' }, log: (m) => log.push(m) });
});
afterAll(async () => {
  await tc?.close();
});

describe(`fuzzed SASL frames (seed ${SEED})`, () => {
  it('never crash the broker, never get past authentication, and leave it serving', async () => {
    const r = rng(SEED);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
    const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(r() * 256)));
    const mutate = (b: Buffer) => {
      const out = Buffer.from(b);
      for (let i = 0, n = 1 + Math.floor(r() * 4); i < n && out.length > 0; i++) out[Math.floor(r() * out.length)] ^= 1 + Math.floor(r() * 255); // always a change
      return r() < 0.3 ? out.subarray(0, Math.floor(r() * out.length)) : out;
    };
    const [host, portText] = tc.bootstrap.split(':');
    const port = Number(portText);
    const tokens = (): Buffer => {
      const scram = new ScramClient(pick(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const), pick(['admin', 'nobody', 'a=2Cb', '']), 'admin-secret');
      const first = scram.first();
      return pick([
        () => bytes(Math.floor(r() * 300)),
        () => mutate(first),
        () => mutate(plainMessage('admin', 'admin-secret')),
        () => Buffer.from(pick(['n,,', 'p=tls-unique,,n=admin,r=x', 'y,a=other,n=admin,r=abc', 'c=biws,r=zz,p=AAAA', '\u0000\u0000\u0000', 'n,,n=admin,r=', '=', ',,,,'])),
        () => Buffer.alloc(0),
      ])();
    };
    let admittedBeforeAuth = 0;
    for (let i = 0; i < EXCHANGES; i++) {
      const c = await KafkaConnection.connect(host, port, { timeoutMs: 2000 });
      try {
        for (let step = 0, steps = 1 + Math.floor(r() * 4); step < steps && !c.closed; step++) {
          const kind = r();
          if (kind < 0.3) {
            await c.request(ApiKey.SaslHandshake, pick([0, 1]), { mechanism: pick(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512', 'GSSAPI', '', 'plain']) });
          } else if (kind < 0.6) {
            await c.request(ApiKey.SaslAuthenticate, pick([0, 1, 2]), { authBytes: tokens() });
          } else if (kind < 0.75) {
            // A raw token, as after a v0 handshake (or garbage where a request was expected).
            const t = tokens();
            const frame = Buffer.alloc(4 + t.length);
            frame.writeInt32BE(t.length);
            t.copy(frame, 4);
            await c.sendRaw(frame, { expectResponse: true, timeoutMs: 2000 });
          } else if (kind < 0.9) {
            const res = await c.request(ApiKey.Metadata, pick([1, 9, 12]), { topics: null, allowAutoTopicCreation: false });
            if (res) admittedBeforeAuth++;
          } else {
            const full = encodeRequest({ requestApiKey: ApiKey.SaslAuthenticate, requestApiVersion: 2, correlationId: 7, clientId: 'fuzz' }, { authBytes: tokens() });
            await c.sendRaw(full.subarray(0, 4 + Math.floor(r() * (full.length - 4))), { expectResponse: false });
            break; // the broker now waits for the rest of that frame
          }
        }
      } catch {
        // closed or timed out: what the broker does with bad SASL input
      } finally {
        await c.close();
      }
    }
    const tag = `seed ${SEED}`;
    expect(admittedBeforeAuth, tag).toBe(0);
    // A handler that threw ("<Api> vN failed: <stack>") or a token the authenticator could not process is a bug.
    expect(log.filter((l) => / v\d+ failed: |could not be processed|could not encode/.test(l)), tag).toEqual([]);
    // Still serving: a proper SCRAM login, then a request.
    const good = await KafkaConnection.connect(host, port, { sasl: { mechanism: 'SCRAM-SHA-512', user: 'admin', password: 'admin-secret' } });
    const md = await good.request(ApiKey.Metadata, 12, { topics: null, allowAutoTopicCreation: false, includeTopicAuthorizedOperations: false });
    expect((md.brokers as unknown[]).length, tag).toBe(1);
    await good.close();
  });
});
