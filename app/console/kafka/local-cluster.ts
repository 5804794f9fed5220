// The local cluster: broker lifecycle through the engine's Cluster object (in-process, engine/index.ts
// only), everything else through a KafkaConnection bootstrapped from the brokers it runs.

import { partitionLogDir, type BrokerStats, type ExplainedClusterEvent, type Cluster, type ClusterSecurityInfo, type ConnectOptions, type BrokerChanges, type SharePartitionState } from '../../../engine/index.ts';
import type { BrokerAction, BrokerInfo, BrokerState } from '../../contract.ts';
import fs from 'node:fs';
import { KafkaConnection, type ConnectionOptions, type TlsOptions } from './connection.ts';
import { ConsoleError } from '../service/errors.ts';

export interface BrokerLifecycle {
  status(): { id: number; host: string; port: number; state: BrokerState; reason?: string }[];
  act(brokerId: number, action: BrokerAction): Promise<void>;
  /** Start one more broker with the next free id; returns its id. */
  add(): Promise<number>;
  /** Broker-internal figures: listener byte counters, each hosted partition's log and segments. */
  brokerStats(brokerId: number): Promise<BrokerStats>;
  /** Only the hosted partitions whose log figures changed after the answer numbered `since` (the sampler's source). */
  partitionChanges?(brokerId: number, since: number): Promise<BrokerChanges>;
  /** Changes whenever the cluster's metadata (topics, leaders, ISRs, brokers) does. */
  metadataVersion?(): number;
  /** A share group's partitions as their leaders stored them (broker-internal: no Kafka API shows in-flight records). */
  shareGroupState?(groupId: string): SharePartitionState[];
  /** The local cluster's listeners, users and CA. */
  security?(): ClusterSecurityInfo;
  /** How the engine's protocol client logs in as the cluster's admin. */
  adminConnectOptions?(): Pick<ConnectOptions, 'tls' | 'sasl'>;
  /** The directory of a partition's log on a broker, for read-only inspection of its files. */
  partitionDir(brokerId: number, topic: string, partition: number): string;
  /** The controller's events, a batch per metadata change, as they happen. */
  onEvents?(listener: (events: ExplainedClusterEvent[]) => void): () => void;
  /** The action last asked of a broker (so a broker going down is told as a kill or a controlled shutdown). */
  intent?(brokerId: number): BrokerAction | undefined;
}

/** A lifecycle status as the contract's BrokerInfo, before Metadata has said more about it. */
export function bareBrokerInfo(b: ReturnType<BrokerLifecycle['status']>[number]): BrokerInfo {
  const { reason, ...rest } = b;
  return { ...rest, leaderCount: 0, replicaCount: 0, isController: false, ...(reason !== undefined ? { failureReason: reason } : {}) };
}

/** The console connects to its own cluster as the cluster's admin (a super user), through its CA when TLS is on. */
export function localConnection(cluster: Cluster): KafkaConnection {
  return new KafkaConnection(localConnectionOptions(cluster));
}

export function localConnectionOptions(cluster: Cluster): ConnectionOptions {
  return { bootstrapServers: cluster.bootstrapServers.split(','), clientId: 'streamlab-console', ...localSecurity(cluster) };
}

export function localSecurity(cluster: Cluster): { sasl?: ConnectionOptions['sasl']; tls?: TlsOptions } {
  const s = cluster.security;
  const sasl = s.protocol === 'SASL_PLAINTEXT' || s.protocol === 'SASL_SSL';
  const tls = s.caFile ? { ca: fs.readFileSync(s.caFile, 'utf8'), ...(s.adminCertificate && !sasl ? readPair(s.adminCertificate) : {}) } : undefined;
  return {
    ...(sasl ? { sasl: { mechanism: localMechanism(s.saslMechanisms), username: s.admin.name, password: s.admin.password } } : {}),
    ...(tls ? { tls } : {}),
  };
}

/** PLAIN when the listeners offer it, else the strongest SCRAM they offer. */
function localMechanism(enabled: string[]): 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512' {
  if (enabled.includes('PLAIN') || enabled.length === 0) return 'PLAIN';
  return enabled.includes('SCRAM-SHA-512') ? 'SCRAM-SHA-512' : 'SCRAM-SHA-256';
}

function readPair(files: { certFile: string; keyFile: string }): { cert: string; key: string } {
  return { cert: fs.readFileSync(files.certFile, 'utf8'), key: fs.readFileSync(files.keyFile, 'utf8') };
}

export function localLifecycle(cluster: Cluster): BrokerLifecycle {
  // The cluster runs lifecycle changes one at a time, whoever asks (this window, the CLI, a script).
  // The engine reports a killed broker as stopped; the console remembers which ones it killed, so a crash is
  // not shown as a clean shutdown.
  const killed = new Set<number>();
  const intents = new Map<number, BrokerAction>();
  return {
    onEvents(listener) {
      cluster.on('events', listener);
      return () => cluster.off('events', listener);
    },
    intent: (id) => intents.get(id),
    status: () => cluster.status().map((b) => (b.state === 'stopped' && killed.has(b.id) ? { ...b, state: 'killed' as const } : b)),
    brokerStats: (id) => cluster.brokerStats(id),
    partitionChanges: (id, since) => cluster.partitionChanges(id, since),
    metadataVersion: () => cluster.metadataVersion,
    shareGroupState: (groupId) => cluster.shareGroupState(groupId),
    partitionDir: (id, topic, partition) => partitionLogDir(cluster, id, topic, partition),
    add: () => cluster.addBroker(),
    security: () => cluster.security,
    adminConnectOptions: () => cluster.adminConnectOptions(),
    async act(brokerId, action) {
      if (!cluster.status().some((b) => b.id === brokerId)) throw new ConsoleError('NOT_FOUND', `There is no broker ${brokerId} in this cluster.`);
      intents.set(brokerId, action);
      if (action === 'stop') await cluster.stopBroker(brokerId);
      else if (action === 'kill') await cluster.killBroker(brokerId);
      else await cluster.restartBroker(brokerId);
      if (action === 'kill') killed.add(brokerId);
      else killed.delete(brokerId);
    },
  };
}
