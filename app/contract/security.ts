// Security: ACLs, SCRAM users, and how clients connect.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const AclResourceType = s.literal('TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID', 'DELEGATION_TOKEN', 'USER');

export const AclOperationName = s.literal(
  'ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE',
);

/** One ACL binding, by Kafka's names: <principal> from <host> is <permission> to <operation> on the resource pattern. */
export const AclEntry = s.named('AclEntry', s.object({
  resourceType: AclResourceType,
  resourceName: s.string(),
  patternType: s.literal('LITERAL', 'PREFIXED'),
  principal: s.string(),
  host: s.string(),
  operation: AclOperationName,
  permission: s.literal('ALLOW', 'DENY'),
}));
export type AclEntry = Infer<typeof AclEntry>;

export const SecurityState = s.named('SecurityState', s.object({
  /** PLAINTEXT, SASL_PLAINTEXT, SSL or SASL_SSL; null when unknown (an external cluster). */
  protocol: s.nullable(s.string()),
  saslMechanisms: s.array(s.string()),
  /** The CA clients trust (TLS listeners of the local cluster), as a file path and as PEM for download. */
  caFile: s.nullable(s.string()),
  caPem: s.nullable(s.string()),
  /** SCRAM users and their mechanisms; null when they cannot be listed here. */
  users: s.nullable(s.array(s.object({ name: s.string(), mechanisms: s.array(s.string()) }))),
  /** Every ACL; null without an authorizer (SECURITY_DISABLED) or without the right to see them. */
  acls: s.nullable(s.array(AclEntry)),
  /** Why users or ACLs are missing, or null. */
  note: s.nullable(s.string()),
}));
export type SecurityState = Infer<typeof SecurityState>;

/** How a client connects to the local cluster as its admin, with snippets to copy. */
export const ClientSettings = s.named('ClientSettings', s.object({
  bootstrapServers: s.string(),
  protocol: s.string(),
  /** The SASL mechanism, user and password of the console's admin; null without SASL. */
  sasl: s.nullable(s.object({ mechanism: s.string(), username: s.string(), password: s.string() })),
  /** The CA file clients trust (TLS); null without TLS. */
  caFile: s.nullable(s.string()),
  /** The admin's client certificate and key files (mutual TLS without SASL); null otherwise. */
  clientCertificate: s.nullable(s.object({ certFile: s.string(), keyFile: s.string() })),
  kcat: s.string(),
  librdkafka: s.string(),
  kafkajs: s.string(),
}));
export type ClientSettings = Infer<typeof ClientSettings>;

export const ScramUserRequest = s.named('ScramUserRequest', s.object({
  name: s.string(), password: s.string(), mechanism: s.literal('SCRAM-SHA-256', 'SCRAM-SHA-512'),
}));
