// Broker and group configs: the open broker's (or group's) configs as its cluster describes them.

import type { ResourceConfig } from '../../app/contract.ts';

export interface ConfigsSlice {
  brokerConfigs: { brokerId: number; configs: ResourceConfig[] } | null;
  groupConfigs: { groupId: string; configs: ResourceConfig[] } | null;
}

export const configsSlice = (): ConfigsSlice => ({ brokerConfigs: null, groupConfigs: null });
