// Which coordinator partition owns a transactional id: Kafka's
// Utils.abs(transactionalId.hashCode()) % transaction.state.log.num.partitions, so an id maps to the
// same partition number as on Kafka. The coordinator of that partition (its leader) serves the id.

export const DEFAULT_TRANSACTION_STATE_PARTITIONS = 50;

/** Java's String.hashCode: over UTF-16 code units, in 32-bit arithmetic. */
export function javaStringHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs: Integer.MIN_VALUE maps to 0, not to itself. */
function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

export function transactionStatePartition(transactionalId: string, numPartitions = DEFAULT_TRANSACTION_STATE_PARTITIONS): number {
  if (!Number.isInteger(numPartitions) || numPartitions < 1) throw new RangeError(`invalid partition count ${numPartitions}`);
  return kafkaAbs(javaStringHash(transactionalId)) % numPartitions;
}
