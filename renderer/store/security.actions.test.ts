// Security actions against a fake bridge: the screen's state comes from the backend's answer, a refused save
// is thrown to its form, a failed removal is a notice, and the topic page picks the ACLs that apply to it.

import { describe, expect, it } from 'vitest';
import type { AclEntry, SecurityState } from '../../app/contract.ts';
import { fakeBridge, refuse } from './fake-bridge.ts';
import { aclsForTopic, createAcl, deleteScramUser, loadSecurity, saveScramUser } from './security.actions.ts';
import { createAppStore } from './store.ts';

const acl = (resourceName: string, patternType: AclEntry['patternType'], operation: AclEntry['operation'] = 'READ', resourceType: AclEntry['resourceType'] = 'TOPIC'): AclEntry =>
  ({ resourceType, resourceName, patternType, principal: 'User:alice', host: '*', operation, permission: 'ALLOW' });
const state = (acls: AclEntry[] | null): SecurityState => ({
  protocol: 'SASL_SSL', saslMechanisms: ['PLAIN'], caFile: '/d/tls/ca.pem', caPem: 'PEM', users: [{ name: 'admin', mechanisms: ['SCRAM-SHA-512'] }], acls, note: null,
});

describe('security actions', () => {
  it('loads the state; a refused user save is thrown to the form; a failed removal is a notice', async () => {
    const store = createAppStore();
    const { bridge, methods } = fakeBridge({
      'security.describe': () => state([]),
      'security.users.save': refuse('INVALID_REQUEST', 'UNACCEPTABLE_CREDENTIAL: Too few iterations'),
      'security.users.delete': refuse('NOT_FOUND', 'There is no SCRAM user'),
    });
    await loadSecurity(store, bridge);
    expect(store.getState().security?.protocol).toBe('SASL_SSL');
    await expect(saveScramUser(store, bridge, { name: 'bob', password: 'x', mechanism: 'SCRAM-SHA-256' })).rejects.toMatchObject({ name: 'INVALID_REQUEST' });
    await deleteScramUser(store, bridge, 'ghost');
    expect(store.getState().errors.map((e) => e.action)).toEqual(['Remove user ghost']);
    expect(methods()).toEqual(['security.describe', 'security.users.save', 'security.users.delete']);
  });

  it('a created ACL shows from the answer', async () => {
    const store = createAppStore();
    const { bridge } = fakeBridge({ 'security.acls.create': (a) => state([a]) });
    await createAcl(store, bridge, acl('orders', 'LITERAL'));
    expect(store.getState().security?.acls).toEqual([acl('orders', 'LITERAL')]);
  });

  it('the ACLs of a topic: its literal name, the wildcard and matching prefixes, topics only', () => {
    const all = [acl('orders', 'LITERAL'), acl('*', 'LITERAL', 'WRITE'), acl('ord', 'PREFIXED'), acl('pay', 'PREFIXED'), acl('orders', 'LITERAL', 'READ', 'GROUP'), acl('orders-eu', 'LITERAL')];
    expect(aclsForTopic(state(all), 'orders')).toEqual([all[0], all[1], all[2]]);
    expect(aclsForTopic(state(null), 'orders')).toEqual([]);
  });
});
