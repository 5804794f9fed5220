// The catalog's security tables (migration 007): ACL bindings and SCRAM credentials. The controller is the only
// writer; each call is one short transaction. Brokers never read these tables: they get both with the image.

import type { SqliteDatabase } from './migrate.ts';
import type { AclBinding } from '../broker/security/acl.ts';
import type { ScramCredential, ScramMechanism } from '../broker/security/scram.ts';

export interface StoredCredential extends ScramCredential {
  user: string;
}

interface AclRow {
  resource_type: number; resource_name: string; pattern_type: number; principal: string; host: string; operation: number; permission: number;
}

interface CredentialRow {
  user_name: string; mechanism: ScramMechanism; salt: Buffer; stored_key: Buffer; server_key: Buffer; iterations: number;
}

export class AclStore {
  constructor(private readonly db: SqliteDatabase) {}

  list(): AclBinding[] {
    return (this.db.prepare('SELECT * FROM acls ORDER BY resource_type, resource_name, principal, operation').all() as AclRow[]).map((r) => ({
      resourceType: r.resource_type, resourceName: r.resource_name, patternType: r.pattern_type, principal: r.principal,
      host: r.host, operation: r.operation, permission: r.permission,
    }));
  }

  add(bindings: readonly AclBinding[]): void {
    const insert = this.db.prepare('INSERT OR IGNORE INTO acls VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const b of bindings) insert.run(b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permission);
    })();
  }

  remove(bindings: readonly AclBinding[]): void {
    const del = this.db.prepare(`DELETE FROM acls WHERE resource_type = ? AND resource_name = ? AND pattern_type = ? AND principal = ?
      AND host = ? AND operation = ? AND permission = ?`);
    this.db.transaction(() => {
      for (const b of bindings) del.run(b.resourceType, b.resourceName, b.patternType, b.principal, b.host, b.operation, b.permission);
    })();
  }
}

export class ScramCredentialStore {
  constructor(private readonly db: SqliteDatabase) {}

  list(): StoredCredential[] {
    return (this.db.prepare('SELECT * FROM scram_credentials ORDER BY user_name, mechanism').all() as CredentialRow[]).map((r) => ({
      user: r.user_name, mechanism: r.mechanism, salt: r.salt, storedKey: r.stored_key, serverKey: r.server_key, iterations: r.iterations,
    }));
  }

  /** Applies deletions then upsertions in one transaction. */
  apply(deletions: readonly { user: string; mechanism: ScramMechanism }[], upsertions: readonly StoredCredential[]): void {
    const del = this.db.prepare('DELETE FROM scram_credentials WHERE user_name = ? AND mechanism = ?');
    const put = this.db.prepare(`INSERT INTO scram_credentials VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (user_name, mechanism) DO UPDATE SET salt = excluded.salt, stored_key = excluded.stored_key,
      server_key = excluded.server_key, iterations = excluded.iterations`);
    this.db.transaction(() => {
      for (const d of deletions) del.run(d.user, d.mechanism);
      for (const c of upsertions) put.run(c.user, c.mechanism, c.salt, c.storedKey, c.serverKey, c.iterations);
    })();
  }
}
