// The shell: a sidebar with every screen (mouse, Tab + Enter, Alt+1..9 for the first nine from anywhere, or Ctrl/Cmd-K's palette), the errors, and
// the current screen inside its own error boundary (a failing screen shows its error and a Retry; the
// sidebar and the other screens keep working). Topics and counts change underneath us (other clients
// produce and create): the overview is read again every few seconds.

import { useEffect } from 'react';
import { navigate, toggleSidebar } from './store/app.actions.ts';
import { refreshOverview } from './store/cluster.actions.ts';
import { selectBrokers } from './store/cluster.slice.ts';
import { dismissError } from './store/notices.actions.ts';
import { setTheme } from './store/settings.actions.ts';
import { useApp, useAppState } from './store/context.ts';
import type { Screen } from './store/app.slice.ts';
import { usePoll } from './store/use-poll.ts';
import { Notices } from './components/Notices.tsx';
import { ConnectionStatus } from './components/ConnectionStatus.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { ClusterView } from './views/cluster/ClusterView.tsx';
import { MapView } from './views/map/MapView.tsx';
import { CommandPalette } from './views/palette/CommandPalette.tsx';
import { BrokerView } from './views/broker/BrokerView.tsx';
import { TopicsView } from './views/topics/TopicsView.tsx';
import { TopicView } from './views/topic/TopicView.tsx';
import { MessagesView } from './views/messages/MessagesView.tsx';
import { ProduceView } from './views/produce/ProduceView.tsx';
import { GroupsView } from './views/groups/GroupsView.tsx';
import { SettingsView } from './views/settings/SettingsView.tsx';
import { SchemasView } from './views/schemas/SchemasView.tsx';
import { SecurityView } from './views/security/SecurityView.tsx';
import { TransactionsView } from './views/transactions/TransactionsView.tsx';

export const NAV: { screen: Screen; label: string }[] = [
  { screen: 'map', label: 'Map' },
  { screen: 'cluster', label: 'Cluster' },
  { screen: 'topics', label: 'Topics' },
  { screen: 'topic', label: 'Topic detail' },
  { screen: 'messages', label: 'Messages' },
  { screen: 'produce', label: 'Produce' },
  { screen: 'groups', label: 'Consumer groups' },
  { screen: 'transactions', label: 'Transactions' },
  { screen: 'schemas', label: 'Schemas' },
  { screen: 'security', label: 'Security' },
  { screen: 'settings', label: 'Settings' },
];

const VIEWS: Record<Screen, () => React.JSX.Element> = {
  map: MapView,
  cluster: ClusterView,
  broker: BrokerView,
  topics: TopicsView,
  topic: TopicView,
  messages: MessagesView,
  produce: ProduceView,
  groups: GroupsView,
  schemas: SchemasView,
  security: SecurityView,
  settings: SettingsView,
  transactions: TransactionsView,
};

const OVERVIEW_EVERY_MS = 5000;

export function App() {
  const { store, bridge } = useApp();
  const screen = useAppState((s) => s.screen);
  const theme = useAppState((s) => s.theme);
  const errors = useAppState((s) => s.errors);
  const connected = useAppState((s) => s.connected);
  const collapsed = useAppState((s) => s.sidebarCollapsed);
  const brokers = useAppState(selectBrokers);
  usePoll(() => refreshOverview(store, bridge), OVERVIEW_EVERY_MS, [store, bridge]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
  }, [theme]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const n = Number(e.key);
      if (n >= 1 && n <= NAV.length) {
        e.preventDefault();
        navigate(store, NAV[n - 1].screen);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);

  const View = VIEWS[screen];
  const offline = brokers.filter((b) => b.state !== 'running').length;
  const label = NAV.find((n) => n.screen === screen)?.label ?? screen;
  // A sub-page lights its parent in the sidebar.
  const current = screen === 'broker' ? 'cluster' : screen;
  return (
    <div className={collapsed ? 'app sidebar-collapsed' : 'app'}>
      <nav className="sidebar" aria-label="Screens">
        <div className="brand"><span className="nav-label">Streamlab</span><span className="nav-short" aria-hidden="true">S</span></div>
        <ul>
          {NAV.map((item, i) => (
            <li key={item.screen}>
              <button
                type="button"
                className="nav-item"
                aria-current={current === item.screen ? 'page' : undefined}
                aria-keyshortcuts={i < 9 ? `Alt+${i + 1}` : undefined}
                onClick={() => navigate(store, item.screen)}
              >
                <span className="nav-label">{item.label}</span>
                <span className="nav-short" aria-hidden="true">{item.label.slice(0, 2)}</span>
                {item.screen === 'cluster' && offline > 0 && <span className="nav-dot" aria-label={`${offline} broker${offline > 1 ? 's' : ''} down`} />}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button type="button" className="collapse-toggle" aria-pressed={collapsed} onClick={() => toggleSidebar(store)}>
            <span className="nav-label">{collapsed ? 'Expand sidebar' : 'Collapse sidebar'}</span><span className="nav-short" aria-hidden="true">{collapsed ? '»' : '«'}</span>
          </button>
          <button type="button" className="theme-toggle" aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} onClick={() => void setTheme(store, bridge, theme === 'dark' ? 'light' : 'dark')}>
            {theme === 'dark' ? 'Light theme' : 'Dark theme'}
          </button>
          <ConnectionStatus connected={connected} />
        </div>
      </nav>
      <main className="main">
        <Notices notices={errors} onDismiss={(id) => dismissError(store, id)} />
        <ErrorBoundary key={screen} label={label}>
          <View />
        </ErrorBoundary>
        <CommandPalette />
      </main>
    </div>
  );
}
