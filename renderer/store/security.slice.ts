// The cluster's security as the Security screen and the topic page show it: listener mode, CA, SCRAM users, ACLs.

import type { SecurityState } from '../../app/contract.ts';

export interface SecuritySlice {
  security: SecurityState | null;
}

export const securitySlice = (): SecuritySlice => ({ security: null });
