// The registry's operations, as Confluent's REST resources define them, over the state read from
// `_schemas`. Reads answer from memory; every change is a record written to the topic (through `write`,
// which returns once the record is read back and applied), so the state is only ever changed by the topic.
// Changes run one at a time: an id or a version is chosen from the state, then written, then the next.

import { checkCompatibility, DEFAULT_COMPATIBILITY, HANDLERS, isCompatibilityLevel, type CompatibilityLevel } from './compatibility.ts';
import { Errors, RegistryError } from './errors.ts';
import type { RegistryState, StoredVersion } from './state.ts';
import { keys, type SchemaReference, type StoreRecord } from './store-format.ts';
import { SchemaParseError, type ParsedSchema, type ResolvedReference, type SchemaTypeName } from './types/schema-type.ts';

export const MODES = ['READWRITE', 'READONLY', 'IMPORT'] as const;
export type Mode = (typeof MODES)[number];

export interface SchemaRequest {
  schema?: unknown;
  schemaType?: unknown;
  references?: unknown;
  id?: unknown;
  version?: unknown;
}

/** A version as the REST API shows it: schemaType is left out for AVRO, references when there are none. */
export function versionBody(v: StoredVersion): Record<string, unknown> {
  return {
    subject: v.subject, version: v.version, id: v.id,
    ...(v.schemaType !== 'AVRO' ? { schemaType: v.schemaType } : {}),
    ...(v.references.length ? { references: v.references } : {}),
    schema: v.schema,
  };
}

const MAX_VERSION = 2 ** 31 - 1;

export class RegistryService {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly state: RegistryState, private readonly write: (records: StoreRecord[]) => Promise<void>) {}

  /** Run one change after the previous one has been written and applied. */
  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.queue.then(fn, fn);
    this.queue = next.catch(() => undefined);
    return next;
  }

  // ---- reading

  parseVersion(v: string): number | 'latest' {
    if (v === 'latest' || v === '-1') return 'latest';
    if (!/^\d+$/.test(v)) throw Errors.invalidVersion(v);
    const n = Number(v);
    if (n < 1 || n > MAX_VERSION) throw Errors.invalidVersion(v);
    return n;
  }

  /** The version, 40401 when the subject has none (visible), 40402 when that one is missing. */
  getVersion(subject: string, v: string, includeDeleted = false): StoredVersion {
    const version = this.parseVersion(v);
    const versions = this.state.versions(subject, includeDeleted);
    if (versions.length === 0) throw Errors.subjectNotFound(subject);
    const found = version === 'latest' ? versions[versions.length - 1] : versions.find((x) => x.version === version);
    if (!found) throw Errors.versionNotFound(v);
    return found;
  }

  subjects(includeDeleted: boolean): string[] {
    return [...this.state.subjects.keys()].filter((s) => this.state.versions(s, includeDeleted).length > 0).sort();
  }

  versionList(subject: string, includeDeleted: boolean): number[] {
    const vs = this.state.versions(subject, includeDeleted);
    if (vs.length === 0) throw Errors.subjectNotFound(subject);
    return vs.map((v) => v.version);
  }

  schemaById(id: number): StoredVersion {
    const found = this.state.byId(id)[0];
    if (!found) throw Errors.schemaNotFound(id);
    return found;
  }

  compatibilityOf(subject: string): CompatibilityLevel {
    const level = this.state.config.get(subject) ?? this.state.config.get('') ?? DEFAULT_COMPATIBILITY;
    return isCompatibilityLevel(level) ? level : DEFAULT_COMPATIBILITY;
  }

  modeOf(subject: string): Mode {
    const m = this.state.mode.get(subject) ?? this.state.mode.get('') ?? 'READWRITE';
    return (MODES as readonly string[]).includes(m) ? (m as Mode) : 'READWRITE';
  }

  // ---- parsing

  /** Resolve references to texts, transitively, dependencies first; 42201 for one that does not exist. */
  private resolveReferences(refs: SchemaReference[], seen = new Set<string>()): ResolvedReference[] {
    const out: ResolvedReference[] = [];
    for (const ref of refs) {
      const key = `${ref.subject}/${ref.version}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const versions = this.state.versions(ref.subject, false);
      const target = ref.version === -1 ? versions[versions.length - 1] : versions.find((v) => v.version === ref.version);
      if (!target) throw Errors.invalidSchema(`reference '${ref.name}' names subject '${ref.subject}' version ${ref.version}, which does not exist`);
      out.push(...this.resolveReferences(target.references, seen), { name: ref.name, schema: target.schema });
    }
    return out;
  }

  private readReferences(raw: unknown): SchemaReference[] {
    if (raw === undefined || raw === null) return [];
    if (!Array.isArray(raw)) throw Errors.invalidSchema('references must be an array of {name, subject, version}');
    return raw.map((r: unknown, i) => {
      const ref = r as Partial<SchemaReference>;
      if (!ref || typeof ref.name !== 'string' || !ref.name || typeof ref.subject !== 'string' || !ref.subject || !Number.isInteger(ref.version)) {
        throw Errors.invalidSchema(`reference ${i} must have a name, a subject and a version`);
      }
      return { name: ref.name, subject: ref.subject, version: ref.version as number };
    });
  }

  parse(body: SchemaRequest): { parsed: ParsedSchema; references: SchemaReference[] } {
    if (typeof body?.schema !== 'string' || body.schema.trim() === '') throw Errors.invalidSchema('the request has no schema (a string in "schema")');
    const typeName = body.schemaType === undefined || body.schemaType === null ? 'AVRO' : String(body.schemaType).toUpperCase();
    if (!(typeName in HANDLERS)) throw Errors.invalidSchema(`unknown schema type '${String(body.schemaType)}'; the types are AVRO, PROTOBUF and JSON`);
    const references = this.readReferences(body.references);
    const resolved = this.resolveReferences(references);
    try {
      return { parsed: HANDLERS[typeName as SchemaTypeName].parse(body.schema, resolved), references };
    } catch (e) {
      if (e instanceof SchemaParseError) throw Errors.invalidSchema(`${typeName} schema: ${e.message}`);
      throw e;
    }
  }

  /** Stored schemas parsed once (keyed by what determines the result). */
  private readonly parsedCache = new Map<string, ParsedSchema>();

  private parseStored(v: StoredVersion): ParsedSchema {
    const key = `${v.schemaType}\u0000${JSON.stringify(v.references)}\u0000${v.schema}`;
    let p = this.parsedCache.get(key);
    if (!p) {
      p = HANDLERS[v.schemaType].parse(v.schema, this.resolveReferences(v.references));
      if (this.parsedCache.size > 10_000) this.parsedCache.clear();
      this.parsedCache.set(key, p);
    }
    return p;
  }

  private sameReferences(a: SchemaReference[], b: SchemaReference[]): boolean {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  private matches(v: StoredVersion, parsed: ParsedSchema, refs: SchemaReference[]): boolean {
    if (v.schemaType !== parsed.type || !this.sameReferences(v.references, refs)) return false;
    if (v.schema === parsed.text) return true;
    try {
      return this.parseStored(v).canonical === parsed.canonical;
    } catch {
      return false;
    }
  }

  // ---- operations

  lookup(subject: string, body: SchemaRequest, includeDeleted: boolean): Record<string, unknown> {
    const versions = this.state.versions(subject, includeDeleted);
    if (versions.length === 0) throw Errors.subjectNotFound(subject);
    const { parsed, references } = this.parse(body);
    const found = versions.find((v) => this.matches(v, parsed, references));
    if (!found) throw Errors.schemaNotFound();
    return versionBody(found);
  }

  register(subject: string, body: SchemaRequest): Promise<{ id: number }> {
    return this.serialized(async () => {
      const mode = this.modeOf(subject);
      if (mode === 'READONLY') throw Errors.notPermitted(`Subject ${subject} is in read-only mode`);
      const wantedId = body?.id === undefined || body.id === null || body.id === -1 ? undefined : body.id;
      const wantedVersion = body?.version === undefined || body.version === null || body.version === -1 ? undefined : body.version;
      if ((wantedId !== undefined || wantedVersion !== undefined) && mode !== 'IMPORT') throw Errors.notPermitted(`Subject ${subject} is not in import mode`);
      if (wantedId !== undefined && (!Number.isInteger(wantedId) || (wantedId as number) < 1)) throw Errors.invalidSchema(`id must be a positive whole number, not ${JSON.stringify(wantedId)}`);
      if (wantedVersion !== undefined && (!Number.isInteger(wantedVersion) || (wantedVersion as number) < 1)) throw Errors.invalidVersion(String(wantedVersion));
      const { parsed, references } = this.parse(body);
      const all = this.state.versions(subject, true);
      const live = all.filter((v) => !v.deleted);

      const existing = live.find((v) => this.matches(v, parsed, references));
      if (existing && wantedId === undefined) return { id: existing.id };

      if (mode !== 'IMPORT') {
        const previous = live.map((v) => ({ version: v.version, schema: this.parseStored(v) }));
        const problems = checkCompatibility(this.compatibilityOf(subject), parsed, previous);
        if (problems.length > 0) throw Errors.incompatible(subject, problems);
      }

      let id: number;
      const sameSchema = this.state.allVersions().find((v) => this.matches(v, parsed, references));
      if (wantedId !== undefined) {
        id = wantedId as number;
        const holder = this.state.byId(id)[0];
        if (holder && !this.matches(holder, parsed, references)) throw Errors.idConflict(id);
      } else {
        id = sameSchema?.id ?? this.state.maxId + 1;
      }
      const version = (wantedVersion as number | undefined) ?? (all.length ? all[all.length - 1].version + 1 : 1);
      if (all.some((v) => v.version === version && !v.deleted) && wantedVersion !== undefined) {
        throw Errors.notPermitted(`Subject ${subject} already has a version ${version}`);
      }
      await this.write([{
        key: keys.schema(subject, version),
        value: {
          subject, version, id, ...(parsed.type !== 'AVRO' ? { schemaType: parsed.type } : {}),
          schema: parsed.text, references, deleted: false,
        },
      }]);
      return { id };
    });
  }

  /** POST /compatibility/subjects/{s}/versions[/{v}] */
  checkCompatibility(subject: string, version: string | undefined, body: SchemaRequest): { is_compatible: boolean; messages: string[] } {
    const live = this.state.versions(subject, false);
    let against: StoredVersion[];
    if (version === undefined) {
      against = live;
    } else {
      if (live.length === 0) throw Errors.subjectNotFound(subject);
      against = [this.getVersion(subject, version)];
    }
    const { parsed } = this.parse(body);
    const level = this.compatibilityOf(subject);
    // Against one named version, the level's direction applies to that version alone.
    const effective = version === undefined ? level : (level.replace('_TRANSITIVE', '') as CompatibilityLevel);
    const messages = checkCompatibility(effective, parsed, against.map((v) => ({ version: v.version, schema: this.parseStored(v) })));
    return { is_compatible: messages.length === 0, messages };
  }

  private assertWritable(subject: string): void {
    if (this.modeOf(subject) === 'READONLY') throw Errors.notPermitted(`Subject ${subject} is in read-only mode`);
  }

  deleteVersion(subject: string, v: string, permanent: boolean): Promise<number> {
    return this.serialized(async () => {
      this.assertWritable(subject);
      const all = this.state.versions(subject, true);
      if (all.length === 0) throw Errors.subjectNotFound(subject);
      const parsed = this.parseVersion(v);
      const live = all.filter((x) => !x.deleted);
      const target = parsed === 'latest' ? (permanent ? all : live)[(permanent ? all : live).length - 1] : all.find((x) => x.version === parsed);
      if (!target) throw Errors.versionNotFound(v);
      if (this.state.referencedBy(subject, target.version).length > 0) throw Errors.referenceExists(subject, target.version);
      if (permanent) {
        if (!target.deleted) throw Errors.versionNotSoftDeleted(subject, target.version);
        await this.write([{ key: keys.schema(subject, target.version), value: null }]);
      } else {
        if (target.deleted) throw Errors.versionSoftDeleted(subject, target.version);
        await this.write([{
          key: keys.schema(subject, target.version),
          value: { subject, version: target.version, id: target.id, ...(target.schemaType !== 'AVRO' ? { schemaType: target.schemaType } : {}), schema: target.schema, references: target.references, deleted: true },
        }]);
      }
      return target.version;
    });
  }

  deleteSubject(subject: string, permanent: boolean): Promise<number[]> {
    return this.serialized(async () => {
      this.assertWritable(subject);
      const all = this.state.versions(subject, true);
      if (all.length === 0) throw Errors.subjectNotFound(subject);
      const live = all.filter((v) => !v.deleted);
      for (const v of all) if (this.state.referencedBy(subject, v.version).length > 0) throw Errors.referenceExists(subject, v.version);
      if (permanent) {
        if (live.length > 0) throw Errors.subjectNotSoftDeleted(subject);
        await this.write(all.map((v) => ({ key: keys.schema(subject, v.version), value: null })));
        return all.map((v) => v.version);
      }
      if (live.length === 0) throw Errors.subjectSoftDeleted(subject);
      await this.write([{ key: keys.deleteSubject(subject), value: { subject, version: all[all.length - 1].version } }]);
      return live.map((v) => v.version);
    });
  }

  // ---- config and mode

  getConfig(subject: string | null, defaultToGlobal: boolean): { compatibilityLevel: string } {
    if (subject === null) return { compatibilityLevel: this.state.config.get('') ?? DEFAULT_COMPATIBILITY };
    const own = this.state.config.get(subject);
    if (own) return { compatibilityLevel: own };
    if (defaultToGlobal) return this.getConfig(null, false);
    throw Errors.subjectCompatibilityNotConfigured(subject);
  }

  setConfig(subject: string | null, body: { compatibility?: unknown; compatibilityLevel?: unknown }): Promise<{ compatibility: string }> {
    return this.serialized(async () => {
      const raw = body?.compatibility ?? body?.compatibilityLevel;
      const level = typeof raw === 'string' ? raw.toUpperCase() : raw;
      if (!isCompatibilityLevel(level)) throw Errors.invalidCompatibility();
      await this.write([{ key: keys.config(subject), value: { compatibilityLevel: level } }]);
      return { compatibility: level };
    });
  }

  deleteConfig(subject: string | null): Promise<{ compatibilityLevel: string }> {
    return this.serialized(async () => {
      if (subject !== null && this.state.versions(subject, true).length === 0 && !this.state.config.has(subject)) throw Errors.subjectNotFound(subject);
      const previous = this.state.config.get(subject ?? '') ?? DEFAULT_COMPATIBILITY;
      await this.write([{ key: keys.config(subject), value: null }]);
      return { compatibilityLevel: previous };
    });
  }

  getMode(subject: string | null, defaultToGlobal: boolean): { mode: string } {
    if (subject === null) return { mode: this.state.mode.get('') ?? 'READWRITE' };
    const own = this.state.mode.get(subject);
    if (own) return { mode: own };
    if (defaultToGlobal) return this.getMode(null, false);
    throw Errors.subjectModeNotConfigured(subject);
  }

  setMode(subject: string | null, body: { mode?: unknown }, force: boolean): Promise<{ mode: string }> {
    return this.serialized(async () => {
      const mode = typeof body?.mode === 'string' ? body.mode.toUpperCase() : body?.mode;
      if (!(MODES as readonly unknown[]).includes(mode)) throw Errors.invalidMode(body?.mode);
      if (mode === 'IMPORT' && !force) {
        const nonEmpty = subject === null ? this.subjects(false).length > 0 : this.state.versions(subject, false).length > 0;
        if (nonEmpty) throw Errors.notPermitted('Cannot import since found existing subjects');
      }
      await this.write([{ key: keys.mode(subject), value: { mode: mode as string } }]);
      return { mode: mode as string };
    });
  }

  deleteMode(subject: string): Promise<{ mode: string }> {
    return this.serialized(async () => {
      const previous = this.getMode(subject, false);
      await this.write([{ key: keys.mode(subject), value: null }]);
      return previous;
    });
  }
}

export { RegistryError };
