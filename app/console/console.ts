// The console service: the UI's backend. It implements every method of the contract (`Handlers`, so the
// compiler forces each one) over one Kafka connection, emits the contract's events, and keeps its own
// state in its own database. Hosts (app/main over IPC, app/serve over WebSocket) call `dispatch` and
// forward events from `onEvent`; neither knows any method by name.

import type {
  CallContext, CallResult, EventName, EventPayload, Handlers, MethodName, Settings,
} from '../contract.ts';
import { isMethodName } from '../contract.ts';
import { browse } from './browse.ts';
import type { KafkaConnection } from './connection.ts';
import type { ConsoleDb } from './db.ts';
import { ConsoleError, toContractError } from './errors.ts';
import { describeGroup, listGroupSummaries } from './groups.ts';
import type { BrokerLifecycle } from './local-cluster.ts';
import { readOverview } from './overview.ts';
import { produce } from './produce.ts';
import { Sampler } from './sampler.ts';
import { TailManager } from './tail.ts';
import { createTopic, deleteTopic, describeTopic } from './topics.ts';

export interface ConsoleOptions {
  connection: KafkaConnection;
  /** Present for the embedded local cluster only. */
  lifecycle?: BrokerLifecycle;
  db: ConsoleDb;
  host: 'electron' | 'web';
  dataDir: string;
  version: string;
  /** Sampling period of 'cluster.state' and 'metrics.sample'; 0 disables the sampler (tests). */
  sampleIntervalMs?: number;
}

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class Console {
  readonly handlers: Handlers;
  private readonly listeners = new Set<Listener>();
  private readonly tails: TailManager;
  private readonly sampler: Sampler | undefined;

  constructor(private readonly opts: ConsoleOptions) {
    const conn = opts.connection;
    this.tails = new TailManager(conn, (e) => this.emit('tail.records', e));
    const interval = opts.sampleIntervalMs ?? 2000;
    this.sampler = interval > 0
      ? new Sampler(conn, opts.lifecycle, (e) => this.emit('cluster.state', e), (e) => this.emit('metrics.sample', e), interval)
      : undefined;
    this.sampler?.start();

    this.handlers = {
      'app.info': async () => ({
        version: opts.version, host: opts.host, dataDir: opts.dataDir, bootstrapServers: conn.bootstrapServers.join(','),
      }),
      'settings.get': async () => opts.db.settings(),
      'settings.update': async (patch) => opts.db.updateSettings(validSettings(patch)),
      'cluster.overview': () => readOverview(conn, opts.lifecycle),
      'brokers.action': async ({ brokerId, action }) => {
        const lifecycle = opts.lifecycle;
        if (!lifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'Brokers can be stopped and started only in the local cluster.');
        if (!['stop', 'kill', 'restart'].includes(action)) throw new ConsoleError('INVALID_REQUEST', `Unknown broker action '${String(action)}'.`);
        await lifecycle.act(brokerId, action);
        void this.sampler?.sample().catch(() => undefined);
        const overview = await readOverview(conn, lifecycle).catch(() => undefined);
        return overview?.brokers ?? lifecycle.status().map((b) => ({ ...b, leaderCount: 0, replicaCount: 0, isController: false }));
      },
      'topics.describe': ({ topic }) => describeTopic(conn, topic),
      'topics.create': (req) => createTopic(conn, req),
      'topics.delete': ({ topic }) => deleteTopic(conn, topic),
      'messages.produce': (req) => produce(conn, req),
      'messages.browse': (req) => browse(conn, req),
      'tail.start': async (req, ctx) => ({ subscriptionId: await this.tails.start(ctx.clientId, req) }),
      'tail.stop': async ({ subscriptionId }) => this.tails.stop(subscriptionId),
      'groups.list': () => listGroupSummaries(conn),
      'groups.describe': ({ groupId }) => describeGroup(conn, groupId),
    };
  }

  /** Serve one call from any host: never throws, errors come back as ContractError. */
  async dispatch(method: string, request: unknown, ctx: CallContext): Promise<CallResult<MethodName>> {
    if (!isMethodName(method)) return { ok: false, error: { name: 'UNKNOWN_METHOD', message: `Unknown method '${method}'.` } };
    try {
      const handler = this.handlers[method] as (req: unknown, ctx: CallContext) => Promise<unknown>;
      const value = await handler(request ?? {}, ctx);
      return { ok: true, value: value as never };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  }

  onEvent(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners) l(event, payload);
  }

  /** A client (window or socket) went away: end what it subscribed to. */
  disconnect(clientId: string): void {
    this.tails.stopClient(clientId);
  }

  async close(): Promise<void> {
    this.sampler?.stop();
    this.tails.stopAll();
    this.listeners.clear();
    await this.opts.connection.close();
    this.opts.db.close();
  }
}

function validSettings(patch: Partial<Settings>): Partial<Settings> {
  const out: Partial<Settings> = {};
  if (patch?.theme !== undefined) {
    if (patch.theme !== 'dark' && patch.theme !== 'light') throw new ConsoleError('INVALID_REQUEST', `Theme must be 'dark' or 'light'.`);
    out.theme = patch.theme;
  }
  return out;
}
