// The preload: exposes the contract, and nothing else, to the sandboxed renderer as `window.streamlab`.
// Calls go to one ipcMain.handle channel per method (`streamlab:call:<method>`); events come on
// `streamlab:event:<event>`. Only names in the contract's tables are accepted, so the page cannot reach any
// other IPC channel through this object. The window type is derived from this implementation
// (window.d.ts), as electron-toolkit does.
//
// Sandboxed preloads run as CommonJS with a restricted `require`: vite bundles this file (and the contract
// it imports) into dist/preload/preload.cjs.

import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import {
  EVENTS, METHODS, StreamlabError, isEventName, isMethodName,
  type Bridge, type CallResult, type EventName, type EventPayload, type MethodName, type MethodResponse, type RequestArgs,
} from '../contract.ts';
import { callChannel, eventChannel } from './channels.ts';


const api = {
  async call<K extends MethodName>(method: K, ...args: RequestArgs<K>): Promise<MethodResponse<K>> {
    if (!isMethodName(method)) throw new StreamlabError({ name: 'UNKNOWN_METHOD', message: `Unknown method '${String(method)}'.` });
    const result = (await ipcRenderer.invoke(callChannel(method), args[0] ?? null)) as CallResult<K>;
    // contextBridge copies thrown errors without their properties: failures travel as values instead.
    if (!result.ok) throw new StreamlabError(result.error);
    return result.value;
  },
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    if (!isEventName(event)) throw new StreamlabError({ name: 'UNKNOWN_EVENT', message: `Unknown event '${String(event)}'.` });
    const wrapped = (_e: IpcRendererEvent, payload: EventPayload<E>) => listener(payload);
    ipcRenderer.on(eventChannel(event), wrapped);
    return () => void ipcRenderer.removeListener(eventChannel(event), wrapped);
  },
} satisfies Bridge;

export type StreamlabApi = typeof api;

// Referenced so the bundle keeps the tables the checks above rely on.
void METHODS;
void EVENTS;

if (process.contextIsolated) contextBridge.exposeInMainWorld('streamlab', api);
