// The cluster's security as the Security screen and the topic page show it: listener mode, CA, SCRAM users, ACLs.

import type { ClientSettings, SecurityState } from '../../app/contract.ts';

export interface SecuritySlice {
  security: SecurityState | null;
  /** How clients connect to the local cluster (snippets to copy); null on an external cluster or before read. */
  clientSettings: ClientSettings | null;
  /** The local cluster is restarting on another security mode. */
  securityRestarting: boolean;
}

export const securitySlice = (): SecuritySlice => ({ security: null, clientSettings: null, securityRestarting: false });
