import { describe, expect, it } from 'vitest';
import { brokerConfig } from './broker-config.ts';
import { ConfigSource, describeEffectiveBrokerConfigs, effectiveBrokerConfig, validateDynamicBrokerConfigs } from './broker-config-dynamic.ts';

const codeOf = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message.split(':')[0];
  }
  return 'NONE';
};

describe('Kerberos listener configs as dynamic broker configs', () => {
  it('accepts them by type and refuses bad values with INVALID_CONFIG', () => {
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'sasl.kerberos.min.time.before.relogin': '58000', 'sasl.kerberos.ticket.renew.jitter': '0.1' }))).toBe('NONE');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'sasl.kerberos.min.time.before.relogin': 'soon' }))).toBe('INVALID_CONFIG');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'sasl.kerberos.ticket.renew.window.factor': 'x' }))).toBe('INVALID_CONFIG');
  });

  it('do not hide the other dynamic configs and are described with their source', () => {
    const st = brokerConfig({});
    const dyn = { clusterDefault: { 'sasl.kerberos.ticket.renew.jitter': '0.2' }, perBroker: { 'sasl.kerberos.min.time.before.relogin': '58000', 'log.retention.ms': '1000' } };
    expect(effectiveBrokerConfig(st, dyn).logDefaults['retention.ms']).toBe('1000');
    const d = new Map(describeEffectiveBrokerConfigs(st, dyn).map((c) => [c.name, c]));
    expect(d.get('sasl.kerberos.min.time.before.relogin')).toMatchObject({ value: '58000', source: ConfigSource.DYNAMIC_BROKER_CONFIG, readOnly: false, isDefault: false });
    expect(d.get('sasl.kerberos.min.time.before.relogin')!.synonyms.map((s) => [s.value, s.source])).toEqual([['58000', 2], ['60000', 5]]);
    expect(d.get('sasl.kerberos.ticket.renew.jitter')).toMatchObject({ value: '0.2', source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    expect(d.get('sasl.kerberos.kinit.cmd')).toMatchObject({ value: '/usr/bin/kinit', source: ConfigSource.DEFAULT_CONFIG, isDefault: true });
  });
});
