import { describe, expect, it } from 'vitest';
import { brokerConfig } from './broker-config.ts';
import { describeGroupConfigs, groupConfigOverrides, validateGroupConfigs } from './broker-config-group.ts';

const messageOf = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'NONE';
};

describe('group configs', () => {
  const broker = brokerConfig();

  it("checks values against the broker's bounds, and heartbeat below session", () => {
    expect(messageOf(() => validateGroupConfigs({ 'consumer.session.timeout.ms': '50000', 'share.auto.offset.reset': 'by_duration:PT1H', 'share.isolation.level': 'read_committed' }, broker))).toBe('NONE');
    expect(messageOf(() => validateGroupConfigs({ 'consumer.session.timeout.ms': '1000' }, broker)))
      .toBe('INVALID_CONFIG: Invalid value 1000 for configuration consumer.session.timeout.ms: Value must be at least 45000 (group.consumer.min.session.timeout.ms)');
    expect(messageOf(() => validateGroupConfigs({ 'share.record.lock.duration.ms': '70000' }, broker))).toContain('no more than 60000 (group.share.max.record.lock.duration.ms)');
    expect(messageOf(() => validateGroupConfigs({ 'share.auto.offset.reset': 'soon' }, broker))).toMatch(/^INVALID_CONFIG/);
    expect(messageOf(() => validateGroupConfigs({ 'streams.session.timeout.ms': '50000' }, broker))).toBe('INVALID_CONFIG: Unknown group config name: streams.session.timeout.ms');
    const low = brokerConfig({ groupConsumerMinSessionTimeoutMs: 100, groupConsumerMinHeartbeatIntervalMs: 100 });
    expect(messageOf(() => validateGroupConfigs({ 'consumer.session.timeout.ms': '1000', 'consumer.heartbeat.interval.ms': '1000' }, low))).toContain('must be less than');
  });

  it("turns stored configs into coordinator overrides and describes the broker's values for the rest", () => {
    expect(groupConfigOverrides({ 'consumer.session.timeout.ms': '50000', 'share.auto.offset.reset': 'earliest' })).toEqual({ consumerSessionTimeoutMs: 50000, shareAutoOffsetReset: 'earliest' });
    expect(groupConfigOverrides({ 'share.isolation.level': 'read_committed' })).toEqual({ shareIsolationLevel: 'read_committed' });
    expect(groupConfigOverrides({ 'share.isolation.level': 'read_uncommitted' })).toEqual({ shareIsolationLevel: 'read_uncommitted' });
    const d = new Map(describeGroupConfigs({ 'share.auto.offset.reset': 'earliest' }, broker).map((c) => [c.name, c]));
    expect(d.get('share.auto.offset.reset')).toMatchObject({ value: 'earliest', source: 8, isDefault: false });
    expect(d.get('consumer.session.timeout.ms')).toMatchObject({ value: '45000', source: 5, isDefault: true });
  });
});
