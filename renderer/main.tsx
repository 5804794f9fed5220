// Entry point of the renderer: the bridge (Electron preload or WebSocket), the store, the events wired in.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { createBridge, WebSocketBridge } from './bridge.ts';
import { setConnected } from './store/app.actions.ts';
import { attachEvents } from './store/events.ts';
import { attachRouter } from './store/route.actions.ts';
import { loadSettings } from './store/settings.actions.ts';
import { AppContext } from './store/context.ts';
import { createAppStore } from './store/store.ts';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { TokenMissing } from './components/TokenMissing.tsx';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
// A browser without Electron's preload needs the serve host's token in the address.
const tokenMissing = !window.streamlab && !new URLSearchParams(window.location.search).get('token');
if (tokenMissing) root.render(<TokenMissing />);
else start();

function start() {
  const bridge = createBridge();
  const store = createAppStore();
  if (bridge instanceof WebSocketBridge) {
    bridge.onStatus = (connected) => setConnected(store, bridge, connected);
  }
  attachEvents(store, bridge);
  attachRouter(store, bridge);
  void loadSettings(store, bridge);

  root.render(
    <StrictMode>
      <AppContext.Provider value={{ store, bridge }}>
        <ErrorBoundary label="Streamlab">
          <App />
        </ErrorBoundary>
      </AppContext.Provider>
    </StrictMode>,
  );
}
