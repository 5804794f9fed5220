// Which broker coordinates each transaction-state partition, and with which coordinator epoch.
//
// Kafka elects a leader for each __transaction_state partition; its leader is the coordinator. The state
// lives in the catalog here (migrations/006-transactions.sql), so there is no log to lead: a partition is
// placed on a live broker by rendezvous hashing (the live broker with the highest score for the partition
// wins). When a broker dies only its own partitions move, and when it comes back they move back; every
// broker computes the same answer from the same metadata image.
//
// The coordinator epoch must grow with each election across restarts of the whole cluster, because partition
// leaders fence markers from an older epoch (producer state keeps the last one seen). The controller epoch
// (persisted, bumped at every controller start) and the metadata image epoch (growing within one controller's
// life) together give that order.

import type { BrokerEndpoint } from '../metadata-image.ts';

/** Image epochs above this are capped so that the composite stays an int32 for 2,000 controller starts. */
const IMAGE_EPOCH_SPAN = 1_000_000;

function score(partition: number, brokerId: number): number {
  // A 32-bit integer mix (murmur3's finaliser) over the pair: well spread, the same on every run.
  let h = Math.imul(partition + 1, 0x9e3779b1) ^ Math.imul(brokerId + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The live broker that coordinates `partition`, or undefined when no broker is alive. */
export function coordinatorOfPartition(partition: number, brokers: readonly BrokerEndpoint[]): BrokerEndpoint | undefined {
  let best: BrokerEndpoint | undefined;
  let bestScore = -1;
  for (const b of brokers) {
    if (!b.alive) continue;
    const s = score(partition, b.id);
    if (s > bestScore || (s === bestScore && best !== undefined && b.id < best.id)) {
      best = b;
      bestScore = s;
    }
  }
  return best;
}

/** The partitions `brokerId` coordinates among `numPartitions`. */
export function partitionsCoordinatedBy(brokerId: number, brokers: readonly BrokerEndpoint[], numPartitions: number): number[] {
  const out: number[] = [];
  for (let p = 0; p < numPartitions; p++) if (coordinatorOfPartition(p, brokers)?.id === brokerId) out.push(p);
  return out;
}

export function coordinatorEpochOf(controllerEpoch: number, imageEpoch: number): number {
  return controllerEpoch * IMAGE_EPOCH_SPAN + Math.min(Math.max(imageEpoch, 0), IMAGE_EPOCH_SPAN - 1);
}
