// Brokers registered in the cluster (table `brokers`, migrations/001-cluster.sql).

import type { SqliteDatabase } from './migrate.ts';

export type BrokerState = 'starting' | 'running' | 'stopping' | 'stopped' | 'fenced';

export interface Broker {
  brokerId: number;
  host: string;
  port: number;
  rack: string | null;
  state: BrokerState;
  registeredAt: number;
  /** Bumped on every registration: requests from an earlier incarnation of the broker are fenced. */
  epoch: number;
}

export interface BrokerRegistration {
  brokerId: number;
  host: string;
  port: number;
  rack?: string | null;
  state?: BrokerState;
}

interface BrokerRow {
  broker_id: number;
  host: string;
  port: number;
  rack: string | null;
  state: BrokerState;
  registered_at: number;
  epoch: number;
}

const toBroker = (r: BrokerRow): Broker => ({
  brokerId: r.broker_id,
  host: r.host,
  port: r.port,
  rack: r.rack,
  state: r.state,
  registeredAt: r.registered_at,
  epoch: r.epoch,
});

export class BrokerStore {
  private readonly sql;

  constructor(db: SqliteDatabase) {
    this.sql = {
      get: db.prepare<[number], BrokerRow>('SELECT * FROM brokers WHERE broker_id = ?'),
      list: db.prepare<[], BrokerRow>('SELECT * FROM brokers ORDER BY broker_id'),
      // A re-registration keeps the row and bumps the epoch, as KRaft's BrokerRegistration does.
      register: db.prepare<[number, string, number, string | null, BrokerState, number], BrokerRow>(
        `INSERT INTO brokers (broker_id, host, port, rack, state, registered_at, epoch) VALUES (?, ?, ?, ?, ?, ?, 0)
         ON CONFLICT (broker_id) DO UPDATE SET host = excluded.host, port = excluded.port, rack = excluded.rack,
           state = excluded.state, registered_at = excluded.registered_at, epoch = brokers.epoch + 1
         RETURNING *`,
      ),
      setState: db.prepare<[BrokerState, number], BrokerRow>('UPDATE brokers SET state = ? WHERE broker_id = ? RETURNING *'),
      setEndpoint: db.prepare<[string, number, number], BrokerRow>('UPDATE brokers SET host = ?, port = ? WHERE broker_id = ? RETURNING *'),
      remove: db.prepare<[number]>('DELETE FROM brokers WHERE broker_id = ?'),
    };
  }

  /** Registers a broker, or re-registers it (new endpoint, epoch + 1). Default state 'starting'. */
  register(reg: BrokerRegistration, now = Date.now()): Broker {
    const row = this.sql.register.get(reg.brokerId, reg.host, reg.port, reg.rack ?? null, reg.state ?? 'starting', now);
    return toBroker(row!);
  }

  get(brokerId: number): Broker | undefined {
    const row = this.sql.get.get(brokerId);
    return row && toBroker(row);
  }

  list(): Broker[] {
    return this.sql.list.all().map(toBroker);
  }

  /** Returns the updated broker, or undefined if it is not registered. */
  setState(brokerId: number, state: BrokerState): Broker | undefined {
    const row = this.sql.setState.get(state, brokerId);
    return row && toBroker(row);
  }

  /** Records the bound listener (the port is 0 until the broker listens). */
  setEndpoint(brokerId: number, host: string, port: number): Broker | undefined {
    const row = this.sql.setEndpoint.get(host, port, brokerId);
    return row && toBroker(row);
  }

  /**
   * Removes a broker from the cluster, with its checkpoints (cascade). The caller reassigns its replicas
   * first: partitions keep broker ids in JSON, which no foreign key protects.
   */
  remove(brokerId: number): boolean {
    return this.sql.remove.run(brokerId).changes > 0;
  }
}
