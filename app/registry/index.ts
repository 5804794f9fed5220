// The embedded Schema Registry: Confluent's REST API on 127.0.0.1, its state in the cluster's `_schemas`
// topic. `startRegistry` returns once the topic has been read to its end, so the first answer is complete.

import type { AddressInfo } from 'node:net';
import { createRegistryServer } from './http.ts';
import { KafkaStore, SCHEMAS_TOPIC, type ClientSecurity } from './kafka-store.ts';
import { RegistryService } from './service.ts';
import { RegistryState } from './state.ts';

export { decodeConfluent, encodeConfluent, type DecodedRecord } from './client.ts';
export { SCHEMAS_TOPIC } from './kafka-store.ts';
export { RegistryError } from './errors.ts';

export interface RegistryOptions {
  /** The cluster's bootstrap servers, host:port. */
  bootstrap: string[];
  /** SASL and TLS of a secured cluster (@platformatic/kafka's `sasl`, `tls`). */
  client?: ClientSecurity;
  /** HTTP port; 0 for a free one. Default 8081. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default `_schemas`. */
  topic?: string;
  /** How long a change may take to be written and read back before it fails with 50001; default 30 s. */
  writeTimeoutMs?: number;
  log?(message: string): void;
}

export interface Registry {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startRegistry(opts: RegistryOptions): Promise<Registry> {
  const state = new RegistryState();
  const store = new KafkaStore({ bootstrap: opts.bootstrap, client: opts.client, topic: opts.topic ?? SCHEMAS_TOPIC, apply: (r) => state.apply(r), log: opts.log, writeTimeoutMs: opts.writeTimeoutMs });
  try {
    await store.start();
  } catch (e) {
    await store.close();
    throw e;
  }
  const service = new RegistryService(state, (records) => store.write(records));
  const server = createRegistryServer(service, opts.log);
  const host = opts.host ?? '127.0.0.1';
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 8081, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await store.close();
    },
  };
}
