// SaslHandshake and SaslAuthenticate: the connection's SaslAuthenticator answers (the listener keeps one per
// connection, or NO_SASL on a listener without SASL, whose answers are ILLEGAL_SASL_STATE as from Kafka).

import { NO_SASL } from '../security/sasl-authenticator.ts';
import type { Handler, ResponseOf } from './context.ts';

export const handleSaslHandshake: Handler<'SaslHandshake'> = (body, req): ResponseOf<'SaslHandshake'> => {
  const answer = (req.security?.sasl ?? NO_SASL).handshake(body.mechanism);
  // v0: the tokens that follow are raw frames, not SaslAuthenticate requests.
  if (answer.ErrorCode === 0 && req.apiVersion === 0 && req.security) req.security.rawTokens = true;
  return { errorCode: answer.ErrorCode, mechanisms: answer.Mechanisms };
};

export const handleSaslAuthenticate: Handler<'SaslAuthenticate'> = (body, req): ResponseOf<'SaslAuthenticate'> => {
  const answer = (req.security?.sasl ?? NO_SASL).authenticate(Buffer.from(body.authBytes));
  if (answer.close && req.security) req.security.closeAfterResponse = true;
  return { errorCode: answer.ErrorCode, errorMessage: answer.ErrorMessage, authBytes: answer.AuthBytes, sessionLifetimeMs: answer.SessionLifetimeMs };
};
