// Kafka's ACL model (org.apache.kafka.common.acl and .resource): resource types, pattern types, operations and
// permissions by Kafka's wire codes, an ACL binding, and the filters DescribeAcls/DeleteAcls match with.
// A binding says: <principal> from <host> is <permission> to <operation> on <resource pattern>.

export const ResourceType = { UNKNOWN: 0, ANY: 1, TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
export const PatternType = { UNKNOWN: 0, ANY: 1, MATCH: 2, LITERAL: 3, PREFIXED: 4 } as const;
export const AclOperation = {
  UNKNOWN: 0, ANY: 1, ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12, CREATE_TOKENS: 13, DESCRIBE_TOKENS: 14, TWO_PHASE_COMMIT: 15,
} as const;
export const AclPermission = { UNKNOWN: 0, ANY: 1, DENY: 2, ALLOW: 3 } as const;

export type ResourceTypeCode = (typeof ResourceType)[keyof typeof ResourceType];
export type OperationCode = (typeof AclOperation)[keyof typeof AclOperation];

export const WILDCARD_RESOURCE = '*';
export const WILDCARD_PRINCIPAL = 'User:*';
export const WILDCARD_HOST = '*';
export const CLUSTER_RESOURCE_NAME = 'kafka-cluster';

export interface AclBinding {
  resourceType: number;
  resourceName: string;
  patternType: number;
  principal: string;
  host: string;
  operation: number;
  permission: number;
}

/** A DescribeAcls/DeleteAcls filter: null names mean any; ANY codes mean any; MATCH matches what would apply. */
export interface AclFilter {
  resourceType: number;
  resourceName: string | null;
  patternType: number;
  principal: string | null;
  host: string | null;
  operation: number;
  permission: number;
}

export function nameOf<T extends Record<string, number>>(codes: T, code: number): string {
  return Object.keys(codes).find((k) => codes[k] === code) ?? 'UNKNOWN';
}

/** Why a binding may not be created, or null (Kafka answers INVALID_REQUEST with this message). */
export function invalidBinding(b: AclBinding): string | null {
  const concreteType = [ResourceType.TOPIC, ResourceType.GROUP, ResourceType.CLUSTER, ResourceType.TRANSACTIONAL_ID, ResourceType.DELEGATION_TOKEN, ResourceType.USER] as number[];
  if (!concreteType.includes(b.resourceType)) return 'Invalid resource type';
  if (b.patternType !== PatternType.LITERAL && b.patternType !== PatternType.PREFIXED) return 'Invalid pattern type: only LITERAL and PREFIXED bindings can be created';
  if (!b.resourceName) return 'Resource name must not be empty';
  if (b.resourceType === ResourceType.CLUSTER && (b.resourceName !== CLUSTER_RESOURCE_NAME || b.patternType !== PatternType.LITERAL)) return 'The only valid name for the CLUSTER resource is kafka-cluster';
  if (b.patternType === PatternType.PREFIXED && b.resourceName === WILDCARD_RESOURCE) return 'A PREFIXED pattern cannot be the wildcard';
  if (!/^[^:]+:.+$/.test(b.principal)) return `Could not parse principal from \`${b.principal}\` (no colon is present separating the principal type from the principal name)`;
  if (!b.host) return 'Host must not be empty';
  if (b.operation <= AclOperation.ANY || b.operation > AclOperation.TWO_PHASE_COMMIT) return 'Invalid operation';
  if (b.permission !== AclPermission.ALLOW && b.permission !== AclPermission.DENY) return 'Invalid permission type';
  return null;
}

/** Whether a binding's pattern applies to a concrete resource name. */
export function patternApplies(b: Pick<AclBinding, 'resourceName' | 'patternType'>, name: string): boolean {
  if (b.patternType === PatternType.LITERAL) return b.resourceName === name || b.resourceName === WILDCARD_RESOURCE;
  if (b.patternType === PatternType.PREFIXED) return name.startsWith(b.resourceName);
  return false;
}

export function filterMatches(f: AclFilter, b: AclBinding): boolean {
  if (f.resourceType !== ResourceType.ANY && f.resourceType !== b.resourceType) return false;
  if (f.patternType === PatternType.MATCH) {
    if (f.resourceName !== null && !patternApplies(b, f.resourceName)) return false;
  } else {
    if (f.patternType !== PatternType.ANY && f.patternType !== b.patternType) return false;
    if (f.resourceName !== null && f.resourceName !== b.resourceName) return false;
  }
  if (f.principal !== null && f.principal !== b.principal) return false;
  if (f.host !== null && f.host !== b.host) return false;
  if (f.operation !== AclOperation.ANY && f.operation !== b.operation) return false;
  if (f.permission !== AclPermission.ANY && f.permission !== b.permission) return false;
  return true;
}

/** Why a filter is unusable for DeleteAcls/DescribeAcls, or null. */
export function invalidFilter(f: AclFilter): string | null {
  if (f.resourceType === ResourceType.UNKNOWN) return 'Invalid resource type';
  if (f.patternType === PatternType.UNKNOWN) return 'Invalid pattern type';
  if (f.operation === AclOperation.UNKNOWN) return 'Invalid operation';
  if (f.permission === AclPermission.UNKNOWN) return 'Invalid permission type';
  return null;
}
