import { describe, expect, it } from 'vitest';
import { describeBrokerConfigs, parseBrokerConfigs, splitBrokerConfig } from './broker-config-names.ts';
import { brokerConfig } from './broker-config.ts';

const error = (entries: Record<string, string>): string => {
  try {
    parseBrokerConfigs(entries);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('broker configs by Kafka name', () => {
  it('parses the settings a suite or an application sets at start', () => {
    expect(parseBrokerConfigs({
      'num.partitions': '4', 'default.replication.factor': '3', 'auto.create.topics.enable': 'FALSE',
      'group.initial.rebalance.delay.ms': '0', 'log.cleaner.backoff.ms': '1000',
    })).toEqual({ numPartitions: 4, defaultReplicationFactor: 3, autoCreateTopicsEnable: false, groupInitialRebalanceDelayMs: 0, logCleanerBackoffMs: 1000 });
    expect(parseBrokerConfigs({})).toEqual({});
  });

  it('topic defaults by their broker names; log.retention.ms over minutes over hours', () => {
    expect(parseBrokerConfigs({ 'log.retention.hours': '2', 'log.segment.bytes': '2097152', 'log.cleanup.policy': 'compact', 'min.insync.replicas': '2' }).logDefaults)
      .toEqual({ 'retention.ms': '7200000', 'segment.bytes': '2097152', 'cleanup.policy': 'compact', 'min.insync.replicas': '2' });
    expect(parseBrokerConfigs({ 'log.retention.hours': '2', 'log.retention.minutes': '5' }).logDefaults).toEqual({ 'retention.ms': '300000' });
    expect(parseBrokerConfigs({ 'log.retention.hours': '2', 'log.retention.ms': '1000' }).logDefaults).toEqual({ 'retention.ms': '1000' });
    expect(parseBrokerConfigs({ 'log.retention.hours': '-1' }).logDefaults).toEqual({ 'retention.ms': '-1' });
    expect(parseBrokerConfigs({ 'message.max.bytes': '2000000' })).toEqual({ messageMaxBytes: 2_000_000, logDefaults: { 'max.message.bytes': '2000000' } });
  });

  it("refuses unknown names and bad values with Kafka's messages", () => {
    expect(error({ 'num.partition': '4' })).toBe('INVALID_CONFIG: Unknown broker config name: num.partition');
    expect(error({ 'num.partitions': 'four' })).toBe('INVALID_CONFIG: Invalid value four for configuration num.partitions: Not a number of type INT');
    expect(error({ 'num.partitions': '0' })).toBe('INVALID_CONFIG: Invalid value 0 for configuration num.partitions: Value must be at least 1');
    expect(error({ 'num.partitions': '3000000000' })).toContain('Not a number of type INT');
    expect(error({ 'auto.create.topics.enable': 'yes' })).toBe('INVALID_CONFIG: Invalid value yes for configuration auto.create.topics.enable: Expected value to be either true or false');
    expect(error({ 'log.segment.bytes': '100' })).toBe('INVALID_CONFIG: Invalid value 100 for configuration log.segment.bytes: Value must be at least 1048576');
    expect(error({ 'group.min.session.timeout.ms': '60000', 'group.max.session.timeout.ms': '1000' })).toContain('must not exceed');
    expect(() => splitBrokerConfig('num.partitions')).toThrow(/expected name=value/);
    expect(splitBrokerConfig('log.cleanup.policy=compact,delete')).toEqual(['log.cleanup.policy', 'compact,delete']);
  });

  it('describes every setting, marking what differs from Kafka', () => {
    const described = describeBrokerConfigs(brokerConfig(parseBrokerConfigs({ 'num.partitions': '4', 'log.retention.ms': '1000' })));
    expect(described.find((c) => c.name === 'num.partitions')).toMatchObject({ value: '4', isDefault: false, type: 'int' });
    expect(described.find((c) => c.name === 'default.replication.factor')).toMatchObject({ value: '1', isDefault: true });
    expect(described.find((c) => c.name === 'log.retention.ms')).toMatchObject({ value: '1000', isDefault: false });
    expect(described.find((c) => c.name === 'log.segment.bytes')).toMatchObject({ value: '1073741824', isDefault: true });
  });
});
