// KIP-430 "authorized operations": the bitfield of what the caller may do with a resource, bit N for Kafka's
// AclOperation code N, answered only when the request asks (else Integer.MIN_VALUE, "not requested"). Each
// operation the resource type supports is put to the authorizer for the caller, as Kafka's
// AuthHelper.authorizedOperations does; without an authorizer every one of them is allowed.

import { CLUSTER_RESOURCE_NAME, ResourceType } from '../security/acl.ts';
import type { RequestContext } from './context.ts';

/** Integer.MIN_VALUE: the request did not ask for authorized operations. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

// AclOperation codes (Kafka's org.apache.kafka.common.acl.AclOperation).
const READ = 3, WRITE = 4, CREATE = 5, DELETE = 6, ALTER = 7, DESCRIBE = 8, CLUSTER_ACTION = 9, DESCRIBE_CONFIGS = 10, ALTER_CONFIGS = 11, IDEMPOTENT_WRITE = 12;

const bits = (...ops: number[]): number => ops.reduce((acc, op) => acc | (1 << op), 0);

/** The operations Kafka's authorizer supports per resource type (AclEntry.supportedOperations). */
export const TOPIC_OPERATIONS = bits(READ, WRITE, CREATE, DESCRIBE, DELETE, ALTER, DESCRIBE_CONFIGS, ALTER_CONFIGS);
export const CLUSTER_OPERATIONS = bits(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE);
export const GROUP_OPERATIONS = bits(READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS);

const SUPPORTED: Partial<Record<number, number>> = {
  [ResourceType.TOPIC]: TOPIC_OPERATIONS,
  [ResourceType.CLUSTER]: CLUSTER_OPERATIONS,
  [ResourceType.GROUP]: GROUP_OPERATIONS,
};

/** The caller's authorized operations on one resource, or AUTHORIZED_OPERATIONS_OMITTED when not asked. */
export function authorizedOperations(requested: boolean, req: RequestContext, resourceType: number, name: string): number {
  if (!requested) return AUTHORIZED_OPERATIONS_OMITTED;
  const supported = SUPPORTED[resourceType] ?? 0;
  let granted = 0;
  for (let op = 0; op < 31; op++) if ((supported & (1 << op)) !== 0 && req.authorize(op, resourceType, name)) granted |= 1 << op;
  return granted;
}

export function clusterAuthorizedOperations(requested: boolean, req: RequestContext): number {
  return authorizedOperations(requested, req, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME);
}
