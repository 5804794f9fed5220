// The one error formatter: whatever a call threw (a StreamlabError from the contract, a plain Error, a string),
// as the name and message the UI shows. Kafka's error names (TOPIC_ALREADY_EXISTS) come through unchanged.

export interface ShownError {
  name: string;
  message: string;
  /** Kafka's numeric error code, when the cluster refused (INVALID_CONFIG is 40). */
  code?: number;
}

export function errorOf(e: unknown): ShownError {
  const err = e as { name?: unknown; message?: unknown; kafkaCode?: unknown } | null | undefined;
  return {
    name: typeof err?.name === 'string' && err.name !== '' ? err.name : 'ERROR',
    message: typeof err?.message === 'string' ? err.message : String(e),
    ...(typeof err?.kafkaCode === 'number' ? { code: err.kafkaCode } : {}),
  };
}
