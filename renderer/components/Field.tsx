// A form field: the label names the control (and only the label: an error message is its description,
// not part of its name), the error is announced via aria-describedby.

import { cloneElement, useId, type ReactElement, type ReactNode } from 'react';

export interface FieldProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  children: ReactElement<Record<string, unknown>>;
}

export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId();
  const errorId = `${id}-error`;
  const control = cloneElement(children, {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? errorId : undefined,
  });
  return (
    <div className="field">
      <label htmlFor={id}>{label}{hint ? <span className="muted"> {hint}</span> : null}</label>
      {control}
      {error && <span className="field-error" id={errorId}>{error}</span>}
    </div>
  );
}
