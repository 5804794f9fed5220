// The authorizer, with the semantics of Kafka's StandardAuthorizer (metadata/.../authorizer/StandardAuthorizerData):
// - a super user (super.users) may do anything;
// - a matching DENY wins over any ALLOW; a DENY matches its own operation or ALL;
// - an ALLOW matches its operation, ALL, or an operation that implies this one: READ, WRITE, DELETE and ALTER
//   imply DESCRIBE; ALTER_CONFIGS implies DESCRIBE_CONFIGS;
// - a binding applies when its resource type is the one asked, its pattern applies to the name (LITERAL equal or
//   the wildcard "*", PREFIXED a prefix), its principal is the caller or User:*, its host the caller's or *;
// - when no binding at all exists on the resource, the answer is allow.everyone.if.no.acl.found (false by default).

import {
  AclOperation, AclPermission, filterMatches, invalidBinding, PatternType, patternApplies, WILDCARD_HOST, WILDCARD_PRINCIPAL, WILDCARD_RESOURCE,
  type AclBinding, type AclFilter,
} from './acl.ts';

export interface AuthorizerConfig {
  superUsers: string[];
  allowEveryoneIfNoAclFound: boolean;
}

export interface AuthorizeRequest {
  principal: string;
  host: string;
  operation: number;
  resourceType: number;
  resourceName: string;
}

const IMPLIES: Partial<Record<number, number[]>> = {
  [AclOperation.DESCRIBE]: [AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE, AclOperation.ALTER],
  [AclOperation.DESCRIBE_CONFIGS]: [AclOperation.ALTER_CONFIGS],
};

export type BindingResult = { error: null } | { error: string };

export class Authorizer {
  private acls: AclBinding[] = [];

  constructor(private config: AuthorizerConfig, initial: AclBinding[] = []) {
    this.acls = [...initial];
  }

  setConfig(config: AuthorizerConfig): void {
    this.config = config;
  }

  bindings(): readonly AclBinding[] {
    return this.acls;
  }

  authorize(r: AuthorizeRequest): boolean {
    if (this.config.superUsers.includes(r.principal)) return true;
    let anyOnResource = false;
    let allowed = false;
    for (const b of this.acls) {
      if (b.resourceType !== r.resourceType || !patternApplies(b, r.resourceName)) continue;
      anyOnResource = true;
      if (b.principal !== r.principal && b.principal !== WILDCARD_PRINCIPAL) continue;
      if (b.host !== r.host && b.host !== WILDCARD_HOST) continue;
      if (b.permission === AclPermission.DENY) {
        if (b.operation === r.operation || b.operation === AclOperation.ALL) return false;
      } else if (b.permission === AclPermission.ALLOW) {
        if (b.operation === r.operation || b.operation === AclOperation.ALL || IMPLIES[r.operation]?.includes(b.operation)) allowed = true;
      }
    }
    return anyOnResource ? allowed : this.config.allowEveryoneIfNoAclFound;
  }

  /**
   * Whether the caller may do `operation` on at least one resource of the type (Kafka's
   * Authorizer.authorizeByResourceType, used for idempotent producers with only topic WRITE): some ALLOW
   * binding for the caller that no DENY shadows (a wildcard DENY shadows all, a DENY on the same literal name
   * or on a prefix of it shadows that one).
   */
  authorizeByResourceType(principal: string, host: string, operation: number, resourceType: number): boolean {
    // A resource name no binding is on: super users and allow.everyone.if.no.acl.found answer it.
    if (this.authorize({ principal, host, operation, resourceType, resourceName: '\u0000any' })) return true;
    const applies = (b: AclBinding): boolean => b.resourceType === resourceType
      && (b.principal === principal || b.principal === WILDCARD_PRINCIPAL) && (b.host === host || b.host === WILDCARD_HOST)
      && (b.operation === operation || b.operation === AclOperation.ALL);
    const denies = this.acls.filter((b) => applies(b) && b.permission === AclPermission.DENY);
    if (denies.some((d) => d.patternType === PatternType.LITERAL && d.resourceName === WILDCARD_RESOURCE)) return false;
    const shadowed = (name: string, literal: boolean): boolean => denies.some((d) =>
      (d.patternType === PatternType.PREFIXED && name.startsWith(d.resourceName)) || (literal && d.patternType === PatternType.LITERAL && d.resourceName === name));
    return this.acls.some((b) => applies(b) && b.permission === AclPermission.ALLOW
      && (b.patternType === PatternType.LITERAL ? b.resourceName === WILDCARD_RESOURCE || !shadowed(b.resourceName, true) : !shadowed(b.resourceName, false)));
  }

  /** Adds bindings (duplicates are kept once); each gets null or the reason it was refused. */
  create(bindings: AclBinding[]): BindingResult[] {
    return bindings.map((b) => {
      const invalid = invalidBinding(b);
      if (invalid) return { error: invalid };
      if (!this.acls.some((a) => same(a, b))) this.acls.push({ ...b });
      return { error: null };
    });
  }

  describe(filter: AclFilter): AclBinding[] {
    return this.acls.filter((b) => filterMatches(filter, b));
  }

  /** Removes what each filter matches and returns, per filter, the bindings removed. */
  delete(filters: AclFilter[]): AclBinding[][] {
    const removed = filters.map((f) => this.acls.filter((b) => filterMatches(f, b)));
    const gone = new Set(removed.flat());
    this.acls = this.acls.filter((b) => !gone.has(b));
    return removed;
  }
}

function same(a: AclBinding, b: AclBinding): boolean {
  return a.resourceType === b.resourceType && a.resourceName === b.resourceName && a.patternType === b.patternType
    && a.principal === b.principal && a.host === b.host && a.operation === b.operation && a.permission === b.permission;
}
