// Moving a partition's replica between brokers: read the open topic's moves in flight, start a move or
// cancel one. A refusal (Kafka's INVALID_REPLICA_ASSIGNMENT, ...) is thrown to the dialog that asked.

import type { Bridge } from '../../app/contract.ts';
import type { AppStore } from './store.ts';
import { followTopic } from './topic.actions.ts';

/** Quiet, like followTopic: a failed round keeps the last list. */
export async function loadReassignments(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    const list = await bridge.call('partitions.reassignments', { topic });
    if (store.getState().selectedTopic === topic) store.setState({ reassignments: { topic, list } });
  } catch {
    // Shown as last read; the next round tries again.
  }
}

/** Target replicas for the partition, or null to cancel its move in flight. */
export async function reassignPartition(store: AppStore, bridge: Bridge, topic: string, partition: number, replicas: number[] | null): Promise<void> {
  const list = await bridge.call('partitions.reassign', { topic, partition, replicas });
  if (store.getState().selectedTopic === topic) store.setState({ reassignments: { topic, list } });
  await followTopic(store, bridge);
}
