// A connection to a Kafka cluster through @platformatic/kafka: one Admin (metadata, topics, offsets, groups,
// configs, log dirs), one Producer and one Consumer used only for its Fetch (it never joins a group). The
// console talks to the local cluster exactly as to an external one (DESIGN.md, data path 3): the local
// connection differs only in where its bootstrap servers come from.
//
// Admin calls this console relies on, each checked against the local brokers: listTopics, metadata,
// createTopics, deleteTopics, listOffsets (earliest -2 / latest -1), describeLogDirs (size, LEO lag),
// describeConfigs, listGroups, describeGroups, listConsumerGroupOffsets; Producer.send; Consumer.fetch.

import { Admin, Consumer, Producer } from '@platformatic/kafka';

export interface ConnectionOptions {
  /** host:port list. */
  bootstrapServers: string[];
  clientId?: string;
  sasl?: { mechanism: 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512'; username: string; password: string };
  /** TLS: true trusts the system's CAs; an object adds a CA (PEM) and, for mutual TLS, a client certificate. */
  tls?: boolean | TlsOptions;
}

export interface TlsOptions {
  ca?: string;
  cert?: string;
  key?: string;
  /** false: the brokers' certificates are not checked. */
  rejectUnauthorized?: boolean;
}

/**
 * The clients of one cluster. `switchTo` replaces them with clients of another cluster in place, so every
 * module holding this object (browse, produce, tail, ...) follows a connection switch without knowing of it.
 */
export class KafkaConnection {
  admin!: Admin;
  producer!: Producer;
  fetcher!: Consumer;
  bootstrapServers!: string[];
  /** What this connection was opened with. */
  options!: ConnectionOptions;
  /** TLS or SASL: only the Admin's calls can reach this cluster. */
  secured = false;
  /** What every client of this connection is opened with (bootstrap, timeouts, SASL, TLS): for clients opened on demand. */
  clientOptions!: { bootstrapBrokers: string[]; timeout: number; retries: number; retryDelay: number; metadataMaxAge: number; clientId: string };

  constructor(opts: ConnectionOptions) {
    this.open(opts);
  }

  private open(opts: ConnectionOptions): void {
    const clientId = opts.clientId ?? 'streamlab-console';
    this.bootstrapServers = opts.bootstrapServers;
    this.options = opts;
    this.secured = Boolean(opts.tls || opts.sasl);
    // Short timeouts and few retries: the UI should say "broker 2 is not answering" quickly, not hang.
    const base = {
      bootstrapBrokers: opts.bootstrapServers, timeout: 5000, retries: 2, retryDelay: 200, metadataMaxAge: 1000,
      ...(opts.sasl ? { sasl: opts.sasl } : {}),
      ...(opts.tls ? { tls: opts.tls === true ? {} : { ...opts.tls } } : {}),
    };
    this.clientOptions = { ...base, clientId };
    this.admin = new Admin({ ...base, clientId: `${clientId}-admin` });
    this.producer = new Producer({ ...base, clientId: `${clientId}-producer`, acks: -1 });
    this.fetcher = new Consumer({ ...base, clientId: `${clientId}-browse`, groupId: `${clientId}-browse` });
  }

  /** Close these clients and open clients of another cluster in their place. */
  async switchTo(opts: ConnectionOptions): Promise<void> {
    const old = { admin: this.admin, producer: this.producer, fetcher: this.fetcher };
    this.open(opts);
    await Promise.allSettled([old.admin.close(), old.producer.close(), old.fetcher.close(true)]);
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.close(), this.producer.close(), this.fetcher.close(true)]);
  }
}
