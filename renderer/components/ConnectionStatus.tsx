// The connection's one state, shown once, in the sidebar: the link to Streamlab's backend first (a browser's
// socket can drop), then whether the active cluster answers, with the error when it does not. Once it
// answers, the security mode its listeners run (PLAINTEXT, SASL_SSL, ...; an external cluster's is not known),
// linking to Settings, where the local cluster's mode is switched.

import { useEffect } from 'react';
import { navigate } from '../store/app.actions.ts';
import { useApp, useAppState } from '../store/context.ts';
import { loadSecurity } from '../store/security.actions.ts';

export function ConnectionStatus({ connected }: { connected: boolean }) {
  const { store, bridge } = useApp();
  const reach = useAppState((s) => s.reach);
  const protocol = useAppState((s) => s.security?.protocol ?? null);
  const up = connected && reach.state !== 'unreachable' && reach.state !== 'reading';
  // Read once the cluster answers; Settings and the Security screen read it again after a change.
  useEffect(() => {
    if (up) void loadSecurity(store, bridge);
  }, [up, store, bridge]);
  if (!connected) return <div className="conn conn-down" role="status">Reconnecting…</div>;
  if (reach.state === 'unreachable') {
    return (
      <div className="conn conn-down" role="status" title={`${reach.error.name}: ${reach.error.message}`}>
        Cluster unreachable
        <div className="conn-error">{reach.error.name}: {reach.error.message}</div>
      </div>
    );
  }
  if (reach.state === 'reading') return <div className="conn conn-wait" role="status">Connecting…</div>;
  return (
    <div className="conn conn-up" role="status">
      Connected
      {protocol !== null && (
        <span className="conn-security">
          {' · '}
          <button type="button" className="link" title="The cluster's security mode; the local cluster's is switched in Settings" onClick={() => navigate(store, 'settings')}>{protocol}</button>
        </span>
      )}
    </div>
  );
}
