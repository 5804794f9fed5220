// The authorization checks handlers share, as Kafka's KafkaApis makes them: each is a line in its handler.
// `req.authorize` is always true without an authorizer, so none of this changes a PLAINTEXT cluster.

import { KafkaError } from '../../protocol/error-codes.ts';
import { AclOperation, CLUSTER_RESOURCE_NAME, ResourceType } from '../security/acl.ts';
import type { RequestContext } from './context.ts';

export { AclOperation } from '../security/acl.ts';

/** Throws TOPIC_AUTHORIZATION_FAILED unless the caller may do `operation` on the topic. */
export function requireTopic(req: RequestContext, operation: number, topic: string): void {
  if (!req.authorize(operation, ResourceType.TOPIC, topic)) throw new KafkaError('TOPIC_AUTHORIZATION_FAILED', `Not authorized to access topics: [${topic}]`);
}

export function mayTopic(req: RequestContext, operation: number, topic: string): boolean {
  return req.authorize(operation, ResourceType.TOPIC, topic);
}

export function mayCluster(req: RequestContext, operation: number): boolean {
  return req.authorize(operation, ResourceType.CLUSTER, CLUSTER_RESOURCE_NAME);
}

/** CREATE on the cluster, or on the topic (Kafka allows either). */
export function mayCreateTopic(req: RequestContext, topic: string): boolean {
  return mayCluster(req, AclOperation.CREATE) || mayTopic(req, AclOperation.CREATE, topic);
}

/** A consumer needs READ on the topic; a follower (replica id >= 0) CLUSTER_ACTION on the cluster. */
export function mayFetch(req: RequestContext, replicaId: number, topic: string): boolean {
  return replicaId >= 0 ? mayCluster(req, AclOperation.CLUSTER_ACTION) : mayTopic(req, AclOperation.READ, topic);
}

export function mayGroup(req: RequestContext, operation: number, group: string): boolean {
  return req.authorize(operation, ResourceType.GROUP, group);
}

export function mayTransactionalId(req: RequestContext, operation: number, transactionalId: string): boolean {
  return req.authorize(operation, ResourceType.TRANSACTIONAL_ID, transactionalId);
}

/** An idempotent producer needs IDEMPOTENT_WRITE on the cluster, or WRITE on some topic (KIP-679). */
export function mayIdempotentWrite(req: RequestContext): boolean {
  return mayCluster(req, AclOperation.IDEMPOTENT_WRITE) || (req.authorizeByResourceType?.(AclOperation.WRITE, ResourceType.TOPIC) ?? true);
}
