// Errors as the UI sees them: Kafka's error name and the broker's message when the cluster refused, the
// console's own names otherwise. @platformatic/kafka reports a refused request as a ResponseError (an
// AggregateError) whose `errors` hold ProtocolErrors carrying `apiId` (Kafka's name, e.g.
// TOPIC_ALREADY_EXISTS), `apiCode` and the broker's `serverErrorMessage`.

import type { ContractError } from '../../contract.ts';

/** An error the console raises itself, with a stable name the UI can show. */
export class ConsoleError extends Error {
  constructor(
    readonly errorName: 'INVALID_JSON' | 'INVALID_REQUEST' | 'NOT_LOCAL_CLUSTER' | 'UNKNOWN_METHOD' | 'NOT_FOUND' | 'UNAVAILABLE'
      | 'INVALID_REGEX' | 'INVALID_PREDICATE' | 'PREDICATE_TIMEOUT' | 'PREDICATE_ERROR' | 'INVALID_TEMPLATE'
      | 'INVALID_SCHEMA' | 'UNKNOWN_TYPE' | 'CANNOT_DECODE'
      | 'NO_REGISTRY' | 'REGISTRY_UNAVAILABLE' | 'REGISTRY_ERROR' | 'SUBJECT_NOT_FOUND' | 'VERSION_NOT_FOUND' | 'SCHEMA_NOT_FOUND'
      | 'INCOMPATIBLE_SCHEMA' | 'SCHEMA_MISMATCH',
    message: string,
    /** The field of the input at fault (SCHEMA_MISMATCH: the path in the value, like `address.city`). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Kafka's refusal, re-worded by the console (the name and code stay Kafka's). */
export class KafkaRefusal extends Error {
  constructor(readonly errorName: string, message: string, readonly kafkaCode?: number) {
    super(message);
  }
}

interface KafkaLikeError {
  apiId?: unknown;
  apiCode?: unknown;
  serverErrorMessage?: unknown;
  message?: unknown;
  errors?: unknown;
  cause?: unknown;
}

/** The first error carrying a Kafka error name, searched depth-first through aggregates and causes. */
function findProtocolError(e: unknown, depth = 0): KafkaLikeError | undefined {
  if (!e || typeof e !== 'object' || depth > 6) return undefined;
  const k = e as KafkaLikeError;
  if (typeof k.apiId === 'string' && k.apiId !== 'NONE') return k;
  if (Array.isArray(k.errors)) {
    for (const inner of k.errors) {
      const found = findProtocolError(inner, depth + 1);
      if (found) return found;
    }
  }
  return findProtocolError(k.cause, depth + 1);
}

/** The innermost plain message, for network errors and the like ("connect ECONNREFUSED ..."). */
function innermostMessage(e: unknown): string | undefined {
  const k = e as KafkaLikeError;
  if (Array.isArray(k?.errors) && k.errors.length > 0) return innermostMessage(k.errors[0]) ?? (k.message as string);
  if (k?.cause) return innermostMessage(k.cause) ?? (k.message as string);
  return typeof k?.message === 'string' ? k.message : undefined;
}

/** Node's codes for a broker certificate the client does not trust (OpenSSL's verify errors, the name check). */
const CERTIFICATE_CODES = /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_\w+|ERR_TLS_CERT_ALTNAME_INVALID)$/;

/** The first TLS verification failure in an error's aggregates and causes. */
function findCertificateError(e: unknown, depth = 0): { code: string; message: string } | undefined {
  if (!e || typeof e !== 'object' || depth > 6) return undefined;
  const k = e as KafkaLikeError & { code?: unknown };
  if (typeof k.code === 'string' && CERTIFICATE_CODES.test(k.code)) return { code: k.code, message: String(k.message) };
  for (const inner of Array.isArray(k.errors) ? k.errors : []) {
    const found = findCertificateError(inner, depth + 1);
    if (found) return found;
  }
  return findCertificateError(k.cause, depth + 1);
}

export function toContractError(e: unknown): ContractError {
  if (e instanceof ConsoleError) return { name: e.errorName, message: e.message, ...(e.field !== undefined ? { field: e.field } : {}) };
  if (e instanceof KafkaRefusal) return { name: e.errorName, message: e.message, ...(e.kafkaCode !== undefined ? { kafkaCode: e.kafkaCode } : {}) };
  const p = findProtocolError(e);
  if (p) {
    const server = typeof p.serverErrorMessage === 'string' && p.serverErrorMessage ? p.serverErrorMessage : undefined;
    return {
      name: p.apiId as string,
      message: server ?? (typeof p.message === 'string' ? p.message : String(p.apiId)),
      ...(typeof p.apiCode === 'number' ? { kafkaCode: p.apiCode } : {}),
    };
  }
  const cert = findCertificateError(e);
  if (cert) {
    return {
      name: 'TLS_CERTIFICATE_REJECTED',
      message: `The broker's TLS certificate is not trusted: ${cert.message} (${cert.code}). Give the connection the cluster's CA certificate.`,
    };
  }
  const code = (e as { code?: unknown })?.code;
  const message = innermostMessage(e) ?? String(e);
  if (code === 'PLT_KFK_NETWORK' || code === 'PLT_KFK_TIMEOUT' || /ECONNREFUSED|timed out/i.test(message)) {
    return { name: 'UNAVAILABLE', message: `The cluster did not answer: ${message}` };
  }
  return { name: 'INTERNAL', message };
}
