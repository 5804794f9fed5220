// Reporting and dismissing notices. A failure whose message is already shown replaces it (no stack of
// identical banners from a poll that keeps failing).

import { errorOf } from './errors.ts';
import type { AppStore } from './store.ts';

let noticeId = 1;

export function reportError(store: AppStore, action: string, e: unknown): void {
  const { name, message } = errorOf(e);
  store.setState((s) => ({ errors: [...s.errors.filter((n) => n.message !== message), { id: noticeId++, name, message, action }] }));
}

export function dismissError(store: AppStore, id: number): void {
  store.setState((s) => ({ errors: s.errors.filter((n) => n.id !== id) }));
}
