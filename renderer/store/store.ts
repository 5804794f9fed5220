// The UI state: one zustand store made of slices (zustand's slices pattern), a slice per resource in
// `<resource>.slice.ts`. State only: the actions that talk to the backend are plain module functions in
// `<resource>.actions.ts`, so bridge events can update the store from outside React and tests can drive it
// without a DOM. Views read the store (useAppState) and call actions; they never set state themselves.

import { createStore } from 'zustand/vanilla';
import { appSlice, type AppSlice } from './app.slice.ts';
import { clusterSlice, type ClusterSlice } from './cluster.slice.ts';
import { groupsSlice, type GroupsSlice } from './groups.slice.ts';
import { messagesSlice, type MessagesSlice } from './messages.slice.ts';
import { mapSlice, type MapSlice } from './map.slice.ts';
import { streamSlice, type StreamSlice } from './stream.slice.ts';
import { noticesSlice, type NoticesSlice } from './notices.slice.ts';
import { produceSlice, type ProduceSlice } from './produce.slice.ts';
import { schemasSlice, type SchemasSlice } from './schemas.slice.ts';
import { searchSlice, type SearchSlice } from './search.slice.ts';
import { settingsSlice, type SettingsSlice } from './settings.slice.ts';
import { shareSlice, type ShareSlice } from './share.slice.ts';
import { topicSlice, type TopicSlice } from './topic.slice.ts';
import { securitySlice, type SecuritySlice } from './security.slice.ts';
import { transactionsSlice, type TransactionsSlice } from './transactions.slice.ts';
import { reassignSlice, type ReassignSlice } from './reassign.slice.ts';
import { configsSlice, type ConfigsSlice } from './configs.slice.ts';

export type AppState = AppSlice & NoticesSlice & SettingsSlice & ClusterSlice & TopicSlice & MessagesSlice & SearchSlice & ProduceSlice & GroupsSlice & SchemasSlice & ShareSlice & SecuritySlice & MapSlice & StreamSlice & TransactionsSlice
  & ReassignSlice
  & ConfigsSlice;

export function createAppStore() {
  return createStore<AppState>()(() => ({
    ...appSlice(), ...noticesSlice(), ...settingsSlice(), ...clusterSlice(), ...topicSlice(), ...messagesSlice(), ...searchSlice(), ...produceSlice(), ...groupsSlice(), ...schemasSlice(), ...shareSlice(), ...securitySlice(), ...mapSlice(), ...streamSlice(), ...transactionsSlice(),
    ...reassignSlice(),
    ...configsSlice(),
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
