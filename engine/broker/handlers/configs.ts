// DescribeConfigs, AlterConfigs, IncrementalAlterConfigs for topics (resource type 2) and, read-only, for
// brokers (type 4). Topic overrides are changed by the controller; defaults are Kafka's.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { TOPIC_CONFIGS, describeTopicConfigs } from '../../catalog/topic-config.ts';
import type { ConfigChange } from '../controller-client.ts';
import { describeBrokerConfigs } from '../broker-config-names.ts';
import type { BrokerContext, Handler, Item, ResponseOf } from './context.ts';
import { AclOperation, mayCluster, mayTopic } from './authorization.ts';
import type { RequestContext } from './context.ts';

type DescribeConfigsResult = Item<ResponseOf<'DescribeConfigs'>['results']>;
type DescribedConfig = Item<DescribeConfigsResult['configs']>;

const TOPIC = 2;
const BROKER = 4;
const SOURCE_TOPIC = 1;
const SOURCE_DEFAULT = 5;
const SOURCE_STATIC_BROKER = 4;
const CONFIG_TYPES: Record<string, number> = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9 };
const OPS: ConfigChange['op'][] = ['set', 'delete', 'append', 'subtract'];

/** The broker's settings by Kafka's names; those given at start are STATIC_BROKER_CONFIG, the rest DEFAULT_CONFIG. */
function brokerConfigs(broker: BrokerContext): { name: string; value: string; isDefault: boolean; type: string; doc: string | null }[] {
  const fixed = (name: string, value: string) => ({ name, value, isDefault: false, type: 'string', doc: null });
  return [
    fixed('broker.id', String(broker.brokerId)),
    ...describeBrokerConfigs(broker.config),
    fixed('group.consumer.assignors', broker.config.groupConsumerAssignors.join(',')),
    fixed('log.dirs', broker.logDir),
    fixed('listeners', `${broker.security?.config.protocol ?? 'PLAINTEXT'}://${broker.host}:${broker.port}`),
  ];
}

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
            // A default the broker was started with (log.retention.ms=...) is the topic's value unless overridden.
            const brokerDefault = c.isDefault ? broker.config.logDefaults[c.name] : undefined;
            const source = brokerDefault !== undefined ? SOURCE_STATIC_BROKER : c.isDefault ? SOURCE_DEFAULT : SOURCE_TOPIC;
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
      if (r.resourceType === BROKER) {
        if (r.resourceName !== '' && r.resourceName !== String(broker.brokerId)) {
          return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `this is broker ${broker.brokerId}, not ${r.resourceName}`, resourceType: BROKER, resourceName: r.resourceName, configs: [] };
        }
        return {
          errorCode: 0, errorMessage: null, resourceType: BROKER, resourceName: r.resourceName,
          configs: brokerConfigs(broker).filter((c) => pick(c.name)).map((c): DescribedConfig => {
            const source = c.isDefault ? SOURCE_DEFAULT : SOURCE_STATIC_BROKER;
            return {
              name: c.name, value: c.value, readOnly: true, isDefault: c.isDefault, configSource: source, isSensitive: false,
              synonyms: body.includeSynonyms ? [{ name: c.name, value: c.value, source }] : [],
              configType: CONFIG_TYPES[c.type] ?? 0, documentation: body.includeDocumentation ? c.doc : null,
            };
          }),
        };
      }
      void req;
      return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `resource type ${r.resourceType} is not supported`, resourceType: r.resourceType, resourceName: r.resourceName, configs: [] };
    }),
  };
};

/** The *_AUTHORIZATION_FAILED code when the caller may not read or change a resource's configs, else 0. */
function configsDenied(req: RequestContext, resourceType: number, name: string, operation: number): number {
  if (resourceType === TOPIC) return mayTopic(req, operation, name) ? 0 : ErrorCode.TOPIC_AUTHORIZATION_FAILED;
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
    if (r.resourceType !== TOPIC) {
      responses.push({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'only topic configs can be altered', resourceType: r.resourceType, resourceName: r.resourceName });
      continue;
    }
    const changes: ConfigChange[] = r.configs.map((c) => ({ name: c.name, value: c.value, op: incremental ? (OPS[c.configOperation ?? 0] ?? 'set') : 'set' }));
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
