// DescribeConfigs and AlterConfigs (the non-incremental one) on BROKER resources, over kafkajs: the session
// lifetime clients read before re-authenticating (KIP-368), and a Kerberos listener config set the way
// librdkafka's admin test sets it.

import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { testCluster, type TestCluster } from '../../test/cluster-fixture.ts';

let tc: TestCluster | undefined;
let admin: Admin | undefined;
afterEach(async () => {
  await admin?.disconnect();
  admin = undefined;
  await tc?.close();
  tc = undefined;
});

type Entry = { configName: string; configValue: string; readOnly: boolean; configSource: number };

async function brokerConfigs(a: Admin, name: string): Promise<Map<string, Entry>> {
  const r = await a.describeConfigs({ includeSynonyms: false, resources: [{ type: ConfigResourceTypes.BROKER, name }] });
  expect(r.resources[0].errorCode).toBe(0);
  return new Map((r.resources[0].configEntries as unknown as Entry[]).map((c) => [c.configName, c]));
}

async function connect(t: TestCluster): Promise<Admin> {
  const a = new Kafka({ clientId: 'broker-configs-it', brokers: t.bootstrap.split(','), logLevel: logLevel.NOTHING, retry: { retries: 3 } }).admin();
  await a.connect();
  return a;
}

describe('BROKER configs', () => {
  it('describe connections.max.reauth.ms as the listener runs it: 0 by default, the configured lifetime otherwise', async () => {
    tc = await testCluster({ brokers: 1, security: { protocol: 'PLAINTEXT', connectionsMaxReauthMs: 5_000 } });
    admin = await connect(tc);
    expect((await brokerConfigs(admin, '1')).get('connections.max.reauth.ms')).toMatchObject({ configValue: '5000', readOnly: true });
    await admin.disconnect();
    await tc.close();
    tc = await testCluster({ brokers: 1 });
    admin = await connect(tc);
    expect((await brokerConfigs(admin, '1')).get('connections.max.reauth.ms')).toMatchObject({ configValue: '0', readOnly: true });
  });

  it('AlterConfigs sets a Kerberos listener config, replacing the set as Kafka does; a bad value is INVALID_CONFIG', async () => {
    tc = await testCluster({ brokers: 1 });
    admin = await connect(tc);
    const alter = (name: string, value: string) => admin!.alterConfigs({ validateOnly: false, resources: [{ type: ConfigResourceTypes.BROKER, name: '1', configEntries: [{ name, value }] }] });
    await alter('log.retention.ms', '3600000');
    await alter('sasl.kerberos.min.time.before.relogin', '58000');
    let b1 = await brokerConfigs(admin, '1');
    expect(b1.get('sasl.kerberos.min.time.before.relogin')).toMatchObject({ configValue: '58000', readOnly: false, configSource: 2 });
    // Non-incremental: the earlier log.retention.ms is gone.
    expect(b1.get('log.retention.ms')).toMatchObject({ configValue: '604800000', configSource: 5 });
    const err = await alter('sasl.kerberos.min.time.before.relogin', 'later').then(() => 'no error', (e: { type?: string }) => e.type);
    expect(err).toBe('INVALID_CONFIG');
    b1 = await brokerConfigs(admin, '1');
    expect(b1.get('sasl.kerberos.min.time.before.relogin')).toMatchObject({ configValue: '58000' });
  });
});
