// Topic administration: CreateTopics, DeleteTopics and CreatePartitions are forwarded to the controller;
// DeleteRecords runs on each partition's leader (it moves that log's start offset).

import { ErrorCode } from '../../protocol/error-codes.ts';
import { errorOf, num, type Handler, type Item, type ResponseOf } from './context.ts';
import { AclOperation, mayCreateTopic, mayTopic } from './authorization.ts';

type CreatableTopicConfig = Item<Item<ResponseOf<'CreateTopics'>['topics']>['configs']>;
type DeletableTopicResult = Item<ResponseOf<'DeleteTopics'>['responses']>;
type DeleteRecordsTopicResult = Item<ResponseOf<'DeleteRecords'>['topics']>;

const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';

export const handleCreateTopics: Handler<'CreateTopics'> = async (body, req, broker): Promise<ResponseOf<'CreateTopics'>> => {
  const denied = body.topics.filter((t) => !mayCreateTopic(req, t.name)).map((t) => t.name);
  const results = await broker.controller.createTopics(
    body.topics.filter((t) => !denied.includes(t.name)).map((t) => ({
      name: t.name,
      numPartitions: t.numPartitions,
      replicationFactor: t.replicationFactor,
      assignments: t.assignments.length > 0 ? t.assignments.map((a) => ({ partitionIndex: a.partitionIndex, brokerIds: a.brokerIds })) : undefined,
      configs: Object.fromEntries(t.configs.map((c) => [c.name, c.value ?? ''])),
    })),
    body.validateOnly,
  );
  results.push(...denied.map((name) => ({ name, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Authorization failed.', topicId: ZERO_UUID, numPartitions: -1, replicationFactor: -1, configs: [] })));
  return {
    throttleTimeMs: 0,
    topics: results.map((r): Item<ResponseOf<'CreateTopics'>['topics']> => ({
      name: r.name,
      topicId: r.errorCode === 0 ? r.topicId : ZERO_UUID,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      topicConfigErrorCode: 0,
      numPartitions: r.errorCode === 0 ? r.numPartitions : -1,
      replicationFactor: r.errorCode === 0 ? r.replicationFactor : -1,
      configs: req.apiVersion >= 5 && r.errorCode === 0
        ? r.configs.map((c): CreatableTopicConfig => ({ name: c.name, value: c.value, readOnly: c.readOnly, configSource: c.isDefault ? 5 : 1, isSensitive: c.isSensitive }))
        : null,
    })),
  };
};

export const handleDeleteTopics: Handler<'DeleteTopics'> = async (body, req, broker): Promise<ResponseOf<'DeleteTopics'>> => {
  const wanted = req.apiVersion >= 6
    ? body.topics.map((t) => ({ name: t.name, topicId: t.topicId === ZERO_UUID ? null : t.topicId }))
    : body.topicNames.map((name) => ({ name, topicId: null }));
  if (!broker.config.deleteTopicEnable) {
    return { throttleTimeMs: 0, responses: wanted.map((w): DeletableTopicResult => ({ name: w.name, topicId: w.topicId ?? ZERO_UUID, errorCode: ErrorCode.TOPIC_DELETION_DISABLED, errorMessage: 'delete.topic.enable is false' })) };
  }
  const nameOf = (w: { name: string | null; topicId: string | null }) => w.name ?? (w.topicId ? broker.view().topicById(w.topicId)?.name : undefined);
  const denied = wanted.filter((w) => { const n = nameOf(w); return n !== undefined && !mayTopic(req, AclOperation.DELETE, n); });
  const results = await broker.controller.deleteTopics(wanted.filter((w) => !denied.includes(w)));
  results.push(...denied.map((w) => ({ name: w.name, topicId: w.topicId ?? undefined, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: 'Authorization failed.' })));
  return {
    throttleTimeMs: 0,
    responses: results.map((r): DeletableTopicResult => ({ name: r.name, topicId: r.topicId ?? ZERO_UUID, errorCode: r.errorCode, errorMessage: r.errorMessage })),
  };
};

export const handleCreatePartitions: Handler<'CreatePartitions'> = async (body, _req, broker): Promise<ResponseOf<'CreatePartitions'>> => {
  const results = await broker.controller.createPartitions(
    body.topics.map((t) => ({ name: t.name, count: t.count, assignments: t.assignments ? t.assignments.map((a) => a.brokerIds) : null })),
    body.validateOnly,
  );
  // One result per requested topic, in order; the name is not nullable in CreatePartitions.
  return { throttleTimeMs: 0, results: results.map((r, i): Item<ResponseOf<'CreatePartitions'>['results']> => ({ name: r.name ?? body.topics[i].name, errorCode: r.errorCode, errorMessage: r.errorMessage })) };
};

export const handleDeleteRecords: Handler<'DeleteRecords'> = (body, _req, broker): ResponseOf<'DeleteRecords'> => {
  const view = broker.view();
  return {
    throttleTimeMs: 0,
    topics: body.topics.map((t): DeleteRecordsTopicResult => ({
      name: t.name,
      partitions: t.partitions.map((p): Item<DeleteRecordsTopicResult['partitions']> => {
        try {
          const hp = broker.replicas.leaderPartition(t.name, p.partitionIndex, view);
          const low = hp.log.deleteRecordsBefore(num(p.offset));
          return { partitionIndex: p.partitionIndex, lowWatermark: low, errorCode: 0 };
        } catch (e) {
          return { partitionIndex: p.partitionIndex, lowWatermark: -1, errorCode: errorOf(e).code };
        }
      }),
    })),
  };
};
