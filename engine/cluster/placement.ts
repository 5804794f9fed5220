// Replica placement, as Kafka's rack-unaware assignment: partition p's first replica is broker
// (start + p) mod n over the live brokers sorted by id; the remaining replicas follow with a shift that
// grows every n partitions, so followers spread as evenly as leaders. `start` is random per topic so the
// leaders of different topics do not all land on the same broker.

import { KafkaError } from '../protocol/error-codes.ts';

export function assignReplicas(
  liveBrokers: number[],
  partitions: number,
  replicationFactor: number,
  opts: { firstPartition?: number; start?: number; shift?: number } = {},
): number[][] {
  const brokers = [...liveBrokers].sort((a, b) => a - b);
  const n = brokers.length;
  if (partitions <= 0) throw new KafkaError('INVALID_PARTITIONS', `Number of partitions must be larger than 0.`);
  if (replicationFactor <= 0) throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor must be larger than 0.`);
  if (replicationFactor > n) {
    throw new KafkaError('INVALID_REPLICATION_FACTOR', `Replication factor: ${replicationFactor} larger than available brokers: ${n}.`);
  }
  const start = opts.start ?? Math.floor(Math.random() * n);
  let shift = opts.shift ?? Math.floor(Math.random() * n);
  const first = opts.firstPartition ?? 0;
  const out: number[][] = [];
  for (let i = 0; i < partitions; i++) {
    const p = first + i;
    if (p > 0 && p % n === 0) shift++;
    const leader = (start + p) % n;
    const replicas = [brokers[leader]];
    for (let j = 0; j < replicationFactor - 1; j++) {
      const s = 1 + ((shift + j) % (n - 1));
      replicas.push(brokers[(leader + s) % n]);
    }
    out.push(replicas);
  }
  return out;
}
