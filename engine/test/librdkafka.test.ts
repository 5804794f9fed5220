// A current librdkafka (2.15, built by scripts/build-test-clients.mjs) against a real 3-broker cluster: the
// classic consumer group protocol and a plain producer. Transactions, the KIP-848 consumer protocol and share
// consumers have their own test files.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from './cluster-fixture.ts';
import { rdk } from './librdkafka.ts';

let tc: TestCluster;
beforeAll(async () => {
  tc = await testCluster({ brokers: 3 });
});
afterAll(async () => {
  await tc?.close();
});

describe('librdkafka 2.15', () => {
  it('reports its version', async () => {
    const r = await rdk(['version']);
    expect(r.of('version')[0].librdkafka).toBe('2.15.1');
  });

  it('produces with lz4 and a classic-protocol group reads every record once', async () => {
    const N = 2_000;
    const produced = await rdk(['produce', '-b', tc.bootstrap, '-t', 'rdk-plain', '-n', String(N), '-X', 'compression.type=lz4', '-X', 'linger.ms=5']);
    expect(produced.code, produced.stderr + JSON.stringify(produced.of('error'))).toBe(0);
    expect(produced.of('done')[0]).toMatchObject({ produced: N, failed: 0 });

    const consumed = await rdk(['consume', '-b', tc.bootstrap, '-t', 'rdk-plain', '-G', 'rdk-classic', '--max', String(N), '--idle-ms', '15000',
      '-X', 'auto.offset.reset=earliest', '-X', 'group.protocol=classic']);
    expect(consumed.code, consumed.stderr).toBe(0);
    const values = consumed.of('record').map((r) => r.value);
    expect(new Set(values).size).toBe(N);
    expect(values.length).toBe(N);
    expect(consumed.of('assigned').length).toBeGreaterThan(0);
  });
});
