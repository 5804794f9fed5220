// Security: read the mode, CA, users and ACLs; add and remove users and ACLs. Saves throw to the form that
// asked (it shows the refusal next to its fields); removals report to the notices.

import type { AclEntry, Bridge, LocalSecurity, SecurityState } from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

export async function loadSecurity(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    store.setState({ security: await bridge.call('security.describe') });
  } catch (e) {
    reportError(store, 'Read security', e);
  }
}

/** The local cluster's client settings; an external connection has none (nothing is reported). */
export async function loadClientSettings(store: AppStore, bridge: Bridge): Promise<void> {
  try {
    store.setState({ clientSettings: await bridge.call('security.clientSettings') });
  } catch {
    store.setState({ clientSettings: null });
  }
}

/**
 * Save the local cluster's security mode and restart the brokers on it; every screen reads the cluster again.
 * A refusal (a malformed super user) or a failed restart is thrown to the form.
 */
export async function applyLocalSecurity(store: AppStore, bridge: Bridge, mode: LocalSecurity): Promise<void> {
  store.setState({ settings: await bridge.call('settings.update', { localSecurity: mode }), securityRestarting: true });
  try {
    store.setState({ clientSettings: await bridge.call('cluster.applySecurity') });
  } finally {
    store.setState({ securityRestarting: false });
    await Promise.all([loadSecurity(store, bridge), refreshOverview(store, bridge)]);
  }
}

export async function saveScramUser(store: AppStore, bridge: Bridge, user: { name: string; password: string; mechanism: 'SCRAM-SHA-256' | 'SCRAM-SHA-512' }): Promise<void> {
  store.setState({ security: await bridge.call('security.users.save', user) });
}

export async function deleteScramUser(store: AppStore, bridge: Bridge, name: string): Promise<void> {
  try {
    store.setState({ security: await bridge.call('security.users.delete', { name }) });
  } catch (e) {
    reportError(store, `Remove user ${name}`, e);
  }
}

export async function createAcl(store: AppStore, bridge: Bridge, acl: AclEntry): Promise<void> {
  store.setState({ security: await bridge.call('security.acls.create', acl) });
}

export async function deleteAcl(store: AppStore, bridge: Bridge, acl: AclEntry): Promise<void> {
  try {
    store.setState({ security: await bridge.call('security.acls.delete', acl) });
  } catch (e) {
    reportError(store, 'Remove ACL', e);
  }
}

/** The ACLs that apply to one topic: its literal name, the wildcard, or a prefix of it. */
export function aclsForTopic(security: SecurityState | null, topic: string): AclEntry[] {
  return (security?.acls ?? []).filter((a) => a.resourceType === 'TOPIC'
    && (a.patternType === 'LITERAL' ? a.resourceName === topic || a.resourceName === '*' : topic.startsWith(a.resourceName)));
}
