// Requests from this broker to the others, as Kafka's inter-broker channels carry them: the transaction
// coordinator's WriteTxnMarkers to partition leaders, and a leader's AddPartitionsToTxn to the coordinator
// (produce verification, KIP-890). One connection per peer, opened on first use, pipelined; a failed or
// closed connection is dropped and reopened by the next request. Endpoints come from the current metadata.

import { KafkaConnection, type ConnectOptions } from '../../client/connection.ts';
import type { MetadataView } from '../metadata-image.ts';

/** On a secured listener, the inter-broker user's SASL login and the cluster's TLS settings. */
export type InterBrokerConnection = Pick<ConnectOptions, 'tls' | 'sasl'>;

export class BrokerChannels {
  private readonly conns = new Map<number, Promise<KafkaConnection>>();
  private closed = false;

  constructor(
    private readonly brokerId: number,
    private readonly view: () => MetadataView,
    private readonly timeoutMs = 10_000,
    private readonly security: () => InterBrokerConnection = () => ({}),
  ) {}

  async request(brokerId: number, apiKey: number, apiVersion: number, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const conn = await this.connection(brokerId);
    try {
      return await conn.request(apiKey, apiVersion, body);
    } catch (e) {
      this.drop(brokerId, conn);
      throw e;
    }
  }

  private connection(brokerId: number): Promise<KafkaConnection> {
    if (this.closed) return Promise.reject(new Error(`broker ${this.brokerId} is shutting down`));
    const have = this.conns.get(brokerId);
    if (have) return have;
    const b = this.view().broker(brokerId);
    if (!b || !b.alive) return Promise.reject(new Error(`broker ${brokerId} is not alive`));
    const opening = KafkaConnection.connect(b.host, b.port, { ...this.security(), clientId: `broker-${this.brokerId}`, timeoutMs: this.timeoutMs });
    this.conns.set(brokerId, opening);
    opening.then(
      (c) => void c.waitClosed().then(() => {
        if (this.conns.get(brokerId) === opening) this.conns.delete(brokerId);
      }),
      () => {
        if (this.conns.get(brokerId) === opening) this.conns.delete(brokerId);
      },
    );
    return opening;
  }

  private drop(brokerId: number, conn: KafkaConnection): void {
    void conn.close();
    this.conns.delete(brokerId);
  }

  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.all(all.map((p) => p.then((c) => c.close(), () => undefined)));
  }
}
