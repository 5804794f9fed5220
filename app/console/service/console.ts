// The console service: the UI's backend. It implements every method of the contract (`Handlers`, so the
// compiler forces each one) over one Kafka connection, emits the contract's events, and keeps its own
// state in its own database. Hosts (app/main over IPC, app/serve over WebSocket) call `dispatch` and
// forward events from `onEvent`; neither knows any method by name.

import { alterBrokerConfigs, alterGroupConfigs, describeBrokerConfigs, describeGroupConfigs } from '../kafka/resource-configs.ts';
import type {
  CallContext, CallResult, ConnectionConfig, ConnectionsState, ConsumedRecord, EventName, EventPayload, Handlers, MethodName, MethodRequest, MethodResponse, Settings,
} from '../../contract.ts';
import { checkRequest, isMethodName } from '../../contract.ts';
import { browse } from '../kafka/browse.ts';
import { abortTransaction, describeTransaction, listTransactions } from '../kafka/transactions.ts';
import { TransactionalProduce } from '../kafka/transactional-produce.ts';
import type { ConnectionOptions, KafkaConnection } from '../kafka/connection.ts';
import type { ConsoleDb } from '../stores/db.ts';
import { ConsoleError, toContractError } from './errors.ts';
import { ConnectionStore, connectionOptions } from '../stores/connections.ts';
import { deleteGroup, describeGroup, listGroupSummaries, resetGroupOffsets } from '../kafka/groups.ts';
import type { BrokerLifecycle } from '../kafka/local-cluster.ts';
import { bareBrokerInfo } from '../kafka/local-cluster.ts';
import { MetricsStore } from '../stores/metrics-store.ts';
import { readOverview } from '../kafka/overview.ts';
import { readClusterMap } from '../kafka/cluster-map.ts';
import { ClusterEventLog, toRecord } from '../kafka/cluster-event-log.ts';
import { locate, segment } from '../kafka/log-inspect.ts';
import { produce } from '../kafka/produce.ts';
import { Sampler } from '../kafka/sampler.ts';
import { TailManager } from '../kafka/tail.ts';
import { ProducerJobs, replay } from '../kafka/bulk-produce.ts';
import { exportRecords, importRecords } from '../codecs/records-io.ts';
import { decodeProtobufWithSchema } from '../codecs/protobuf.ts';
import { SearchManager } from '../kafka/search.ts';
import { previewTemplate } from '../codecs/record-template.ts';
import { TemplateStore } from '../stores/templates.ts';
import { listOffsets as listOffsetsAt } from '../kafka/overview.ts';
import { addPartitions, alterTopicConfigs, createTopic, deleteTopic, describeTopic, purgeTopic, topicSegments } from '../kafka/topics.ts';
import { LATEST_TIMESTAMP, parseBrokerConfigs } from '../../../engine/index.ts';
import { SchemaAccess } from '../schemas/schemas.ts';
import { createAcl, deleteAcl, deleteScramUser, describeSecurity, saveScramUser } from '../kafka/security.ts';
import { listReassignments, reassignPartition } from '../kafka/reassignments.ts';
import { validLocalSecurity } from '../stores/local-security.ts';
import { clientSettings } from './client-settings.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

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
  /** The embedded Schema Registry of the local cluster (also settable later: setLocalRegistry). */
  registryUrl?: string;
  /**
   * Restart the local cluster on the listeners the saved 'localSecurity' setting names; answers its new
   * lifecycle and how the console connects to it (its admin user, its CA).
   */
  restartLocal?: () => Promise<{ lifecycle: BrokerLifecycle; connection: ConnectionOptions }>;
}

type Listener = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

export class Console {
  readonly handlers: Handlers;
  private readonly listeners = new Set<Listener>();
  private readonly tails: TailManager;
  private readonly searches: SearchManager;
  private readonly producerJobs: ProducerJobs;
  private readonly txnProduce: TransactionalProduce;
  private readonly templates: TemplateStore;
  private readonly sampler: Sampler | undefined;
  /** Metrics history (absent with a database double that has no SQLite). */
  readonly metrics: MetricsStore | undefined;
  private readonly connections: ConnectionStore;
  /** Connected to an external cluster: broker lifecycle is off. */
  private external = false;
  private restarting = false;
  /** How the console connects to the local cluster (its security included); replaced when the cluster restarts. */
  private localOptions: ConnectionOptions;
  private localLifecycle: BrokerLifecycle | undefined;
  /** The registry of the active connection: decoding, encoding and the Schemas screen. */
  private readonly schemas = new SchemaAccess();
  private localRegistryUrl: string | undefined;
  /** Tail events wait for their records' schemas, in order. */
  private tailEvents: Promise<void> = Promise.resolve();
  /** The local cluster's recent events, and the unsubscription from them. */
  private readonly clusterEvents = new ClusterEventLog();
  private stopClusterEvents: (() => void) | undefined;

  constructor(private readonly opts: ConsoleOptions) {
    const conn = opts.connection;
    this.localOptions = conn.options;
    this.localLifecycle = opts.lifecycle;
    this.connections = new ConnectionStore(opts.db.sqlite);
    this.metrics = opts.db.sqlite ? new MetricsStore(opts.db.sqlite, () => opts.db.settings().metricsRetentionDays * DAY_MS) : undefined;
    const active = this.connections.activeId();
    const saved = active === 'local' ? undefined : this.connections.get(active);
    if (saved) {
      this.external = true;
      void conn.switchTo(connectionOptions(saved));
    }
    this.localRegistryUrl = opts.registryUrl;
    this.useRegistryOf(saved);
    this.tails = new TailManager(conn, (e) => {
      this.tailEvents = this.tailEvents.then(() => this.decode(e.records)).then(() => this.emit('tail.records', e));
    });
    this.searches = new SearchManager(conn, (e) => this.emit('search.progress', e), () => this.schemas.codec());
    this.producerJobs = new ProducerJobs(conn, (e) => this.emit('producer.progress', e));
    this.txnProduce = new TransactionalProduce(conn);
    this.templates = new TemplateStore(opts.db.sqlite);
    const interval = opts.sampleIntervalMs ?? 1000;
    this.sampler = interval > 0
      ? new Sampler(conn, () => this.lifecycle(), (e) => this.emit('cluster.state', e), (e) => this.emit('metrics.sample', e), interval, this.metrics)
      : undefined;
    this.sampler?.start();
    this.followClusterEvents(opts.lifecycle);
    const since = (req: { since?: number } | undefined) => (typeof req?.since === 'number' ? req.since : Date.now() - HOUR_MS);
    const metrics = () => {
      if (!this.metrics) throw new ConsoleError('UNAVAILABLE', 'Metrics history is not kept by this console.');
      return this.metrics;
    };

    this.handlers = {
      'app.info': async () => ({
        version: opts.version, host: opts.host, dataDir: opts.dataDir, bootstrapServers: conn.bootstrapServers.join(','),
      }),
      'settings.get': async () => opts.db.settings(),
      'settings.update': async (patch) => opts.db.updateSettings(validSettings(patch)),
      'security.clientSettings': async () => {
        const info = this.lifecycle()?.security?.();
        if (!info) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'Client settings are shown for the local cluster only.');
        return clientSettings(this.localOptions.bootstrapServers.join(','), info, this.localOptions);
      },
      'cluster.applySecurity': () => this.applyLocalSecurity(),
      'cluster.overview': () => readOverview(conn, this.lifecycle()),
      'brokers.action': async ({ brokerId, action }) => {
        const lifecycle = this.lifecycle();
        if (!lifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'Brokers can be stopped and started only in the local cluster.');
        if (!['stop', 'kill', 'restart'].includes(action)) throw new ConsoleError('INVALID_REQUEST', `Unknown broker action '${String(action)}'.`);
        await lifecycle.act(brokerId, action);
        void this.sampler?.sample().catch(() => undefined);
        const overview = await readOverview(conn, lifecycle).catch(() => undefined);
        return overview?.brokers ?? lifecycle.status().map(bareBrokerInfo);
      },
      'topics.describe': ({ topic }) => describeTopic(conn, topic),
      'topics.create': (req) => createTopic(conn, req),
      'topics.delete': ({ topic }) => deleteTopic(conn, topic),
      'messages.produce': async (req) => produce(conn, req, req.valueSchema ? await this.encoder(req.valueSchema) : undefined),
      'messages.browse': async (req) => {
        const page = await browse(conn, req);
        await this.decode(page.records);
        return page;
      },
      'tail.start': async (req, ctx) => ({ subscriptionId: await this.tails.start(ctx.clientId, req) }),
      'tail.stop': async ({ subscriptionId }) => this.tails.stop(subscriptionId),
      'groups.list': () => listGroupSummaries(conn),
      'groups.describe': ({ groupId }) => describeGroup(conn, groupId),
      'groups.resetOffsets': (req) => resetGroupOffsets(conn, req),
      'groups.delete': ({ groupId }) => deleteGroup(conn, groupId),
      'transactions.list': () => listTransactions(conn),
      'transactions.describe': ({ transactionalId }) => describeTransaction(conn, transactionalId),
      'transactions.abort': (req) => abortTransaction(conn, req),
      'transactions.produce': (req) => this.txnProduce.send(req, async (r) => (r.valueSchema ? this.encoder(r.valueSchema) : undefined)),
      'transactions.end': ({ transactionalId, commit }) => this.txnProduce.end(transactionalId, commit),
      'groups.shareState': async ({ groupId }) => {
        const read = this.lifecycle()?.shareGroupState;
        if (!read) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'The in-flight records of a share group are shown only for the local cluster.');
        return read(groupId).map(({ leaderEpoch: _leaderEpoch, ...p }) => p);
      },
      'topics.purge': ({ topic }) => purgeTopic(conn, topic),
      'topics.alterConfigs': (req) => alterTopicConfigs(conn, req),
      'brokers.configs': ({ brokerId }) => describeBrokerConfigs(conn, brokerId),
      'brokers.alterConfigs': (req) => alterBrokerConfigs(conn, req),
      'groups.configs': ({ groupId }) => describeGroupConfigs(conn, groupId),
      'groups.alterConfigs': (req) => alterGroupConfigs(conn, req),
      'topics.addPartitions': ({ topic, totalCount }) => addPartitions(conn, topic, totalCount),
      'topics.segments': ({ topic }) => topicSegments(conn, this.lifecycle(), topic),
      'partitions.reassign': (req) => reassignPartition(conn, req),
      'partitions.reassignments': ({ topic }) => listReassignments(conn, topic),
      'security.describe': () => describeSecurity(conn, this.lifecycle()),
      'security.users.save': async (req) => (await saveScramUser(this.lifecycle(), req), describeSecurity(conn, this.lifecycle())),
      'security.users.delete': async ({ name }) => (await deleteScramUser(this.lifecycle(), name), describeSecurity(conn, this.lifecycle())),
      'security.acls.create': async (entry) => (await createAcl(conn, entry), describeSecurity(conn, this.lifecycle())),
      'security.acls.delete': async (entry) => (await deleteAcl(conn, entry), describeSecurity(conn, this.lifecycle())),
      'brokers.add': async () => {
        const lifecycle = this.lifecycle();
        if (!lifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'Brokers can be added only to the local cluster.');
        await lifecycle.add();
        void this.sampler?.sample().catch(() => undefined);
        return (await readOverview(conn, lifecycle)).brokers;
      },
      'cluster.map': () => readClusterMap(conn, this.lifecycle()),
      'cluster.events': async () => (this.external ? { live: false, events: [] } : { live: true, events: this.clusterEvents.recent() }),
      'log.locate': ({ topic, partition, offset }) => locate(conn, this.lifecycle(), topic, partition, offset),
      'log.segment': ({ topic, partition, baseOffset }) => segment(conn, this.lifecycle(), topic, partition, baseOffset),
      'metrics.cluster': async (req) => metrics().throughput(since(req)),
      'metrics.topic': async (req) => metrics().throughput(since(req), req.topic),
      'metrics.topics': async (req) => metrics().throughputByTopic(since(req)),
      'metrics.group': async (req) => metrics().groupLag(req.groupId, since(req)),
      'connections.list': async () => this.connections.state(),
      'connections.save': async (c) => {
        const saved = this.connections.save(c);
        // Saving the active connection reconnects with its new settings.
        if (this.connections.activeId() === saved.id) return this.useConnection(saved.id);
        return this.connections.state();
      },
      'connections.delete': async ({ id }) => {
        const wasActive = this.connections.activeId() === id;
        this.connections.delete(id);
        return wasActive ? this.useConnection('local') : this.connections.state();
      },
      'connections.use': ({ id }) => this.useConnection(id),
      'messages.offsetForTime': async ({ topic, partition, timestamp }) => {
        if (!Number.isFinite(timestamp)) throw new ConsoleError('INVALID_REQUEST', 'Give a date and time.');
        const tp = [{ topic, partition }];
        const [at, end] = await Promise.all([listOffsetsAt(conn, tp, BigInt(Math.trunc(timestamp))), listOffsetsAt(conn, tp, BigInt(LATEST_TIMESTAMP))]);
        const o = at.get(`${topic}/${partition}`);
        // -1: no record at or after that time; the view opens at the end.
        return { offset: o === undefined || o < 0 ? (end.get(`${topic}/${partition}`) ?? 0) : o };
      },
      'messages.export': async (req) => exportRecords(req),
      'messages.import': async (req) => {
        const md = await readOverview(conn, undefined).catch(() => undefined);
        return importRecords(conn, req, md?.topics.find((t) => t.name === req?.topic)?.partitions);
      },
      'messages.replay': (req) => replay(conn, req),
      'search.start': async (req, ctx) => {
        const { searchId, total } = await this.searches.start(ctx.clientId, req);
        return { searchId, total };
      },
      'search.cancel': async ({ searchId }) => this.searches.cancel(searchId),
      'templates.list': async () => this.templates.list(),
      'templates.save': async (t) => this.templates.save(t),
      'templates.delete': async ({ name }) => this.templates.delete(name),
      'templates.preview': async ({ template, count }) => previewTemplate(template, count),
      'producer.start': async (req) => ({ jobId: this.producerJobs.start(req, req.valueSchema ? await this.encoder(req.valueSchema) : undefined) }),
      'producer.cancel': async ({ jobId }) => this.producerJobs.cancel(jobId),
      'decode.protobuf': async (req) => decodeProtobufWithSchema(req),
      'schemas.subjects': (req) => this.schemas.overview(req?.includeDeleted === true),
      'schemas.subject': ({ subject }) => this.schemas.subject(subject),
      'schemas.setCompatibility': ({ subject, level }) => this.schemas.setCompatibility(subject, level),
      'schemas.check': (draft) => this.schemas.check(draft),
      'schemas.register': (draft) => this.schemas.register(draft),
      'schemas.delete': ({ subject, version, permanent }) => this.schemas.delete(subject, version, permanent),
    };
  }

  /** The embedded registry's URL, once it listens: the local cluster's records decode through it. */
  setLocalRegistry(url: string | undefined): void {
    this.localRegistryUrl = url;
    if (!this.external) this.useRegistryOf(undefined);
  }

  /** The registry a connection names (undefined: the local cluster's). */
  private useRegistryOf(c: ConnectionConfig | undefined): void {
    const r = c ? c.schemaRegistry : undefined;
    if (c) this.schemas.use(r ? { url: r.url, username: r.username, password: r.password, token: r.token } : undefined);
    else this.schemas.use(this.localRegistryUrl ? { url: this.localRegistryUrl } : undefined);
  }

  /** Annotate records whose values are in Confluent's wire format with their decoded values. */
  private async decode(records: ConsumedRecord[]): Promise<void> {
    const codec = this.schemas.codec();
    if (!codec || records.length === 0) return;
    const decoded = await codec.decodeAll(records.map((r) => (r.value === null ? null : Buffer.from(r.value, 'base64'))));
    decoded.forEach((d, i) => {
      if (d) records[i].decoded = d;
    });
  }

  private async encoder(ref: { subject: string; version: number | null }): Promise<(value: unknown) => Buffer> {
    const codec = this.schemas.codec();
    if (!codec) throw new ConsoleError('NO_REGISTRY', 'This connection names no Schema Registry to encode with: add its URL in Settings → Connections.');
    return codec.encoder(ref);
  }

  /** The broker lifecycle, while the local cluster is the active connection. */
  private lifecycle(): BrokerLifecycle | undefined {
    return this.external ? undefined : this.localLifecycle;
  }

  /** The local cluster's own events feed the timeline ring and the 'cluster.events' stream. */
  private followClusterEvents(lc: BrokerLifecycle | undefined) {
    this.stopClusterEvents?.();
    this.stopClusterEvents = lc?.onEvents?.((batch) => {
      const failure = (id: number) => lc.status().find((b) => b.id === id)?.reason;
      const events = batch.map((e) => toRecord(e, (id) => lc.intent?.(id), failure));
      this.clusterEvents.push(events);
      if (!this.external) this.emit('cluster.events', { events });
    });
  }

  /** The brokers restart on the saved listeners; the console's local connection follows them. */
  private async applyLocalSecurity() {
    if (!this.opts.restartLocal || !this.localLifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'This console runs without a local cluster it can restart.');
    if (this.restarting) throw new ConsoleError('UNAVAILABLE', 'The local cluster is already restarting.');
    this.restarting = true;
    try {
      if (!this.external) this.tails.stopAll();
      const next = await this.opts.restartLocal();
      this.localLifecycle = next.lifecycle;
      this.localOptions = next.connection;
      // The old cluster's emitter is gone: the timeline follows the new one.
      this.followClusterEvents(next.lifecycle);
      if (!this.external) {
        await this.opts.connection.switchTo(next.connection);
        this.sampler?.reset();
      }
    } finally {
      this.restarting = false;
    }
    const info = this.localLifecycle.security?.();
    if (!info) throw new ConsoleError('UNAVAILABLE', 'The restarted cluster does not describe its security.');
    return clientSettings(this.localOptions.bootstrapServers.join(','), info, this.localOptions);
  }

  /** Switch every screen to another cluster: new clients in place, live tails ended, rates restarted. */
  private async useConnection(id: string): Promise<ConnectionsState> {
    const target = id === 'local' ? undefined : this.connections.get(id);
    if (id !== 'local' && !target) throw new ConsoleError('NOT_FOUND', 'That connection no longer exists.');
    if (id === 'local' && !this.localLifecycle) throw new ConsoleError('NOT_LOCAL_CLUSTER', 'This console runs without a local cluster.');
    this.tails.stopAll();
    await this.opts.connection.switchTo(target ? connectionOptions(target) : this.localOptions);
    this.external = target !== undefined;
    this.useRegistryOf(target);
    this.connections.setActive(id);
    this.sampler?.reset();
    return this.connections.state();
  }

  /**
   * Serve one call from any host: never throws, errors come back as ContractError. Requests arrive untyped
   * (JSON off a socket, structured clones over IPC): each is checked against its method's request shape
   * first, so a handler only ever sees a request of its declared type.
   */
  async dispatch(method: string, request: unknown, ctx: CallContext): Promise<CallResult<MethodName>> {
    if (!isMethodName(method)) return { ok: false, error: { name: 'UNKNOWN_METHOD', message: `Unknown method '${method}'.` } };
    const checked = checkRequest(method, request);
    if (!checked.ok) return checked;
    try {
      return { ok: true, value: await this.serve(method, checked.value, ctx) };
    } catch (e) {
      return { ok: false, error: toContractError(e) };
    }
  }

  private serve<K extends MethodName>(method: K, request: MethodRequest<K>, ctx: CallContext): Promise<MethodResponse<K>> {
    // Handlers[K] is a union of every handler to TypeScript (it does not correlate K across the two): one cast.
    const handler = this.handlers[method] as (req: MethodRequest<K>, ctx: CallContext) => Promise<MethodResponse<K>>;
    return handler(request, ctx);
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
    this.searches.stopClient(clientId);
  }

  async close(): Promise<void> {
    this.stopClusterEvents?.();
    this.sampler?.stop();
    this.tails.stopAll();
    this.searches.cancelAll();
    this.producerJobs.cancelAll();
    await this.txnProduce.closeAll();
    this.listeners.clear();
    await this.opts.connection.close();
    this.opts.db.close();
  }
}

function validSettings(patch: Partial<Settings>): Partial<Settings> {
  const out: Partial<Settings> = {};
  const whole = (v: unknown, what: string, min: number, max: number): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw new ConsoleError('INVALID_REQUEST', `${what} must be a whole number from ${min} to ${max}.`);
    return v;
  };
  if (patch?.defaultBrokerCount !== undefined) out.defaultBrokerCount = whole(patch.defaultBrokerCount, 'Default broker count', 1, 16);
  if (patch?.metricsRetentionDays !== undefined) out.metricsRetentionDays = whole(patch.metricsRetentionDays, 'Metrics retention (days)', 1, 90);
  if (patch?.brokerDefaults !== undefined) {
    // Kafka's names and values, refused with Kafka's message; applied at the next start of the local cluster.
    const entries = patch.brokerDefaults;
    if (entries === null || typeof entries !== 'object' || Object.values(entries).some((v) => typeof v !== 'string')) {
      throw new ConsoleError('INVALID_REQUEST', 'Broker defaults must map config names to string values.');
    }
    try {
      parseBrokerConfigs(entries);
    } catch (e) {
      throw new ConsoleError('INVALID_REQUEST', `Broker defaults: ${(e as Error).message.replace(/^INVALID_CONFIG: /, '')}`);
    }
    out.brokerDefaults = { ...entries };
  }
  if (patch?.localSecurity !== undefined) out.localSecurity = validLocalSecurity(patch.localSecurity);
  if (patch?.theme !== undefined) {
    if (patch.theme !== 'dark' && patch.theme !== 'light') throw new ConsoleError('INVALID_REQUEST', `Theme must be 'dark' or 'light'.`);
    out.theme = patch.theme;
  }
  return out;
}
