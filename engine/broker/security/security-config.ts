// A cluster's security settings, by Kafka's names: the listeners' security.protocol, sasl.enabled.mechanisms,
// the PLAIN user table (Kafka's JAAS `user_<name>="<password>"` entries), super.users,
// allow.everyone.if.no.acl.found, ssl.client.auth and connections.max.reauth.ms.
//
// Every broker of a cluster has the same listener. A secured cluster (anything but PLAINTEXT) runs the
// authorizer unless told otherwise; the brokers' own connections (replication) authenticate as the
// inter-broker user, who is always a super user, as Kafka's inter-broker principal usually is.

import type { SaslMechanism } from './sasl-authenticator.ts';
import { SASL_MECHANISMS } from './sasl-authenticator.ts';

export type SecurityProtocol = 'PLAINTEXT' | 'SASL_PLAINTEXT' | 'SSL' | 'SASL_SSL';
export const SECURITY_PROTOCOLS: readonly SecurityProtocol[] = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'];

export type SslClientAuth = 'none' | 'requested' | 'required';

export interface SecurityUser {
  name: string;
  password: string;
}

export interface SecurityConfig {
  /** security.protocol of the listeners. */
  protocol: SecurityProtocol;
  /** sasl.enabled.mechanisms */
  saslMechanisms: SaslMechanism[];
  /**
   * Users known at start: they log in with PLAIN, and get SCRAM-SHA-256/512 credentials when they have none yet
   * (more SCRAM users come and go through AlterUserScramCredentials).
   */
  users: SecurityUser[];
  /** The brokers' own user (replication), always a super user. */
  interBrokerUser: SecurityUser;
  /** Whether the StandardAuthorizer runs (authorizer.class.name set). Without it the ACL apis answer SECURITY_DISABLED. */
  authorizer: boolean;
  /** super.users, as principals ("User:admin"). */
  superUsers: string[];
  /** allow.everyone.if.no.acl.found */
  allowEveryoneIfNoAclFound: boolean;
  /** ssl.client.auth */
  sslClientAuth: SslClientAuth;
  /** connections.max.reauth.ms; 0: sessions do not expire. */
  connectionsMaxReauthMs: number;
}

export const ADMIN_USER: SecurityUser = { name: 'admin', password: 'admin-secret' };
const INTER_BROKER_USER: SecurityUser = { name: 'streamlab-broker', password: 'streamlab-broker-secret' };

export const ANONYMOUS = 'User:ANONYMOUS';

export function usesSasl(p: SecurityProtocol): boolean {
  return p === 'SASL_PLAINTEXT' || p === 'SASL_SSL';
}

export function usesTls(p: SecurityProtocol): boolean {
  return p === 'SSL' || p === 'SASL_SSL';
}

/** The settings for a protocol, with Kafka's defaults and a local admin (User:admin, a super user). */
export function securityConfig(overrides: Partial<SecurityConfig> = {}): SecurityConfig {
  const protocol = overrides.protocol ?? 'PLAINTEXT';
  if (!SECURITY_PROTOCOLS.includes(protocol)) throw new Error(`unknown security protocol ${String(protocol)}: expected one of ${SECURITY_PROTOCOLS.join(', ')}`);
  const users = overrides.users ?? [ADMIN_USER];
  const interBrokerUser = overrides.interBrokerUser ?? INTER_BROKER_USER;
  const superUsers = overrides.superUsers ?? users.filter((u) => u.name === ADMIN_USER.name).map((u) => `User:${u.name}`);
  const mechanisms = overrides.saslMechanisms ?? [...SASL_MECHANISMS];
  for (const m of mechanisms) if (!SASL_MECHANISMS.includes(m)) throw new Error(`unsupported SASL mechanism ${m}: expected ${SASL_MECHANISMS.join(', ')}`);
  return {
    protocol,
    saslMechanisms: mechanisms,
    users,
    interBrokerUser,
    authorizer: overrides.authorizer ?? protocol !== 'PLAINTEXT',
    superUsers: [...new Set([...superUsers, `User:${interBrokerUser.name}`])],
    allowEveryoneIfNoAclFound: overrides.allowEveryoneIfNoAclFound ?? false,
    sslClientAuth: overrides.sslClientAuth ?? 'none',
    connectionsMaxReauthMs: overrides.connectionsMaxReauthMs ?? 0,
  };
}

/** Parses `--security` values: plaintext, sasl_plaintext, ssl, sasl_ssl (any case). */
export function parseSecurityProtocol(s: string): SecurityProtocol {
  const p = s.trim().toUpperCase() as SecurityProtocol;
  if (!SECURITY_PROTOCOLS.includes(p)) throw new Error(`unknown security protocol '${s}': expected one of ${SECURITY_PROTOCOLS.map((x) => x.toLowerCase()).join(', ')}`);
  return p;
}
