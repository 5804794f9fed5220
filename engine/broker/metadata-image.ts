// The cluster metadata a broker serves: brokers, topics with their ids and configs, partitions with leader,
// replicas, ISR and epochs. The controller owns it (in the catalog) and pushes a whole new image to every
// broker on each change; the image is small (a local cluster has a handful of brokers and topics), so
// whole-image pushes keep brokers simple and never half-updated. ACLs and SCRAM credentials travel with it.

import type { AclBinding } from './security/acl.ts';
import type { StoredScramCredential } from './security/broker-security.ts';

export interface BrokerEndpoint {
  id: number;
  host: string;
  port: number;
  rack: string | null;
  /** Fenced or stopped brokers stay in the image (their replicas are offline) but are not advertised. */
  alive: boolean;
}

export interface PartitionImage {
  partition: number;
  leader: number; // -1 when offline
  leaderEpoch: number;
  partitionEpoch: number;
  replicas: number[];
  isr: number[];
  /** A reassignment in progress (KIP-455): replicas joining, and replicas leaving once they are in the ISR. */
  addingReplicas?: number[];
  removingReplicas?: number[];
}

export interface TopicImage {
  name: string;
  topicId: string; // Kafka's base64url UUID
  isInternal: boolean;
  partitions: PartitionImage[];
  /** Overrides only; defaults come from engine/catalog/topic-config.ts. */
  configs: Record<string, string>;
}

export interface MetadataImage {
  /** Increases with every change; brokers ignore an older image. */
  epoch: number;
  clusterId: string;
  controllerId: number;
  brokers: BrokerEndpoint[];
  topics: TopicImage[];
  /** The cluster's ACL bindings (CreateAcls/DeleteAcls). */
  acls?: AclBinding[];
  /** The SCRAM credentials (AlterUserScramCredentials). */
  scramCredentials?: StoredScramCredential[];
  /** Dynamic BROKER configs by resource name (a broker id, or "" for the cluster-wide default). */
  brokerConfigs?: Record<string, Record<string, string>>;
  /** GROUP configs by group id. */
  groupConfigs?: Record<string, Record<string, string>>;
}

export const EMPTY_IMAGE: MetadataImage = { epoch: -1, clusterId: '', controllerId: -1, brokers: [], topics: [] };

/** Lookups over one image, built once per image. */
export class MetadataView {
  private readonly byName = new Map<string, TopicImage>();
  private readonly byId = new Map<string, TopicImage>();
  private readonly brokersById = new Map<number, BrokerEndpoint>();

  constructor(readonly image: MetadataImage) {
    for (const t of image.topics) {
      this.byName.set(t.name, t);
      this.byId.set(t.topicId, t);
    }
    for (const b of image.brokers) this.brokersById.set(b.id, b);
  }

  topic(name: string): TopicImage | undefined {
    return this.byName.get(name);
  }

  topicById(id: string): TopicImage | undefined {
    return this.byId.get(id);
  }

  partition(topic: string, partition: number): PartitionImage | undefined {
    return this.byName.get(topic)?.partitions[partition];
  }

  broker(id: number): BrokerEndpoint | undefined {
    return this.brokersById.get(id);
  }

  aliveBrokers(): BrokerEndpoint[] {
    return this.image.brokers.filter((b) => b.alive);
  }
}
