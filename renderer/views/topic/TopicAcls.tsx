// The topic page's "Access" section: who may read and write this topic, from the ACLs that apply to it
// (its name, the wildcard, or a prefix of it).

import { useEffect, useMemo } from 'react';
import { aclsForTopic, loadSecurity } from '../../store/security.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Table } from '../../components/Table.tsx';
import { aclColumns } from '../security/SecurityView.tsx';

export function TopicAcls({ topic }: { topic: string }) {
  const { store, bridge } = useApp();
  const security = useAppState((s) => s.security);
  useEffect(() => {
    void loadSecurity(store, bridge);
  }, [store, bridge, topic]);
  const acls = useMemo(() => aclsForTopic(security, topic), [security, topic]);
  const columns = useMemo(() => aclColumns(), []);
  if (!security) return null;
  if (!security.acls) return <p className="muted">{security.note ?? 'ACLs are not available.'}</p>;
  const who = (op: 'READ' | 'WRITE') => [...new Set(acls.filter((a) => a.permission === 'ALLOW' && (a.operation === op || a.operation === 'ALL')).map((a) => a.principal))];
  return (
    <>
      <p className="muted" aria-label="Topic access">
        May read: {who('READ').join(', ') || 'super users only'} · May write: {who('WRITE').join(', ') || 'super users only'}
      </p>
      <Table label="Topic ACLs" data={acls} columns={columns} getRowId={(a) => [a.patternType, a.resourceName, a.principal, a.host, a.operation, a.permission].join('|')} searchable={false} empty="No ACL names this topic." />
    </>
  );
}
