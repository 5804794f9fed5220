// Connections: the local cluster and external ones, with their SASL, TLS and Schema Registry settings.
// Contract shapes, re-exported by ../contract.ts; imports only ../contract-schema.ts and sibling shape files.

import { s, type Infer } from '../contract-schema.ts';

export const SaslMechanism = s.literal('PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512');
export type SaslMechanism = Infer<typeof SaslMechanism>;

export const SchemaRegistryConfig = s.named('SchemaRegistryConfig', s.object({
  url: s.string(),
  /** Basic auth; empty: none. Secrets are never sent back (empty strings); an empty one on save keeps the saved one. */
  username: s.string(),
  password: s.string(),
  /** A bearer token, instead of basic auth. */
  token: s.string(),
}));
export type SchemaRegistryConfig = Infer<typeof SchemaRegistryConfig>;

export const TlsCertificates = s.named('TlsCertificates', s.object({
  /** The CA the brokers' certificates are checked against (PEM); empty: the system's CAs. */
  ca: s.string(),
  /** A client certificate (PEM) for mutual TLS; empty: none. */
  clientCert: s.string(),
  /** Its private key (PEM). A secret: never sent back (empty); an empty one on save keeps the saved one. */
  clientKey: s.string(),
  /** Do not check the brokers' certificates (anyone between may read and change the traffic). */
  skipVerify: s.boolean(),
}));
export type TlsCertificates = Infer<typeof TlsCertificates>;

export const ConnectionConfig = s.named('ConnectionConfig', s.object({
  /** 'local' is the embedded cluster; external connections get a generated id. */
  id: s.string(),
  name: s.string(),
  /** host:port, comma-separated; empty for 'local'. */
  bootstrapServers: s.string(),
  sasl: s.nullable(s.object({ mechanism: SaslMechanism, username: s.string(), password: s.string() })),
  tls: s.boolean(),
  /** The cluster's Schema Registry; absent or null: none (the local cluster uses the embedded one). */
  schemaRegistry: s.optional(s.nullable(SchemaRegistryConfig)),
  /** Certificates for TLS; absent on save: the saved ones stay. */
  tlsCertificates: s.optional(TlsCertificates),
}));
export type ConnectionConfig = Infer<typeof ConnectionConfig>;

export const ConnectionsState = s.named('ConnectionsState', s.object({
  activeId: s.string(),
  /** 'local' first; passwords are never sent back (empty strings). */
  connections: s.array(ConnectionConfig),
}));
export type ConnectionsState = Infer<typeof ConnectionsState>;
