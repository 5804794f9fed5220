// The connection's one state, shown once, in the sidebar: the link to Streamlab's backend first (a browser's
// socket can drop), then whether the active cluster answers, with the error when it does not.

import { useAppState } from '../store/context.ts';

export function ConnectionStatus({ connected }: { connected: boolean }) {
  const reach = useAppState((s) => s.reach);
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
  return <div className="conn conn-up" role="status">Connected</div>;
}
