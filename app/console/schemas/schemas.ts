// The Schemas screen's backend: subjects, versions, compatibility levels, checks, registration and deletion,
// over the registry of the active connection (the embedded one for the local cluster, the one an external
// connection names). `SchemaAccess` follows connection switches: a new registry gets a new client and a
// fresh schema cache.

import type {
  CompatibilityLevel, CompatibilityReport, SchemaDraft, SchemaRegistryOverview, SchemaType, SubjectDetail, SubjectSummary,
} from '../../contract.ts';
import { ConsoleError } from '../service/errors.ts';
import { RegistryClient, RegistryRefusal, type RegistryEndpoint, type RegistrySchema } from './registry-client.ts';
import { SchemaCodec } from './wire-format.ts';

const LEVELS: CompatibilityLevel[] = ['NONE', 'BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE'];
const level = (v: string | null): CompatibilityLevel | null => (v && (LEVELS as string[]).includes(v) ? (v as CompatibilityLevel) : null);
const typeOf = (s: RegistrySchema): SchemaType => ((s.schemaType ?? 'AVRO').toUpperCase() as SchemaType);

export class SchemaAccess {
  private endpoint: RegistryEndpoint | undefined;
  private codecValue: SchemaCodec | undefined;

  /** The registry to use from now on (undefined: none). */
  use(endpoint: RegistryEndpoint | undefined): void {
    const same = endpoint && this.endpoint && JSON.stringify(endpoint) === JSON.stringify(this.endpoint);
    if (same) return;
    this.endpoint = endpoint;
    this.codecValue = endpoint ? new SchemaCodec(new RegistryClient(endpoint)) : undefined;
  }

  get url(): string | null {
    return this.codecValue?.client.url ?? null;
  }

  /** The codec, when a registry is configured; decoding is skipped without one. */
  codec(): SchemaCodec | undefined {
    return this.codecValue;
  }

  client(): RegistryClient {
    if (!this.codecValue) throw new ConsoleError('NO_REGISTRY', 'This connection names no Schema Registry: add its URL in Settings → Connections.');
    return this.codecValue.client;
  }

  async overview(includeDeleted: boolean): Promise<SchemaRegistryOverview> {
    if (!this.codecValue) return { url: null, globalCompatibility: null, subjects: [] };
    const c = this.codecValue.client;
    try {
      const [names, live, global] = await Promise.all([c.subjects(includeDeleted), includeDeleted ? c.subjects(false) : undefined, c.compatibility(null)]);
      const alive = new Set(live ?? names);
      const subjects = await Promise.all(names.sort().map(async (subject): Promise<SubjectSummary> => {
        const deleted = !alive.has(subject);
        const [versions, latest, own] = await Promise.all([c.versions(subject, deleted), c.version(subject, 'latest', deleted), c.compatibility(subject)]);
        return { subject, schemaType: typeOf(latest), latestVersion: latest.version ?? versions[versions.length - 1], latestId: latest.id, versionCount: versions.length, compatibility: level(own), deleted };
      }));
      return { url: c.url, globalCompatibility: level(global), subjects };
    } catch (e) {
      return { url: c.url, error: (e as Error).message, globalCompatibility: null, subjects: [] };
    }
  }

  async subject(subject: string): Promise<SubjectDetail> {
    const c = this.client();
    const all = await c.versions(subject, true);
    const live = new Set(await c.versions(subject, false).catch((e) => {
      if (e instanceof RegistryRefusal && e.code === 40401) return [] as number[]; // every version is soft-deleted
      throw e;
    }));
    const versions = await Promise.all(all.map(async (v) => {
      const s = await c.version(subject, v, true);
      return { version: v, id: s.id, schemaType: typeOf(s), schema: s.schema, references: s.references ?? [], deleted: !live.has(v) };
    }));
    const [own, global] = await Promise.all([c.compatibility(subject), c.compatibility(null)]);
    return { subject, compatibility: level(own), effectiveCompatibility: level(own) ?? level(global) ?? 'BACKWARD', versions };
  }

  async setCompatibility(subject: string | null, to: CompatibilityLevel | null): Promise<void> {
    if (to !== null && !LEVELS.includes(to)) throw new ConsoleError('INVALID_REQUEST', `Compatibility must be one of ${LEVELS.join(', ')}.`);
    if (subject === null && to === null) throw new ConsoleError('INVALID_REQUEST', 'The global compatibility level cannot be removed, only changed.');
    await this.client().setCompatibility(subject, to);
  }

  /** What registering the draft would say: parse problems and the checker's messages, before anything is saved. */
  async check(draft: SchemaDraft): Promise<CompatibilityReport> {
    const c = this.client();
    const body = registerBody(draft);
    const detail = await this.subject(draft.subject).catch((e) => {
      if (e instanceof RegistryRefusal && e.code === 40401) return undefined;
      throw e;
    });
    const at = detail?.effectiveCompatibility ?? level(await c.compatibility(null)) ?? 'BACKWARD';
    try {
      const r = await c.check(draft.subject, body);
      return { valid: true, compatible: r.is_compatible, level: at, messages: r.messages ?? [] };
    } catch (e) {
      if (e instanceof RegistryRefusal && (e.code === 40401 || e.code === 40402)) {
        // No live version to compare with: anything that parses may be registered.
        return { valid: true, compatible: true, level: at, messages: [`${draft.subject} has no version yet: nothing to be compatible with.`] };
      }
      if (e instanceof RegistryRefusal && (e.code === 42201 || e.code === 422)) return { valid: false, compatible: false, level: at, messages: [e.message] };
      throw e;
    }
  }

  async register(draft: SchemaDraft): Promise<{ id: number; version: number }> {
    const c = this.client();
    const body = registerBody(draft);
    const { id } = await c.register(draft.subject, body);
    const found = await c.lookup(draft.subject, body);
    return { id, version: found.version ?? 0 };
  }

  async delete(subject: string, version: number | null, permanent: boolean): Promise<void> {
    const c = this.client();
    const soft = () => (version === null ? c.deleteSubject(subject, false) : c.deleteVersion(subject, version, false));
    if (!permanent) {
      await soft();
      return;
    }
    // Confluent removes for good only what is soft-deleted already.
    await soft().catch((e) => {
      if (e instanceof RegistryRefusal && [40404, 40406, 40401, 40402].includes(e.code)) return;
      throw e;
    });
    if (version === null) await c.deleteSubject(subject, true);
    else await c.deleteVersion(subject, version, true);
  }
}

function registerBody(d: SchemaDraft): object {
  if (typeof d.subject !== 'string' || d.subject.trim() === '') throw new ConsoleError('INVALID_REQUEST', 'Give the subject a name (like orders-value).');
  if (d.schema.trim() === '') throw new ConsoleError('INVALID_REQUEST', 'The schema is empty.');
  return { schema: d.schema, schemaType: d.schemaType, ...(d.references?.length ? { references: d.references } : {}) };
}
