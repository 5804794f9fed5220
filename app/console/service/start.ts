// Starting the whole backend for a host: the local cluster (engine), the console database, and the console
// connected to the cluster's brokers. Both hosts (Electron main, `streamlab serve`) start through here.
//
// The brokers start first: the console's modules (its Kafka client, the schema codecs) take longer to load
// than the brokers take to start, so they are imported only once the brokers accept clients.

import path from 'node:path';
import { parseBrokerConfigs, startCluster, type Cluster, type SecurityConfig } from '../../../engine/index.ts';
import type { Console } from './console.ts';
import { openConsoleDb } from '../stores/db.ts';

export interface Backend {
  cluster: Cluster;
  console: Console;
  /** Console first (its clients disconnect cleanly), then the brokers (clean shutdown). */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** The app data dir: the cluster lives in <appDir>/cluster unless clusterDir says otherwise. */
  clusterDir: string;
  consoleDbFile: string;
  /** Brokers to start; default: the 'defaultBrokerCount' setting (3 until changed in Settings). */
  brokers?: number;
  basePort: number;
  /** Kafka broker settings by name (--broker-config), validated with Kafka's messages. */
  brokerConfig?: Readonly<Record<string, string>>;
  host: 'electron' | 'web';
  version: string;
  log?: (msg: string) => void;
  /** The cluster's listeners and users (default PLAINTEXT). */
  security?: Partial<SecurityConfig>;
  /** Called as soon as the brokers accept clients, before the console loads. */
  onClusterStarted?: (cluster: Cluster) => void;
}

export async function startBackend(opts: BackendOptions): Promise<Backend> {
  const db = openConsoleDb(opts.consoleDbFile);
  let cluster: Cluster;
  try {
    cluster = await startCluster({
      dataDir: opts.clusterDir, brokers: opts.brokers ?? db.settings().defaultBrokerCount, basePort: opts.basePort, log: opts.log,
      // The Settings screen's broker defaults, under what the command line gives.
      brokerConfig: parseBrokerConfigs({ ...db.settings().brokerDefaults, ...opts.brokerConfig }),
      security: opts.security,
    });
  } catch (e) {
    db.close();
    throw e;
  }
  opts.onClusterStarted?.(cluster);
  let console: Console;
  try {
    const [{ Console }, { localConnection, localLifecycle }] = await Promise.all([import('./console.ts'), import('../kafka/local-cluster.ts')]);
    console = new Console({
      connection: localConnection(cluster), lifecycle: localLifecycle(cluster), db,
      host: opts.host, dataDir: path.dirname(opts.consoleDbFile), version: opts.version,
    });
  } catch (e) {
    db.close();
    await cluster.stop();
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    cluster,
    console,
    stop: () => (stopping ??= (async () => {
      await console.close().catch(() => undefined);
      await cluster.stop();
    })()),
  };
}
