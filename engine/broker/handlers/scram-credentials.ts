// DescribeUserScramCredentials and AlterUserScramCredentials (KIP-554). The controller owns the credentials;
// a broker describes those of its image (mechanism and iterations only) and forwards changes. The caller needs
// DESCRIBE (describe) or ALTER (alter) on the cluster.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { AclOperation, CLUSTER_RESOURCE_NAME, ResourceType } from '../security/acl.ts';
import { SCRAM_MECHANISM_TYPE } from '../security/scram.ts';
import type { Handler, ResponseOf } from './context.ts';

export const handleDescribeUserScramCredentials: Handler<'DescribeUserScramCredentials'> = (body, req, broker): ResponseOf<'DescribeUserScramCredentials'> => {
  if (!req.authorize(AclOperation.DESCRIBE, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME)) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: 'Cluster authorization failed.', results: [] };
  }
  const byUser = new Map<string, { mechanism: number; iterations: number }[]>();
  for (const c of broker.view().image.scramCredentials ?? []) {
    const list = byUser.get(c.user) ?? [];
    list.push({ mechanism: SCRAM_MECHANISM_TYPE[c.mechanism], iterations: c.iterations });
    byUser.set(c.user, list);
  }
  const asked = body.users === null ? [...byUser.keys()] : body.users.map((u) => u.name);
  const counts = new Map<string, number>();
  for (const u of asked) counts.set(u, (counts.get(u) ?? 0) + 1);
  return {
    throttleTimeMs: 0, errorCode: 0, errorMessage: null,
    results: [...new Set(asked)].map((user) => {
      if (counts.get(user)! > 1) return { user, errorCode: ErrorCode.DUPLICATE_RESOURCE, errorMessage: `Cannot describe SCRAM credentials for the same user twice in a single request: ${user}`, credentialInfos: [] };
      const infos = byUser.get(user);
      if (!infos) return { user, errorCode: ErrorCode.RESOURCE_NOT_FOUND, errorMessage: `Attempt to describe a user credential that does not exist: ${user}`, credentialInfos: [] };
      return { user, errorCode: 0, errorMessage: null, credentialInfos: infos };
    }),
  };
};

export const handleAlterUserScramCredentials: Handler<'AlterUserScramCredentials'> = async (body, req, broker): Promise<ResponseOf<'AlterUserScramCredentials'>> => {
  const users = [...new Set([...body.deletions, ...body.upsertions].map((c) => c.name))];
  if (!req.authorize(AclOperation.ALTER, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME)) {
    return { throttleTimeMs: 0, results: users.map((user) => ({ user, errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, errorMessage: 'Cluster authorization failed.' })) };
  }
  const results = await broker.controller.alterScramCredentials([
    ...body.deletions.map((d) => ({ user: d.name, mechanism: d.mechanism })),
    ...body.upsertions.map((u) => ({ user: u.name, mechanism: u.mechanism, upsert: { iterations: u.iterations, salt: Buffer.from(u.salt), saltedPassword: Buffer.from(u.saltedPassword) } })),
  ]);
  return { throttleTimeMs: 0, results };
};
