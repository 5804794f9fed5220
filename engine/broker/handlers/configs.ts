// DescribeConfigs, AlterConfigs, IncrementalAlterConfigs for topics (resource type 2), brokers (4: a broker
// id, or "" for the cluster-wide default) and groups (32). Every change goes to the controller, which
// validates, stores and publishes it; brokers apply dynamic broker configs live (broker-config-dynamic.ts)
// and coordinators read group configs per group (broker-config-group.ts). Broker and group describing is in
// broker-configs.ts.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { TOPIC_CONFIGS, describeTopicConfigs } from '../../catalog/topic-config.ts';
import type { ConfigChange } from '../controller-client.ts';
import { NO_DYNAMIC_CONFIGS, topicDefaultSource } from '../broker-config-dynamic.ts';
import { BROKER, CONFIG_TYPES, GROUP, describeBrokerResource, describeGroupResource } from './broker-configs.ts';
import type { BrokerContext, Handler, Item, ResponseOf } from './context.ts';
import { AclOperation, mayCluster, mayGroup, mayTopic } from './authorization.ts';
import type { RequestContext } from './context.ts';

type DescribeConfigsResult = Item<ResponseOf<'DescribeConfigs'>['results']>;
type DescribedConfig = Item<DescribeConfigsResult['configs']>;

const TOPIC = 2;
const SOURCE_TOPIC = 1;
const SOURCE_DEFAULT = 5;
const SOURCE_STATIC_BROKER = 4;
const OPS: ConfigChange['op'][] = ['set', 'delete', 'append', 'subtract'];

export const handleDescribeConfigs: Handler<'DescribeConfigs'> = (body, req, broker): ResponseOf<'DescribeConfigs'> => {
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    results: body.resources.map((r): DescribeConfigsResult => {
      const keys = r.configurationKeys;
      const pick = (name: string) => keys === null || keys.length === 0 || keys.includes(name);
      const deniedCode = configsDenied(req, r.resourceType, r.resourceName, AclOperation.DESCRIBE_CONFIGS);
      if (deniedCode) return { errorCode: deniedCode, errorMessage: 'Authorization failed.', resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
      if (r.resourceType === TOPIC) {
        const t = view.topic(r.resourceName);
        if (!t) return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: `Topic ${r.resourceName} does not exist`, resourceType: TOPIC, resourceName: r.resourceName, configs: [] };
        return {
          errorCode: 0,
          errorMessage: null,
          resourceType: TOPIC,
          resourceName: r.resourceName,
          configs: describeTopicConfigs(t.configs).filter((c) => pick(c.name)).map((c): DescribedConfig => {
            const def = TOPIC_CONFIGS.get(c.name);
            // A default the broker has (log.retention.ms=..., at start or dynamic) is the topic's value unless overridden.
            const brokerDefault = c.isDefault ? broker.config.logDefaults[c.name] : undefined;
            const brokerSource = brokerDefault === undefined ? undefined
              : (topicDefaultSource(c.name, broker.staticConfig ?? broker.config, broker.dynamicConfigs?.() ?? NO_DYNAMIC_CONFIGS) ?? SOURCE_STATIC_BROKER);
            const source = brokerSource ?? (c.isDefault ? SOURCE_DEFAULT : SOURCE_TOPIC);
            const value = brokerDefault ?? c.value;
            return {
              name: c.name,
              value,
              readOnly: false,
              isDefault: c.isDefault && brokerDefault === undefined,
              configSource: source,
              isSensitive: def?.type === 'password',
              synonyms: body.includeSynonyms ? [{ name: c.name, value, source }] : [],
              configType: CONFIG_TYPES[def?.type ?? 'string'] ?? 0,
              documentation: body.includeDocumentation ? (def?.doc ?? null) : null,
            };
          }),
        };
      }
      const options = { pick, includeSynonyms: body.includeSynonyms, includeDocumentation: body.includeDocumentation };
      if (r.resourceType === BROKER) return describeBrokerResource(r.resourceName, broker, options);
      if (r.resourceType === GROUP) return describeGroupResource(r.resourceName, broker, options);
      void req;
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} is not supported`, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
    }),
  };
};

/** The *_AUTHORIZATION_FAILED code when the caller may not read or change a resource's configs, else 0. */
function configsDenied(req: RequestContext, resourceType: number, name: string, operation: number): number {
  if (resourceType === TOPIC) return mayTopic(req, operation, name) ? 0 : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
  if (resourceType === GROUP) return mayGroup(req, operation, name) ? 0 : ErrorCode.GROUP_AUTHORIZATION_FAILED;
  return mayCluster(req, operation) ? 0 : ErrorCode.CLUSTER_AUTHORIZATION_FAILED;
}

async function alter(
  resources: { resourceType: number; resourceName: string; configs: { name: string; value: string | null; configOperation?: number }[] }[],
  incremental: boolean,
  validateOnly: boolean,
  broker: BrokerContext,
  req: RequestContext,
): Promise<ResponseOf<'AlterConfigs'>> {
  const responses: Item<ResponseOf<'AlterConfigs'>['responses']>[] = [];
  for (const r of resources) {
    const deniedCode = configsDenied(req, r.resourceType, r.resourceName, AclOperation.ALTER_CONFIGS);
    if (deniedCode) {
      responses.push({ errorCode: deniedCode, errorMessage: 'Authorization failed.', resourceType: r.resourceType, resourceName: r.resourceName });
      continue;
    }
    const changes: ConfigChange[] = r.configs.map((c) => ({ name: c.name, value: c.value, op: incremental ? (OPS[c.configOperation ?? 0] ?? 'set') : 'set' }));
    if (r.resourceType === BROKER || r.resourceType === GROUP) {
      const res = await broker.controller.alterDynamicConfigs(r.resourceType, r.resourceName, changes, incremental, validateOnly);
      responses.push({ errorCode: res.errorCode, errorMessage: res.errorMessage, resourceType: r.resourceType, resourceName: r.resourceName });
      continue;
    }
    if (r.resourceType !== TOPIC) {
      responses.push({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} has no configs that can be altered`, resourceType: r.resourceType, resourceName: r.resourceName });
      continue;
    }
    const res = await broker.controller.alterTopicConfigs(r.resourceName, changes, incremental, validateOnly);
    if (res.errorCode === 0 && !validateOnly) broker.replicas.refreshConfigs(r.resourceName);
    responses.push({ errorCode: res.errorCode, errorMessage: res.errorMessage, resourceType: TOPIC, resourceName: r.resourceName });
  }
  return { throttleTimeMs: 0, responses };
}

export const handleAlterConfigs: Handler<'AlterConfigs'> = (body, req, broker): Promise<ResponseOf<'AlterConfigs'>> => {
  return alter(body.resources, false, body.validateOnly, broker, req);
};

export const handleIncrementalAlterConfigs: Handler<'IncrementalAlterConfigs'> = (body, req, broker): Promise<ResponseOf<'IncrementalAlterConfigs'>> => {
  return alter(body.resources, true, body.validateOnly, broker, req);
};
