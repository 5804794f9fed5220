// Broker and group configs through the Kafka protocol (DescribeConfigs, IncrementalAlterConfigs), so the same
// code serves the local cluster and an external one. A broker is asked about itself (its id as the resource
// name, which routes the request to that broker); a group's configs are its GROUP configs (resource type 32)
// with the broker's value for the rest. A refusal is Kafka's error (INVALID_CONFIG, INVALID_REQUEST) and
// nothing changes.

import type { ConfigSourceName, ResourceConfig } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';

const BROKER_RESOURCE = 4;
const GROUP_RESOURCE = 32;

/** DescribeConfigsResponse.ConfigSource ids. */
const SOURCES: Record<number, ConfigSourceName> = { 1: 'topic', 2: 'dynamic-broker', 3: 'dynamic-default', 4: 'static', 5: 'default', 8: 'group' };

async function describe(conn: KafkaConnection, resourceType: number, resourceName: string): Promise<ResourceConfig[]> {
  const [desc] = await conn.admin.describeConfigs({ resources: [{ resourceType: resourceType as never, resourceName, configurationKeys: [] }] });
  return (desc?.configs ?? [])
    .map((c): ResourceConfig => {
      const source = SOURCES[c.configSource] ?? 'unknown';
      return { name: c.name, value: c.value ?? null, source, isDefault: source === 'default', readOnly: c.readOnly, sensitive: c.isSensitive };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function changes(set: Record<string, string> | undefined, reset: string[] | undefined) {
  const s = Object.entries(set ?? {}).map(([name, value]) => ({ name: name.trim(), configOperation: 0 as const, value: String(value) }));
  const r = (reset ?? []).map((name) => ({ name: name.trim(), configOperation: 1 as const }));
  if (s.length + r.length === 0) throw new ConsoleError('INVALID_REQUEST', 'Nothing to change.');
  return [...s, ...r];
}

function brokerName(brokerId: number): string {
  if (!Number.isInteger(brokerId) || brokerId < 0) throw new ConsoleError('INVALID_REQUEST', `Which broker? ${brokerId} is not a broker id.`);
  return String(brokerId);
}

function groupName(groupId: string): string {
  if (typeof groupId !== 'string' || groupId === '') throw new ConsoleError('INVALID_REQUEST', 'Which group? The id is empty.');
  return groupId;
}

export function describeBrokerConfigs(conn: KafkaConnection, brokerId: number): Promise<ResourceConfig[]> {
  return describe(conn, BROKER_RESOURCE, brokerName(brokerId));
}

export async function alterBrokerConfigs(conn: KafkaConnection, req: { brokerId: number; set: Record<string, string>; reset: string[] }): Promise<ResourceConfig[]> {
  const name = brokerName(req.brokerId);
  await conn.admin.incrementalAlterConfigs({ resources: [{ resourceType: BROKER_RESOURCE as never, resourceName: name, configs: changes(req.set, req.reset) }] });
  return describe(conn, BROKER_RESOURCE, name);
}

export function describeGroupConfigs(conn: KafkaConnection, groupId: string): Promise<ResourceConfig[]> {
  return describe(conn, GROUP_RESOURCE, groupName(groupId));
}

export async function alterGroupConfigs(conn: KafkaConnection, req: { groupId: string; set: Record<string, string>; reset: string[] }): Promise<ResourceConfig[]> {
  const name = groupName(req.groupId);
  await conn.admin.incrementalAlterConfigs({ resources: [{ resourceType: GROUP_RESOURCE as never, resourceName: name, configs: changes(req.set, req.reset) }] });
  return describe(conn, GROUP_RESOURCE, name);
}
