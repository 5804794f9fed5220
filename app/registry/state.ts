// The registry's state as read from `_schemas`: the fold of every record in offset order. Nothing else
// writes it, so a restart (or a second registry on the same topic) that reads the topic again has the same.

import type { SchemaReference, SchemaValue, StoreRecord } from './store-format.ts';

export interface StoredVersion {
  subject: string;
  version: number;
  id: number;
  schemaType: 'AVRO' | 'PROTOBUF' | 'JSON';
  schema: string;
  references: SchemaReference[];
  deleted: boolean;
}

export class RegistryState {
  /** subject -> version -> record. */
  readonly subjects = new Map<string, Map<number, StoredVersion>>();
  /** '' is the global setting. */
  readonly config = new Map<string, string>();
  readonly mode = new Map<string, string>();
  /** Highest id ever seen (ids are never reused, even after a permanent delete). */
  maxId = 0;
  skipped = 0;

  apply(r: StoreRecord | null): void {
    if (!r) {
      this.skipped++;
      return;
    }
    switch (r.key.keytype) {
      case 'SCHEMA': {
        const { subject, version } = r.key;
        const value = r.value as SchemaValue | null;
        if (value === null) {
          const versions = this.subjects.get(subject);
          versions?.delete(version);
          if (versions && versions.size === 0) this.subjects.delete(subject);
          return;
        }
        const type = (value.schemaType ?? 'AVRO').toUpperCase();
        const stored: StoredVersion = {
          subject, version, id: value.id, schemaType: type === 'PROTOBUF' || type === 'JSON' ? type : 'AVRO',
          schema: value.schema, references: value.references ?? [], deleted: value.deleted,
        };
        let versions = this.subjects.get(subject);
        if (!versions) this.subjects.set(subject, (versions = new Map()));
        versions.set(version, stored);
        this.maxId = Math.max(this.maxId, value.id);
        return;
      }
      case 'CONFIG': {
        const v = r.value as { compatibilityLevel: string } | null;
        if (v) this.config.set(r.key.subject ?? '', v.compatibilityLevel.toUpperCase());
        else this.config.delete(r.key.subject ?? '');
        return;
      }
      case 'MODE': {
        const v = r.value as { mode: string } | null;
        if (v) this.mode.set(r.key.subject ?? '', v.mode.toUpperCase());
        else this.mode.delete(r.key.subject ?? '');
        return;
      }
      case 'DELETE_SUBJECT': {
        const v = r.value as { version: number } | null;
        if (!v) return;
        for (const sv of this.subjects.get(r.key.subject)?.values() ?? []) if (sv.version <= v.version) sv.deleted = true;
        return;
      }
      case 'NOOP':
        return;
    }
  }

  /** Versions of `subject`, oldest first. */
  versions(subject: string, includeDeleted: boolean): StoredVersion[] {
    const all = [...(this.subjects.get(subject)?.values() ?? [])].sort((a, b) => a.version - b.version);
    return includeDeleted ? all : all.filter((v) => !v.deleted);
  }

  /** Every version carrying schema `id`. */
  byId(id: number, includeDeleted = true): StoredVersion[] {
    const out: StoredVersion[] = [];
    for (const versions of this.subjects.values()) for (const v of versions.values()) if (v.id === id && (includeDeleted || !v.deleted)) out.push(v);
    return out.sort((a, b) => (a.subject === b.subject ? a.version - b.version : a.subject < b.subject ? -1 : 1));
  }

  /** Ids of the (non-deleted) schemas that reference subject/version. */
  referencedBy(subject: string, version: number): number[] {
    const ids = new Set<number>();
    for (const versions of this.subjects.values()) {
      for (const v of versions.values()) if (!v.deleted && v.references.some((r) => r.subject === subject && r.version === version)) ids.add(v.id);
    }
    return [...ids].sort((a, b) => a - b);
  }

  allVersions(): StoredVersion[] {
    return [...this.subjects.values()].flatMap((m) => [...m.values()]);
  }
}
