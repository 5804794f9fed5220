// Settings: the app's data dir (read-only), the local cluster's default broker count, theme, metrics history
// retention; and connections: the local cluster (default) and external Kafka clusters (bootstrap servers,
// SASL PLAIN / SCRAM-SHA-256 / SCRAM-SHA-512, TLS). Switching the connection switches every screen.

import { useEffect, useState } from 'react';
import type { AppInfo, ConnectionConfig, ConnectionsState, SaslMechanism, Settings } from '../../../app/contract.ts';
import { refreshOverview, reportError, setTheme } from '../../store/actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';

const errorOf = (e: unknown) => ({ name: String((e as { name?: unknown })?.name ?? 'ERROR'), message: String((e as { message?: unknown })?.message ?? e) });
const BLANK: ConnectionConfig = { id: '', name: '', bootstrapServers: '', sasl: null, tls: false };

export function SettingsView() {
  const { store, bridge } = useApp();
  const theme = useAppState((s) => s.theme);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [brokers, setBrokers] = useState('3');
  const [retention, setRetention] = useState('7');
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<{ name: string; message: string } | null>(null);
  const [conns, setConns] = useState<ConnectionsState | null>(null);

  useEffect(() => {
    bridge.call('app.info').then(setInfo, (e) => reportError(store, 'Read app info', e));
    bridge.call('settings.get').then((s) => {
      setSettings(s);
      setBrokers(String(s.defaultBrokerCount));
      setRetention(String(s.metricsRetentionDays));
    }, (e) => reportError(store, 'Load settings', e));
    bridge.call('connections.list').then(setConns, (e) => reportError(store, 'List connections', e));
  }, [store, bridge]);

  const save = async () => {
    setError(null);
    setSaved(false);
    try {
      const s = await bridge.call('settings.update', { defaultBrokerCount: Number(brokers), metricsRetentionDays: Number(retention) });
      setSettings(s);
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
      <Connections state={conns} onChange={setConns} />
    </section>
  );
}

function Connections({ state, onChange }: { state: ConnectionsState | null; onChange: (s: ConnectionsState) => void }) {
  const { store, bridge } = useApp();
  const [form, setForm] = useState<ConnectionConfig>(BLANK);
  const [error, setError] = useState<{ name: string; message: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [removing, setRemoving] = useState<ConnectionConfig | null>(null);

  const after = async (s: ConnectionsState) => {
    onChange(s);
    store.setState({ topicDetail: null, selectedTopic: null, groups: null, selectedGroup: null, groupDetail: null, overview: null });
    await refreshOverview(store, bridge);
  };
  const use = async (id: string) => {
    setBusy(true);
    try {
      await after(await bridge.call('connections.use', { id }));
    } catch (e) {
      reportError(store, 'Switch connection', e);
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    setError(null);
    setBusy(true);
    try {
      const s = await bridge.call('connections.save', form);
      onChange(s);
      setForm(BLANK);
    } catch (e) {
      setError(errorOf(e));
    } finally {
      setBusy(false);
    }
  };
  const remove = async (c: ConnectionConfig) => {
    try {
      const s = await bridge.call('connections.delete', { id: c.id });
      if (state?.activeId === c.id) await after(s);
      else onChange(s);
    } catch (e) {
      reportError(store, `Remove connection ${c.name}`, e);
    }
  };
  const set = (patch: Partial<ConnectionConfig>) => setForm((f) => ({ ...f, ...patch }));

  return (
    <div className="settings-section">
      <h2>Connections</h2>
      <p className="muted">Every screen shows the active cluster. Broker lifecycle (stop, kill, restart, add) works on the local cluster only.</p>
      {!state ? <div className="empty">Loading connections…</div> : (
        <div className="table-wrap">
        <table className="table" aria-label="Connections">
          <thead><tr><th scope="col">Name</th><th scope="col">Bootstrap servers</th><th scope="col">Security</th><th scope="col">Actions</th></tr></thead>
          <tbody>
            {state.connections.map((c) => {
              const active = c.id === state.activeId;
              return (
                <tr key={c.id} aria-selected={active}>
                  <td>{c.name}{active && <span className="tag">active</span>}</td>
                  <td><code>{c.id === 'local' ? 'the embedded brokers' : c.bootstrapServers}</code></td>
                  <td>{c.id === 'local' ? 'plaintext' : [c.sasl ? `SASL ${c.sasl.mechanism}` : 'no SASL', c.tls ? 'TLS' : 'no TLS'].join(', ')}</td>
                  <td>
                    <div className="row-actions">
                      <button type="button" disabled={active || busy} aria-label={`Use ${c.name}`} onClick={() => void use(c.id)}>Use</button>
                      {c.id !== 'local' && <button type="button" aria-label={`Edit ${c.name}`} onClick={() => setForm({ ...c, sasl: c.sasl ? { ...c.sasl, password: '' } : null })}>Edit</button>}
                      {c.id !== 'local' && <button type="button" className="danger" aria-label={`Remove ${c.name}`} onClick={() => setRemoving(c)}>Remove</button>}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </div>
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
        <InlineError error={error} />
        <div className="form-actions">
          {form.id && <button type="button" onClick={() => setForm(BLANK)}>Cancel edit</button>}
          <button type="submit" className="primary" disabled={busy}>Save connection</button>
        </div>
      </form>
      <ConfirmDialog title={`Remove connection ${removing?.name ?? ''}?`} open={removing !== null} confirmLabel="Remove connection" danger
        onCancel={() => setRemoving(null)} onConfirm={() => { if (removing) void remove(removing); setRemoving(null); }}>
        Only the saved connection is removed; the cluster itself is not touched.
      </ConfirmDialog>
    </div>
  );
}
