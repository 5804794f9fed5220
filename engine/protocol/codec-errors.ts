// Errors raised by the wire codec.
//
// ProtocolError: the bytes are not a valid Kafka message (truncated, a length that does not fit in
// the frame, null where the schema does not allow it, a varint that never ends). The listener closes
// that one connection, as Kafka does on an InvalidRequestException; nothing else is affected.
//
// UnsupportedRequestError: the request header was read (api key, version, correlation id) but we do
// not know the api key or do not serve that version. This is NOT a ProtocolError: the broker can
// answer it (ApiVersions gets the KIP-511 v0 answer, see encodeUnsupportedApiVersionsResponse)
// instead of dropping the connection.

export class ProtocolError extends Error {
  /** Filled in by decodeRequest when the header could be read before the body failed. */
  apiKey?: number;
  apiVersion?: number;
  correlationId?: number;
  constructor(message: string) {
    super(message);
    this.name = 'ProtocolError';
  }
}

export function isProtocolError(e: unknown): e is ProtocolError {
  return e instanceof ProtocolError;
}

export type UnsupportedReason = 'unknown-api-key' | 'unsupported-version';

export class UnsupportedRequestError extends Error {
  readonly reason: UnsupportedReason;
  readonly apiKey: number;
  readonly apiVersion: number;
  readonly correlationId: number;
  /** The client id from the header, when it could be read (null if absent or unreadable). */
  readonly clientId: string | null;
  constructor(reason: UnsupportedReason, apiKey: number, apiVersion: number, correlationId: number, clientId: string | null) {
    super(
      reason === 'unknown-api-key'
        ? `unknown api key ${apiKey} (version ${apiVersion}, correlation id ${correlationId})`
        : `unsupported version ${apiVersion} of api key ${apiKey} (correlation id ${correlationId})`,
    );
    this.name = 'UnsupportedRequestError';
    this.reason = reason;
    this.apiKey = apiKey;
    this.apiVersion = apiVersion;
    this.correlationId = correlationId;
    this.clientId = clientId;
  }
}

export function isUnsupportedRequestError(e: unknown): e is UnsupportedRequestError {
  return e instanceof UnsupportedRequestError;
}
