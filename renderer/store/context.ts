// The store and the bridge, given to the views through React context (tests pass their own).

import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { Bridge } from '../../app/contract.ts';
import type { AppState, AppStore } from './store.ts';

export interface AppContextValue {
  store: AppStore;
  bridge: Bridge;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const v = useContext(AppContext);
  if (!v) throw new Error('AppContext missing');
  return v;
}

export function useAppState<T>(selector: (s: AppState) => T): T {
  return useStore(useApp().store, selector);
}
