// DescribeAcls, CreateAcls, DeleteAcls. The controller owns the bindings; a broker describes from the image it
// was pushed and forwards changes. Without an authorizer every answer is SECURITY_DISABLED, as Kafka's; the
// caller needs DESCRIBE (describe) or ALTER (create, delete) on the cluster.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { AclOperation, CLUSTER_RESOURCE_NAME, filterMatches, invalidFilter, ResourceType, type AclBinding, type AclFilter } from '../security/acl.ts';
import type { Handler, RequestContext, ResponseOf } from './context.ts';

const DISABLED = 'No Authorizer is configured on the broker';

function clusterDenied(req: RequestContext, op: number): boolean {
  return !req.authorize(op, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME);
}

type FilterFields = {
  resourceTypeFilter: number; resourceNameFilter: string | null; patternTypeFilter: number;
  principalFilter: string | null; hostFilter: string | null; operation: number; permissionType: number;
};

function toFilter(f: FilterFields): AclFilter {
  return {
    resourceType: f.resourceTypeFilter, resourceName: f.resourceNameFilter, patternType: f.patternTypeFilter,
    principal: f.principalFilter, host: f.hostFilter, operation: f.operation, permission: f.permissionType,
  };
}

export const handleDescribeAcls: Handler<'DescribeAcls'> = (body, req, broker): ResponseOf<'DescribeAcls'> => {
  const fail = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, errorCode, errorMessage, resources: [] });
  const acls = broker.security?.acls();
  if (!acls) return fail(ErrorCode.SECURITY_DISABLED, DISABLED);
  if (clusterDenied(req, AclOperation.DESCRIBE)) return fail(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed.');
  const filter = toFilter(body);
  const invalid = invalidFilter(filter);
  if (invalid) return fail(ErrorCode.INVALID_REQUEST, invalid);
  const byResource = new Map<string, { resourceType: number; resourceName: string; patternType: number; acls: AclBinding[] }>();
  for (const b of acls.filter((a) => filterMatches(filter, a))) {
    const key = `${b.resourceType}\u0000${b.patternType}\u0000${b.resourceName}`;
    let r = byResource.get(key);
    if (!r) byResource.set(key, (r = { resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType, acls: [] }));
    r.acls.push(b);
  }
  return {
    throttleTimeMs: 0, errorCode: 0, errorMessage: null,
    resources: [...byResource.values()].map((r) => ({
      ...r, acls: r.acls.map((a) => ({ principal: a.principal, host: a.host, operation: a.operation, permissionType: a.permission })),
    })),
  };
};

export const handleCreateAcls: Handler<'CreateAcls'> = async (body, req, broker): Promise<ResponseOf<'CreateAcls'>> => {
  const every = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, results: body.creations.map(() => ({ errorCode, errorMessage })) });
  if (!broker.security?.authorizerEnabled) return every(ErrorCode.SECURITY_DISABLED, DISABLED);
  if (clusterDenied(req, AclOperation.ALTER)) return every(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed.');
  const results = await broker.controller.createAcls(body.creations.map((c) => ({
    resourceType: c.resourceType, resourceName: c.resourceName, patternType: c.resourcePatternType,
    principal: c.principal, host: c.host, operation: c.operation, permission: c.permissionType,
  })));
  return { throttleTimeMs: 0, results: results.map((r) => (r.error === null ? { errorCode: 0, errorMessage: null } : { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: r.error })) };
};

export const handleDeleteAcls: Handler<'DeleteAcls'> = async (body, req, broker): Promise<ResponseOf<'DeleteAcls'>> => {
  const every = (errorCode: number, errorMessage: string) => ({ throttleTimeMs: 0, filterResults: body.filters.map(() => ({ errorCode, errorMessage, matchingAcls: [] })) });
  if (!broker.security?.authorizerEnabled) return every(ErrorCode.SECURITY_DISABLED, DISABLED);
  if (clusterDenied(req, AclOperation.ALTER)) return every(ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 'Cluster authorization failed.');
  const filters = body.filters.map(toFilter);
  const invalid = filters.map(invalidFilter);
  const removed = await broker.controller.deleteAcls(filters.filter((_, i) => invalid[i] === null));
  let next = 0;
  return {
    throttleTimeMs: 0,
    filterResults: filters.map((_, i) => {
      if (invalid[i] !== null) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: invalid[i], matchingAcls: [] };
      return {
        errorCode: 0, errorMessage: null,
        matchingAcls: removed[next++].map((b) => ({
          errorCode: 0, errorMessage: null, resourceType: b.resourceType, resourceName: b.resourceName, patternType: b.patternType,
          principal: b.principal, host: b.host, operation: b.operation, permissionType: b.permission,
        })),
      };
    }),
  };
};
