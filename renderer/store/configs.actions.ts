// Broker and group configs: read them, and change one (set a value, or return it to its default). A change
// Kafka refuses is thrown to the caller (the edit dialog shows it); the store keeps what was there.

import type { Bridge } from '../../app/contract.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** One config set to `value`, or (null) returned to its default, as the alterConfigs methods take it. */
export function configChange(name: string, value: string | null): { set: Record<string, string>; reset: string[] } {
  return value === null ? { set: {}, reset: [name] } : { set: { [name]: value }, reset: [] };
}

export async function loadBrokerConfigs(store: AppStore, bridge: Bridge, brokerId: number): Promise<void> {
  try {
    const configs = await bridge.call('brokers.configs', { brokerId });
    store.setState({ brokerConfigs: { brokerId, configs } });
  } catch (e) {
    reportError(store, `Read the configs of broker ${brokerId}`, e);
  }
}

export async function alterBrokerConfig(store: AppStore, bridge: Bridge, brokerId: number, name: string, value: string | null): Promise<void> {
  const configs = await bridge.call('brokers.alterConfigs', { brokerId, ...configChange(name, value) });
  store.setState({ brokerConfigs: { brokerId, configs } });
}

export async function loadGroupConfigs(store: AppStore, bridge: Bridge, groupId: string): Promise<void> {
  try {
    const configs = await bridge.call('groups.configs', { groupId });
    store.setState({ groupConfigs: { groupId, configs } });
  } catch (e) {
    reportError(store, `Read the configs of group ${groupId}`, e);
  }
}

export async function alterGroupConfig(store: AppStore, bridge: Bridge, groupId: string, name: string, value: string | null): Promise<void> {
  const configs = await bridge.call('groups.alterConfigs', { groupId, ...configChange(name, value) });
  store.setState({ groupConfigs: { groupId, configs } });
}
