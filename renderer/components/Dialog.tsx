// A modal dialog on the native <dialog> element: focus is trapped and Escape closes it, by the browser.

import { useEffect, useRef, type ReactNode } from 'react';

export interface DialogProps {
  title: string;
  open: boolean;
  onClose: () => void;
  children: ReactNode;
  /** A wider dialog, for tables (the offset-reset preview). */
  wide?: boolean;
}

export function Dialog({ title, open, onClose, children, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={ref} className={wide ? 'dialog dialog-wide' : 'dialog'} aria-label={title} onClose={onClose} onCancel={onClose}>
      {open && (
        <>
          <h2 className="dialog-title">{title}</h2>
          {children}
        </>
      )}
    </dialog>
  );
}

export interface ConfirmProps {
  title: string;
  open: boolean;
  /** What will happen, in one or two sentences. */
  children: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ title, open, children, confirmLabel, danger, onConfirm, onCancel }: ConfirmProps) {
  return (
    <Dialog title={title} open={open} onClose={onCancel}>
      <div className="dialog-body">{children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={onCancel}>Cancel</button>
        <button type="button" className={danger ? 'danger' : 'primary'} onClick={onConfirm} autoFocus>{confirmLabel}</button>
      </div>
    </Dialog>
  );
}
