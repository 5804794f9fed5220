// Starting the registry beside the local cluster, for the hosts (`streamlab serve`, the desktop app): on the
// port asked for (8081 by default), or — when something else holds it — on a free port, saying so.

import { startRegistry, type Registry, type RegistryOptions } from './index.ts';

export const DEFAULT_REGISTRY_PORT = 8081;

export async function startLocalRegistry(opts: { bootstrap: string[]; port?: number; log?: (m: string) => void; client?: RegistryOptions['client'] }): Promise<Registry> {
  const port = opts.port ?? DEFAULT_REGISTRY_PORT;
  try {
    return await startRegistry({ bootstrap: opts.bootstrap, port, log: opts.log, client: opts.client });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || port === 0) throw e;
    const registry = await startRegistry({ bootstrap: opts.bootstrap, port: 0, log: opts.log, client: opts.client });
    opts.log?.(`Port ${port} is already in use: the Schema Registry listens on ${registry.url} instead.`);
    return registry;
  }
}
