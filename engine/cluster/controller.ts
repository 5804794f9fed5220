// The controller: the only writer of cluster metadata. It owns the SQLite catalog (brokers, topics with
// ids and configs, partition assignment, leader, ISR, epochs), validates admin requests with Kafka's rules
// and error codes, and after every change pushes a whole new metadata image to every broker, resolving the
// request only when the image has been delivered.

import type { Catalog } from '../catalog/catalog.ts';
import { describeTopicConfigs, validateTopicConfigs, TOPIC_CONFIGS, toLogConfig } from '../catalog/topic-config.ts';
import type { PartitionChange } from '../catalog/partitions.ts';
import { validateNewTopicName } from '../catalog/topic-name.ts';
import { ErrorCode, KafkaError, type ErrorName } from '../protocol/error-codes.ts';
import type { BrokerConfig } from '../broker/broker-config.ts';
import type { ConfigChange, ControllerClient, CreatableTopic, CreateTopicResult, TopicErrorResult } from '../broker/controller-client.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import { assignReplicas } from './placement.ts';
import * as security from './security-control.ts';
import * as dynamicConfigs from './dynamic-config-control.ts';
import type { AclBinding, AclFilter } from '../broker/security/acl.ts';
import type { ScramCredentialChange } from '../broker/controller-client.ts';
import type { ElectionResult } from '../broker/controller-client.ts';
import { elect, requestedElection } from './leader-election.ts';
import type { PartitionReassignment, ReassignmentResult } from '../broker/controller-client.ts';
import { ReassignmentStore } from '../catalog/reassignments.ts';
import * as reassignments from './controller-reassignments.ts';
import { errorResult } from './admin-error.ts';

/** Kafka's controller caps one operation at 10,000 records; a partition is one. */
const MAX_PARTITIONS_PER_REQUEST = 10_000;

export type ImageSink = (image: MetadataImage) => Promise<void> | void;

export class Controller implements ControllerClient {
  private readonly sinks = new Map<number, ImageSink>();
  private readonly observers: ((image: MetadataImage) => void)[] = [];
  private readonly alive = new Set<number>();
  /** Per broker, the replicas it reported offline (topic\0partition): ineligible for leadership and the ISR. */
  private readonly offlineReplicas = new Map<number, Set<string>>();
  private epoch = 0;
  private image: MetadataImage;
  private nextProducerIdBlock: number;
  private readonly reassignments: ReassignmentStore;

  constructor(
    readonly catalog: Catalog,
    private readonly config: BrokerConfig,
  ) {
    this.reassignments = new ReassignmentStore(catalog.db);
    this.image = this.buildImage();
    this.nextProducerIdBlock = Number(this.catalog.db.prepare("SELECT coalesce(max(value), 0) FROM controller_state WHERE key = 'next_producer_id'").pluck().get() ?? 0);
  }

  get currentImage(): MetadataImage {
    return this.image;
  }

  /** A broker's metadata sink; it receives the current image at once. */
  async attach(brokerId: number, sink: ImageSink): Promise<void> {
    this.sinks.set(brokerId, sink);
    await sink(this.image);
  }

  detach(brokerId: number): void {
    this.sinks.delete(brokerId);
  }

  /**
   * Registers a broker's endpoint and marks it alive (or not), then re-elects: partitions it led get a new
   * leader from their ISR, it leaves every ISR, and offline partitions it can lead come back.
   */
  async setBroker(id: number, host: string, port: number, alive: boolean): Promise<void> {
    this.catalog.brokers.register({ brokerId: id, host, port, rack: null, state: alive ? 'running' : 'stopped' });
    // A (re)started broker opens its logs afresh: nothing of it is offline until it says so.
    this.offlineReplicas.delete(id);
    if (alive) this.alive.add(id);
    else this.alive.delete(id);
    this.reconcile();
    await this.publish();
  }

  /** Several brokers come up together (cluster start): one election, one image. */
  async brokersUp(brokers: { id: number; host: string; port: number }[]): Promise<void> {
    for (const b of brokers) {
      this.catalog.brokers.register({ brokerId: b.id, host: b.host, port: b.port, rack: null, state: 'running' });
      this.offlineReplicas.delete(b.id);
      this.alive.add(b.id);
    }
    this.reconcile();
    await this.publish();
  }

  /**
   * Controlled shutdown (Kafka's): before a broker stops, leadership of its partitions moves to another ISR
   * member and it leaves every ISR, so clients switch leaders without losing acknowledged writes.
   */
  async controlledShutdown(id: number): Promise<void> {
    this.alive.delete(id);
    this.catalog.brokers.setState(id, 'stopping');
    this.reconcile();
    await this.publish();
  }

  /**
   * Leader election for every partition by Kafka's rules (leader-election.ts), among the eligible replicas;
   * unclean.leader.election.enable lets a live replica outside the ISR lead. Finished reassignments first.
   */
  private reconcile(): void {
    reassignments.completeReassignments(this.catalog, this.reassignments, this.alive);
    const changes: PartitionChange[] = [];
    for (const t of this.catalog.topics.list()) {
      const unclean = toLogConfig(t.configs).uncleanLeaderElectionEnable;
      for (const p of t.partitions) {
        const next = elect(p, unclean, (b) => this.eligible(b, p.topic, p.partition));
        if (next) changes.push({ topic: t.name, partition: p.partition, ...next });
      }
    }
    if (changes.length > 0) this.catalog.partitions.applyChanges(changes);
  }

  /** Whether a broker's replica of a partition can lead and be in the ISR: alive, and its log not offline. */
  private eligible(b: number, topic: string, partition: number): boolean {
    return this.alive.has(b) && !this.offlineReplicas.get(b)?.has(`${topic}\u0000${partition}`);
  }

  async alterReplicaStates(brokerId: number, offline: { topic: string; partition: number }[], online: { topic: string; partition: number }[]): Promise<void> {
    let set = this.offlineReplicas.get(brokerId);
    if (!set) this.offlineReplicas.set(brokerId, (set = new Set()));
    for (const tp of offline) set.add(`${tp.topic}\u0000${tp.partition}`);
    for (const tp of online) set.delete(`${tp.topic}\u0000${tp.partition}`);
    this.reconcile();
    await this.publish();
  }

  async alterPartition(
    leaderId: number,
    change: { topic: string; partition: number; leaderEpoch: number; partitionEpoch: number; isr: number[] },
  ): Promise<{ errorCode: number; errorMessage: string | null }> {
    try {
      const p = this.catalog.partitions.get(change.topic, change.partition);
      if (!p) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `${change.topic}-${change.partition} does not exist`);
      if (p.leader !== leaderId || change.leaderEpoch !== p.leaderEpoch) {
        throw new KafkaError('FENCED_LEADER_EPOCH', `broker ${leaderId} at epoch ${change.leaderEpoch} is not the leader of ${change.topic}-${change.partition} (leader ${p.leader}, epoch ${p.leaderEpoch})`);
      }
      if (!change.isr.includes(leaderId)) throw new KafkaError('INVALID_REQUEST', 'the leader must stay in the ISR');
      const isr = [...change.isr].filter((b) => this.eligible(b, change.topic, change.partition)).sort((a, b) => a - b);
      this.catalog.partitions.update({ topic: change.topic, partition: change.partition, isr, expectedPartitionEpoch: change.partitionEpoch });
      // A preferred replica that just rejoined the ISR takes its leadership back.
      this.reconcile();
      await this.publish();
      return { errorCode: 0, errorMessage: null };
    } catch (e) {
      return errorResult(e);
    }
  }

  async electLeaders(electionType: number, wanted: { topic: string; partition: number }[] | null): Promise<ElectionResult[]> {
    const all = wanted === null;
    const targets = wanted ?? this.catalog.topics.list().flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
    const results: ElectionResult[] = [];
    const changes: PartitionChange[] = [];
    for (const { topic, partition } of targets) {
      const p = this.catalog.partitions.get(topic, partition);
      const answer = (error: ErrorName | 'NONE', errorMessage: string | null = null): void => {
        if (all && error === 'ELECTION_NOT_NEEDED') return;
        results.push({ topic, partition, errorCode: error === 'NONE' ? 0 : ErrorCode[error], errorMessage });
      };
      if (!p) {
        answer('UNKNOWN_TOPIC_OR_PARTITION', `${topic}-${partition} does not exist`);
        continue;
      }
      const r = requestedElection(electionType, p, this.alive);
      if (r.change) changes.push({ topic, partition, ...r.change });
      answer(r.error, r.errorMessage);
    }
    if (changes.length > 0) {
      this.catalog.partitions.applyChanges(changes);
      await this.publish();
    }
    return results;
  }

  /**
   * AlterPartitionReassignments (KIP-455, see controller-reassignments.ts): starts, replaces or (null replicas) cancels
   * each partition's reassignment; answers per partition, before the data has moved.
   */
  async alterPartitionReassignments(wanted: PartitionReassignment[], allowReplicationFactorChange: boolean): Promise<ReassignmentResult[]> {
    const { results, changed } = reassignments.alterPartitionReassignments(this.catalog, this.reassignments, this.alive, wanted, allowReplicationFactorChange);
    if (changed) {
      this.reconcile();
      await this.publish();
    }
    return results;
  }

  liveBrokers(): number[] {
    return [...this.alive].sort((a, b) => a - b);
  }

  private buildImage(): MetadataImage {
    const info = this.catalog.cluster.info();
    const moving = reassignments.reassignmentsImage(this.reassignments);
    return {
      epoch: ++this.epoch,
      clusterId: info.clusterId,
      // Clients send admin requests to the "controller" they see; any broker forwards them here, so
      // advertise a live broker, as KRaft brokers do.
      controllerId: this.liveBrokers()[0] ?? -1,
      brokers: this.catalog.brokers.list().map((b) => ({ id: b.brokerId, host: b.host, port: b.port, rack: b.rack, alive: this.alive.has(b.brokerId) })),
      topics: this.catalog.topics.list().map((t) => ({
        name: t.name,
        topicId: t.topicId,
        isInternal: t.isInternal,
        configs: t.configs,
        partitions: t.partitions.map((p) => ({
          partition: p.partition,
          leader: p.leader,
          leaderEpoch: p.leaderEpoch,
          partitionEpoch: p.partitionEpoch,
          replicas: p.replicas,
          isr: p.isr,
          ...moving(t.name, p.partition),
        })),
      })),
      ...security.securityImage(this.catalog),
      ...dynamicConfigs.dynamicConfigsImage(this.catalog),
    };
  }

  /** Observers (the cluster's event stream) see every image as it is published. */
  onPublish(fn: (image: MetadataImage) => void): void {
    this.observers.push(fn);
    fn(this.image);
  }

  /** Rebuilds the image from the catalog and delivers it to every broker. */
  async publish(): Promise<void> {
    this.image = this.buildImage();
    const image = this.image;
    for (const o of this.observers) o(image);
    await Promise.all([...this.sinks.values()].map((s) => s(image)));
  }

  async createTopics(topics: CreatableTopic[], validateOnly: boolean): Promise<CreateTopicResult[]> {
    const results: CreateTopicResult[] = [];
    const seen = new Set<string>();
    let changed = false;
    for (const t of topics) {
      const base = { name: t.name, topicId: '', numPartitions: -1, replicationFactor: -1, configs: [] };
      try {
        if (seen.has(t.name)) throw new KafkaError('INVALID_REQUEST', `Duplicate topic name ${t.name} in the request.`);
        seen.add(t.name);
        validateNewTopicName(t.name, this.catalog.topics.names());
        validateTopicConfigs(t.configs);
        let replicas: number[][];
        if (t.assignments && t.assignments.length > 0) {
          if (t.numPartitions !== -1 || t.replicationFactor !== -1) {
            throw new KafkaError('INVALID_REQUEST', 'Both numPartitions or replicationFactor and replicasAssignments were set. Both cannot be used at the same time.');
          }
          replicas = this.checkAssignments(t.assignments.sort((a, b) => a.partitionIndex - b.partitionIndex).map((a) => a.brokerIds));
        } else {
          const partitions = t.numPartitions === -1 ? this.config.numPartitions : t.numPartitions;
          const rf = t.replicationFactor === -1 ? this.config.defaultReplicationFactor : t.replicationFactor;
          if (partitions <= 0) throw new KafkaError('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.');
          if (partitions > MAX_PARTITIONS_PER_REQUEST) {
            throw new KafkaError('INVALID_PARTITIONS', `A topic may be created with at most ${MAX_PARTITIONS_PER_REQUEST} partitions at once, not ${partitions}.`);
          }
          if (rf <= 0) throw new KafkaError('INVALID_REPLICATION_FACTOR', 'Replication factor must be larger than 0, or -1 to use the default value.');
          replicas = assignReplicas(this.liveBrokers(), partitions, rf);
        }
        const configs = describeTopicConfigs(t.configs).map((c) => ({
          name: c.name, value: c.value, isDefault: c.isDefault, readOnly: false, isSensitive: TOPIC_CONFIGS.get(c.name)?.type === 'password',
        }));
        if (validateOnly) {
          results.push({ ...base, errorCode: 0, errorMessage: null, numPartitions: replicas.length, replicationFactor: replicas[0].length, configs });
          continue;
        }
        const created = this.catalog.topics.create({ name: t.name, configs: t.configs, partitions: replicas.map((r) => ({ replicas: r, isr: r.filter((b) => this.alive.has(b)), leader: r.find((b) => this.alive.has(b)) ?? -1 })) });
        changed = true;
        results.push({ ...base, errorCode: 0, errorMessage: null, topicId: created.topicId, numPartitions: replicas.length, replicationFactor: replicas[0].length, configs });
      } catch (e) {
        results.push({ ...base, ...errorResult(e) });
      }
    }
    if (changed) await this.publish();
    return results;
  }

  private checkAssignments(assignment: number[][]): number[][] {
    const known = new Set(this.catalog.brokers.list().map((b) => b.brokerId));
    const rf = assignment[0]?.length ?? 0;
    for (const [i, r] of assignment.entries()) {
      if (r.length === 0) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Partition ${i} has no replicas.`);
      if (r.length !== rf) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', 'All partitions should have the same number of replicas.');
      if (new Set(r).size !== r.length) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Duplicate brokers not allowed in replica assignment: ${r.join(', ')} for partition id ${i}.`);
      for (const b of r) if (!known.has(b)) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Broker ${b} in the assignment of partition ${i} does not exist.`);
    }
    return assignment;
  }

  async deleteTopics(topics: { name?: string | null; topicId?: string | null }[]): Promise<TopicErrorResult[]> {
    const results: TopicErrorResult[] = [];
    let changed = false;
    for (const want of topics) {
      const t = want.topicId ? this.catalog.topics.getById(want.topicId) : want.name ? this.catalog.topics.get(want.name) : undefined;
      if (!t) {
        results.push({
          name: want.name ?? null,
          topicId: want.topicId ?? undefined,
          errorCode: want.topicId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          errorMessage: 'This server does not host this topic.',
        });
        continue;
      }
      this.catalog.topics.delete(t.name);
      changed = true;
      results.push({ name: t.name, topicId: t.topicId, errorCode: 0, errorMessage: null });
    }
    if (changed) await this.publish();
    return results;
  }

  async createPartitions(topics: { name: string; count: number; assignments: number[][] | null }[], validateOnly: boolean): Promise<TopicErrorResult[]> {
    const results: TopicErrorResult[] = [];
    let changed = false;
    for (const want of topics) {
      try {
        const t = this.catalog.topics.get(want.name);
        if (!t) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `The topic '${want.name}' does not exist.`);
        const current = t.partitions.length;
        if (want.count < current) throw new KafkaError('INVALID_PARTITIONS', `Topic currently has ${current} partitions, which is higher than the requested ${want.count}.`);
        if (want.count === current) throw new KafkaError('INVALID_PARTITIONS', `Topic already has ${current} partitions.`);
        const rf = t.partitions[0].replicas.length;
        const extra = want.count - current;
        if (extra > MAX_PARTITIONS_PER_REQUEST) throw new KafkaError('INVALID_PARTITIONS', `At most ${MAX_PARTITIONS_PER_REQUEST} partitions may be added at once, not ${extra}.`);
        let replicas: number[][];
        if (want.assignments) {
          if (want.assignments.length !== extra) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Increasing the number of partitions by ${extra} but ${want.assignments.length} assignments provided.`);
          replicas = this.checkAssignments(want.assignments);
          if (replicas[0].length !== rf) throw new KafkaError('INVALID_REPLICA_ASSIGNMENT', `Inconsistent replication factor between partitions, partition 0 has ${rf} while partitions [${current}] have replication factors [${replicas[0].length}], respectively.`);
        } else {
          replicas = assignReplicas(this.liveBrokers(), extra, rf, { firstPartition: current });
        }
        if (!validateOnly) {
          this.catalog.topics.addPartitions(want.name, replicas.map((r) => ({ replicas: r, isr: r.filter((b) => this.alive.has(b)), leader: r.find((b) => this.alive.has(b)) ?? -1 })));
          changed = true;
        }
        results.push({ name: want.name, errorCode: 0, errorMessage: null });
      } catch (e) {
        results.push({ name: want.name, ...errorResult(e) });
      }
    }
    if (changed) await this.publish();
    return results;
  }

  async alterTopicConfigs(topic: string, changes: ConfigChange[], incremental: boolean, validateOnly: boolean): Promise<TopicErrorResult> {
    try {
      if (dynamicConfigs.alterTopicConfigs(this.catalog, { topic, changes, incremental, validateOnly })) await this.publish();
      return { name: topic, errorCode: 0, errorMessage: null };
    } catch (e) {
      return { name: topic, ...errorResult(e) };
    }
  }

  async alterDynamicConfigs(resourceType: number, resourceName: string, changes: ConfigChange[], incremental: boolean, validateOnly: boolean): Promise<{ errorCode: number; errorMessage: string | null }> {
    try {
      const changed = dynamicConfigs.alterDynamicConfigs(this.catalog, this.config, { resourceType, resourceName, changes, incremental, validateOnly });
      if (changed) await this.publish();
      return { errorCode: 0, errorMessage: null };
    } catch (e) {
      return errorResult(e);
    }
  }

  async createAcls(bindings: AclBinding[]): Promise<{ error: string | null }[]> {
    const results = security.createAcls(this.catalog, bindings);
    if (results.some((r) => r.error === null)) await this.publish();
    return results;
  }

  async deleteAcls(filters: AclFilter[]): Promise<AclBinding[][]> {
    const removed = security.deleteAcls(this.catalog, filters);
    if (removed.some((r) => r.length > 0)) await this.publish();
    return removed;
  }

  async alterScramCredentials(changes: ScramCredentialChange[]): Promise<{ user: string; errorCode: number; errorMessage: string | null }[]> {
    const results = security.alterScramCredentials(this.catalog, changes);
    if (results.some((r) => r.errorCode === 0)) await this.publish();
    return results;
  }

  /** Configured users get SCRAM credentials on a secured cluster's first start. */
  async seedScramUsers(users: readonly { name: string; password: string }[]): Promise<void> {
    security.seedScramUsers(this.catalog, users);
    await this.publish();
  }

  async allocateProducerIds(count: number): Promise<{ firstProducerId: number; count: number }> {
    const first = this.nextProducerIdBlock;
    this.nextProducerIdBlock += count;
    this.catalog.db.prepare("INSERT INTO controller_state (key, value) VALUES ('next_producer_id', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(this.nextProducerIdBlock);
    return { firstProducerId: first, count };
  }
}
