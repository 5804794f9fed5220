// The command palette's commands: every screen, every topic, group and broker the store knows, each a route
// (so a command does exactly what following its link does). Matching is by words in any order.

import type { Route } from '../../router.ts';
import type { AppState } from '../../store/store.ts';

export interface Command { label: string; hint: string; route: Route }

const SCREENS: [Route['screen'], string][] = [
  ['map', 'Cluster map'], ['cluster', 'Cluster'], ['topics', 'Topics'], ['messages', 'Messages'], ['produce', 'Produce'], ['groups', 'Consumer groups'], ['settings', 'Settings'],
];

export function commandsOf(s: AppState): Command[] {
  const out: Command[] = SCREENS.map(([screen, label]) => ({ label, hint: 'screen', route: { screen } as Route }));
  for (const t of s.overview?.topics ?? []) {
    out.push({ label: t.name, hint: 'topic', route: { screen: 'topic', topic: t.name } });
    out.push({ label: `${t.name} messages`, hint: 'browse', route: { screen: 'messages', topic: t.name, partition: 0 } });
  }
  for (const g of s.groups ?? []) out.push({ label: g.groupId, hint: 'consumer group', route: { screen: 'groups', group: g.groupId } });
  for (const b of s.overview?.brokers ?? []) out.push({ label: `Broker ${b.id}`, hint: `broker, ${b.state}`, route: { screen: 'broker', broker: b.id } });
  return out;
}

export function matchCommands(commands: Command[], query: string, max = 12): Command[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const hits = commands.filter((c) => words.every((w) => `${c.label} ${c.hint}`.toLowerCase().includes(w)));
  // Labels that start with the query first.
  const q = query.trim().toLowerCase();
  return hits.sort((a, b) => Number(!a.label.toLowerCase().startsWith(q)) - Number(!b.label.toLowerCase().startsWith(q))).slice(0, max);
}
