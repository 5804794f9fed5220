// IPC channel names, shared by the preload and the main process (no electron import here).

import type { EventName, MethodName } from '../contract.ts';

export const callChannel = (method: MethodName) => `streamlab:call:${method}`;
export const eventChannel = (event: EventName) => `streamlab:event:${event}`;
