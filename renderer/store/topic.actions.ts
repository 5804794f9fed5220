// One topic: open it, grow it, change its configs, read its segments. A change answers with the new
// description, which replaces the shown one.

import type { Bridge } from '../../app/contract.ts';
import { refreshOverview } from './cluster.actions.ts';
import { configChange } from './configs.actions.ts';
import { reportError } from './notices.actions.ts';
import type { AppStore } from './store.ts';
import type { TopicGroup } from './topic.slice.ts';

export async function openTopic(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  const prev = store.getState().topicDetail;
  store.setState({ selectedTopic: topic, screen: 'topic', topicDetail: prev?.name === topic ? prev : null });
  try {
    const topicDetail = await bridge.call('topics.describe', { topic });
    if (store.getState().selectedTopic === topic) store.setState({ topicDetail });
  } catch (e) {
    reportError(store, `Describe topic ${topic}`, e);
  }
}

/**
 * One round of following the open topic (leaders, ISR, offsets and sizes change under load and failover):
 * re-read quietly; a failed round leaves the table as last read, and the next round tries again.
 */
export async function followTopic(store: AppStore, bridge: Bridge): Promise<void> {
  const topic = store.getState().selectedTopic;
  if (!topic) return;
  try {
    const topicDetail = await bridge.call('topics.describe', { topic });
    if (store.getState().selectedTopic === topic) store.setState({ topicDetail });
  } catch {
    // The cluster's state is reported by the overview and the map; a missed round is not news.
  }
}

/**
 * The groups consuming `topic`, each with its lag on this topic (the groups' lists name their topics; each
 * such group is described for its per-partition lag). Quiet like followTopic: a failed round keeps the list.
 */
export async function loadTopicGroups(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    const all = await bridge.call('groups.list');
    const mine = all.filter((g) => g.topics.includes(topic));
    const groups = await Promise.all(mine.map(async (g): Promise<TopicGroup> => {
      const d = await bridge.call('groups.describe', { groupId: g.groupId }).catch(() => undefined);
      const offsets = d?.offsets.filter((o) => o.topic === topic) ?? [];
      return { groupId: g.groupId, state: g.state, members: g.members, lag: offsets.reduce((n, o) => n + o.lag, 0), uncommitted: offsets.filter((o) => o.committed === null).length };
    }));
    if (store.getState().selectedTopic === topic) store.setState({ topicGroups: { topic, groups } });
  } catch {
    // Shown as last read; the next round tries again.
  }
}

/** Kafka adds partitions, never removes them; its refusal is thrown to the form. */
export async function addPartitions(store: AppStore, bridge: Bridge, topic: string, totalCount: number): Promise<void> {
  const topicDetail = await bridge.call('topics.addPartitions', { topic, totalCount });
  if (store.getState().selectedTopic === topic) store.setState({ topicDetail });
  void refreshOverview(store, bridge);
}

/** Set one config, or return it to the default (`reset`); Kafka's refusal is thrown to the dialog. */
export async function alterTopicConfig(store: AppStore, bridge: Bridge, topic: string, name: string, value: string | null): Promise<void> {
  const topicDetail = await bridge.call('topics.alterConfigs', { topic, ...configChange(name, value) });
  if (store.getState().selectedTopic === topic) store.setState({ topicDetail });
}

export async function loadSegments(store: AppStore, bridge: Bridge, topic: string): Promise<void> {
  try {
    const data = await bridge.call('topics.segments', { topic });
    store.setState({ segments: { topic, data } });
  } catch (e) {
    reportError(store, `Read segments of ${topic}`, e);
  }
}
