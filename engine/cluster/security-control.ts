// The controller's part of security: ACLs and SCRAM credentials, validated as Kafka's AclControlManager and
// ScramControlManager validate them, written to the catalog, and carried to brokers in the metadata image.

import type { Catalog } from '../catalog/catalog.ts';
import type { StoredCredential } from '../catalog/security.ts';
import { filterMatches, invalidBinding, type AclBinding, type AclFilter } from '../broker/security/acl.ts';
import type { StoredScramCredential } from '../broker/security/broker-security.ts';
import type { ScramCredentialChange } from '../broker/controller-client.ts';
import {
  credentialFromPassword, credentialFromSaltedPassword, SCRAM_MAX_ITERATIONS, SCRAM_MECHANISM_TYPE, SCRAM_MIN_ITERATIONS, type ScramMechanism,
} from '../broker/security/scram.ts';
import { ErrorCode } from '../protocol/error-codes.ts';

const MECHANISM_BY_TYPE = new Map(Object.entries(SCRAM_MECHANISM_TYPE).map(([m, t]) => [t, m as ScramMechanism]));

export function createAcls(catalog: Catalog, bindings: AclBinding[]): { error: string | null }[] {
  const results = bindings.map((b) => ({ error: invalidBinding(b) }));
  catalog.acls.add(bindings.filter((_, i) => results[i].error === null));
  return results;
}

export function deleteAcls(catalog: Catalog, filters: AclFilter[]): AclBinding[][] {
  const all = catalog.acls.list();
  const removed = filters.map((f) => all.filter((b) => filterMatches(f, b)));
  catalog.acls.remove(removed.flat());
  return removed;
}

export function alterScramCredentials(catalog: Catalog, changes: ScramCredentialChange[]): { user: string; errorCode: number; errorMessage: string | null }[] {
  const count = new Map<string, number>();
  for (const c of changes) count.set(c.user, (count.get(c.user) ?? 0) + 1);
  const existing = new Set(catalog.scramCredentials.list().map((c) => `${c.mechanism}\u0000${c.user}`));
  const results = new Map<string, { user: string; errorCode: number; errorMessage: string | null }>();
  const deletions: { user: string; mechanism: ScramMechanism }[] = [];
  const upsertions: StoredCredential[] = [];
  for (const c of changes) {
    const fail = (errorCode: number, errorMessage: string) => results.set(c.user, { user: c.user, errorCode, errorMessage });
    if (results.has(c.user)) continue;
    const mechanism = MECHANISM_BY_TYPE.get(c.mechanism);
    if (!c.user) fail(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Username must not be empty');
    else if (count.get(c.user)! > 1) fail(ErrorCode.DUPLICATE_RESOURCE, 'A user credential cannot be altered twice in the same request');
    else if (!mechanism) fail(ErrorCode.UNSUPPORTED_SASL_MECHANISM, 'Unknown SCRAM mechanism');
    else if (!c.upsert) {
      if (!existing.has(`${mechanism}\u0000${c.user}`)) fail(ErrorCode.RESOURCE_NOT_FOUND, 'Attempt to delete a user credential that does not exist');
      else deletions.push({ user: c.user, mechanism });
    } else if (c.upsert.iterations < SCRAM_MIN_ITERATIONS) fail(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too few iterations');
    else if (c.upsert.iterations > SCRAM_MAX_ITERATIONS) fail(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Too many iterations');
    else if (c.upsert.salt.length === 0 || c.upsert.saltedPassword.length === 0) fail(ErrorCode.UNACCEPTABLE_CREDENTIAL, 'Salt and salted password must not be empty');
    else upsertions.push({ user: c.user, ...credentialFromSaltedPassword(mechanism, Buffer.from(c.upsert.salt), Buffer.from(c.upsert.saltedPassword), c.upsert.iterations) });
    if (!results.has(c.user)) results.set(c.user, { user: c.user, errorCode: ErrorCode.NONE, errorMessage: null });
  }
  catalog.scramCredentials.apply(deletions, upsertions);
  return [...results.values()];
}

/** Gives each configured user SCRAM credentials for every mechanism it has none for (first start of a secured cluster). */
export function seedScramUsers(catalog: Catalog, users: readonly { name: string; password: string }[]): void {
  const existing = new Set(catalog.scramCredentials.list().map((c) => `${c.mechanism}\u0000${c.user}`));
  const add: StoredCredential[] = [];
  for (const u of users) {
    for (const m of Object.keys(SCRAM_MECHANISM_TYPE) as ScramMechanism[]) {
      if (!existing.has(`${m}\u0000${u.name}`)) add.push({ user: u.name, ...credentialFromPassword(m, u.password) });
    }
  }
  if (add.length > 0) catalog.scramCredentials.apply([], add);
}

/** The image's security part. */
export function securityImage(catalog: Catalog): { acls: AclBinding[]; scramCredentials: StoredScramCredential[] } {
  return {
    acls: catalog.acls.list(),
    scramCredentials: catalog.scramCredentials.list().map((c) => ({
      user: c.user, mechanism: c.mechanism, iterations: c.iterations,
      salt: c.salt.toString('base64'), storedKey: c.storedKey.toString('base64'), serverKey: c.serverKey.toString('base64'),
    })),
  };
}
