import { describe, expect, it } from 'vitest';
import { brokerConfig } from './broker-config.ts';
import { ConfigSource, describeEffectiveBrokerConfigs, effectiveBrokerConfig, topicDefaultSource, validateDynamicBrokerConfigs } from './broker-config-dynamic.ts';

const codeOf = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message.split(':')[0];
  }
  return 'NONE';
};

describe('dynamic broker configs', () => {
  it('lets dynamic names change and refuses read-only, unknown and bad ones with Kafka codes', () => {
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'log.retention.ms': '1000', 'message.max.bytes': '5000', 'log.cleaner.backoff.ms': '100', 'log.cleanup.policy': 'compact' }))).toBe('NONE');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'num.partitions': '3' }))).toBe('INVALID_REQUEST');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'group.consumer.session.timeout.ms': '3000' }))).toBe('INVALID_REQUEST');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'no.such': '3' }))).toBe('INVALID_CONFIG');
    expect(codeOf(() => validateDynamicBrokerConfigs({ 'log.retention.ms': 'soon' }))).toBe('INVALID_CONFIG');
  });

  it('per broker over cluster default over static over Kafka default', () => {
    const st = brokerConfig({ logCleanerBackoffMs: 5000, logDefaults: { 'segment.bytes': '2097152' } });
    const dyn = { clusterDefault: { 'log.retention.ms': '1000', 'log.cleaner.backoff.ms': '200' }, perBroker: { 'log.retention.ms': '2000' } };
    const eff = effectiveBrokerConfig(st, dyn);
    expect(eff.logCleanerBackoffMs).toBe(200);
    expect(eff.logDefaults).toEqual({ 'segment.bytes': '2097152', 'retention.ms': '2000' });
    const d = new Map(describeEffectiveBrokerConfigs(st, dyn).map((c) => [c.name, c]));
    expect(d.get('log.retention.ms')).toMatchObject({ value: '2000', source: ConfigSource.DYNAMIC_BROKER_CONFIG, readOnly: false });
    expect(d.get('log.retention.ms')!.synonyms.map((s) => [s.value, s.source])).toEqual([['2000', 2], ['1000', 3], ['604800000', 5]]);
    expect(d.get('log.cleaner.backoff.ms')).toMatchObject({ value: '200', source: ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG });
    expect(d.get('log.segment.bytes')).toMatchObject({ value: '2097152', source: ConfigSource.STATIC_BROKER_CONFIG, isDefault: false });
    expect(d.get('num.partitions')).toMatchObject({ value: '1', source: ConfigSource.DEFAULT_CONFIG, readOnly: true, isDefault: true });
    expect(topicDefaultSource('retention.ms', st, dyn)).toBe(ConfigSource.DYNAMIC_BROKER_CONFIG);
    expect(topicDefaultSource('segment.bytes', st, dyn)).toBe(ConfigSource.STATIC_BROKER_CONFIG);
    expect(topicDefaultSource('cleanup.policy', st, dyn)).toBeUndefined();
    // log.retention.hours counts for log.retention.ms.
    expect(effectiveBrokerConfig(st, { clusterDefault: { 'log.retention.hours': '1' }, perBroker: {} }).logDefaults['retention.ms']).toBe('3600000');
  });
});
