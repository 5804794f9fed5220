import { describe, expect, it } from 'vitest';
import { AclOperation as Op, AclPermission as Perm, PatternType as Pat, ResourceType as Res, type AclBinding } from './acl.ts';
import { Authorizer } from './authorizer.ts';

const allow = (principal: string, operation: number, resourceName: string, patternType: number = Pat.LITERAL, resourceType: number = Res.TOPIC, host = '*'): AclBinding =>
  ({ resourceType, resourceName, patternType, principal, host, operation, permission: Perm.ALLOW });
const deny = (principal: string, operation: number, resourceName: string, patternType: number = Pat.LITERAL, host = '*'): AclBinding =>
  ({ ...allow(principal, operation, resourceName, patternType, Res.TOPIC, host), permission: Perm.DENY });

describe('Authorizer (StandardAuthorizer semantics)', () => {
  const acls = [
    allow('User:alice', Op.READ, 'orders'),
    allow('User:alice', Op.WRITE, 'pay-', Pat.PREFIXED),
    deny('User:alice', Op.WRITE, 'pay-secret'),
    allow('User:*', Op.DESCRIBE, 'public'),
    allow('User:bob', Op.ALL, '*'),
    deny('User:bob', Op.ALL, 'orders', Pat.LITERAL, '10.0.0.9'),
    allow('User:carol', Op.ALTER_CONFIGS, 'orders'),
  ];
  const auth = new Authorizer({ superUsers: ['User:admin'], allowEveryoneIfNoAclFound: false }, acls);
  const can = (principal: string, operation: number, resourceName: string, host = '127.0.0.1', resourceType: number = Res.TOPIC) =>
    auth.authorize({ principal, host, operation, resourceType, resourceName });

  const table: [string, boolean, boolean][] = [
    ['alice reads orders', can('User:alice', Op.READ, 'orders'), true],
    ['READ implies DESCRIBE', can('User:alice', Op.DESCRIBE, 'orders'), true],
    ['READ does not imply WRITE', can('User:alice', Op.WRITE, 'orders'), false],
    ['a PREFIXED allow applies to the prefix', can('User:alice', Op.WRITE, 'pay-eu'), true],
    ['a literal DENY beats the prefixed ALLOW', can('User:alice', Op.WRITE, 'pay-secret'), false],
    ['a DENY of WRITE does not deny DESCRIBE implied by WRITE', can('User:alice', Op.DESCRIBE, 'pay-secret'), true],
    ['User:* matches everyone', can('User:dave', Op.DESCRIBE, 'public'), true],
    ['the wildcard resource with ALL', can('User:bob', Op.DELETE, 'anything'), true],
    ['a DENY from one host only', can('User:bob', Op.READ, 'orders', '10.0.0.9'), false],
    ['... other hosts still allowed', can('User:bob', Op.READ, 'orders', '10.0.0.8'), true],
    ['ALTER_CONFIGS implies DESCRIBE_CONFIGS', can('User:carol', Op.DESCRIBE_CONFIGS, 'orders'), true],
    ['ALTER_CONFIGS does not imply DESCRIBE', can('User:carol', Op.DESCRIBE, 'orders'), false],
    ['a super user may do anything', can('User:admin', Op.DELETE, 'orders'), true],
    ['ACLs exist through the wildcard: no-ACL rule does not apply', can('User:dave', Op.READ, 'nothing-here'), false],
    ['another resource type has no ACLs: denied by default', can('User:dave', Op.READ, 'g1', '127.0.0.1', Res.GROUP), false],
  ];
  it.each(table)('%s', (_name, got, want) => expect(got).toBe(want));

  it('allow.everyone.if.no.acl.found allows only where no binding exists on the resource', () => {
    const open = new Authorizer({ superUsers: [], allowEveryoneIfNoAclFound: true }, [allow('User:alice', Op.READ, 'orders')]);
    expect(open.authorize({ principal: 'User:eve', host: 'h', operation: Op.READ, resourceType: Res.TOPIC, resourceName: 'other' })).toBe(true);
    expect(open.authorize({ principal: 'User:eve', host: 'h', operation: Op.READ, resourceType: Res.TOPIC, resourceName: 'orders' })).toBe(false);
  });

  it('authorizes by resource type: some unshadowed ALLOW for the caller is enough (authorizeByResourceType)', () => {
    const byType = (a: Authorizer, principal: string, operation: number) => a.authorizeByResourceType(principal, '127.0.0.1', operation, Res.TOPIC);
    expect(byType(auth, 'User:alice', Op.WRITE)).toBe(true); // pay- prefixed, not shadowed by the literal deny
    expect(byType(auth, 'User:carol', Op.WRITE)).toBe(false);
    expect(byType(auth, 'User:admin', Op.WRITE)).toBe(true);
    const shadowed = new Authorizer({ superUsers: [], allowEveryoneIfNoAclFound: false }, [
      allow('User:eve', Op.WRITE, 'logs'), deny('User:eve', Op.WRITE, 'lo', Pat.PREFIXED),
      allow('User:mal', Op.WRITE, 'x'), deny('User:mal', Op.ALL, '*'),
    ]);
    expect(byType(shadowed, 'User:eve', Op.WRITE)).toBe(false);
    expect(byType(shadowed, 'User:mal', Op.WRITE)).toBe(false);
    const open = new Authorizer({ superUsers: [], allowEveryoneIfNoAclFound: true });
    expect(byType(open, 'User:anyone', Op.WRITE)).toBe(true);
  });

  it('creates, describes with MATCH/ANY filters, and deletes; invalid bindings are refused', () => {
    const a = new Authorizer({ superUsers: [], allowEveryoneIfNoAclFound: false });
    const results = a.create([
      allow('User:alice', Op.READ, 'orders'),
      allow('User:alice', Op.READ, 'orders'),
      allow('User:bob', Op.WRITE, 'ord', Pat.PREFIXED),
      allow('alice', Op.READ, 'x'),
      allow('User:alice', Op.READ, 'x', Pat.MATCH),
      allow('User:alice', Op.ALTER, 'other-cluster', Pat.LITERAL, Res.CLUSTER),
    ]);
    expect(results.map((r) => r.error === null)).toEqual([true, true, true, false, false, false]);
    expect(results[3].error).toMatch(/principal/);
    expect(a.bindings()).toHaveLength(2);
    const any = { resourceType: Res.ANY, resourceName: null, patternType: Pat.ANY, principal: null, host: null, operation: Op.ANY, permission: Perm.ANY };
    expect(a.describe({ ...any, resourceType: Res.TOPIC, resourceName: 'orders', patternType: Pat.MATCH })).toHaveLength(2);
    expect(a.describe({ ...any, resourceName: 'orders', patternType: Pat.LITERAL })).toHaveLength(1);
    const removed = a.delete([{ ...any, principal: 'User:bob' }]);
    expect(removed[0].map((b) => b.resourceName)).toEqual(['ord']);
    expect(a.bindings().map((b) => b.principal)).toEqual(['User:alice']);
  });
});
