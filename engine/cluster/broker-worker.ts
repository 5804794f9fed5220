// The entry point of a broker's worker thread. The broker opens its own connection to the catalog (SQLite
// in WAL mode serves the controller and every broker at once), and reaches the controller through messages:
//
//   main -> worker: init, image (ack'd once applied), rpc-result, stats, changes, stop, crash (fault injection)
//   worker -> main: ready, image-ack, rpc (a ControllerClient call), stats-result, changes-result, stopped, log, failed
//
// A kill is Worker.terminate() from the main thread: the thread ends wherever it is, nothing is flushed.

import { parentPort, workerData } from 'node:worker_threads';
import { Catalog } from '../catalog/catalog.ts';
import { Broker } from '../broker/broker.ts';
import type { BrokerConfig } from '../broker/broker-config.ts';
import type { ControllerClient } from '../broker/controller-client.ts';
import type { MetadataImage } from '../broker/metadata-image.ts';
import type { SecurityConfig } from '../broker/security/security-config.ts';
import type { ListenerTls } from '../broker/security/broker-security.ts';
import { PartitionChangeTracker, type BrokerChanges } from './partition-changes.ts';

export interface WorkerInit {
  id: number;
  host: string;
  port: number;
  dataDir: string;
  catalogFile: string;
  config: BrokerConfig;
  security?: { config: SecurityConfig; tls?: ListenerTls };
  /** The process's shared storage descriptor budget (DescriptorBudget.shared). */
  descriptors?: SharedArrayBuffer;
}

export type ToWorker =
  | { type: 'image'; seq: number; image: MetadataImage }
  | { type: 'rpc-result'; id: number; result?: unknown; error?: string }
  | { type: 'stats'; id: number }
  | { type: 'changes'; id: number; since: number }
  | { type: 'stop' }
  | { type: 'crash'; message: string };

export type FromWorker =
  | { type: 'ready'; port: number }
  | { type: 'image-ack'; seq: number }
  | { type: 'rpc'; id: number; method: keyof ControllerClient; args: unknown[] }
  | { type: 'stats-result'; id: number; stats: unknown }
  | { type: 'changes-result'; id: number; changes: BrokerChanges }
  | { type: 'stopped' }
  | { type: 'log'; message: string }
  | { type: 'failed'; message: string };

const port = parentPort!;
const init = workerData as WorkerInit;
const post = (m: FromWorker) => port.postMessage(m);

let nextRpc = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
function call(method: keyof ControllerClient, ...args: unknown[]): Promise<never> {
  const id = nextRpc++;
  post({ type: 'rpc', id, method, args });
  return new Promise((resolve, reject) => pending.set(id, { resolve: resolve as (v: unknown) => void, reject }));
}

const controller: ControllerClient = {
  createTopics: (...a) => call('createTopics', ...a),
  deleteTopics: (...a) => call('deleteTopics', ...a),
  createPartitions: (...a) => call('createPartitions', ...a),
  alterTopicConfigs: (...a) => call('alterTopicConfigs', ...a),
  alterDynamicConfigs: (...a) => call('alterDynamicConfigs', ...a),
  alterPartition: (...a) => call('alterPartition', ...a),
  electLeaders: (...a) => call('electLeaders', ...a),
  alterPartitionReassignments: (...a) => call('alterPartitionReassignments', ...a),
  allocateProducerIds: (...a) => call('allocateProducerIds', ...a),
  alterReplicaStates: (...a) => call('alterReplicaStates', ...a),
  createAcls: (...a) => call('createAcls', ...a),
  deleteAcls: (...a) => call('deleteAcls', ...a),
  alterScramCredentials: (...a) => call('alterScramCredentials', ...a),
};

// Started from a function, not at the top level: the bundle runs this module as CommonJS (through a V8 code
// cache, see worker-broker.ts), which has no top-level await. The loader waits on `started` to save the cache.
export const started: Promise<void> = (async () => {
  try {
    const catalog = Catalog.open(init.catalogFile);
    const changes = new PartitionChangeTracker();
    const broker = await Broker.start({
      id: init.id,
      host: init.host,
      port: init.port,
      dataDir: init.dataDir,
      catalog,
      controller,
      config: init.config,
      security: init.security,
      descriptors: init.descriptors,
      log: (message) => post({ type: 'log', message }),
    });
    port.on('message', (m: ToWorker) => {
      switch (m.type) {
        case 'image':
          broker.applyMetadata(m.image);
          post({ type: 'image-ack', seq: m.seq });
          break;
        case 'rpc-result': {
          const p = pending.get(m.id);
          pending.delete(m.id);
          if (m.error !== undefined) p?.reject(new Error(m.error));
          else p?.resolve(m.result);
          break;
        }
        case 'stats':
          post({ type: 'stats-result', id: m.id, stats: broker.stats() });
          break;
        case 'changes':
          post({ type: 'changes-result', id: m.id, changes: { ...changes.changes(broker.partitionFigures(), m.since), listener: { ...broker.listenerStats } } });
          break;
        case 'crash':
          // An uncaught error, exactly as a bug in the broker would raise one.
          setImmediate(() => {
            throw new Error(m.message);
          });
          break;
        case 'stop':
          void broker.stop().then(() => {
            catalog.close();
            post({ type: 'stopped' });
            port.close();
          });
          break;
      }
    });
    post({ type: 'ready', port: broker.port });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    post({ type: 'failed', message: err.code ? `${err.code}: ${err.message}` : err.message });
  }
})();
