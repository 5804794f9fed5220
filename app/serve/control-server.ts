// The control endpoint of a running instance, for the `streamlab` command and users' own test scripts:
// HTTP on 127.0.0.1 (a random port) with a random bearer token. Both are written to <dataDir>/control.json,
// readable by this user only, and the file is removed on shutdown.
//
//   GET    /status                 brokers (id, port, state) and partitions (leader, ISR)
//   POST   /brokers                add a broker
//   POST   /brokers/:id/stop|kill|restart
//   GET    /topics                 names
//   GET    /topics/:name           partitions and configs
//   POST   /topics                 { name, partitions, replicationFactor, configs }
//   DELETE /topics/:name
// Errors: { error: "KAFKA_ERROR_NAME: message" } with status 400 (bad request) or 404 (unknown).
//
// Broker changes go through the cluster's lifecycle queue (the same one the UI uses), so a restart from here
// and a kill from the window run one after the other. Topic changes go over the Kafka protocol to a running
// broker, as any other client's would.

import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { TopicAdmin, TopicAdminError, type Cluster } from '../../engine/index.ts';

export const CONTROL_FILE = 'control.json';

export interface ControlInfo {
  url: string;
  token: string;
  pid: number;
}

export interface ControlServer {
  info: ControlInfo;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function body(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 1 << 20) throw new HttpError(413, 'request body too large');
    chunks.push(c as Buffer);
  }
  if (chunks.length === 0) return {};
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
  } catch {
    throw new HttpError(400, 'the request body is not JSON');
  }
}

function brokerId(cluster: Cluster, raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || !cluster.status().some((b) => b.id === id)) throw new HttpError(404, `no broker ${raw}`);
  return id;
}

/** A whole number for an int32 field; absent: -1 (the broker's default). */
function int32(v: unknown, name: string): number {
  if (v === undefined || v === null) return -1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) throw new HttpError(400, `INVALID_REQUEST: ${name} must be a whole number`);
  return v;
}

function stringMap(v: unknown): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) {
    throw new HttpError(400, 'INVALID_REQUEST: configs must map names to string values');
  }
  return v as Record<string, string>;
}

/** A topic refusal as the endpoint reports it: Kafka's error name and message, with the given HTTP status. */
async function refusedAs<T>(status: number, op: Promise<T>): Promise<T> {
  try {
    return await op;
  } catch (e) {
    if (e instanceof TopicAdminError) throw new HttpError(status, e.message);
    throw e;
  }
}

async function route(cluster: Cluster, admin: TopicAdmin, method: string, parts: string[], req: http.IncomingMessage): Promise<unknown> {
  const [a, b, c] = parts;
  if (method === 'GET' && a === 'status' && !b) return { brokers: cluster.status(), partitions: cluster.partitions() };
  if (a === 'brokers') {
    if (method === 'POST' && !b) return { id: await cluster.addBroker() };
    if (method === 'POST' && b && c && !parts[3]) {
      const id = brokerId(cluster, b);
      if (c === 'stop') await cluster.stopBroker(id);
      else if (c === 'kill') await cluster.killBroker(id);
      else if (c === 'restart') await cluster.restartBroker(id);
      else throw new HttpError(404, `unknown broker action '${c}' (stop, kill or restart)`);
      return { brokers: cluster.status() };
    }
  }
  if (a === 'topics') {
    if (method === 'GET' && !b) return { topics: await admin.list() };
    if (method === 'GET' && b && !c) return refusedAs(404, admin.describe(b));
    if (method === 'POST' && !b) {
      const q = await body(req);
      if (typeof q.name !== 'string') throw new HttpError(400, 'INVALID_REQUEST: a topic name is required');
      const r = await refusedAs(400, admin.create({
        name: q.name,
        numPartitions: int32(q.partitions, 'partitions'),
        replicationFactor: int32(q.replicationFactor, 'replicationFactor'),
        configs: stringMap(q.configs),
      }));
      return { name: r.name, topicId: r.topicId, partitions: r.numPartitions, replicationFactor: r.replicationFactor };
    }
    if (method === 'DELETE' && b && !c) {
      await refusedAs(404, admin.delete(b));
      return { deleted: b };
    }
  }
  throw new HttpError(404, `no such endpoint: ${method} /${parts.join('/')}`);
}

export async function startControlServer(cluster: Cluster, dataDir: string): Promise<ControlServer> {
  const token = crypto.randomBytes(24).toString('hex');
  const expected = Buffer.from(`Bearer ${token}`);
  const admin = new TopicAdmin(() => cluster.status().filter((x) => x.state === 'running'), 'streamlab-control', cluster.adminConnectOptions());
  const server = http.createServer((req, res) => {
    const send = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    const auth = Buffer.from(req.headers.authorization ?? '');
    if (auth.length !== expected.length || !crypto.timingSafeEqual(auth, expected)) return send(401, { error: 'missing or wrong token' });
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    route(cluster, admin, req.method ?? 'GET', parts, req).then(
      (result) => send(200, result),
      (e: Error) => send(e instanceof HttpError ? e.status : 500, { error: e.message }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const info: ControlInfo = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  const file = path.join(dataDir, CONTROL_FILE);
  fs.writeFileSync(file, JSON.stringify(info), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
  return {
    info,
    async close() {
      fs.rmSync(file, { force: true });
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
