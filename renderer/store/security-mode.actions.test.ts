// The local cluster's security mode: saved, then applied by a restart; the screens read the cluster again.
// A refused mode is thrown to the form and nothing restarts.

import { describe, expect, it } from 'vitest';
import type { ClientSettings, LocalSecurity, Settings } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { applyLocalSecurity } from './security.actions.ts';
import { createAppStore } from './store.ts';

const mode: LocalSecurity = { protocol: 'SASL_PLAINTEXT', saslMechanisms: ['PLAIN'], sslClientAuth: 'none', authorizer: true, superUsers: [], allowEveryoneIfNoAclFound: false };
const settings: Settings = { theme: 'dark', defaultBrokerCount: 3, metricsRetentionDays: 7, brokerDefaults: {}, localSecurity: mode };
const client: ClientSettings = {
  bootstrapServers: '127.0.0.1:9092', protocol: 'SASL_PLAINTEXT', sasl: { mechanism: 'PLAIN', username: 'streamlab-admin', password: 'p' }, caFile: null, clientCertificate: null,
  kcat: 'kcat -b 127.0.0.1:9092 -L', librdkafka: '', kafkajs: '',
};

describe('applying the local security mode', () => {
  it('saves, restarts, shows the new client settings and reads the cluster again', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({
      'settings.update': () => settings,
      'cluster.applySecurity': () => client,
      'security.describe': () => ({ protocol: 'SASL_PLAINTEXT', saslMechanisms: ['PLAIN'], caFile: null, caPem: null, users: [], acls: [], note: null }),
    });
    await applyLocalSecurity(store, bridge, mode);
    expect(store.getState()).toMatchObject({ clientSettings: client, securityRestarting: false, settings: { localSecurity: mode } });
    expect(store.getState().security?.protocol).toBe('SASL_PLAINTEXT');
    expect(methods().slice(0, 2)).toEqual(['settings.update', 'cluster.applySecurity']);
  });

  it('a refused mode is thrown to the form and nothing restarts', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({ 'settings.update': refuse('INVALID_REQUEST', "'alice' is not a principal") });
    await expect(applyLocalSecurity(store, bridge, { ...mode, superUsers: ['alice'] })).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
    expect(methods()).toEqual(['settings.update']);
    expect(store.getState().securityRestarting).toBe(false);
  });
});
