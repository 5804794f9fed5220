// Security: the cluster's listener mode (PLAINTEXT, SASL_PLAINTEXT, SSL, SASL_SSL) and how to connect to it
// (SASL mechanisms; the CA certificate to download for ssl.ca.location), its SCRAM users (add, remove) and
// its ACLs (add, remove), by Kafka's names. Without an authorizer the screen says ACLs are off.

import { useEffect, useMemo, useState } from 'react';
import type { AclEntry } from '../../../app/contract.ts';
import { createAcl, deleteAcl, deleteScramUser, loadSecurity, saveScramUser } from '../../store/security.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';

const RESOURCE_TYPES = ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'] as const;
const OPERATIONS = ['ALL', 'READ', 'WRITE', 'CREATE', 'DELETE', 'ALTER', 'DESCRIBE', 'CLUSTER_ACTION', 'DESCRIBE_CONFIGS', 'ALTER_CONFIGS', 'IDEMPOTENT_WRITE'] as const;
const BLANK_ACL: AclEntry = { resourceType: 'TOPIC', resourceName: '', patternType: 'LITERAL', principal: 'User:', host: '*', operation: 'READ', permission: 'ALLOW' };

export function SecurityView() {
  const { store, bridge } = useApp();
  const security = useAppState((s) => s.security);
  useEffect(() => {
    void loadSecurity(store, bridge);
  }, [store, bridge]);

  const download = () => {
    if (!security?.caPem) return;
    const url = URL.createObjectURL(new Blob([security.caPem], { type: 'application/x-pem-file' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'streamlab-ca.pem';
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <section className="screen" aria-labelledby="security-title">
      <header className="screen-header">
        <h1 id="security-title">Security</h1>
        <div className="header-actions">
          <button type="button" onClick={() => void loadSecurity(store, bridge)}>Refresh</button>
        </div>
      </header>
      {!security ? <div className="empty">Loading security…</div> : (
        <>
          <div className="settings-section">
            <h2>Listeners</h2>
            <dl className="facts" aria-label="Listener security">
              <dt>Security protocol</dt><dd><code>{security.protocol ?? 'unknown (external cluster)'}</code></dd>
              {security.protocol?.startsWith('SASL') && <><dt>SASL mechanisms</dt><dd>{security.saslMechanisms.join(', ')}</dd></>}
              {security.caFile && <><dt>CA certificate</dt><dd><code>{security.caFile}</code> <button type="button" onClick={download}>Download CA</button></dd></>}
            </dl>
            {security.protocol === 'PLAINTEXT' && <p className="muted">Choose another mode under Settings, Local cluster security (or start with <code>--security sasl_plaintext|ssl|sasl_ssl</code>) to test clients with authentication.</p>}
          </div>
          {security.users && <Users />}
          <Acls />
        </>
      )}
    </section>
  );
}

const ucol = columnsFor<{ name: string; mechanisms: string[] }>();
const NO_USERS: { name: string; mechanisms: string[] }[] = [];

function Users() {
  const { store, bridge } = useApp();
  const users = useAppState((s) => s.security?.users) ?? NO_USERS;
  const [form, setForm] = useState({ name: '', password: '', mechanism: 'SCRAM-SHA-512' as 'SCRAM-SHA-256' | 'SCRAM-SHA-512' });
  const [error, setError] = useState<ShownError | null>(null);
  const save = async () => {
    setError(null);
    try {
      await saveScramUser(store, bridge, form);
      setForm({ ...form, name: '', password: '' });
    } catch (e) {
      setError(errorOf(e));
    }
  };
  const columns = useMemo(() => [
    ucol.accessor('name', { header: 'User' }),
    ucol.accessor((u) => u.mechanisms.join(', '), { id: 'mechanisms', header: 'SCRAM mechanisms' }),
    ucol.display({
      id: 'actions', header: 'Actions',
      cell: ({ row: { original: u } }) => <button type="button" className="danger" aria-label={`Remove user ${u.name}`} onClick={() => void deleteScramUser(store, bridge, u.name)}>Remove</button>,
    }),
  ], [store, bridge]);
  return (
    <div className="settings-section">
      <h2>SCRAM users</h2>
      <Table label="SCRAM users" data={users} columns={columns} getRowId={(u) => u.name} searchable={false} empty="No SCRAM users." />
      <h3>Add or change a user</h3>
      <form className="form" aria-label="Add a SCRAM user" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div className="form-row">
          <Field label="User name"><input type="text" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} /></Field>
          <Field label="Password"><input type="password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} /></Field>
          <Field label="Mechanism">
            <select value={form.mechanism} onChange={(e) => setForm({ ...form, mechanism: e.target.value as typeof form.mechanism })}>
              <option>SCRAM-SHA-256</option><option>SCRAM-SHA-512</option>
            </select>
          </Field>
        </div>
        <InlineError error={error} />
        <div className="form-actions"><button type="submit" className="primary">Save user</button></div>
      </form>
    </div>
  );
}

const acol = columnsFor<AclEntry>();
const aclId = (a: AclEntry) => [a.resourceType, a.patternType, a.resourceName, a.principal, a.host, a.operation, a.permission].join('|');

export function aclColumns(onRemove?: (a: AclEntry) => void) {
  return [
    acol.accessor('principal', { header: 'Principal', cell: (c) => <code>{c.getValue()}</code> }),
    acol.accessor('permission', { header: 'Permission', cell: (c) => <span className={c.getValue() === 'DENY' ? 'tag tag-bad' : 'tag'}>{c.getValue()}</span> }),
    acol.accessor('operation', { header: 'Operation' }),
    acol.accessor((a) => `${a.resourceType} ${a.patternType === 'PREFIXED' ? `${a.resourceName}*` : a.resourceName}`, { id: 'resource', header: 'Resource' }),
    acol.accessor('host', { header: 'Host' }),
    ...(onRemove ? [acol.display({
      id: 'actions', header: 'Actions',
      cell: ({ row: { original: a } }) => <button type="button" className="danger" aria-label={`Remove ACL ${aclId(a)}`} onClick={() => onRemove(a)}>Remove</button>,
    })] : []),
  ];
}

function Acls() {
  const { store, bridge } = useApp();
  const security = useAppState((s) => s.security);
  const [form, setForm] = useState<AclEntry>(BLANK_ACL);
  const [error, setError] = useState<ShownError | null>(null);
  const columns = useMemo(() => aclColumns((a) => void deleteAcl(store, bridge, a)), [store, bridge]);
  const set = (patch: Partial<AclEntry>) => setForm((f) => ({ ...f, ...patch }));
  const save = async () => {
    setError(null);
    try {
      await createAcl(store, bridge, { ...form, resourceName: form.resourceType === 'CLUSTER' ? 'kafka-cluster' : form.resourceName });
      setForm({ ...form, resourceName: '' });
    } catch (e) {
      setError(errorOf(e));
    }
  };
  return (
    <div className="settings-section">
      <h2>ACLs</h2>
      {security?.note && <p className="muted" role="note">{security.note}</p>}
      {security?.acls && (
        <>
          <Table label="ACLs" data={security.acls} columns={columns} getRowId={aclId} empty="No ACLs: only super users may do anything (allow.everyone.if.no.acl.found is false)." />
          <h3>Add an ACL</h3>
          <form className="form" aria-label="Add an ACL" onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <div className="form-row">
              <Field label="Principal"><input type="text" value={form.principal} onChange={(e) => set({ principal: e.target.value })} placeholder="User:alice" /></Field>
              <Field label="Permission">
                <select value={form.permission} onChange={(e) => set({ permission: e.target.value as AclEntry['permission'] })}><option>ALLOW</option><option>DENY</option></select>
              </Field>
              <Field label="Operation">
                <select value={form.operation} onChange={(e) => set({ operation: e.target.value as AclEntry['operation'] })}>{OPERATIONS.map((o) => <option key={o}>{o}</option>)}</select>
              </Field>
            </div>
            <div className="form-row">
              <Field label="Resource type">
                <select value={form.resourceType} onChange={(e) => set({ resourceType: e.target.value as AclEntry['resourceType'] })}>{RESOURCE_TYPES.map((r) => <option key={r}>{r}</option>)}</select>
              </Field>
              <Field label="Resource name" hint="(* for every one)">
                <input type="text" value={form.resourceType === 'CLUSTER' ? 'kafka-cluster' : form.resourceName} disabled={form.resourceType === 'CLUSTER'} onChange={(e) => set({ resourceName: e.target.value })} />
              </Field>
              <Field label="Pattern">
                <select value={form.patternType} onChange={(e) => set({ patternType: e.target.value as AclEntry['patternType'] })}><option>LITERAL</option><option>PREFIXED</option></select>
              </Field>
              <Field label="Host"><input type="text" value={form.host} onChange={(e) => set({ host: e.target.value })} /></Field>
            </div>
            <InlineError error={error} />
            <div className="form-actions"><button type="submit" className="primary">Add ACL</button></div>
          </form>
        </>
      )}
    </div>
  );
}
