// The console's client of a Schema Registry over Confluent's REST API: the embedded one of the local cluster,
// or the one an external connection names (with basic auth or a bearer token). The console reads and writes
// schemas only through here, never through `_schemas` itself (DESIGN.md, data path 4).
//
// Confluent's error bodies ({error_code, message}) become console errors with stable names, so the UI can
// tell "subject not found" from "incompatible" from "the registry is down".

import { ConsoleError } from '../service/errors.ts';

export interface RegistryEndpoint {
  url: string;
  username?: string;
  password?: string;
  token?: string;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const TIMEOUT_MS = 10_000;

/** Confluent's error codes the console names; anything else is REGISTRY_ERROR with the registry's message. */
const NAMES: Record<number, ConsoleError['errorName']> = {
  40401: 'SUBJECT_NOT_FOUND',
  40402: 'VERSION_NOT_FOUND',
  40403: 'SCHEMA_NOT_FOUND',
  409: 'INCOMPATIBLE_SCHEMA',
  42201: 'INVALID_SCHEMA',
};

/** A refusal from the registry: its error code beside the console's name. */
export class RegistryRefusal extends ConsoleError {
  constructor(readonly code: number, readonly status: number, message: string) {
    super(NAMES[code] ?? 'REGISTRY_ERROR', message);
  }
}

export interface RegistrySchema {
  subject?: string;
  version?: number;
  id: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

export class RegistryClient {
  readonly url: string;

  constructor(private readonly endpoint: RegistryEndpoint) {
    this.url = endpoint.url.replace(/\/+$/, '');
  }

  private headers(body: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: CONTENT_TYPE };
    if (body) h['Content-Type'] = CONTENT_TYPE;
    if (this.endpoint.token) h.Authorization = `Bearer ${this.endpoint.token}`;
    else if (this.endpoint.username) h.Authorization = `Basic ${Buffer.from(`${this.endpoint.username}:${this.endpoint.password ?? ''}`).toString('base64')}`;
    return h;
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.url}${path}`, {
        method, headers: this.headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (e) {
      const cause = (e as { cause?: { message?: string } }).cause?.message ?? (e as Error).message;
      throw new ConsoleError('REGISTRY_UNAVAILABLE', `The Schema Registry at ${this.url} is not answering (${cause}).`);
    }
    const text = await res.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!res.ok) {
      const b = parsed as { error_code?: number; message?: string } | undefined;
      if (res.status === 401 || res.status === 403) throw new RegistryRefusal(res.status, res.status, `The Schema Registry at ${this.url} refused the credentials (HTTP ${res.status}).`);
      throw new RegistryRefusal(b?.error_code ?? res.status, res.status, b?.message ?? `The Schema Registry answered HTTP ${res.status} for ${path}.`);
    }
    if (parsed === undefined && text !== '') throw new ConsoleError('REGISTRY_ERROR', `The Schema Registry at ${this.url} did not answer JSON for ${path}.`);
    return parsed as T;
  }

  subjects(deleted = false): Promise<string[]> {
    return this.request('GET', `/subjects${deleted ? '?deleted=true' : ''}`);
  }

  versions(subject: string, deleted = false): Promise<number[]> {
    return this.request('GET', `/subjects/${enc(subject)}/versions${deleted ? '?deleted=true' : ''}`);
  }

  version(subject: string, version: number | 'latest', deleted = false): Promise<RegistrySchema> {
    return this.request('GET', `/subjects/${enc(subject)}/versions/${version}${deleted ? '?deleted=true' : ''}`);
  }

  schemaById(id: number): Promise<RegistrySchema> {
    return this.request('GET', `/schemas/ids/${id}`);
  }

  /** Where a schema id is registered: every (subject, version). */
  idVersions(id: number): Promise<{ subject: string; version: number }[]> {
    return this.request('GET', `/schemas/ids/${id}/versions`);
  }

  /** The level of a subject (null: it has none of its own) or the global one (subject null). */
  async compatibility(subject: string | null): Promise<string | null> {
    try {
      const c = await this.request<{ compatibilityLevel?: string; compatibility?: string }>('GET', subject === null ? '/config' : `/config/${enc(subject)}`);
      return c.compatibilityLevel ?? c.compatibility ?? null;
    } catch (e) {
      // 40408: the subject has no level of its own (Confluent's registries before 7 answer 40401).
      if (subject !== null && e instanceof RegistryRefusal && (e.code === 40408 || e.code === 40401)) return null;
      throw e;
    }
  }

  async setCompatibility(subject: string | null, level: string | null): Promise<void> {
    const path = subject === null ? '/config' : `/config/${enc(subject)}`;
    if (level === null) {
      try {
        await this.request('DELETE', path);
      } catch (e) {
        if (!(e instanceof RegistryRefusal && (e.code === 40408 || e.code === 40401))) throw e;
      }
      return;
    }
    await this.request('PUT', path, { compatibility: level });
  }

  check(subject: string, body: object): Promise<{ is_compatible: boolean; messages?: string[] }> {
    return this.request('POST', `/compatibility/subjects/${enc(subject)}/versions/latest?verbose=true`, body);
  }

  register(subject: string, body: object): Promise<{ id: number }> {
    return this.request('POST', `/subjects/${enc(subject)}/versions`, body);
  }

  /** Look a schema up under a subject: its version and id. */
  lookup(subject: string, body: object): Promise<RegistrySchema> {
    return this.request('POST', `/subjects/${enc(subject)}`, body);
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.request('DELETE', `/subjects/${enc(subject)}${permanent ? '?permanent=true' : ''}`);
  }

  deleteVersion(subject: string, version: number, permanent: boolean): Promise<number> {
    return this.request('DELETE', `/subjects/${enc(subject)}/versions/${version}${permanent ? '?permanent=true' : ''}`);
  }
}

const enc = encodeURIComponent;
