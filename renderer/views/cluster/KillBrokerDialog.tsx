// Asking before a broker is killed (the Cluster screen and the cluster map): a kill is a crash, so it is
// never one click. Each screen says in `children` what the user will see happen.

import type { ReactNode } from 'react';
import type { BrokerAction } from '../../../app/contract.ts';
import { ConfirmDialog } from '../../components/Dialog.tsx';

export interface PendingBrokerAction {
  id: number;
  action: BrokerAction;
}

export function KillBrokerDialog({ pending, onClose, onConfirm, children }: {
  pending: PendingBrokerAction | null;
  onClose: () => void;
  onConfirm: (p: PendingBrokerAction) => void;
  children: ReactNode;
}) {
  return (
    <ConfirmDialog
      title={`Kill broker ${pending?.id ?? ''}?`}
      open={pending !== null}
      confirmLabel="Kill broker"
      danger
      onCancel={onClose}
      onConfirm={() => {
        if (pending) onConfirm(pending);
        onClose();
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
