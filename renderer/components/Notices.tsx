// Errors, clear and dismissible: what the user tried, Kafka's error name, and the broker's message.

import type { Notice } from '../store/notices.slice.ts';
import type { ShownError } from '../store/errors.ts';

export function Notices({ notices, onDismiss }: { notices: Notice[]; onDismiss: (id: number) => void }) {
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="region" aria-label="Errors">
      {notices.map((n) => (
        <div key={n.id} className="notice" role="alert">
          <div className="notice-text">
            <strong>{n.action} failed</strong> <code className="error-name">{n.name}</code>
            <div>{n.message}</div>
          </div>
          <button type="button" className="icon" aria-label={`Dismiss error: ${n.action}`} onClick={() => onDismiss(n.id)}>×</button>
        </div>
      ))}
    </div>
  );
}

/** An inline error inside a form or dialog. */
export function InlineError({ error }: { error: ShownError | null }) {
  if (!error) return null;
  return (
    <div className="inline-error" role="alert">
      <code className="error-name">{error.name}</code>{error.code !== undefined && <span className="muted"> (Kafka error {error.code})</span>} {error.message}
    </div>
  );
}
