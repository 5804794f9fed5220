// What the config table and its edit dialog share, for topics, brokers and groups alike: where a value comes
// from (a topic's configs carry only isDefault; a broker's or a group's carry Kafka's DescribeConfigs source),
// the dialog's words for each kind of resource, and the save step that turns Kafka's refusal into what is shown.

import type { ConfigEntry, ConfigSourceName } from '../../../app/contract.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';

/** What the config table and its edit dialog need of a config: a topic's ConfigEntry or a ResourceConfig. */
export type EditableConfig = ConfigEntry & { source?: ConfigSourceName };

/** Which resource the configs belong to: the dialog's words, and what "set here" means. */
export type ConfigScope = 'topic' | 'broker' | 'group';

export const SOURCE_LABELS: Record<ConfigSourceName, string> = {
  'dynamic-broker': 'set on this broker',
  'dynamic-default': 'set for all brokers',
  static: 'given at start',
  default: 'default',
  group: 'set on this group',
  topic: 'set on topic',
  unknown: 'unknown',
};

/** The source of a config; a topic's, which has none, is "set on topic" or the default. */
export function sourceOf(c: EditableConfig): ConfigSourceName {
  return c.source ?? (c.isDefault ? 'default' : 'topic');
}

/** Set on this very resource, so Reset to default has something to remove. */
export function isSetHere(c: EditableConfig): boolean {
  const source = sourceOf(c);
  return source === 'dynamic-broker' || source === 'group' || source === 'topic';
}

export const SCOPE_WORDS: Record<ConfigScope, { below: string; applies: string }> = {
  topic: { below: "the broker's default for topics", applies: 'it applies at once and is kept across restarts' },
  broker: { below: "the value below it (set for all brokers, given at start, or Kafka's default)", applies: 'it applies at once, without a restart, and is kept across restarts' },
  group: { below: "the broker's value for groups", applies: 'it applies to the group at once and is kept across restarts' },
};

/** Set (value) or reset (null) one config; Kafka's refusal comes back as the error to show, null when applied. */
export async function saveConfig(onSave: (name: string, value: string | null) => Promise<void>, name: string, value: string | null): Promise<ShownError | null> {
  try {
    await onSave(name, value);
    return null;
  } catch (e) {
    return errorOf(e);
  }
}
