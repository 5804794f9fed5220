// One broker's view of its cluster's security: the listener's TLS and SASL settings, the SCRAM credentials and
// ACLs the controller pushes with each metadata image, and the authorization check handlers make through
// `req.authorize`. The controller owns credentials and ACLs (durable in the catalog); a broker only reads them.

import { Authorizer } from './authorizer.ts';
import type { AclBinding } from './acl.ts';
import type { SaslSettings } from './sasl-authenticator.ts';
import type { ScramCredential, ScramMechanism } from './scram.ts';
import { usesSasl, usesTls, type SecurityConfig } from './security-config.ts';

/** A SCRAM credential as the image carries it (base64, so it crosses a worker boundary unchanged). */
export interface StoredScramCredential {
  user: string;
  mechanism: ScramMechanism;
  salt: string;
  storedKey: string;
  serverKey: string;
  iterations: number;
}

export interface ListenerTls {
  key: string;
  cert: string;
  ca: string;
}

export class BrokerSecurity {
  private authorizer: Authorizer | undefined;
  private credentials = new Map<string, ScramCredential>();
  private readonly plain: Map<string, string>;

  constructor(readonly config: SecurityConfig, readonly tls?: ListenerTls) {
    if (usesTls(config.protocol) && !tls) throw new Error(`security protocol ${config.protocol} needs TLS material`);
    this.plain = new Map([...config.users, config.interBrokerUser].map((u) => [u.name, u.password]));
    if (config.authorizer) this.authorizer = new Authorizer(this.authorizerConfig());
  }

  private authorizerConfig() {
    return { superUsers: this.config.superUsers, allowEveryoneIfNoAclFound: this.config.allowEveryoneIfNoAclFound };
  }

  get authorizerEnabled(): boolean {
    return this.authorizer !== undefined;
  }

  /** Takes the credentials and ACLs of a new metadata image. */
  apply(acls: readonly AclBinding[] | undefined, scram: readonly StoredScramCredential[] | undefined): void {
    if (this.authorizer) this.authorizer = new Authorizer(this.authorizerConfig(), [...(acls ?? [])]);
    this.credentials = new Map((scram ?? []).map((c) => [`${c.mechanism}\u0000${c.user}`, {
      mechanism: c.mechanism,
      salt: Buffer.from(c.salt, 'base64'),
      storedKey: Buffer.from(c.storedKey, 'base64'),
      serverKey: Buffer.from(c.serverKey, 'base64'),
      iterations: c.iterations,
    }]));
  }

  /** The SASL settings of the listener, or undefined when it has no SASL. */
  sasl(): SaslSettings | undefined {
    if (!usesSasl(this.config.protocol)) return undefined;
    return {
      enabledMechanisms: this.config.saslMechanisms,
      maxReauthMs: this.config.connectionsMaxReauthMs,
      users: {
        plainPassword: (u) => this.plain.get(u),
        scramCredential: (u, m) => this.credentials.get(`${m}\u0000${u}`),
      },
    };
  }

  /** The ACLs the authorizer holds, or undefined without an authorizer. */
  acls(): readonly AclBinding[] | undefined {
    return this.authorizer?.bindings();
  }

  authorize(principal: string, host: string, operation: number, resourceType: number, resourceName: string): boolean {
    if (!this.authorizer) return true;
    return this.authorizer.authorize({ principal, host, operation, resourceType, resourceName });
  }

  /** Whether the caller may do `operation` on some resource of the type (Kafka's authorizeByResourceType). */
  authorizeByResourceType(principal: string, host: string, operation: number, resourceType: number): boolean {
    if (!this.authorizer) return true;
    return this.authorizer.authorizeByResourceType(principal, host, operation, resourceType);
  }
}
