// Errors as they cross the boundary.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

/**
 * An error as it crosses the boundary. `name` is Kafka's error name when the cluster refused
 * (TOPIC_ALREADY_EXISTS, INVALID_REPLICATION_FACTOR, ...), otherwise one of the console's own names
 * (INVALID_JSON, INVALID_REQUEST, NOT_LOCAL_CLUSTER, UNKNOWN_METHOD, INVALID_SCHEMA, UNKNOWN_TYPE, CANNOT_DECODE,
 * TIMEOUT, DISCONNECTED, INTERNAL).
 */
export const ContractError = s.named('ContractError', s.object({
  name: s.string(),
  message: s.string(),
  /** Kafka's numeric error code when `name` is a Kafka error. */
  kafkaCode: s.optional(s.int()),
  /** INVALID_REQUEST: the request field that does not fit the contract ('' for the request itself). */
  field: s.optional(s.string()),
}));
export type ContractError = Infer<typeof ContractError>;
