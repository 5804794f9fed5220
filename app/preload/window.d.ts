// window.streamlab, typed from the preload implementation itself.
import type { StreamlabApi } from './preload.ts';

declare global {
  interface Window {
    /** Present in Electron only; in a browser the renderer uses the WebSocket bridge. */
    streamlab?: StreamlabApi;
  }
}

export {};
