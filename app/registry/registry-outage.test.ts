// The cluster gone: a change fails with Confluent's backend store error (50001) and is not half-applied;
// when the broker is back the registry carries on without a restart.

import { afterAll, beforeAll, expect, it } from 'vitest';
import { call, registryFixture, type RegistryFixture } from './test-support.ts';

let fx: RegistryFixture;
type Body = Record<string, unknown>;
const api = (method: string, route: string, body?: unknown) => call<Body>(fx.registry.url, method, route, body);

beforeAll(async () => {
  fx = await registryFixture(1, { writeTimeoutMs: 3000 });
});
afterAll(async () => {
  await fx?.close();
});

it('answers 50001 while no broker can take the write, and works again when one returns', async () => {
  expect((await api('POST', '/subjects/a/versions', { schema: '"string"' })).body).toEqual({ id: 1 });
  const [broker] = fx.cluster.status();
  await fx.cluster.killBroker(broker.id);
  const failed = await api('POST', '/subjects/b/versions', { schema: '"int"' });
  expect(failed.status).toBe(500);
  expect(failed.body).toMatchObject({ error_code: 50001, message: expect.stringContaining("could not write to '_schemas'") });
  // Reads are served from memory meanwhile.
  expect((await api('GET', '/subjects')).body).toEqual(['a']);

  await fx.cluster.startBroker(broker.id);
  let again: { status: number; body: Body } | undefined;
  for (let i = 0; i < 20 && again?.status !== 200; i++) again = await api('POST', '/subjects/c/versions', { schema: '"long"' });
  expect(again?.body).toEqual({ id: 2 });
  expect((await api('GET', '/subjects')).body).toEqual(['a', 'c']);
});
