// The one dialog that edits a config of a topic, a broker or a group: the value with its human reading as it
// is typed (7 d beside 604800000), a word when a value with a unit is not a whole number, Save, and Reset to
// default where the value is set on this resource. Whatever Kafka refuses (INVALID_CONFIG, POLICY_VIOLATION,
// ...) is shown in the dialog with its name and code, the dialog stays open and nothing is written.

import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog.tsx';
import { Field } from '../../components/Field.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { humanConfigValue, unitValueProblem } from '../../format/units.ts';
import type { ShownError } from '../../store/errors.ts';
import { SCOPE_WORDS, SOURCE_LABELS, isSetHere, saveConfig, sourceOf, type ConfigScope, type EditableConfig } from './config-edit.ts';

export interface ConfigEditDialogProps {
  /** The config being edited; null: the dialog is closed. */
  entry: EditableConfig | null;
  scope: ConfigScope;
  /** value null: back to the default. Throws Kafka's refusal. */
  onSave: (name: string, value: string | null) => Promise<void>;
  onClose: () => void;
}

export function ConfigEditDialog({ entry, scope, onSave, onClose }: ConfigEditDialogProps) {
  const [value, setValue] = useState(() => startValue(entry));
  const [error, setError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setValue(startValue(entry));
    setError(null);
  }, [entry]);
  const setHere = entry !== null && isSetHere(entry);
  const words = SCOPE_WORDS[scope];
  const apply = async (reset: boolean) => {
    if (!entry) return;
    setBusy(true);
    setError(null);
    const refused = await saveConfig(onSave, entry.name, reset ? null : value);
    setBusy(false);
    if (refused) setError(refused);
    else onClose();
  };
  // Shown while typing, never blocking: the broker's own check is the one that counts.
  const problem = entry && !entry.sensitive ? unitValueProblem(entry.name, value) : null;
  const human = entry && !entry.sensitive && !problem ? humanConfigValue(entry.name, value) : null;
  return (
    <Dialog title={`Edit ${entry?.name ?? 'config'}`} open={entry !== null} onClose={onClose}>
      <form className="form" onSubmit={(e) => { e.preventDefault(); void apply(false); }}>
        <p className="muted">
          {setHere
            ? `Set on this ${scope}. Reset to default returns it to ${words.below}.`
            : `Not set on this ${scope} (${entry ? SOURCE_LABELS[sourceOf(entry)] : ''}). Setting a value overrides it for this ${scope} only: ${words.applies}.`}
        </p>
        <Field label="Value" hint={human ? `(${human})` : undefined} error={problem ?? undefined}>
          <input type={entry?.sensitive ? 'password' : 'text'} value={value} onChange={(e) => setValue(e.target.value)}
            spellCheck={false} autoComplete="off" autoFocus />
        </Field>
        <InlineError error={error} />
        <div className="form-actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button type="button" disabled={busy || !setHere} title={setHere ? undefined : `Not set on this ${scope}: it already has ${words.below}`}
            onClick={() => void apply(true)}>Reset to default</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Saving…' : 'Save'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** Kafka never returns a sensitive value: its field starts empty (and hides what is typed). */
const startValue = (entry: EditableConfig | null) => (entry?.sensitive ? '' : entry?.value ?? '');
