// Metadata and DescribeCluster: what clients learn about brokers, topics, partitions and leaders.
// Unknown topics are auto-created when both the request and auto.create.topics.enable allow it (Kafka's
// rule); a topic just created answers LEADER_NOT_AVAILABLE until this broker has its metadata. Authorized
// operations (KIP-430) are answered when asked for.

import { ErrorCode } from '../../protocol/error-codes.ts';
import { invalidTopicNameReason } from '../../catalog/topic-name.ts';
import type { TopicImage } from '../metadata-image.ts';
import type { BrokerContext, Handler, Item, ResponseOf } from './context.ts';
import { authorizedOperations, clusterAuthorizedOperations } from './authorized-operations.ts';
import { ResourceType } from '../security/acl.ts';
import type { RequestContext } from './context.ts';
import { AclOperation, mayCreateTopic, mayTopic } from './authorization.ts';

type MetadataTopic = Item<ResponseOf<'Metadata'>['topics']>;

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

function topicEntry(t: TopicImage, broker: BrokerContext, req: RequestContext, includeOperations = false): MetadataTopic {
  const alive = new Set(broker.view().aliveBrokers().map((b) => b.id));
  return {
    errorCode: 0,
    name: t.name,
    topicId: t.topicId,
    isInternal: t.isInternal,
    partitions: t.partitions.map((p): Item<MetadataTopic['partitions']> => ({
      errorCode: p.leader >= 0 ? 0 : ErrorCode.LEADER_NOT_AVAILABLE,
      partitionIndex: p.partition,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: p.replicas,
      isrNodes: p.isr,
      offlineReplicas: p.replicas.filter((r) => !alive.has(r)),
    })),
    topicAuthorizedOperations: authorizedOperations(includeOperations, req, ResourceType.TOPIC, t.name),
  };
}

export const handleMetadata: Handler<'Metadata'> = async (body, req, broker): Promise<ResponseOf<'Metadata'>> => {
  let view = broker.view();
  // v0: an empty list means all topics; v1+: null means all, empty means none.
  const all = body.topics === null || (req.apiVersion === 0 && body.topics.length === 0);
  const allowAuto = req.apiVersion < 4 ? true : body.allowAutoTopicCreation;
  const topics: MetadataTopic[] = [];
  if (all) {
    for (const t of view.image.topics) if (!t.isInternal && mayTopic(req, AclOperation.DESCRIBE, t.name)) topics.push(topicEntry(t, broker, req, body.includeTopicAuthorizedOperations));
  } else {
    const missing: string[] = [];
    for (const rt of body.topics ?? []) {
      const byId = rt.topicId && rt.topicId !== ZERO_UUID ? view.topicById(rt.topicId) : undefined;
      if (rt.topicId && rt.topicId !== ZERO_UUID && !byId) {
        // The name is nullable only from v12.
        topics.push({ errorCode: ErrorCode.UNKNOWN_TOPIC_ID, name: req.apiVersion >= 12 ? null : '', topicId: rt.topicId, isInternal: false, partitions: [] });
        continue;
      }
      const t = byId ?? (rt.name !== null ? view.topic(rt.name) : undefined);
      const name = t?.name ?? rt.name;
      if (name !== null && !mayTopic(req, AclOperation.DESCRIBE, name)) topics.push({ errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, name, topicId: ZERO_UUID, isInternal: false, partitions: [], topicAuthorizedOperations: -2147483648 });
      else if (t) topics.push(topicEntry(t, broker, req, body.includeTopicAuthorizedOperations));
      else if (rt.name !== null) missing.push(rt.name);
    }
    if (missing.length > 0) {
      const valid = missing.filter((n) => invalidTopicNameReason(n) === undefined && mayCreateTopic(req, n));
      if (allowAuto && broker.config.autoCreateTopicsEnable && valid.length > 0) {
        // The controller answers once this broker holds the new metadata.
        await broker.controller.createTopics(
          valid.map((name) => ({ name, numPartitions: -1, replicationFactor: -1, configs: {} })),
          false,
        );
        view = broker.view();
      }
      for (const name of missing) {
        const t = view.topic(name);
        if (t) {
          topics.push(topicEntry(t, broker, req, body.includeTopicAuthorizedOperations));
          continue;
        }
        const invalid = invalidTopicNameReason(name) !== undefined;
        const code = invalid ? ErrorCode.INVALID_TOPIC_EXCEPTION
          : allowAuto && broker.config.autoCreateTopicsEnable && !mayCreateTopic(req, name) ? ErrorCode.TOPIC_AUTHORIZATION_FAILED
          : allowAuto && broker.config.autoCreateTopicsEnable ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        topics.push({ errorCode: code, name, topicId: ZERO_UUID, isInternal: false, partitions: [] });
      }
    }
  }
  return {
    throttleTimeMs: 0,
    brokers: view.aliveBrokers().map((b): Item<ResponseOf<'Metadata'>['brokers']> => ({ nodeId: b.id, host: b.host, port: b.port, rack: b.rack })),
    clusterId: view.image.clusterId,
    controllerId: view.image.controllerId,
    topics,
    clusterAuthorizedOperations: clusterAuthorizedOperations(req.apiVersion <= 10 && body.includeClusterAuthorizedOperations, req),
    errorCode: 0,
  };
};

export const handleDescribeCluster: Handler<'DescribeCluster'> = (body, req, broker): ResponseOf<'DescribeCluster'> => {
  const view = broker.view();
  if (body.endpointType !== undefined && body.endpointType !== 1) {
    return { throttleTimeMs: 0, errorCode: ErrorCode.MISMATCHED_ENDPOINT_TYPE, errorMessage: 'only broker endpoints are served', endpointType: body.endpointType, clusterId: view.image.clusterId, controllerId: -1, brokers: [], clusterAuthorizedOperations: -2147483648 };
  }
  return {
    throttleTimeMs: 0,
    errorCode: 0,
    errorMessage: null,
    endpointType: 1,
    clusterId: view.image.clusterId,
    controllerId: view.image.controllerId,
    // v2 can ask for fenced (stopped) brokers too, marked as such (KIP-1073).
    brokers: (body.includeFencedBrokers ? [...view.image.brokers].sort((a, b) => a.id - b.id) : view.aliveBrokers())
      .map((b): Item<ResponseOf<'DescribeCluster'>['brokers']> => ({ brokerId: b.id, host: b.host, port: b.port, rack: b.rack, isFenced: !b.alive })),
    clusterAuthorizedOperations: clusterAuthorizedOperations(body.includeClusterAuthorizedOperations, req),
  };
};
