// What a screen shows before it has anything from the cluster: "reading", or, when the cluster does not
// answer, why (the error the client got: ENOTFOUND, a refused connection, a time limit) with a retry and the
// way back to the local cluster. Never a wait without end.

import { refreshOverview } from '../store/cluster.actions.ts';
import { navigate } from '../store/app.actions.ts';
import { useApp, useAppState } from '../store/context.ts';

export function ClusterPending({ what = 'the cluster' }: { what?: string }) {
  const { store, bridge } = useApp();
  const reach = useAppState((s) => s.reach);
  if (reach.state !== 'unreachable') return <div className="empty">Reading {what}…</div>;
  return (
    <div className="empty empty-error" role="alert">
      <p><strong>The cluster does not answer.</strong> <code className="error-name">{reach.error.name}</code> {reach.error.message}</p>
      <p>
        <button type="button" onClick={() => void refreshOverview(store, bridge)}>Try again</button>{' '}
        <button type="button" className="link" onClick={() => navigate(store, 'settings')}>Check or switch the connection in Settings</button>
      </p>
    </div>
  );
}
