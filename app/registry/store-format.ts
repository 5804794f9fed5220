// The `_schemas` topic's record format — Confluent Schema Registry's, so either registry reads the other's.
// One partition, cleanup.policy=compact: the latest record per key is the state; a null value (tombstone)
// removes the key. Keys and values are JSON (UTF-8):
//   SCHEMA          {"keytype":"SCHEMA","subject":s,"version":v,"magic":1}
//                   -> {"subject","version","id","schemaType" (absent = AVRO),"schema","references","deleted"}
//   CONFIG          {"keytype":"CONFIG","subject":s|null,"magic":0}   -> {"compatibilityLevel": LEVEL}
//   MODE            {"keytype":"MODE","subject":s|null,"magic":0}     -> {"mode": MODE}
//   DELETE_SUBJECT  {"keytype":"DELETE_SUBJECT","subject":s,"magic":0} -> {"subject": s, "version": v}
//                   (every version <= v of s is soft-deleted)
//   NOOP            {"keytype":"NOOP","magic":0} -> null (a marker; carries no state)
// Records whose key or value does not parse are skipped (and counted), never fatal: one bad record written
// by another tool must not keep the registry from starting.

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SchemaValue {
  subject: string;
  version: number;
  id: number;
  schemaType?: string;
  schema: string;
  references?: SchemaReference[];
  deleted: boolean;
}

export type StoreKey =
  | { keytype: 'SCHEMA'; subject: string; version: number; magic: 1 }
  | { keytype: 'CONFIG'; subject: string | null; magic: 0 }
  | { keytype: 'MODE'; subject: string | null; magic: 0 }
  | { keytype: 'DELETE_SUBJECT'; subject: string; magic: 0 }
  | { keytype: 'NOOP'; magic: 0 };

export type StoreRecord =
  | { key: Extract<StoreKey, { keytype: 'SCHEMA' }>; value: SchemaValue | null }
  | { key: Extract<StoreKey, { keytype: 'CONFIG' }>; value: { compatibilityLevel: string } | null }
  | { key: Extract<StoreKey, { keytype: 'MODE' }>; value: { mode: string } | null }
  | { key: Extract<StoreKey, { keytype: 'DELETE_SUBJECT' }>; value: { subject: string; version: number } | null }
  | { key: Extract<StoreKey, { keytype: 'NOOP' }>; value: null };

export const keys = {
  schema: (subject: string, version: number) => ({ keytype: 'SCHEMA', subject, version, magic: 1 }) as const,
  config: (subject: string | null) => ({ keytype: 'CONFIG', subject, magic: 0 }) as const,
  mode: (subject: string | null) => ({ keytype: 'MODE', subject, magic: 0 }) as const,
  deleteSubject: (subject: string) => ({ keytype: 'DELETE_SUBJECT', subject, magic: 0 }) as const,
  noop: () => ({ keytype: 'NOOP', magic: 0 }) as const,
};

export function encodeRecord(r: StoreRecord): { key: Buffer; value: Buffer | null } {
  return { key: Buffer.from(JSON.stringify(r.key)), value: r.value === null ? null : Buffer.from(JSON.stringify(r.value)) };
}

/** The record, or null when key or value is not in this format. */
export function decodeRecord(key: Buffer | null | undefined, value: Buffer | null | undefined): StoreRecord | null {
  if (!key || key.length === 0) return null;
  let k: Record<string, unknown>;
  let v: Record<string, unknown> | null;
  try {
    k = JSON.parse(key.toString('utf8')) as Record<string, unknown>;
    v = value && value.length > 0 ? (JSON.parse(value.toString('utf8')) as Record<string, unknown>) : null;
  } catch {
    return null;
  }
  if (!k || typeof k !== 'object') return null;
  const subject = typeof k.subject === 'string' ? k.subject : null;
  switch (k.keytype) {
    case 'SCHEMA': {
      if (subject === null || !Number.isInteger(k.version)) return null;
      if (v && !(typeof v.schema === 'string' && Number.isInteger(v.id) && Number.isInteger(v.version))) return null;
      const sv = v ? ({ ...v, deleted: v.deleted === true } as unknown as SchemaValue) : null;
      return { key: keys.schema(subject, k.version as number), value: sv };
    }
    case 'CONFIG':
      return { key: keys.config(subject), value: v && typeof v.compatibilityLevel === 'string' ? { compatibilityLevel: v.compatibilityLevel } : null };
    case 'MODE':
      return { key: keys.mode(subject), value: v && typeof v.mode === 'string' ? { mode: v.mode } : null };
    case 'DELETE_SUBJECT':
      if (subject === null) return null;
      return { key: keys.deleteSubject(subject), value: v && Number.isInteger(v.version) ? { subject, version: v.version as number } : null };
    case 'NOOP':
      return { key: keys.noop(), value: null };
    default:
      return null;
  }
}
