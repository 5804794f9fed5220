// A group's GROUP configs (session timeout, heartbeat interval, share lock duration, share.auto.offset.reset):
// the group's own value, or the broker's; editable, Kafka's refusal shown in the dialog.

import { useEffect } from 'react';
import { alterGroupConfig, loadGroupConfigs } from '../../store/configs.actions.ts';
import { useApp, useAppState } from '../../store/context.ts';
import { ConfigTable } from '../configs/ConfigTable.tsx';

export function GroupConfigs({ groupId }: { groupId: string }) {
  const { store, bridge } = useApp();
  const loaded = useAppState((s) => s.groupConfigs);
  useEffect(() => {
    void loadGroupConfigs(store, bridge, groupId);
  }, [store, bridge, groupId]);
  const configs = loaded?.groupId === groupId ? loaded.configs : null;
  return <ConfigTable label="Group configs" scope="group" configs={configs} onSave={(name, value) => alterGroupConfig(store, bridge, groupId, name, value)} />;
}
