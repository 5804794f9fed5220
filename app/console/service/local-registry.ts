// The Schema Registry beside the local cluster, for both hosts (Electron main, `streamlab serve`). The
// registry is a Kafka client of the cluster, so it connects with the cluster's security (as the console's
// own client does); when Settings restarts the cluster on another security mode the registry is restarted on
// the new cluster, on the port it had. It is an extra: the hosts run on without it when it cannot start, and
// the console is told where it is, or that there is none.

import type { Registry } from '../../registry/index.ts';
import type { Backend } from './start.ts';

export interface LocalRegistryOptions {
  /** The port to listen on (default 8081; a busy one falls back to a free port, saying so). */
  port?: number;
  log: (msg: string) => void;
  /** Called with the registry after each start on a (re)started cluster; undefined if it did not start. */
  onStarted?: (registry: Registry | undefined) => void;
}

export interface LocalRegistry {
  /** The running registry; undefined while it is not running. */
  readonly current: Registry | undefined;
  close(): Promise<void>;
}

export async function runLocalRegistry(backend: Pick<Backend, 'cluster' | 'console' | 'onClusterRestart'>, opts: LocalRegistryOptions): Promise<LocalRegistry> {
  // Loaded only now: the registry and its Kafka client are not needed before the brokers run.
  const [{ startLocalRegistry }, { localSecurity }] = await Promise.all([import('../../registry/local.ts'), import('../kafka/local-cluster.ts')]);
  let registry: Registry | undefined;
  let closed = false;
  const start = async (port: number | undefined, failure: string): Promise<void> => {
    const cluster = backend.cluster;
    registry = await startLocalRegistry({ bootstrap: cluster.bootstrapServers.split(','), port, log: opts.log, client: localSecurity(cluster) })
      .catch((e: Error) => (opts.log(`the Schema Registry did not ${failure}: ${e.message}`), undefined));
    backend.console.setLocalRegistry(registry?.url);
    opts.onStarted?.(registry);
  };
  await start(opts.port, 'start');
  backend.onClusterRestart(async () => {
    if (closed) return;
    const port = registry?.port ?? opts.port;
    await registry?.close().catch(() => undefined);
    registry = undefined;
    await start(port, 'restart');
  });
  return {
    get current() {
      return registry;
    },
    close: async () => {
      closed = true;
      await registry?.close().catch(() => undefined);
      registry = undefined;
    },
  };
}
