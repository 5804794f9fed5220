// The controller's side of dynamic configs: IncrementalAlterConfigs/AlterConfigs on TOPIC, BROKER and GROUP
// resources. A change is applied to the resource's stored set, the whole resulting set is validated (Kafka's
// error codes: INVALID_CONFIG for unknown names and bad values, INVALID_REQUEST for read-only broker configs
// and bad resource names) and only then written (migration 010 for BROKER and GROUP, the topic's row for
// TOPIC) and published with the image.

import type { Catalog } from '../catalog/catalog.ts';
import { TOPIC_CONFIGS, validateTopicConfigs } from '../catalog/topic-config.ts';
import { DynamicResourceType } from '../catalog/dynamic-configs.ts';
import { KafkaError } from '../protocol/error-codes.ts';
import type { BrokerConfig } from '../broker/broker-config.ts';
import type { ConfigChange } from '../broker/controller-client.ts';
import { TOPIC_BY_SERVER_NAME } from '../broker/broker-config-names.ts';
import { validateDynamicBrokerConfigs } from '../broker/broker-config-dynamic.ts';
import { validateGroupConfigs } from '../broker/broker-config-group.ts';

export function dynamicConfigsImage(catalog: Catalog): { brokerConfigs: Record<string, Record<string, string>>; groupConfigs: Record<string, Record<string, string>> } {
  return { brokerConfigs: catalog.dynamicConfigs.list(DynamicResourceType.BROKER), groupConfigs: catalog.dynamicConfigs.list(DynamicResourceType.GROUP) };
}

/** Applies the changes to a copy of `current`; append/subtract only for list configs. */
function applyChanges(current: Readonly<Record<string, string>>, changes: readonly ConfigChange[], incremental: boolean, listDefault: (name: string) => string | undefined): Record<string, string> {
  const next: Record<string, string> = incremental ? { ...current } : {};
  for (const c of changes) {
    if (c.op === 'delete' || c.value === null) {
      delete next[c.name];
    } else if (c.op === 'set') {
      next[c.name] = c.value;
    } else {
      const def = listDefault(c.name);
      if (def === undefined) throw new KafkaError('INVALID_CONFIG', `Config value append/subtract is not allowed for config key ${c.name}`);
      const have = (next[c.name] ?? def).split(',').map((s) => s.trim()).filter(Boolean);
      const items = c.value.split(',').map((s) => s.trim()).filter(Boolean);
      next[c.name] = (c.op === 'append' ? [...have, ...items.filter((i) => !have.includes(i))] : have.filter((x) => !items.includes(x))).join(',');
    }
  }
  return next;
}

/** Validates and (unless validateOnly) stores one resource's change; true when something was written. */
export function alterDynamicConfigs(
  catalog: Catalog,
  brokerConfig: BrokerConfig,
  req: { resourceType: number; resourceName: string; changes: readonly ConfigChange[]; incremental: boolean; validateOnly: boolean },
): boolean {
  let type: DynamicResourceType;
  let next: Record<string, string>;
  if (req.resourceType === DynamicResourceType.BROKER) {
    if (req.resourceName !== '' && !/^\d+$/.test(req.resourceName)) throw new KafkaError('INVALID_REQUEST', `Invalid broker name ${JSON.stringify(req.resourceName)}: a broker id, or "" for the cluster-wide default`);
    type = DynamicResourceType.BROKER;
    const current = catalog.dynamicConfigs.get(type, req.resourceName);
    next = applyChanges(current, req.changes, req.incremental, (name) => {
      const d = TOPIC_BY_SERVER_NAME.get(name);
      return d?.type === 'list' ? d.default : undefined;
    });
    validateDynamicBrokerConfigs(next);
  } else if (req.resourceType === DynamicResourceType.GROUP) {
    if (req.resourceName === '') throw new KafkaError('INVALID_REQUEST', 'A group config needs a group id');
    type = DynamicResourceType.GROUP;
    next = applyChanges(catalog.dynamicConfigs.get(type, req.resourceName), req.changes, req.incremental, () => undefined);
    validateGroupConfigs(next, brokerConfig);
  } else {
    throw new KafkaError('INVALID_REQUEST', `resource type ${req.resourceType} has no dynamic configs`);
  }
  if (req.validateOnly) return false;
  const before = JSON.stringify(catalog.dynamicConfigs.get(type, req.resourceName));
  catalog.dynamicConfigs.replace(type, req.resourceName, next);
  return JSON.stringify(next) !== before;
}

/**
 * A topic's configs: every name must be a topic config, append/subtract only for list configs, and the
 * whole resulting set valid. True when the configs were written (unless validateOnly).
 */
export function alterTopicConfigs(
  catalog: Catalog,
  req: { topic: string; changes: readonly ConfigChange[]; incremental: boolean; validateOnly: boolean },
): boolean {
  const t = catalog.topics.get(req.topic);
  if (!t) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Topic ${req.topic} does not exist`);
  const next: Record<string, string> = req.incremental ? { ...t.configs } : {};
  for (const c of req.changes) {
    const def = TOPIC_CONFIGS.get(c.name);
    if (!def) throw new KafkaError('INVALID_CONFIG', `Unknown topic config name: ${c.name}`);
    if (c.op === 'delete' || c.value === null) {
      delete next[c.name];
    } else if (c.op === 'set') {
      next[c.name] = c.value;
    } else {
      if (def.type !== 'list') throw new KafkaError('INVALID_CONFIG', `Config value append/subtract is not allowed for config key ${c.name} of type ${def.type}`);
      const have = (next[c.name] ?? def.default).split(',').map((s) => s.trim()).filter(Boolean);
      const items = c.value.split(',').map((s) => s.trim()).filter(Boolean);
      next[c.name] = (c.op === 'append' ? [...have, ...items.filter((i) => !have.includes(i))] : have.filter((x) => !items.includes(x))).join(',');
    }
  }
  validateTopicConfigs(next);
  if (req.validateOnly) return false;
  catalog.topics.replaceConfigs(req.topic, next);
  return true;
}
