// KIP-430 "authorized operations": the bitfield of what the caller may do with a resource, bit N for Kafka's
// AclOperation code N, answered only when the request asks (else Integer.MIN_VALUE, "not requested"). With
// no authorizer every operation a resource type supports is authorized, as in Kafka.

/** Integer.MIN_VALUE: the request did not ask for authorized operations. */
export const AUTHORIZED_OPERATIONS_OMITTED = -2147483648;

// AclOperation codes (Kafka's org.apache.kafka.common.acl.AclOperation).
const READ = 3, WRITE = 4, CREATE = 5, DELETE = 6, ALTER = 7, DESCRIBE = 8, CLUSTER_ACTION = 9, DESCRIBE_CONFIGS = 10, ALTER_CONFIGS = 11, IDEMPOTENT_WRITE = 12;

const bits = (...ops: number[]): number => ops.reduce((acc, op) => acc | (1 << op), 0);

/** The operations Kafka's authorizer supports per resource type (AclEntry.supportedOperations). */
export const TOPIC_OPERATIONS = bits(READ, WRITE, CREATE, DESCRIBE, DELETE, ALTER, DESCRIBE_CONFIGS, ALTER_CONFIGS);
export const CLUSTER_OPERATIONS = bits(CREATE, CLUSTER_ACTION, DESCRIBE_CONFIGS, ALTER_CONFIGS, IDEMPOTENT_WRITE, ALTER, DESCRIBE);
export const GROUP_OPERATIONS = bits(READ, DESCRIBE, DELETE, DESCRIBE_CONFIGS, ALTER_CONFIGS);

export function authorizedOperations(requested: boolean, all: number): number {
  return requested ? all : AUTHORIZED_OPERATIONS_OMITTED;
}
