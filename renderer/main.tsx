// Entry point of the renderer: the bridge (Electron preload or WebSocket), the store, the events wired in.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createBridge, WebSocketBridge } from './bridge.ts';
import { attachEvents, loadSettings, refreshOverview } from './store/actions.ts';
import { AppContext } from './store/context.ts';
import { createAppStore } from './store/store.ts';
import './styles.css';

const bridge = createBridge();
const store = createAppStore();
if (bridge instanceof WebSocketBridge) {
  bridge.onStatus = (connected) => {
    store.setState({ connected });
    if (connected) void refreshOverview(store, bridge);
  };
}
attachEvents(store, bridge);
void loadSettings(store, bridge);
void refreshOverview(store, bridge);
// Topics and counts change underneath us (other clients produce and create): refresh the overview regularly.
setInterval(() => void refreshOverview(store, bridge), 5000);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppContext.Provider value={{ store, bridge }}>
      <App />
    </AppContext.Provider>
  </StrictMode>,
);
