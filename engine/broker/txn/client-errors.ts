// Errors as a client of a given request version understands them. PRODUCER_FENCED is newer than
// the first versions of the transaction APIs; Kafka answers those older versions with
// INVALID_PRODUCER_EPOCH instead, which their clients handle the same way (KafkaApis).

import type { ErrorName } from '../../protocol/error-codes.ts';

/** The first version of each API that understands PRODUCER_FENCED. */
const PRODUCER_FENCED_SINCE: Readonly<Record<string, number>> = {
  InitProducerId: 4,
  AddPartitionsToTxn: 2,
  AddOffsetsToTxn: 2,
  EndTxn: 2,
};

export function errorForClient(api: keyof typeof PRODUCER_FENCED_SINCE | string, version: number, error: ErrorName): ErrorName {
  const since = PRODUCER_FENCED_SINCE[api];
  return error === 'PRODUCER_FENCED' && since !== undefined && version < since ? 'INVALID_PRODUCER_EPOCH' : error;
}

/** EndTxn v5+ and Produce v12+ mean the client runs transactions v2 (KIP-890 part 2). */
export function clientTransactionVersionOf(api: 'EndTxn' | 'Produce', version: number): number {
  return (api === 'EndTxn' ? version >= 5 : version >= 12) ? 2 : 0;
}
