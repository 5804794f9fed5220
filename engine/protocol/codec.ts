// The one generic encoder/decoder for every API, both directions, plus headers and framing.
//
// Frames: on the wire every request and response is an int32 size followed by that many bytes.
// decodeRequest takes the bytes AFTER the size (the listener de-frames); the encode* functions
// that produce a whole frame include the size prefix.
//
// Header versions (Kafka's rules):
//   request header v1 = api_key int16, api_version int16, correlation_id int32, client_id nullable string
//   request header v2 = v1 + tagged fields; used for flexible versions. client_id stays a classic
//                       (int16-length) string even in v2.
//   response header v0 = correlation_id; v1 = v0 + tagged fields, used for flexible versions,
//   EXCEPT ApiVersions whose response header is always v0 (a client must be able to read the
//   answer before it knows which versions the broker speaks).
// Flexible versions use compact strings/arrays/bytes and end every struct with a tagged-field
// section; unknown tagged fields are skipped on decode.

import { ApiKey } from './api-keys.ts';
import type { ApiVersionRange } from './api-keys.ts';
import { ProtocolError, UnsupportedRequestError } from './codec-errors.ts';
import { API_SPECS } from './messages/index.ts';
import type { ApiSpec } from './messages/index.ts';
import { compileStruct } from './plan.ts';
import type { StructCodec } from './plan.ts';
import { Reader } from './reader.ts';
import { Writer } from './writer.ts';
import { type MessageInput, type MessageSpec, type MessageValue, inVersions, parseVersions } from './schema.ts';

// ---- messages --------------------------------------------------------------------------------

const plans = new WeakMap<MessageSpec, (StructCodec | undefined)[]>();

function planFor(spec: MessageSpec, version: number): StructCodec {
  let byVersion = plans.get(spec);
  if (byVersion === undefined) {
    byVersion = [];
    plans.set(spec, byVersion);
  }
  let plan = byVersion[version];
  if (plan === undefined) {
    if (!Number.isInteger(version) || !inVersions(spec.validVersions, version)) {
      throw new ProtocolError(`${spec.name} has no version ${version} (valid: ${spec.validVersions})`);
    }
    plan = compileStruct(spec.fields, version, isFlexible(spec, version), spec.name);
    byVersion[version] = plan;
  }
  return plan;
}

export function isFlexible(spec: MessageSpec, version: number): boolean {
  return inVersions(spec.flexibleVersions, version);
}

/** Decodes one message body of `spec` at `version` from the reader's position. */
export function decodeMessage<M extends MessageSpec>(spec: M, version: number, reader: Reader): MessageValue<M> {
  return planFor(spec, version).decode(reader) as MessageValue<M>;
}

/** Appends one message body to a Writer. Missing (undefined) fields are written as their defaults. */
export function writeMessage<M extends MessageSpec>(w: Writer, spec: M, version: number, value: MessageInput<M>): void {
  planFor(spec, version).encode(w, value as Record<string, unknown>);
}

export function encodeMessage<M extends MessageSpec>(spec: M, version: number, value: MessageInput<M>): Buffer {
  const w = new Writer(256);
  writeMessage(w, spec, version, value);
  return w.finish();
}

// ---- headers ---------------------------------------------------------------------------------

export interface RequestHeader {
  requestApiKey: number;
  requestApiVersion: number;
  correlationId: number;
  clientId: string | null;
}

export interface ResponseHeader {
  correlationId: number;
}

/** 1 or 2 for the APIs we declare (header v0 only existed for ControlledShutdown v0). */
export function requestHeaderVersion(apiKey: number, apiVersion: number): 1 | 2 {
  const api = API_SPECS[apiKey];
  if (api === undefined) return 1;
  // Versions above what we declare: Kafka assumes they stay flexible (matters for ApiVersions).
  const flexible = apiVersion > api.maxVersion ? isFlexible(api.request, api.maxVersion) : isFlexible(api.request, apiVersion);
  return flexible ? 2 : 1;
}

export function responseHeaderVersion(apiKey: number, apiVersion: number): 0 | 1 {
  if (apiKey === ApiKey.ApiVersions) return 0;
  const api = API_SPECS[apiKey];
  if (api === undefined) return 0;
  return isFlexible(api.response, Math.min(apiVersion, api.maxVersion)) ? 1 : 0;
}

export function writeRequestHeader(w: Writer, h: RequestHeader, headerVersion: 0 | 1 | 2): void {
  w.int16(h.requestApiKey);
  w.int16(h.requestApiVersion);
  w.int32(h.correlationId);
  if (headerVersion >= 1) w.string(h.clientId);
  if (headerVersion >= 2) w.uvarint(0);
}

export function readRequestHeader(r: Reader, headerVersion: 0 | 1 | 2): RequestHeader {
  const requestApiKey = r.int16();
  const requestApiVersion = r.int16();
  const correlationId = r.int32();
  const clientId = headerVersion >= 1 ? r.string(true) : null;
  if (headerVersion >= 2) r.taggedFields(null);
  return { requestApiKey, requestApiVersion, correlationId, clientId };
}

export function writeResponseHeader(w: Writer, correlationId: number, headerVersion: 0 | 1): void {
  w.int32(correlationId);
  if (headerVersion >= 1) w.uvarint(0);
}

export function readResponseHeader(r: Reader, headerVersion: 0 | 1): ResponseHeader {
  const correlationId = r.int32();
  if (headerVersion >= 1) r.taggedFields(null);
  return { correlationId };
}

// ---- requests --------------------------------------------------------------------------------

export interface DecodedRequest {
  header: RequestHeader;
  api: ApiSpec;
  /** The request body; cast with MessageValue<typeof XxxRequest> for static types. */
  body: Record<string, unknown>;
}

/**
 * Decodes a request frame (the bytes after the int32 size).
 * Throws UnsupportedRequestError for an unknown api key or a version outside what we declare
 * (the header fields are on the error, so the broker can answer), ProtocolError for bytes that
 * are not a valid request (the listener closes the connection).
 */
export function decodeRequest(frame: Buffer): DecodedRequest {
  const r = new Reader(frame);
  if (frame.length < 8) throw new ProtocolError(`request frame of ${frame.length} byte(s) is shorter than a request header`);
  const apiKey = frame.readInt16BE(0);
  const apiVersion = frame.readInt16BE(2);
  const correlationId = frame.readInt32BE(4);
  const api = API_SPECS[apiKey];
  if (api === undefined || apiVersion < api.minVersion || apiVersion > api.maxVersion) {
    let clientId: string | null = null;
    try {
      clientId = readRequestHeader(r, requestHeaderVersion(apiKey, apiVersion)).clientId;
    } catch {
      // best effort: the client id is only informational here
    }
    throw new UnsupportedRequestError(api === undefined ? 'unknown-api-key' : 'unsupported-version', apiKey, apiVersion, correlationId, clientId);
  }
  try {
    const header = readRequestHeader(r, requestHeaderVersion(apiKey, apiVersion));
    const body = planFor(api.request, apiVersion).decode(r);
    return { header, api, body };
  } catch (e) {
    if (e instanceof ProtocolError) {
      e.apiKey = apiKey;
      e.apiVersion = apiVersion;
      e.correlationId = correlationId;
      e.message = `${api.name} v${apiVersion} request (correlation id ${correlationId}): ${e.message}`;
    }
    throw e;
  }
}

/** Encodes a whole request frame (size prefix, header, body): what a client (or a follower) sends. */
export function encodeRequest(header: RequestHeader, body: Record<string, unknown>): Buffer {
  const api = requireApi(header.requestApiKey);
  const w = new Writer(256);
  w.int32(0);
  writeRequestHeader(w, header, requestHeaderVersion(header.requestApiKey, header.requestApiVersion));
  planFor(api.request, header.requestApiVersion).encode(w, body);
  w.patchInt32(0, w.length - 4);
  return w.finish();
}

// ---- responses -------------------------------------------------------------------------------

function writeResponseFrame(apiKey: number, apiVersion: number, correlationId: number, body: Record<string, unknown>): Writer {
  const api = requireApi(apiKey);
  const plan = planFor(api.response, apiVersion);
  const w = new Writer(256);
  w.int32(0);
  writeResponseHeader(w, correlationId, responseHeaderVersion(apiKey, apiVersion));
  plan.encode(w, body);
  w.patchInt32(0, w.length - 4);
  return w;
}

/** Encodes a whole response frame: int32 size, response header, body. */
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: Record<string, unknown>): Buffer {
  return writeResponseFrame(apiKey, apiVersion, correlationId, body).finish();
}

/**
 * Same frame as encodeResponse, as a list of Buffers: large `records` buffers (Fetch) are kept by
 * reference instead of copied, for socket.cork() + write() of each chunk.
 */
export function encodeResponseChunks(apiKey: number, apiVersion: number, correlationId: number, body: Record<string, unknown>): Buffer[] {
  return writeResponseFrame(apiKey, apiVersion, correlationId, body).finishChunks();
}

/** Decodes a response frame (the bytes after the int32 size) of a request we sent. */
export function decodeResponse(apiKey: number, apiVersion: number, frame: Buffer): { header: ResponseHeader; body: Record<string, unknown> } {
  const api = requireApi(apiKey);
  const r = new Reader(frame);
  const header = readResponseHeader(r, responseHeaderVersion(apiKey, apiVersion));
  const body = planFor(api.response, apiVersion).decode(r);
  return { header, body };
}

/**
 * The answer to an ApiVersions request whose version we do not support (KIP-511, Kafka >= 2.4):
 * a v0 body (error_code, api_keys) with error 35 UNSUPPORTED_VERSION and the full list of
 * supported api keys, behind response header v0. Clients read it as v0, pick a version we list
 * for ApiVersions, and retry.
 */
export function encodeUnsupportedApiVersionsResponse(correlationId: number, apiKeys: readonly ApiVersionRange[]): Buffer {
  return encodeResponse(ApiKey.ApiVersions, 0, correlationId, {
    errorCode: 35,
    apiKeys: apiKeys.map((k) => ({ apiKey: k.apiKey, minVersion: k.minVersion, maxVersion: k.maxVersion })),
  });
}

function requireApi(apiKey: number): ApiSpec {
  const api = API_SPECS[apiKey];
  if (api === undefined) throw new Error(`no schema for api key ${apiKey}`);
  return api;
}

/** The declared version range of a message spec (its validVersions). */
export function specVersions(spec: MessageSpec): { min: number; max: number } {
  const r = parseVersions(spec.validVersions);
  return { min: r.min, max: r.max };
}
