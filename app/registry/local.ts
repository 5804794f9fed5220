// Starting the registry beside the local cluster, for the hosts (`streamlab serve`, the desktop app): on the
// port asked for (8081 by default), or — when something else holds it — on a free port, saying so.
//
// The port listens at once, but the registry itself (its Kafka clients, the read of `_schemas`, the state)
// starts on the first request, which waits for it: a developer who never uses schemas pays no memory and no
// connections for them. A start that fails answers that request with 50001 and is tried again on the next.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KafkaStore } from './kafka-store.ts';
import type { Registry, RegistryOptions } from './index.ts';

export const DEFAULT_REGISTRY_PORT = 8081;

type LocalOptions = { bootstrap: string[]; port?: number; log?: (m: string) => void; client?: RegistryOptions['client'] };

interface Loaded {
  server: http.Server;
  store: KafkaStore;
}

/** The registry proper, as startRegistry builds it, without a port of its own: the front server hands it requests. */
async function load(opts: LocalOptions): Promise<Loaded> {
  const [{ KafkaStore, SCHEMAS_TOPIC }, { RegistryService }, { RegistryState }, { createRegistryServer }] = await Promise.all([
    import('./kafka-store.ts'), import('./service.ts'), import('./state.ts'), import('./http.ts'),
  ]);
  const state = new RegistryState();
  const store = new KafkaStore({ bootstrap: opts.bootstrap, client: opts.client, topic: SCHEMAS_TOPIC, apply: (r) => state.apply(r), log: opts.log });
  try {
    await store.start();
  } catch (e) {
    await store.close().catch(() => undefined);
    throw e;
  }
  return { server: createRegistryServer(new RegistryService(state, (records) => store.write(records)), opts.log), store };
}

function listen(server: http.Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

export async function startLocalRegistry(opts: LocalOptions): Promise<Registry> {
  let loading: Promise<Loaded> | undefined;
  let closed = false;
  const registry = () =>
    (loading ??= load(opts).catch((e: unknown) => {
      loading = undefined; // the next request tries again
      throw e;
    }));
  const front = http.createServer((req, res) => {
    registry().then(
      ({ server }) => server.emit('request', req, res),
      (e: Error) => {
        req.resume();
        res.writeHead(500, { 'content-type': 'application/vnd.schemaregistry.v1+json' });
        res.end(JSON.stringify({ error_code: 50001, message: `Error in the backend data store: ${e.message}` }));
      },
    );
  });
  const port = opts.port ?? DEFAULT_REGISTRY_PORT;
  try {
    await listen(front, port);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
    await listen(front, 0);
    opts.log?.(`Port ${port} is already in use: the Schema Registry listens on http://127.0.0.1:${(front.address() as AddressInfo).port} instead.`);
  }
  const actual = (front.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    async close() {
      if (closed) return;
      closed = true;
      front.closeAllConnections();
      await new Promise<void>((r) => front.close(() => r()));
      const loaded = await loading?.catch(() => undefined);
      await loaded?.store.close();
    },
  };
}
