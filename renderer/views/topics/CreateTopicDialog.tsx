// Create a topic: name, partitions, replication factor, configs by Kafka name. Checked here first
// (validate.ts); a refusal by the cluster is shown with Kafka's error name and message, and the form stays.

import { useState, type FormEvent } from 'react';
import { createTopic } from '../../store/topics.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { Dialog } from '../../components/Dialog.tsx';
import { InlineError } from '../../components/Notices.tsx';
import { Field } from '../../components/Field.tsx';
import { validateTopicForm, type TopicForm, type TopicFormErrors } from './validate.ts';
import { errorOf, type ShownError } from '../../store/errors.ts';

const INITIAL: TopicForm = { name: '', partitions: '3', replicationFactor: '1', configs: '' };

export function CreateTopicDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { store, bridge } = useApp();
  const brokers = useAppState((s) => s.overview?.brokers.length ?? 0);
  const [form, setForm] = useState<TopicForm>(INITIAL);
  const [errors, setErrors] = useState<TopicFormErrors>({});
  const [serverError, setServerError] = useState<ShownError | null>(null);
  const [busy, setBusy] = useState(false);

  const close = () => {
    setForm(INITIAL);
    setErrors({});
    setServerError(null);
    onClose();
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const { errors: errs, configs } = validateTopicForm(form, brokers);
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length > 0) return;
    setBusy(true);
    try {
      await createTopic(store, bridge, {
        name: form.name.trim(), partitions: Number(form.partitions), replicationFactor: Number(form.replicationFactor), configs,
      });
      close();
    } catch (err) {
      setServerError(errorOf(err));
    } finally {
      setBusy(false);
    }
  };
  const field = (key: keyof TopicForm) => ({
    value: form[key],
    onChange: (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value }),
  });

  return (
    <Dialog title="New topic" open={open} onClose={close}>
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label="Name" error={errors.name}>
          <input {...field('name')} autoFocus placeholder="orders" spellCheck={false} />
        </Field>
        <div className="form-row">
          <Field label="Partitions" error={errors.partitions}>
            <input {...field('partitions')} inputMode="numeric" />
          </Field>
          <Field label="Replication factor" error={errors.replicationFactor}>
            <input {...field('replicationFactor')} inputMode="numeric" />
          </Field>
        </div>
        <Field label="Configs" hint="(one name=value per line, Kafka names)" error={errors.configs}>
          <textarea {...field('configs')} rows={3} placeholder={'retention.ms=3600000\ncleanup.policy=compact'} spellCheck={false} />
        </Field>
        <InlineError error={serverError} />
        <div className="dialog-actions">
          <button type="button" onClick={close}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>{busy ? 'Creating…' : 'Create topic'}</button>
        </div>
      </form>
    </Dialog>
  );
}
