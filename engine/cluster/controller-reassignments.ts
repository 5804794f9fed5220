// The controller's side of partition reassignment (KIP-455): AlterPartitionReassignments requests and the
// completion of moves, over the catalog's partitions and its reassignment records (catalog/reassignments.ts).
// The replica-set rules themselves are pure, in reassignment.ts; here they are read from and written to the
// catalog, a partition's replica state and its reassignment record in one transaction.

import type { Catalog } from '../catalog/catalog.ts';
import type { Partition } from '../catalog/partitions.ts';
import { toLogConfig } from '../catalog/topic-config.ts';
import type { ReassignmentStore } from '../catalog/reassignments.ts';
import { KafkaError } from '../protocol/error-codes.ts';
import type { PartitionReassignment, ReassignmentResult } from '../broker/controller-client.ts';
import { reassign, tryComplete, type ReplicaState } from './reassignment.ts';
import { errorResult } from './admin-error.ts';

/** A partition's replica state with its reassignment in progress, if any. */
function replicaState(store: ReassignmentStore, p: Partition): ReplicaState {
  const r = store.get(p.topic, p.partition);
  return { replicas: p.replicas, isr: p.isr, leader: p.leader, addingReplicas: r?.addingReplicas ?? [], removingReplicas: r?.removingReplicas ?? [] };
}

/** Writes a partition's next replica state and its reassignment record together. */
function writeReplicaState(catalog: Catalog, store: ReassignmentStore, topic: string, partition: number, s: ReplicaState): void {
  catalog.db.transaction(() => {
    catalog.partitions.update({ topic, partition, replicas: s.replicas, isr: s.isr, leader: s.leader });
    store.set({ topic, partition, addingReplicas: s.addingReplicas, removingReplicas: s.removingReplicas });
  })();
}

/** Reassignments whose every target replica has joined the ISR drop their removing replicas. */
export function completeReassignments(catalog: Catalog, store: ReassignmentStore, alive: ReadonlySet<number>): void {
  for (const r of store.list()) {
    const p = catalog.partitions.get(r.topic, r.partition);
    if (!p) continue;
    const done = tryComplete(replicaState(store, p), alive);
    if (done) writeReplicaState(catalog, store, r.topic, r.partition, done);
  }
}

/**
 * AlterPartitionReassignments: starts, replaces or (null replicas) cancels each partition's reassignment and
 * answers per partition, before the data has moved. `changed` tells the controller to re-elect and publish.
 */
export function alterPartitionReassignments(
  catalog: Catalog, store: ReassignmentStore, alive: ReadonlySet<number>, wanted: readonly PartitionReassignment[], allowReplicationFactorChange: boolean,
): { results: ReassignmentResult[]; changed: boolean } {
  const registered = new Set(catalog.brokers.list().map((b) => b.brokerId));
  const results: ReassignmentResult[] = [];
  let changed = false;
  for (const w of wanted) {
    const where = `${w.topic}-${w.partition}`;
    try {
      const t = catalog.topics.get(w.topic);
      const p = t && catalog.partitions.get(w.topic, w.partition);
      if (!t || !p) throw new KafkaError('UNKNOWN_TOPIC_OR_PARTITION', `Unable to find partition ${where}.`);
      const ctx = { registered, alive, allowReplicationFactorChange, uncleanLeaderElection: toLogConfig(t.configs).uncleanLeaderElectionEnable };
      const before = replicaState(store, p);
      const next = reassign(where, before, w.replicas, ctx);
      if (JSON.stringify(next) !== JSON.stringify(before)) {
        writeReplicaState(catalog, store, w.topic, w.partition, next);
        changed = true;
      }
      results.push({ topic: w.topic, partition: w.partition, errorCode: 0, errorMessage: null });
    } catch (e) {
      results.push({ topic: w.topic, partition: w.partition, ...errorResult(e) });
    }
  }
  return { results, changed };
}

/** The image's view of each partition's reassignment: adding and removing replicas, for moving partitions only. */
export function reassignmentsImage(store: ReassignmentStore): (topic: string, partition: number) => { addingReplicas?: number[]; removingReplicas?: number[] } {
  const moving = new Map(store.list().map((r) => [`${r.topic}\u0000${r.partition}`, r]));
  return (topic, partition) => {
    const r = moving.get(`${topic}\u0000${partition}`);
    return r ? { addingReplicas: r.addingReplicas, removingReplicas: r.removingReplicas } : {};
  };
}
