// Creating, deleting and purging topics. The topic list itself is part of the cluster overview
// (cluster.slice.ts): every change here ends by reading the overview again.

import type { Bridge, CreateTopicRequest } from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';

/** Kafka's refusal (TOPIC_ALREADY_EXISTS, INVALID_CONFIG) is thrown to the dialog, which shows it. */
export async function createTopic(store: AppStore, bridge: Bridge, req: CreateTopicRequest): Promise<void> {
  await bridge.call('topics.create', req);
  await refreshOverview(store, bridge);
}

export async function deleteTopic(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    await bridge.call('topics.delete', { topic });
    store.setState((s) => ({
      selectedTopic: s.selectedTopic === topic ? null : s.selectedTopic,
      topicDetail: s.topicDetail?.name === topic ? null : s.topicDetail,
      screen: s.screen === 'topic' && s.selectedTopic === topic ? 'topics' : s.screen,
    }));
  } catch (e) {
    reportError(store, `Delete topic ${topic}`, e);
  }
  await refreshOverview(store, bridge);
}

/** Delete every record (the log start moves to the end); the topic stays. */
export async function purgeTopic(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    await bridge.call('topics.purge', { topic });
  } catch (e) {
    reportError(store, `Purge topic ${topic}`, e);
  }
  await refreshOverview(store, bridge);
}
