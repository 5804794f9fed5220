// The one config edit dialog and its table, for topics, brokers and groups: the dialog rendered to static
// markup (words, human units, the unit check, Reset to default only where the value is set here, a sensitive
// value hidden), and its save step through the store's real actions against a bridge that refuses as Kafka does.

import { describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ConfigEntry, ResourceConfig, TopicDetail } from '../../../app/contract.ts';
import { InlineError } from '../../components/Notices.tsx';
import { alterBrokerConfig, alterGroupConfig, loadBrokerConfigs, loadGroupConfigs } from '../../store/configs.actions.ts';
import { alterTopicConfig, openTopic } from '../../store/topic.actions.ts';
import { fakeBridge, refuse } from '../../store/fake-bridge.ts';
import { createAppStore } from '../../store/store.ts';
import { ConfigEditDialog } from './ConfigEditDialog.tsx';
import { ConfigTable } from './ConfigTable.tsx';
import { isSetHere, saveConfig, sourceOf, type ConfigScope, type EditableConfig } from './config-edit.ts';

const topicConfig = (over: Partial<ConfigEntry>): ConfigEntry => ({ name: 'retention.ms', value: '604800000', isDefault: true, readOnly: false, sensitive: false, ...over });
const resourceConfig = (over: Partial<ResourceConfig>): ResourceConfig => ({ name: 'log.cleaner.backoff.ms', value: '15000', source: 'default', isDefault: true, readOnly: false, sensitive: false, ...over });

const dialog = (entry: EditableConfig, scope: ConfigScope) =>
  renderToStaticMarkup(<ConfigEditDialog entry={entry} scope={scope} onSave={async () => {}} onClose={() => {}} />);
const resetButton = (html: string) => /<button[^>]*>Reset to default<\/button>/.exec(html)![0];

describe('ConfigEditDialog', () => {
  it('offers Reset to default only where the value is set on this topic, broker or group', () => {
    expect(resetButton(dialog(topicConfig({ isDefault: false, value: '7200000' }), 'topic'))).not.toContain('disabled');
    expect(resetButton(dialog(topicConfig({}), 'topic'))).toContain('disabled');
    expect(resetButton(dialog(resourceConfig({ source: 'dynamic-broker', isDefault: false }), 'broker'))).not.toContain('disabled');
    // Set for all brokers, or given at start: nothing on this broker for Reset to remove.
    expect(resetButton(dialog(resourceConfig({ source: 'dynamic-default', isDefault: false }), 'broker'))).toContain('disabled');
    expect(resetButton(dialog(resourceConfig({ source: 'static', isDefault: false }), 'broker'))).toContain('disabled');
    expect(resetButton(dialog(resourceConfig({ name: 'consumer.session.timeout.ms', source: 'group', isDefault: false }), 'group'))).not.toContain('disabled');
    expect(resetButton(dialog(resourceConfig({ name: 'consumer.session.timeout.ms', source: 'default' }), 'group'))).toContain('disabled');
  });

  it("says what the value is now and what Reset returns to, in the resource's words", () => {
    expect(dialog(topicConfig({ isDefault: false }), 'topic')).toContain("Set on this topic. Reset to default returns it to the broker&#x27;s default for topics.");
    expect(dialog(topicConfig({}), 'topic')).toContain('Not set on this topic (default). Setting a value overrides it for this topic only');
    expect(dialog(resourceConfig({ source: 'static', isDefault: false }), 'broker')).toContain('Not set on this broker (given at start).');
    expect(dialog(resourceConfig({ source: 'group', isDefault: false }), 'group')).toContain('Set on this group.');
  });

  it('shows the value in human units beside the number, and asks for a whole number where the name has a unit', () => {
    const html = dialog(topicConfig({}), 'topic');
    expect(html).toContain('value="604800000"');
    expect(html).toContain('(7 d)');
    expect(html).not.toContain('aria-invalid');
    const bytes = dialog(resourceConfig({ name: 'message.max.bytes', value: '1048588' }), 'broker');
    expect(bytes).toContain('(1.0 MiB)');
    // A value Kafka gave that is not a number (it never is for *.ms): the field says what it expects.
    const odd = dialog(topicConfig({ value: 'soon' }), 'topic');
    expect(odd).toContain('aria-invalid="true"');
    expect(odd).toContain('Kafka expects a whole number of milliseconds');
    expect(dialog(topicConfig({ name: 'cleanup.policy', value: 'compact,delete' }), 'topic')).not.toContain('aria-invalid');
  });

  it('hides a sensitive value and starts its field empty', () => {
    const html = dialog(resourceConfig({ name: 'sasl.jaas.config', value: null, sensitive: true }), 'broker');
    expect(html).toContain('type="password"');
    expect(html).toContain('value=""');
  });

  it('shows nothing while closed', () => {
    expect(renderToStaticMarkup(<ConfigEditDialog entry={null} scope="topic" onSave={async () => {}} onClose={() => {}} />)).not.toContain('<form');
  });
});

describe('ConfigTable', () => {
  it('names the source for topic, broker and group configs alike, and offers no Edit for a read-only one', () => {
    const topic = renderToStaticMarkup(<ConfigTable label="Configs" scope="topic" onSave={async () => {}}
      configs={[topicConfig({ isDefault: false, value: '7200000' }), topicConfig({ name: 'segment.bytes', value: '1073741824' })]} />);
    expect(topic).toContain('set on topic');
    expect(topic).toContain('(2 h)');
    expect(topic).toContain('(1.0 GiB)');
    expect(topic).toContain('aria-label="Edit retention.ms"');
    const broker = renderToStaticMarkup(<ConfigTable label="Broker configs" scope="broker" onSave={async () => {}}
      configs={[resourceConfig({ source: 'dynamic-broker', isDefault: false }), resourceConfig({ name: 'num.partitions', value: '1', source: 'static', readOnly: true })]} />);
    expect(broker).toContain('set on this broker');
    expect(broker).toContain('given at start');
    expect(broker).toContain('aria-label="Edit log.cleaner.backoff.ms"');
    expect(broker).not.toContain('aria-label="Edit num.partitions"');
    expect(broker).toContain('read-only');
  });

  it('reads a source for every config', () => {
    expect(sourceOf(topicConfig({}))).toBe('default');
    expect(sourceOf(topicConfig({ isDefault: false }))).toBe('topic');
    expect(isSetHere(resourceConfig({ source: 'unknown' }))).toBe(false);
  });
});

const topicDetail = (configs: ConfigEntry[]): TopicDetail => ({ name: 'orders', id: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [], configs });

describe('saving a config', () => {
  it("shows Kafka's refusal with its name and code for a topic, a broker and a group, and keeps what the store held", async () => {
    const store = createAppStore();
    const { bridge, calls } = fakeBridge({
      'topics.describe': () => topicDetail([topicConfig({})]),
      'brokers.configs': () => [resourceConfig({})],
      'groups.configs': () => [resourceConfig({ name: 'consumer.session.timeout.ms', value: '45000' })],
      'topics.alterConfigs': refuse('INVALID_CONFIG', 'Invalid value soon for configuration retention.ms: Not a number of type LONG', 40),
      'brokers.alterConfigs': refuse('POLICY_VIOLATION', 'Changing log.cleaner.backoff.ms is not allowed by policy', 44),
      'groups.alterConfigs': refuse('INVALID_CONFIG', 'consumer.heartbeat.interval.ms must be less than consumer.session.timeout.ms', 40),
    });
    await openTopic(store, bridge, 'orders');
    await loadBrokerConfigs(store, bridge, 1);
    await loadGroupConfigs(store, bridge, 'billing');
    const { topicDetail: before, brokerConfigs, groupConfigs } = store.getState();
    expect([before?.configs.length, brokerConfigs?.configs.length, groupConfigs?.configs.length]).toEqual([1, 1, 1]);

    const topic = await saveConfig((n, v) => alterTopicConfig(store, bridge, 'orders', n, v), 'retention.ms', 'soon');
    expect(topic).toEqual({ name: 'INVALID_CONFIG', code: 40, message: 'Invalid value soon for configuration retention.ms: Not a number of type LONG' });
    const broker = await saveConfig((n, v) => alterBrokerConfig(store, bridge, 1, n, v), 'log.cleaner.backoff.ms', null);
    expect(broker).toMatchObject({ name: 'POLICY_VIOLATION', code: 44 });
    const group = await saveConfig((n, v) => alterGroupConfig(store, bridge, 'billing', n, v), 'consumer.session.timeout.ms', '1000');
    expect(group).toMatchObject({ name: 'INVALID_CONFIG', code: 40 });

    expect(calls.filter((c) => c.method.endsWith('.alterConfigs')).map((c) => c.request)).toEqual([
      { topic: 'orders', set: { 'retention.ms': 'soon' }, reset: [] },
      { brokerId: 1, set: {}, reset: ['log.cleaner.backoff.ms'] },
      { groupId: 'billing', set: { 'consumer.session.timeout.ms': '1000' }, reset: [] },
    ]);
    expect(store.getState().topicDetail).toBe(before);
    expect(store.getState().brokerConfigs).toBe(brokerConfigs);
    expect(store.getState().groupConfigs).toBe(groupConfigs);
    const shown = renderToStaticMarkup(<InlineError error={topic} />);
    expect(shown).toContain('INVALID_CONFIG');
    expect(shown).toContain('(Kafka error 40)');
    expect(shown).toContain('Not a number of type LONG');
  });

  it('applies a value Kafka takes: no error, and the store holds what the cluster now answers', async () => {
    const store = createAppStore();
    const after = topicDetail([topicConfig({ value: '7200000', isDefault: false })]);
    const { bridge } = fakeBridge({ 'topics.describe': () => topicDetail([topicConfig({})]), 'topics.alterConfigs': () => after });
    await openTopic(store, bridge, 'orders');
    expect(await saveConfig((n, v) => alterTopicConfig(store, bridge, 'orders', n, v), 'retention.ms', '7200000')).toBeNull();
    expect(store.getState().topicDetail).toEqual(after);
  });
});
