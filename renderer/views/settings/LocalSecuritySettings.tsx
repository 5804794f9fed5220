// The local cluster's security mode: listeners (PLAINTEXT, SASL_PLAINTEXT, SSL, SASL_SSL), SASL mechanisms,
// mutual TLS, the authorizer with its super users and allow.everyone.if.no.acl.found. Saving restarts the
// brokers on the new listeners (the console follows as its own admin user); the running mode, the CA to
// download and the client settings to copy (kcat, librdkafka, kafkajs) show below.

import { useEffect, useState } from 'react';
import type { ClientSettings, LocalSecurity } from '../../../app/contract.ts';
import { applyLocalSecurity, loadClientSettings, loadSecurity } from '../../store/security.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { ConfirmDialog } from '../../components/Dialog.tsx';
import { errorOf, type ShownError } from '../../store/errors.ts';
import './security-settings.css';

const PROTOCOLS: LocalSecurity['protocol'][] = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SSL', 'SASL_SSL'];
const MECHANISMS: LocalSecurity['saslMechanisms'] = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'];

const sameMode = (a: LocalSecurity, b: LocalSecurity) => JSON.stringify(a) === JSON.stringify(b);

export function LocalSecuritySettings() {
  const { store, bridge } = useApp();
  const saved = useAppState((s) => s.settings?.localSecurity);
  const running = useAppState((s) => s.security);
  const client = useAppState((s) => s.clientSettings);
  const restarting = useAppState((s) => s.securityRestarting);
  const local = useAppState((s) => s.connections?.activeId === 'local');
  const [form, setForm] = useState<LocalSecurity | null>(null);
  const [superUsers, setSuperUsers] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<ShownError | null>(null);

  useEffect(() => {
    void loadSecurity(store, bridge);
    void loadClientSettings(store, bridge);
  }, [store, bridge, local]);
  useEffect(() => {
    if (saved) {
      setForm(saved);
      setSuperUsers(saved.superUsers.join(', '));
    }
  }, [saved]);

  if (!form || !saved) return null;
  const set = (patch: Partial<LocalSecurity>) => setForm({ ...form, ...patch });
  const sasl = form.protocol.startsWith('SASL');
  const tls = form.protocol.endsWith('SSL');
  const anonymous = form.authorizer && !sasl && !(tls && form.sslClientAuth === 'required');
  const next: LocalSecurity = { ...form, superUsers: superUsers.split(',').map((u) => u.trim()).filter(Boolean) };
  const runningProtocol = local ? running?.protocol ?? null : null;
  const pending = !sameMode(next, saved) || (runningProtocol !== null && runningProtocol !== saved.protocol);

  const apply = async () => {
    setConfirming(false);
    setError(null);
    try {
      await applyLocalSecurity(store, bridge, next);
    } catch (e) {
      setError(errorOf(e));
    }
  };

  return (
    <div className="settings-section">
      <h2>Local cluster security</h2>
      <p className="muted">
        How the local brokers&apos; listeners are secured. Applying restarts every broker on the new listeners (topics and data stay);
        this window reconnects as its own admin user. <code>--security</code> on the command line wins at start.
      </p>
      <dl className="facts" aria-label="Running security">
        <dt>Running now</dt><dd><code>{runningProtocol ?? (local ? '…' : 'not shown: an external cluster is active')}</code></dd>
      </dl>
      <form className="form" aria-label="Local cluster security" onSubmit={(e) => { e.preventDefault(); setConfirming(true); }}>
        <fieldset className="radio-row" aria-label="Security protocol">
          <legend>Security protocol</legend>
          {PROTOCOLS.map((p) => (
            <label key={p} className="inline">
              <input type="radio" name="local-protocol" value={p} checked={form.protocol === p}
                onChange={() => set({ protocol: p, ...(p === 'PLAINTEXT' ? { authorizer: false } : form.protocol === 'PLAINTEXT' ? { authorizer: true } : {}) })} /> {p}
            </label>
          ))}
        </fieldset>
        {sasl && (
          <fieldset className="radio-row" aria-label="SASL mechanisms">
            <legend>SASL mechanisms</legend>
            {MECHANISMS.map((m) => (
              <label key={m} className="inline">
                <input type="checkbox" checked={form.saslMechanisms.includes(m)}
                  onChange={(e) => set({ saslMechanisms: e.target.checked ? MECHANISMS.filter((x) => x === m || form.saslMechanisms.includes(x)) : form.saslMechanisms.filter((x) => x !== m) })} /> {m}
              </label>
            ))}
          </fieldset>
        )}
        {tls && (
          <label className="inline">
            <input type="checkbox" checked={form.sslClientAuth === 'required'} onChange={(e) => set({ sslClientAuth: e.target.checked ? 'required' : 'none' })} /> Require client certificates (mutual TLS, <code>ssl.client.auth=required</code>)
          </label>
        )}
        <label className="inline">
          <input type="checkbox" checked={form.authorizer} onChange={(e) => set({ authorizer: e.target.checked })} /> Authorizer on (ACLs are checked)
        </label>
        {form.authorizer && (
          <div className="form-row">
            <Field label="Super users" hint="(User:name, comma-separated; the console's admin is always one)">
              <input type="text" value={superUsers} onChange={(e) => setSuperUsers(e.target.value)} placeholder="User:alice" />
            </Field>
            <label className="inline">
              <input type="checkbox" checked={form.allowEveryoneIfNoAclFound} onChange={(e) => set({ allowEveryoneIfNoAclFound: e.target.checked })} /> <code>allow.everyone.if.no.acl.found</code>
            </label>
          </div>
        )}
        {anonymous && (
          <p className="warning-note" role="note">
            Without SASL{tls ? ' or client certificates' : ''} every client, this window included, is <code>User:ANONYMOUS</code>: with the authorizer on it sees
            only what ACLs grant that principal{form.allowEveryoneIfNoAclFound ? ' (and resources without ACLs)' : ''}.
          </p>
        )}
        <InlineError error={error} />
        <div className="form-actions">
          {restarting && <span className="muted" role="status">Restarting the cluster…</span>}
          {!restarting && pending && <span className="muted" role="status">Restart the cluster to apply.</span>}
          <button type="submit" className="primary" disabled={restarting}>Save and restart the cluster</button>
        </div>
      </form>
      {client && local && <ClientSnippets client={client} caPem={running?.caPem ?? null} />}
      <ConfirmDialog title={`Restart the local cluster on ${next.protocol}?`} open={confirming} confirmLabel="Restart the cluster"
        onCancel={() => setConfirming(false)} onConfirm={() => void apply()}>
        Every broker stops and starts on the new listeners. Clients connected now are disconnected and must use the new settings.
      </ConfirmDialog>
    </div>
  );
}

function ClientSnippets({ client, caPem }: { client: ClientSettings; caPem: string | null }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = (what: string, text: string) => {
    void navigator.clipboard?.writeText(text).then(() => setCopied(what), () => setCopied(`${what}: copy refused, select it below`));
  };
  const download = () => {
    if (!caPem) return;
    const url = URL.createObjectURL(new Blob([caPem], { type: 'application/x-pem-file' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'streamlab-ca.pem';
    a.click();
    URL.revokeObjectURL(url);
  };
  const snippets: [string, string][] = [['kcat', client.kcat], ['librdkafka properties', client.librdkafka], ['kafkajs', client.kafkajs]];
  return (
    <div className="client-settings" aria-label="Client settings">
      <h3>Connect a client</h3>
      <dl className="facts">
        <dt>Bootstrap servers</dt><dd><code>{client.bootstrapServers}</code></dd>
        <dt>security.protocol</dt><dd><code>{client.protocol}</code></dd>
        {client.sasl && <><dt>SASL</dt><dd><code>{client.sasl.mechanism}</code>, user <code>{client.sasl.username}</code></dd></>}
        {client.caFile && <><dt>CA certificate</dt><dd><code>{client.caFile}</code> <button type="button" onClick={download} disabled={!caPem}>Download CA</button></dd></>}
      </dl>
      {copied && <span className="muted" role="status">Copied {copied}.</span>}
      {snippets.map(([what, text]) => (
        <div key={what} className="snippet">
          <div className="snippet-head"><span>{what}</span><button type="button" aria-label={`Copy ${what}`} onClick={() => copy(what, text)}>Copy</button></div>
          <pre aria-label={`${what} snippet`}>{text}</pre>
        </div>
      ))}
    </div>
  );
}
