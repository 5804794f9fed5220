// Confluent Schema Registry's REST API over node:http. Request bodies are JSON sent as
// application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json or application/json (or with no
// content type); any other is 415. Bodies over MAX_BODY_BYTES are refused with 413 before they are parsed.
// Errors are {error_code, message} with the HTTP status Confluent uses (see errors.ts).

import http from 'node:http';
import { Errors, RegistryError } from './errors.ts';
import type { RegistryService, SchemaRequest } from './service.ts';
import { versionBody } from './service.ts';
import { SCHEMA_TYPES } from './types/schema-type.ts';

export const MAX_BODY_BYTES = 16 * 1024 * 1024;
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED = new Set(['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json', 'application/json', 'application/octet-stream']);

interface Request {
  method: string;
  parts: string[];
  query: URLSearchParams;
  body: unknown;
}

type Handler = (req: Request, p: string[]) => unknown;

interface Route {
  method: string;
  /** Path segments; ':' marks a parameter. */
  pattern: string[];
  handler: Handler;
}

function flag(q: URLSearchParams, name: string): boolean {
  return q.get(name) === 'true';
}

function schemaId(raw: string): number {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id)) throw Errors.schemaNotFound();
  return id;
}

function routes(svc: RegistryService): Route[] {
  const r = (method: string, path: string, handler: Handler): Route => ({ method, pattern: path.split('/').filter(Boolean), handler });
  const bodyOf = (req: Request) => (req.body ?? {}) as SchemaRequest;
  return [
    r('GET', '/', () => ({})),
    r('GET', '/schemas/types', () => SCHEMA_TYPES),
    r('GET', '/subjects', (q) => svc.subjects(flag(q.query, 'deleted'))),
    r('POST', '/subjects/:', (q, [s]) => svc.lookup(s, bodyOf(q), flag(q.query, 'deleted'))),
    r('DELETE', '/subjects/:', (q, [s]) => svc.deleteSubject(s, flag(q.query, 'permanent'))),
    r('GET', '/subjects/:/versions', (q, [s]) => svc.versionList(s, flag(q.query, 'deleted'))),
    r('POST', '/subjects/:/versions', (q, [s]) => svc.register(s, bodyOf(q))),
    r('GET', '/subjects/:/versions/:', (q, [s, v]) => versionBody(svc.getVersion(s, v, flag(q.query, 'deleted')))),
    r('DELETE', '/subjects/:/versions/:', (q, [s, v]) => svc.deleteVersion(s, v, flag(q.query, 'permanent'))),
    r('GET', '/subjects/:/versions/:/schema', (q, [s, v]) => rawSchema(svc.getVersion(s, v, flag(q.query, 'deleted')).schema)),
    r('GET', '/subjects/:/versions/:/referencedby', (q, [s, v]) => {
      const found = svc.getVersion(s, v, true);
      return svc.state.referencedBy(found.subject, found.version);
    }),
    r('GET', '/schemas/ids/:', (_q, [id]) => {
      const v = svc.schemaById(schemaId(id));
      return { ...(v.schemaType !== 'AVRO' ? { schemaType: v.schemaType } : {}), ...(v.references.length ? { references: v.references } : {}), schema: v.schema };
    }),
    r('GET', '/schemas/ids/:/schema', (_q, [id]) => rawSchema(svc.schemaById(schemaId(id)).schema)),
    r('GET', '/schemas/ids/:/subjects', (q, [id]) => {
      svc.schemaById(schemaId(id));
      return [...new Set(svc.state.byId(schemaId(id), flag(q.query, 'deleted')).map((v) => v.subject))];
    }),
    r('GET', '/schemas/ids/:/versions', (q, [id]) => {
      svc.schemaById(schemaId(id));
      return svc.state.byId(schemaId(id), flag(q.query, 'deleted')).map((v) => ({ subject: v.subject, version: v.version }));
    }),
    r('POST', '/compatibility/subjects/:/versions', (q, [s]) => verbose(svc.checkCompatibility(s, undefined, bodyOf(q)), q)),
    r('POST', '/compatibility/subjects/:/versions/:', (q, [s, v]) => verbose(svc.checkCompatibility(s, v, bodyOf(q)), q)),
    r('GET', '/config', () => svc.getConfig(null, false)),
    r('PUT', '/config', (q) => svc.setConfig(null, q.body as object)),
    r('DELETE', '/config', () => svc.deleteConfig(null)),
    r('GET', '/config/:', (q, [s]) => svc.getConfig(s, flag(q.query, 'defaultToGlobal'))),
    r('PUT', '/config/:', (q, [s]) => svc.setConfig(s, q.body as object)),
    r('DELETE', '/config/:', (_q, [s]) => svc.deleteConfig(s)),
    r('GET', '/mode', () => svc.getMode(null, false)),
    r('PUT', '/mode', (q) => svc.setMode(null, q.body as object, flag(q.query, 'force'))),
    r('GET', '/mode/:', (q, [s]) => svc.getMode(s, flag(q.query, 'defaultToGlobal'))),
    r('PUT', '/mode/:', (q, [s]) => svc.setMode(s, q.body as object, flag(q.query, 'force'))),
    r('DELETE', '/mode/:', (_q, [s]) => svc.deleteMode(s)),
  ];
}

/** /schema endpoints answer with the schema text itself, as Confluent's do (Avro and JSON are JSON; .proto text is not). */
class RawBody {
  constructor(readonly text: string) {}
}
function rawSchema(text: string): RawBody {
  return new RawBody(text);
}

function verbose(res: { is_compatible: boolean; messages: string[] }, q: Request) {
  return flag(q.query, 'verbose') ? res : { is_compatible: res.is_compatible };
}

function match(pattern: string[], parts: string[]): string[] | null {
  if (pattern.length !== parts.length) return null;
  const params: string[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === ':') params.push(parts[i]);
    else if (pattern[i] !== parts[i]) return null;
  }
  return params;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = body instanceof RawBody ? body.text : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': CONTENT_TYPE, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      reject(new RegistryError(413, `Request body of ${declared} bytes is larger than the limit of ${MAX_BODY_BYTES} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      if (over) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        over = true;
        reject(new RegistryError(413, `Request body is larger than the limit of ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!over) resolve(Buffer.concat(chunks)); });
    req.on('error', reject);
  });
}

export function createRegistryServer(svc: RegistryService, log?: (m: string) => void): http.Server {
  const table = routes(svc);
  return http.createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://registry');
        let parts: string[];
        try {
          parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
        } catch {
          throw Errors.http(404, 'Not Found');
        }
        const method = (req.method ?? 'GET').toUpperCase();
        const candidates = table.map((r) => ({ r, params: match(r.pattern, parts) })).filter((c) => c.params !== null);
        if (candidates.length === 0) throw Errors.http(404, 'Not Found');
        const found = candidates.find((c) => c.r.method === method);
        if (!found) throw Errors.http(405, 'Method Not Allowed');
        let body: unknown;
        if (method === 'POST' || method === 'PUT') {
          const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
          if (type && !ACCEPTED.has(type)) {
            req.resume();
            throw Errors.http(415, 'Unsupported Media Type');
          }
          const raw = await readBody(req);
          if (raw.length > 0) {
            try {
              body = JSON.parse(raw.toString('utf8'));
            } catch (e) {
              throw new RegistryError(400, `The request body is not valid JSON: ${(e as Error).message}`);
            }
          }
        }
        const result = await found.r.handler({ method, parts, query: url.searchParams, body }, found.params!);
        send(res, 200, result);
      } catch (e) {
        if (e instanceof RegistryError) {
          send(res, e.status, e.body());
          // An over-large body is not read further: close the connection rather than drain it.
          if (e.errorCode === 413) res.once('finish', () => req.destroy());
          return;
        }
        log?.(`schema registry: ${(e as Error).stack ?? String(e)}`);
        send(res, 500, { error_code: 500, message: `Internal Server Error: ${(e as Error).message}` });
      }
    })();
  });
}
