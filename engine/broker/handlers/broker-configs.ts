// DescribeConfigs of BROKER (4) and GROUP (32) resources. A broker describes itself (resource name = its
// id) with every setting's value, source (dynamic per broker, dynamic cluster default, static, Kafka's
// default), synonyms and read-only flag, and the cluster-wide default resource (name "") with only what is
// set there, as Kafka does. A group's configs are its GROUP configs over the broker's settings; a group
// need not exist to have them.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { NO_DYNAMIC_CONFIGS, describeClusterDefaultConfigs, describeEffectiveBrokerConfigs, type DescribedBrokerConfig } from '../broker-config-dynamic.ts';
import { describeGroupConfigs } from '../broker-config-group.ts';
import type { BrokerContext, Item, ResponseOf } from './context.ts';

type DescribeConfigsResult = Item<ResponseOf<'DescribeConfigs'>['results']>;
type DescribedConfig = Item<DescribeConfigsResult['configs']>;

export const BROKER = 4;
export const GROUP = 32;
const STATIC_BROKER = 4;
export const CONFIG_TYPES: Record<string, number> = { boolean: 1, string: 2, int: 3, short: 4, long: 5, double: 6, list: 7, class: 8, password: 9 };

export interface DescribeOptions {
  pick: (name: string) => boolean;
  includeSynonyms: boolean;
  includeDocumentation: boolean;
}

/** Settings a broker has that are not configs one can change anywhere. */
function fixedConfigs(broker: BrokerContext): DescribedBrokerConfig[] {
  const fixed = (name: string, value: string): DescribedBrokerConfig => ({
    name, value, source: STATIC_BROKER, readOnly: true, isDefault: false, type: 'string', doc: null, synonyms: [{ name, value, source: STATIC_BROKER }],
  });
  return [
    fixed('broker.id', String(broker.brokerId)),
    fixed('group.consumer.assignors', broker.config.groupConsumerAssignors.join(',')),
    fixed('log.dirs', broker.logDir),
    fixed('listeners', `${broker.security?.config.protocol ?? 'PLAINTEXT'}://${broker.host}:${broker.port}`),
    // KIP-368: clients (librdkafka's re-authentication test among them) read the session lifetime from here.
    fixed('connections.max.reauth.ms', String(broker.security?.config.connectionsMaxReauthMs ?? 0)),
  ];
}

function toWire(c: DescribedBrokerConfig, o: DescribeOptions): DescribedConfig {
  return {
    name: c.name, value: c.value, readOnly: c.readOnly, isDefault: c.isDefault, configSource: c.source, isSensitive: false,
    synonyms: o.includeSynonyms ? c.synonyms : [], configType: CONFIG_TYPES[c.type] ?? 0, documentation: o.includeDocumentation ? c.doc : null,
  };
}

export function describeBrokerResource(resourceName: string, broker: BrokerContext, o: DescribeOptions): DescribeConfigsResult {
  const dynamic = broker.dynamicConfigs?.() ?? NO_DYNAMIC_CONFIGS;
  let configs: DescribedBrokerConfig[];
  if (resourceName === '') {
    configs = describeClusterDefaultConfigs(dynamic.clusterDefault);
  } else if (resourceName === String(broker.brokerId)) {
    configs = [...fixedConfigs(broker), ...describeEffectiveBrokerConfigs(broker.staticConfig ?? broker.config, dynamic)].sort((a, b) => (a.name < b.name ? -1 : 1));
  } else {
    return {
      errorCode: ErrorCode.INVALID_REQUEST, errorMessage: `Unexpected broker id, expected ${broker.brokerId} or empty string, but received ${resourceName}`,
      resourceType: BROKER, resourceName, configs: [],
    };
  }
  return { errorCode: 0, errorMessage: null, resourceType: BROKER, resourceName, configs: configs.filter((c) => o.pick(c.name)).map((c) => toWire(c, o)) };
}

export function describeGroupResource(resourceName: string, broker: BrokerContext, o: DescribeOptions): DescribeConfigsResult {
  if (resourceName === '') return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'A group config needs a group id', resourceType: GROUP, resourceName, configs: [] };
  const stored = broker.view().image.groupConfigs?.[resourceName] ?? {};
  return {
    errorCode: 0, errorMessage: null, resourceType: GROUP, resourceName,
    configs: describeGroupConfigs(stored, broker.config).filter((c) => o.pick(c.name)).map((c): DescribedConfig => ({
      name: c.name, value: c.value, readOnly: false, isDefault: c.isDefault, configSource: c.source, isSensitive: false,
      synonyms: o.includeSynonyms ? [{ name: c.name, value: c.value, source: c.source }] : [],
      configType: CONFIG_TYPES[c.type] ?? 0, documentation: o.includeDocumentation ? c.doc : null,
    })),
  };
}
