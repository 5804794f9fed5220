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
}

export class KafkaConnection {
  readonly admin: Admin;
  readonly producer: Producer;
  readonly fetcher: Consumer;
  readonly bootstrapServers: string[];

  constructor(opts: ConnectionOptions) {
    const clientId = opts.clientId ?? 'streamlab-console';
    this.bootstrapServers = opts.bootstrapServers;
    // Short timeouts and few retries: the UI should say "broker 2 is not answering" quickly, not hang.
    const base = { bootstrapBrokers: opts.bootstrapServers, timeout: 5000, retries: 2, retryDelay: 200, metadataMaxAge: 1000 };
    this.admin = new Admin({ ...base, clientId: `${clientId}-admin` });
    this.producer = new Producer({ ...base, clientId: `${clientId}-producer`, acks: -1 });
    this.fetcher = new Consumer({ ...base, clientId: `${clientId}-browse`, groupId: `${clientId}-browse` });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.admin.close(), this.producer.close(), this.fetcher.close(true)]);
  }
}
