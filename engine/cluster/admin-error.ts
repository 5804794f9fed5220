// How the controller answers a failed admin operation: Kafka's error code and a message without the code's
// name in front (the wire carries both separately).

import { ErrorCode, KafkaError } from '../protocol/error-codes.ts';

export function errorResult(e: unknown): { errorCode: number; errorMessage: string } {
  if (e instanceof KafkaError) return { errorCode: e.code, errorMessage: e.message.replace(/^[A-Z_]+: /, '') };
  return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: (e as Error).message };
}
