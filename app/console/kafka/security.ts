// The Security screen's backend: the cluster's listener protocol and CA (local cluster), its SCRAM users
// (Describe/AlterUserScramCredentials, local cluster: our protocol client logs in as the cluster's admin, as
// @platformatic/kafka has no call for them) and its ACLs (Describe/Create/DeleteAcls through the connection's
// admin client, so an external cluster's ACLs show too). Kafka's refusals (SECURITY_DISABLED without an
// authorizer, CLUSTER_AUTHORIZATION_FAILED) become a note on the screen rather than an error.

import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Acl, AclFilter } from '@platformatic/kafka';
import { ApiKey, KafkaConnection as ProtocolConnection, errorName } from '../../../engine/index.ts';
import type { AclEntry, SecurityState } from '../../contract.ts';
import type { KafkaConnection } from './connection.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { ConsoleError, toContractError } from '../service/errors.ts';
import { saltedPassword } from './scram-salt.ts';

const RESOURCE = { TOPIC: 2, GROUP: 3, CLUSTER: 4, TRANSACTIONAL_ID: 5, DELEGATION_TOKEN: 6, USER: 7 } as const;
const PATTERN = { LITERAL: 3, PREFIXED: 4 } as const;
const OPERATION = {
  ALL: 2, READ: 3, WRITE: 4, CREATE: 5, DELETE: 6, ALTER: 7, DESCRIBE: 8, CLUSTER_ACTION: 9, DESCRIBE_CONFIGS: 10, ALTER_CONFIGS: 11, IDEMPOTENT_WRITE: 12,
} as const;
const PERMISSION = { DENY: 2, ALLOW: 3 } as const;
const SCRAM = { 'SCRAM-SHA-256': 1, 'SCRAM-SHA-512': 2 } as const;
const SCRAM_ITERATIONS = 8192;

const nameOf = <T extends Record<string, number>>(table: T, code: number): keyof T => {
  const found = (Object.keys(table) as (keyof T)[]).find((k) => table[k] === code);
  if (found === undefined) throw new ConsoleError('UNAVAILABLE', `unexpected code ${code} in an ACL`);
  return found;
};

function toAcl(e: AclEntry): Acl {
  return {
    resourceType: RESOURCE[e.resourceType], resourceName: e.resourceName, resourcePatternType: PATTERN[e.patternType],
    principal: e.principal, host: e.host, operation: OPERATION[e.operation], permissionType: PERMISSION[e.permission],
  } as Acl;
}

async function readAcls(conn: KafkaConnection): Promise<{ acls: AclEntry[] | null; note: string | null }> {
  try {
    const filter = { resourceType: 1, resourceName: null, resourcePatternType: 1, principal: null, host: null, operation: 1, permissionType: 1 } as AclFilter;
    const resources = await conn.admin.describeAcls({ filter });
    return {
      note: null,
      acls: resources.flatMap((r) => r.acls.map((a): AclEntry => ({
        resourceType: nameOf(RESOURCE, r.resourceType), resourceName: r.resourceName, patternType: nameOf(PATTERN, r.resourcePatternType),
        principal: a.principal, host: a.host, operation: nameOf(OPERATION, a.operation), permission: nameOf(PERMISSION, a.permissionType),
      }))),
    };
  } catch (e) {
    const err = toContractError(e);
    return { acls: null, note: err.name === 'SECURITY_DISABLED' ? 'No authorizer runs on this cluster: ACLs are off and every client may do everything.' : `ACLs: ${err.message}` };
  }
}

/** Our protocol client, logged in as the local cluster's admin. */
async function adminConnection(lifecycle: BrokerLifecycle | undefined): Promise<ProtocolConnection | undefined> {
  const options = lifecycle?.adminConnectOptions?.();
  const broker = lifecycle?.status().find((b) => b.state === 'running');
  if (!options || !broker) return undefined;
  return ProtocolConnection.connect(broker.host, broker.port, { clientId: 'streamlab-console-security', timeoutMs: 10_000, ...options });
}

async function withAdmin<T>(lifecycle: BrokerLifecycle | undefined, fn: (c: ProtocolConnection) => Promise<T>): Promise<T> {
  const c = await adminConnection(lifecycle);
  if (!c) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'SCRAM users are managed here for the local cluster only.');
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}

type ScramResult = { user: string; errorCode: number; errorMessage: string | null; credentialInfos?: { mechanism: number }[] };

function refusal(r: { errorCode: number; errorMessage: string | null }): ConsoleError {
  return new ConsoleError('INVALID_REQUEST', `${errorName(r.errorCode)}: ${r.errorMessage ?? ''}`.trim());
}

export async function describeSecurity(conn: KafkaConnection, lifecycle: BrokerLifecycle | undefined): Promise<SecurityState> {
  const info = lifecycle?.security?.();
  const { acls, note } = await readAcls(conn);
  let users: SecurityState['users'] = null;
  if (info && (info.protocol === 'SASL_PLAINTEXT' || info.protocol === 'SASL_SSL')) {
    users = await withAdmin(lifecycle, async (c) => {
      const res = await c.request(ApiKey.DescribeUserScramCredentials, 0, { users: null });
      return (res.results as ScramResult[]).filter((r) => r.errorCode === 0).map((r) => ({
        name: r.user, mechanisms: (r.credentialInfos ?? []).map((i) => nameOf(SCRAM, i.mechanism)),
      }));
    });
  }
  return {
    protocol: info?.protocol ?? null,
    saslMechanisms: info?.saslMechanisms ?? [],
    caFile: info?.caFile ?? null,
    caPem: info?.caFile ? fs.readFileSync(info.caFile, 'utf8') : null,
    users,
    acls,
    note,
  };
}

/** Adds or changes a SCRAM user: the salted password is computed here, the broker never sees the password. */
export async function saveScramUser(lifecycle: BrokerLifecycle | undefined, req: { name: string; password: string; mechanism: keyof typeof SCRAM }): Promise<void> {
  if (!req.name.trim()) throw new ConsoleError('INVALID_REQUEST', 'A user needs a name.');
  if (req.password.length < 1) throw new ConsoleError('INVALID_REQUEST', 'A user needs a password.');
  const salt = randomBytes(24);
  await withAdmin(lifecycle, async (c) => {
    const res = await c.request(ApiKey.AlterUserScramCredentials, 0, {
      deletions: [],
      upsertions: [{ name: req.name, mechanism: SCRAM[req.mechanism], iterations: SCRAM_ITERATIONS, salt, saltedPassword: saltedPassword(req.mechanism, req.password, salt, SCRAM_ITERATIONS) }],
    });
    const r = (res.results as ScramResult[])[0];
    if (r && r.errorCode !== 0) throw refusal(r);
  });
}

/** Removes every SCRAM credential of a user. */
export async function deleteScramUser(lifecycle: BrokerLifecycle | undefined, name: string): Promise<void> {
  await withAdmin(lifecycle, async (c) => {
    const described = await c.request(ApiKey.DescribeUserScramCredentials, 0, { users: [{ name }] });
    const r = (described.results as ScramResult[])[0];
    if (!r || r.errorCode !== 0) throw new ConsoleError('NOT_FOUND', `There is no SCRAM user '${name}'.`);
    const res = await c.request(ApiKey.AlterUserScramCredentials, 0, { deletions: (r.credentialInfos ?? []).map((i) => ({ name, mechanism: i.mechanism })), upsertions: [] });
    const failed = (res.results as ScramResult[]).find((x) => x.errorCode !== 0);
    if (failed) throw refusal(failed);
  });
}

export async function createAcl(conn: KafkaConnection, entry: AclEntry): Promise<void> {
  if (!entry.resourceName) throw new ConsoleError('INVALID_REQUEST', 'An ACL needs a resource name (or * for every one).');
  if (!/^[^:]+:.+$/.test(entry.principal)) throw new ConsoleError('INVALID_REQUEST', 'A principal is written Type:name, e.g. User:alice.');
  await conn.admin.createAcls({ creations: [toAcl(entry)] });
}

export async function deleteAcl(conn: KafkaConnection, entry: AclEntry): Promise<void> {
  const removed = await conn.admin.deleteAcls({ filters: [toAcl(entry) as AclFilter] });
  if (removed.length === 0) throw new ConsoleError('NOT_FOUND', 'No such ACL.');
}
