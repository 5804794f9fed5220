// Settings: the app's data dir (read-only), the local cluster's default broker count, theme, metrics history
// retention; the local cluster's broker defaults (Kafka's names, applied at the next start); and connections:
// the local cluster (default) and external Kafka clusters (bootstrap servers, SASL PLAIN / SCRAM-SHA-256 /
// SCRAM-SHA-512, TLS, and the cluster's Schema Registry with basic auth or a bearer token). Switching the
// connection switches every screen.

import { useEffect, useMemo, useState } from 'react';
import type { ConnectionConfig, SaslMechanism, TlsCertificates } from '../../../app/contract.ts';
import { deleteConnection, openSettings, saveConnection, saveSettings, setTheme, switchConnection } from '../../store/settings.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { Table, columnsFor } from '../../components/Table.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';
import { LocalSecuritySettings } from './LocalSecuritySettings.tsx';

const NO_CERTS: TlsCertificates = { ca: '', clientCert: '', clientKey: '', skipVerify: false };
const BLANK: ConnectionConfig = { id: '', name: '', bootstrapServers: '', sasl: null, tls: false, schemaRegistry: null, tlsCertificates: NO_CERTS };

type RegistryAuth = 'none' | 'basic' | 'bearer';

export function SettingsView() {
  const { store, bridge } = useApp();
  const theme = useAppState((s) => s.theme);
  const info = useAppState((s) => s.appInfo);
  const settings = useAppState((s) => s.settings);
  const [brokers, setBrokers] = useState('3');
  const [retention, setRetention] = useState('7');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    void openSettings(store, bridge);
  }, [store, bridge]);
  // The form starts from the saved values, and shows them again once a save answers.
  const savedBrokers = settings?.defaultBrokerCount;
  const savedRetention = settings?.metricsRetentionDays;
  useEffect(() => {
    if (savedBrokers !== undefined) setBrokers(String(savedBrokers));
    if (savedRetention !== undefined) setRetention(String(savedRetention));
  }, [savedBrokers, savedRetention]);

  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      await saveSettings(store, bridge, { defaultBrokerCount: Number(brokers), metricsRetentionDays: Number(retention) });
      setSaved(true);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <section className="screen" aria-labelledby="settings-title">
      <header className="screen-header">
        <h1 id="settings-title">Settings</h1>
      </header>
      <div className="settings-section">
        <h2>Application</h2>
        <form className="form" aria-label="Application settings" onSubmit={(e) => { e.preventDefault(); void save(); }}>
          <Field label="Data directory" hint="(read-only)">
            <input type="text" readOnly value={info?.dataDir ?? ''} />
          </Field>
          <div className="form-row">
            <Field label="Default broker count" hint="(local cluster, used at the next start)">
              <input type="number" min={1} max={16} value={brokers} onChange={(e) => { setBrokers(e.target.value); setSaved(false); }} />
            </Field>
            <Field label="Metrics history retention (days)" hint="(1-minute points; 1-second points are kept an hour)">
              <input type="number" min={1} max={90} value={retention} onChange={(e) => { setRetention(e.target.value); setSaved(false); }} />
            </Field>
          </div>
          <fieldset className="radio-row" aria-label="Theme">
            <legend>Theme</legend>
            {(['dark', 'light'] as const).map((t) => (
              <label key={t} className="inline"><input type="radio" name="theme" value={t} checked={theme === t} onChange={() => void setTheme(store, bridge, t)} /> {t === 'dark' ? 'Dark' : 'Light'}</label>
            ))}
          </fieldset>
          <InlineError error={error} />
          <div className="form-actions">
            {saved && <span className="muted" role="status">Saved.</span>}
            <button type="submit" className="primary" disabled={!settings}>Save settings</button>
          </div>
        </form>
      </div>
      <BrokerDefaults />
      <LocalSecuritySettings />
      <Connections />
    </section>
  );
}

function tlsLabel(t: TlsCertificates | undefined): string {
  if (!t) return 'TLS';
  return ['TLS', t.ca ? 'own CA' : '', t.clientCert ? 'client certificate' : '', t.skipVerify ? 'not verified' : ''].filter(Boolean).join(' · ');
}

/** A PEM pasted or read from a file the user picks (the file is read here; only its text is sent). */
function PemField({ label, hint, value, onChange, placeholder }: { label: string; hint: string; value: string; onChange: (v: string) => void; placeholder: string }) {
  return (
    <div className="pem-field">
      <Field label={label} hint={hint}>
        <textarea rows={3} spellCheck={false} value={value} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />
      </Field>
      <input type="file" aria-label={`${label} file`} accept=".pem,.crt,.cer,.key,text/plain"
        onChange={(e) => { const f = e.target.files?.[0]; if (f) void f.text().then(onChange); e.target.value = ''; }} />
    </div>
  );
}

/** One `name=value` per line, as in Kafka's server.properties; blank lines and # comments are skipped. */
function parseLines(text: string): { entries: Record<string, string>; bad: string | null } {
  const entries: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = line.indexOf('=');
    if (at <= 0) return { entries, bad: line };
    entries[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return { entries, bad: null };
}

function BrokerDefaults() {
  const { store, bridge } = useApp();
  const saved = useAppState((s) => s.settings?.brokerDefaults);
  const [text, setText] = useState('');
  const [done, setDone] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);
  useEffect(() => {
    if (saved) setText(Object.entries(saved).map(([k, v]) => `${k}=${v}`).join('\n'));
  }, [saved]);

  const save = async () => {
    setError(null);
    setDone(false);
    const { entries, bad } = parseLines(text);
    if (bad !== null) {
      setError({ name: 'INVALID_REQUEST', message: `Expected name=value, not '${bad}'.` });
      return;
    }
    try {
      await saveSettings(store, bridge, { brokerDefaults: entries });
      setDone(true);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <div className="settings-section">
      <h2>Broker defaults</h2>
      <p className="muted">
        Kafka broker settings for the local cluster, one <code>name=value</code> per line (for example <code>num.partitions=4</code>,{' '}
        <code>default.replication.factor=3</code>, <code>log.retention.hours=24</code>). They apply at the next start of the local cluster: restart the app
        (or <code>streamlab serve</code>) after saving. <code>--broker-config</code> on the command line wins over these.
      </p>
      <form className="form" aria-label="Broker defaults" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <Field label="Settings">
          <textarea rows={5} spellCheck={false} value={text} onChange={(e) => { setText(e.target.value); setDone(false); }} placeholder="num.partitions=4" />
        </Field>
        <InlineError error={error} />
        <div className="form-actions">
          {done && <span className="muted" role="status">Saved. Restart to apply.</span>}
          <button type="submit" className="primary" disabled={saved === undefined}>Save broker defaults</button>
        </div>
      </form>
    </div>
  );
}

const ccol = columnsFor<ConnectionConfig>();

function Connections() {
  const { store, bridge } = useApp();
  const state = useAppState((s) => s.connections);
  const [form, setForm] = useState<ConnectionConfig>(BLANK);
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ConnectionConfig | null>(null);
  // Secrets are never sent back: an edited connection shows the auth kind it had, with empty secrets.
  const [auth, setAuth] = useState<RegistryAuth>('none');

  const use = async (id: string) => {
    setBusy(true);
    await switchConnection(store, bridge, id);
    setBusy(false);
  };
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const r = form.schemaRegistry;
      const schemaRegistry = r && r.url.trim() !== ''
        ? { url: r.url.trim(), username: auth === 'basic' ? r.username : '', password: auth === 'basic' ? r.password : '', token: auth === 'bearer' ? r.token : '' }
        : null;
      await saveConnection(store, bridge, { ...form, schemaRegistry });
      setForm(BLANK);
      setAuth('none');
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const set = (patch: Partial<ConnectionConfig>) => setForm((f) => ({ ...f, ...patch }));
  const registry = form.schemaRegistry ?? { url: '', username: '', password: '', token: '' };
  const setRegistry = (patch: Partial<typeof registry>) => set({ schemaRegistry: { ...registry, ...patch } });
  const certs = form.tlsCertificates ?? NO_CERTS;
  const setCerts = (patch: Partial<TlsCertificates>) => set({ tlsCertificates: { ...certs, ...patch } });
  const activeId = state?.activeId;
  // The local cluster's mode: as running while it is the active connection, else as saved.
  const runningProtocol = useAppState((s) => (s.connections?.activeId === 'local' ? s.security?.protocol : null));
  const savedProtocol = useAppState((s) => s.settings?.localSecurity.protocol);
  const localMode = (runningProtocol ?? savedProtocol ?? 'PLAINTEXT').toLowerCase();
  const columns = useMemo(() => [
    ccol.accessor('name', { header: 'Name', cell: (c) => <>{c.getValue()}{c.row.original.id === activeId && <span className="tag">active</span>}</> }),
    ccol.accessor((c) => (c.id === 'local' ? 'the embedded brokers' : c.bootstrapServers), { id: 'bootstrap', header: 'Bootstrap servers', cell: (c) => <code>{c.getValue()}</code> }),
    ccol.accessor((c) => (c.id === 'local' ? localMode : [c.sasl ? `SASL ${c.sasl.mechanism}` : 'no SASL', c.tls ? tlsLabel(c.tlsCertificates) : 'no TLS'].join(', ')), { id: 'security', header: 'Security' }),
    ccol.accessor((c) => (c.id === 'local' ? 'embedded' : c.schemaRegistry?.url ?? ''), {
      id: 'registry', header: 'Schema Registry',
      cell: (c) => (c.row.original.id === 'local' ? <span className="muted">embedded</span> : c.getValue() ? <code>{c.getValue()}</code> : <span className="muted">none</span>),
    }),
    ccol.display({
      id: 'actions',
      header: 'Actions',
      cell: ({ row: { original: c } }) => (
        <div className="row-actions">
          <button type="button" disabled={c.id === activeId || busy} aria-label={`Use ${c.name}`} onClick={() => void use(c.id)}>Use</button>
          {c.id !== 'local' && <button type="button" aria-label={`Edit ${c.name}`} onClick={() => { setForm({ ...c, sasl: c.sasl ? { ...c.sasl, password: '' } : null, tlsCertificates: { ...(c.tlsCertificates ?? NO_CERTS), clientKey: '' } }); setAuth(c.schemaRegistry?.username ? 'basic' : 'none'); }}>Edit</button>}
          {c.id !== 'local' && <button type="button" className="danger" aria-label={`Remove ${c.name}`} onClick={() => setRemoving(c)}>Remove</button>}
        </div>
      ),
    }),
  ], [activeId, busy, localMode]);

  return (
    <div className="settings-section">
      <h2>Connections</h2>
      <p className="muted">Every screen shows the active cluster. Broker lifecycle (stop, kill, restart, add) works on the local cluster only.</p>
      {!state ? <div className="empty">Loading connections…</div> : (
        <Table label="Connections" data={state.connections} columns={columns} getRowId={(c) => c.id} searchable={false} sortable={false}
          isRowSelected={(c) => c.id === state.activeId} empty="No connections." />
      )}
      {state && state.connections.length === 1 && <p className="muted">No external clusters yet. Add one below to inspect it with the same screens.</p>}
      <h3>{form.id ? `Edit ${form.name}` : 'Add an external cluster'}</h3>
      <form className="form" aria-label="External cluster" onSubmit={(e) => { e.preventDefault(); void save(); }}>
        <div className="form-row">
          <Field label="Connection name">
            <input type="text" value={form.name} onChange={(e) => set({ name: e.target.value })} placeholder="staging" />
          </Field>
          <Field label="Bootstrap servers" hint="(host:port, comma-separated)">
            <input type="text" value={form.bootstrapServers} onChange={(e) => set({ bootstrapServers: e.target.value })} placeholder="kafka-1:9092,kafka-2:9092" />
          </Field>
        </div>
        <div className="form-row">
          <Field label="SASL">
            <select value={form.sasl?.mechanism ?? ''} onChange={(e) => set({ sasl: e.target.value ? { mechanism: e.target.value as SaslMechanism, username: form.sasl?.username ?? '', password: form.sasl?.password ?? '' } : null })}>
              <option value="">None</option>
              <option value="PLAIN">PLAIN</option>
              <option value="SCRAM-SHA-256">SCRAM-SHA-256</option>
              <option value="SCRAM-SHA-512">SCRAM-SHA-512</option>
            </select>
          </Field>
          {form.sasl && (
            <>
              <Field label="Username">
                <input type="text" autoComplete="off" value={form.sasl.username} onChange={(e) => set({ sasl: { ...form.sasl!, username: e.target.value } })} />
              </Field>
              <Field label="Password" hint={form.id ? '(empty keeps the saved one)' : undefined}>
                <input type="password" autoComplete="off" value={form.sasl.password} onChange={(e) => set({ sasl: { ...form.sasl!, password: e.target.value } })} />
              </Field>
            </>
          )}
        </div>
        <label className="inline"><input type="checkbox" checked={form.tls} onChange={(e) => set({ tls: e.target.checked })} /> Use TLS</label>
        {form.tls && (
          <>
            <PemField label="CA certificate" hint="(PEM; empty: the system's CAs)" value={certs.ca} onChange={(ca) => setCerts({ ca })} placeholder="-----BEGIN CERTIFICATE-----" />
            <div className="form-row">
              <PemField label="Client certificate" hint="(PEM, for mutual TLS; empty: none)" value={certs.clientCert} onChange={(clientCert) => setCerts({ clientCert })} placeholder="-----BEGIN CERTIFICATE-----" />
              {certs.clientCert.trim() !== '' && (
                <PemField label="Client key" hint={form.id ? '(PEM; empty keeps the saved one)' : '(PEM, unencrypted)'} value={certs.clientKey} onChange={(clientKey) => setCerts({ clientKey })} placeholder="-----BEGIN PRIVATE KEY-----" />
              )}
            </div>
            <label className="inline"><input type="checkbox" checked={certs.skipVerify} onChange={(e) => setCerts({ skipVerify: e.target.checked })} /> Skip certificate verification</label>
            {certs.skipVerify && (
              <p className="warning-note" role="note">The brokers&apos; certificates will not be checked: anyone between this machine and the cluster can read and change the traffic, passwords included. Prefer giving the cluster&apos;s CA certificate.</p>
            )}
          </>
        )}
        <div className="form-row">
          <Field label="Schema Registry URL" hint="(empty: none; records in Confluent's wire format decode through it)">
            <input type="url" value={registry.url} onChange={(e) => setRegistry({ url: e.target.value })} placeholder="https://schema-registry:8081" />
          </Field>
          {registry.url.trim() !== '' && (
            <Field label="Registry auth">
              <select value={auth} onChange={(e) => setAuth(e.target.value as RegistryAuth)}>
                <option value="none">None</option>
                <option value="basic">Basic (user and password)</option>
                <option value="bearer">Bearer token</option>
              </select>
            </Field>
          )}
        </div>
        {registry.url.trim() !== '' && auth === 'basic' && (
          <div className="form-row">
            <Field label="Registry user"><input type="text" autoComplete="off" value={registry.username} onChange={(e) => setRegistry({ username: e.target.value })} /></Field>
            <Field label="Registry password" hint={form.id ? '(empty keeps the saved one)' : undefined}>
              <input type="password" autoComplete="off" value={registry.password} onChange={(e) => setRegistry({ password: e.target.value })} />
            </Field>
          </div>
        )}
        {registry.url.trim() !== '' && auth === 'bearer' && (
          <Field label="Registry bearer token" hint={form.id ? '(empty keeps the saved one)' : undefined}>
            <input type="password" autoComplete="off" value={registry.token} onChange={(e) => setRegistry({ token: e.target.value })} />
          </Field>
        )}
        <InlineError error={error} />
        <div className="form-actions">
          {form.id && <button type="button" onClick={() => { setForm(BLANK); setAuth('none'); }}>Cancel edit</button>}
          <button type="submit" className="primary" disabled={busy}>Save connection</button>
        </div>
      </form>
      <ConfirmDialog title={`Remove connection ${removing?.name ?? ''}?`} open={removing !== null} confirmLabel="Remove connection" danger
        onCancel={() => setRemoving(null)} onConfirm={() => { if (removing) void deleteConnection(store, bridge, removing); setRemoving(null); }}>
        Only the saved connection is removed; the cluster itself is not touched.
      </ConfirmDialog>
    </div>
  );
}
