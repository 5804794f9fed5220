// Kafka UUIDs (org.apache.kafka.common.Uuid): 16 bytes on the wire, 22 characters of URL-safe base64
// without padding as a string. The catalog stores the string form (see migrations/001-cluster.sql).

import crypto from 'node:crypto';

const UUID_STRING = /^[A-Za-z0-9_-]{22}$/;

/** The all-zero UUID, Kafka's "no topic id". */
export const ZERO_UUID = 'AAAAAAAAAAAAAAAAAAAAAA';
/** Kafka reserves Uuid(0, 1) for the __cluster_metadata topic. */
export const METADATA_TOPIC_ID = 'AAAAAAAAAAAAAAAAAAAAAQ';

/**
 * A random (version 4) UUID as Kafka makes one: never the zero or metadata id, and never starting with
 * '-', so the string cannot be mistaken for a command-line flag (Uuid.randomUuid does the same).
 */
export function randomKafkaUuid(): string {
  for (;;) {
    const s = kafkaUuidFromBytes(crypto.randomBytes(16), true);
    if (!s.startsWith('-') && s !== ZERO_UUID && s !== METADATA_TOPIC_ID) return s;
  }
}

export function isKafkaUuid(s: string): boolean {
  return UUID_STRING.test(s) && kafkaUuidToBytes(s, false) !== undefined;
}

export function kafkaUuidToBytes(s: string): Buffer;
export function kafkaUuidToBytes(s: string, strict: false): Buffer | undefined;
export function kafkaUuidToBytes(s: string, strict = true): Buffer | undefined {
  const b = UUID_STRING.test(s) ? Buffer.from(s, 'base64url') : undefined;
  // 22 base64 characters carry 132 bits; the last 4 must be zero for a canonical 16-byte value.
  if (b && b.length === 16 && b.toString('base64url') === s) return b;
  if (strict) throw new Error(`Invalid Kafka UUID '${s}': expected 22 characters of URL-safe base64`);
  return undefined;
}

export function kafkaUuidFromBytes(b: Uint8Array, v4 = false): string {
  if (b.length !== 16) throw new Error(`A Kafka UUID has 16 bytes, got ${b.length}`);
  const buf = Buffer.from(b);
  if (v4) {
    buf[6] = (buf[6] & 0x0f) | 0x40; // version 4
    buf[8] = (buf[8] & 0x3f) | 0x80; // IETF variant
  }
  return buf.toString('base64url');
}
